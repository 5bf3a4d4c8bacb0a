import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { handEdits, otherSopsSkills, planSkillExport, skillLoadReport, writeSkillExport } from '../../../src/core/usecases/exportSkill';
import { openSop } from '../../../src/core/usecases/sop';
import { parseSkillRecord, sha256, SKILL_RECORD } from '../../../src/core/skill/record';
import { toPosix } from '../../../src/core/workspace/paths';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { filesUnder, link, put } from '../../support/tempTree';
import { REPO } from '../helpers';

const CLI = resolve(REPO, 'dist/cli.js');
const NAME = 'supplier-invoice-approval';
const SOP_PATH = 'sops/supplier-invoices.sop.md';
const FOLDERS = ['.agents/skills', '.claude/skills', '.github/skills'].map((dir) => `${dir}/${NAME}`);

const SOP = `---
title: Supplier invoice approval
owner: Lee Park (Payables clerk)
approver: Dana Reyes (Finance lead)
---

# Supplier invoice approval

## Why this matters

Suppliers paid late charge interest, and a duplicate payment is hard to claw back.

## When to run it

Every Tuesday morning, before the payment run.

## Steps

1. Run \`python3 scripts/match_invoices.py --week current\` to match invoices to purchase orders.
2. Send the matched list to Dana Reyes (Finance lead) and wait for her approval before paying.
3. Pay the approved invoices from the bank portal.
`;

function sop(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('skills where every agent finds them', () => {
  let root: string;
  beforeEach(() => {
    root = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-skill-copies-'))));
    put(root, SOP_PATH, SOP);
    put(root, 'scripts/match_invoices.py', 'import csv\nprint("matched")\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function plan(also: Array<'claude' | 'github'> = ['claude', 'github']) {
    const ws = createNodeWorkspace(root);
    const opened = await openSop(ws, `${root}/${SOP_PATH}`);
    return { ws, plan: await planSkillExport(ws, opened, { outFolder: '.agents/skills', also }) };
  }

  it('writes byte-identical copies to .agents, .claude and .github, each with the record of what was written', async () => {
    const { ws, plan: p } = await plan();
    assert.deepEqual(await writeSkillExport(ws, p), []);
    const canonical = filesUnder(join(root, FOLDERS[0])).sort();
    assert.deepEqual(canonical, [SKILL_RECORD, 'SKILL.md', 'scripts/match_invoices.py']);
    for (const folder of FOLDERS.slice(1)) {
      assert.deepEqual(filesUnder(join(root, folder)).sort(), canonical, folder);
      for (const f of canonical)
        assert.ok(readFileSync(join(root, folder, f)).equals(readFileSync(join(root, FOLDERS[0], f))), `${folder}/${f} is the same bytes`);
    }
    const record = parseSkillRecord(readFileSync(join(root, FOLDERS[1], SKILL_RECORD), 'utf8'))!;
    assert.equal(record.sop, SOP_PATH);
    assert.equal(record.files['SKILL.md'], sha256(readFileSync(join(root, FOLDERS[1], 'SKILL.md'))));
    const { rows } = await skillLoadReport(ws, p);
    assert.deepEqual(
      rows.map((r) => [r.agent, r.loads, r.folder]),
      [
        ['Codex', true, FOLDERS[0]],
        ['Claude Code', true, FOLDERS[1]],
        ['VS Code / Copilot', true, FOLDERS[2]],
      ],
    );
  });

  it('reports a copy edited by hand, and a file added to one, before it is replaced', async () => {
    const first = await plan();
    await writeSkillExport(first.ws, first.plan);
    writeFileSync(join(root, FOLDERS[1], 'SKILL.md'), readFileSync(join(root, FOLDERS[1], 'SKILL.md'), 'utf8') + '\nAlso e-mail the supplier.\n');
    put(root, `${FOLDERS[2]}/notes.md`, 'ask Dana about the Acme invoice\n');
    const again = await plan();
    assert.equal(again.plan.existing, 'skill');
    assert.deepEqual(handEdits(again.plan), [`${FOLDERS[1]}/SKILL.md (changed by hand)`, `${FOLDERS[2]}/notes.md (added by hand)`]);
    await writeSkillExport(again.ws, again.plan);
    assert.deepEqual(handEdits((await plan()).plan), [], 'the fresh export matches its record again');
    assert.ok(!existsSync(join(root, FOLDERS[2], 'notes.md')));
  });

  it("names the folders that hold another SOP's skill of the same name", async () => {
    const first = await plan(['claude']);
    await writeSkillExport(first.ws, first.plan);
    put(root, 'sops/archive/supplier-invoices-2025.sop.md', SOP);
    const ws = createNodeWorkspace(root);
    const other = await planSkillExport(ws, await openSop(ws, `${root}/sops/archive/supplier-invoices-2025.sop.md`), {
      outFolder: '.agents/skills',
      also: ['claude'],
    });
    assert.deepEqual(otherSopsSkills(other), [`${FOLDERS[0]} (exported from ${SOP_PATH})`, `${FOLDERS[1]} (exported from ${SOP_PATH})`]);
    assert.deepEqual(otherSopsSkills((await plan(['claude'])).plan), [], 'its own earlier export is not another SOP');
  });

  it('copies only where asked, and never outside the workspace', async () => {
    const { ws, plan: p } = await plan(['github']);
    await writeSkillExport(ws, p);
    assert.ok(existsSync(join(root, FOLDERS[2], 'SKILL.md')));
    assert.ok(!existsSync(join(root, '.claude')));
    const { rows } = await skillLoadReport(ws, p);
    assert.equal(rows.find((r) => r.agent === 'Claude Code')!.loads, false);
    const outside = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-skill-out-'))));
    try {
      const opened = await openSop(ws, `${root}/${SOP_PATH}`);
      const away = await planSkillExport(ws, opened, { outFolder: outside, outsideAllowed: true, also: ['claude', 'github'] });
      assert.deepEqual(
        away.places.map((pl) => pl.role),
        ['canonical'],
      );
      assert.match(away.copiesSkipped!, /is outside the workspace, so no copies for other agents were written/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a copy folder that a link leads out of the workspace', async () => {
    const elsewhere = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-skill-link-'))));
    try {
      link(root, '.claude', elsewhere);
      await assert.rejects(plan(), /\.claude\/skills\/supplier-invoice-approval is refused .*Remove that link, or leave that copy out\./);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  describe('sop skill', () => {
    it('prints the loads-in table, and --also picks the copies', () => {
      const r = sop(['skill', SOP_PATH], root);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `${root}/${FOLDERS[0]}\n`);
      assert.match(r.err, /^loads in:$/m);
      assert.match(r.err, /^ {2}✓ Codex +\.agents\/skills\/supplier-invoice-approval: passes the Agent Skills specification\.$/m);
      assert.match(r.err, /^ {2}✓ Claude Code +\.claude\/skills\/supplier-invoice-approval: passes Anthropic's skill validator\.$/m);
      assert.match(r.err, /^ {2}✓ VS Code \/ Copilot +\.github\/skills\/supplier-invoice-approval: passes VS Code's skill loader; .*skipped as duplicates\.$/m);
      rmSync(join(root, '.agents'), { recursive: true });
      rmSync(join(root, '.claude'), { recursive: true });
      rmSync(join(root, '.github'), { recursive: true });
      const none = sop(['skill', '--also', 'none', SOP_PATH], root);
      assert.equal(none.code, 0, none.err);
      assert.ok(!existsSync(join(root, '.claude')) && !existsSync(join(root, '.github')));
      assert.match(none.err, /^ {2}✗ Claude Code +no copy in \.claude\/skills: export the Claude Code copy/m);
      const bad = sop(['skill', '--also', 'cursor', SOP_PATH], root);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /--also: "cursor" is not a list of claude, github \(e\.g\. --also claude,github\), or none\./);
    });

    it("never writes over someone's own skill of the same name, and writes nothing else either", () => {
      put(
        root,
        `${FOLDERS[1]}/SKILL.md`,
        '---\nname: supplier-invoice-approval\ndescription: Our own checklist for invoices.\n---\n\nCheck the invoice twice.\n',
      );
      const r = sop(['skill', '--force', SOP_PATH], root);
      assert.equal(r.code, 2);
      assert.match(
        r.err,
        /^sop: \.claude\/skills\/supplier-invoice-approval already holds a skill that SOP Builder did not export \(no \.sop-skill\.json record in it\), so nothing was written: SOP Builder never replaces someone's own skill\. Rename or move that folder, or leave that copy out with --also github\.$/m,
      );
      assert.equal(readFileSync(join(root, FOLDERS[1], 'SKILL.md'), 'utf8').includes('Check the invoice twice.'), true);
      assert.ok(!existsSync(join(root, '.agents')), 'nothing written');
      const github = sop(['skill', '--also', 'github', SOP_PATH], root);
      assert.equal(github.code, 0, github.err);
      assert.match(
        github.err,
        /^ {2}✗ Claude Code +\.claude\/skills\/supplier-invoice-approval: \.claude\/skills\/supplier-invoice-approval holds a skill SOP Builder did not export, so it loads that one: rename one of the two\.$/m,
      );
    });

    it('names the copies edited by hand before replacing them, and warns when it does', () => {
      assert.equal(sop(['skill', SOP_PATH], root).code, 0);
      const copy = join(root, FOLDERS[1], 'SKILL.md');
      writeFileSync(copy, readFileSync(copy, 'utf8').replace('Pay the approved invoices', 'Pay every invoice'));
      const again = sop(['skill', SOP_PATH], root);
      assert.equal(again.code, 2);
      assert.match(
        again.err,
        /already exists: pass --force to replace it, or --out with another folder\. Changed by hand since the last export, and lost with --force: \.claude\/skills\/supplier-invoice-approval\/SKILL\.md \(changed by hand\)\.$/m,
      );
      const forced = sop(['skill', '--force', SOP_PATH], root);
      assert.equal(forced.code, 0, forced.err);
      assert.match(forced.err, /^warning: replaced \.claude\/skills\/supplier-invoice-approval\/SKILL\.md \(changed by hand\)$/m);
      assert.ok(readFileSync(copy).equals(readFileSync(join(root, FOLDERS[0], 'SKILL.md'))));
      const left = sop(['skill', '--force', '--also', 'none', SOP_PATH], root);
      assert.equal(left.code, 0, left.err);
      assert.match(
        left.err,
        /^ {2}✗ Claude Code +\.claude\/skills\/supplier-invoice-approval: .* holds an earlier export this one left out, which may be out of date: export that copy again, or delete it\.$/m,
      );
    });

    it('replaces an export from before the record, whose SKILL.md names its SOP', () => {
      put(root, `${FOLDERS[0]}/SKILL.md`, `---\nname: ${NAME}\ndescription: An older export.\nmetadata:\n  source: ${SOP_PATH}\n---\n\nOld steps.\n`);
      assert.equal(sop(['skill', SOP_PATH], root).code, 2);
      const forced = sop(['skill', '--force', SOP_PATH], root);
      assert.equal(forced.code, 0, forced.err);
      assert.ok(existsSync(join(root, FOLDERS[0], SKILL_RECORD)));
    });
  });
});
