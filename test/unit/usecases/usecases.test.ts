import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approvalSummary, keepApprovedCopies, planApproval, writeApprovalManifest } from '../../../src/core/usecases/approve';
import { planSkillExport, writeSkillExport } from '../../../src/core/usecases/exportSkill';
import { planAutomationExport } from '../../../src/core/usecases/exportAutomation';
import { collectSelection, draftSelection, fileDraftSink, freeDraftPath, planDraft, writeDraft } from '../../../src/core/usecases/draft';
import { openSop } from '../../../src/core/usecases/sop';
import { createOfflineProvider } from '../../../src/core/draft/providers/offline';
import { toPosix } from '../../../src/core/workspace/paths';
import { indexWorkspace } from '../../../src/core/workspace/walk';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { put } from '../../support/tempTree';
import { ACME, REPO } from '../helpers';

const SOP = 'sops/monthly-sales-report.sop.md';

/** The acme-ops workspace, copied so a test may approve, edit and export. */
function workspaceCopy(): string {
  const root = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-usecase-'))));
  cpSync(ACME, root, { recursive: true });
  return root;
}

/** A runbook team's SOP: their steps live under "Runbook", which their .sop-lint.jsonc declares. */
const RUNBOOK_SOP = `---
title: Payout reconciliation
type: sop
owner: Sam Lee (Operations assistant)
approver: Priya Nair (Finance manager)
status: draft
---

# Payout reconciliation

## Why this matters

Payouts that do not match the bank statement are money we cannot account for.

## When to run it

On the first business day of each month.

## Runbook

1. Run \`python3 scripts/clean_sales.py --month 2026-10\` — mechanical.
2. Send the unmatched list to Priya Nair (Finance manager) for approval and wait for her sign-off.
3. Run \`bash scripts/build_report.sh 2026-10\` — mechanical.

## Escalation

- **Contact:** Priya Nair (Finance manager).
- **Include:** the unmatched list and the error text.
- **Stop if** the totals do not match: do not guess.

## Expected output

The reconciliation report, signed off.
`;

describe('use cases: the parsed, configured SOP every command works on', () => {
  let root: string;
  beforeEach(() => {
    root = workspaceCopy();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('exports the steps lint sees under a custom steps heading from .sop-lint.jsonc', async () => {
    put(root, '.sop-lint.jsonc', '{ "headings": { "steps": ["Runbook"] } }\n');
    put(root, 'sops/payout-reconciliation.sop.md', RUNBOOK_SOP);
    const ws = createNodeWorkspace(root);
    const sop = await openSop(ws, `${root}/sops/payout-reconciliation.sop.md`, { index: await indexWorkspace(ws) });
    assert.equal(sop.doc.steps.length, 3, 'lint reads the three Runbook steps');
    assert.ok(!sop.lint.issues.some((i) => i.rule === 'missing-section' && /steps/i.test(i.message)), 'no missing Steps section');
    const plan = await planSkillExport(ws, sop, { outFolder: '.agents/skills' });
    const skillMd = plan.skill.files.get('SKILL.md')!;
    const steps = skillMd.slice(skillMd.indexOf('## Steps'));
    assert.match(steps, /^1\. Run `python3 scripts\/clean_sales\.py --month 2026-10`/m);
    assert.match(steps, /^2\. \*\*Stop and ask Priya Nair \(Finance manager\)\*\*: Send the unmatched list/m, 'the gate stays on step 2');
    assert.match(steps, /^3\. Run `bash scripts\/build_report\.sh 2026-10`/m);
    const automation = await planAutomationExport(ws, sop, { cron: '0 8 1 * *' });
    const json = JSON.parse(automation.automation.files.get('.agents/automations/payout-reconciliation/automation.json')!);
    assert.equal(json.stopsAt.number, 2, 'the automation stops at the gate lint found');
  });

  it('reads the approval status from the approval record, whatever the lint config turns off', async () => {
    put(root, '.sop-lint.jsonc', '{ "rules": { "changed-since-approval": "off", "evidence-drift": "off" } }\n');
    const ws = createNodeWorkspace(root);
    const before = await openSop(ws, `${root}/${SOP}`);
    assert.equal(before.status, 'draft');
    const plan = await planApproval(ws, before, { approver: 'Priya Nair (Finance manager)', date: '2026-11-02' });
    writeFileSync(`${root}/${SOP}`, plan.text);
    const approved = await openSop(ws, `${root}/${SOP}`);
    assert.equal(approved.status, 'approved');
    assert.equal((await planSkillExport(ws, approved, { outFolder: '.agents/skills' })).distrust, undefined);

    writeFileSync(`${root}/${SOP}`, plan.text.replace('5. Email the board pack', '5. Email the whole company'));
    const edited = await openSop(ws, `${root}/${SOP}`);
    assert.deepEqual(
      edited.lint.issues.filter((i) => i.rule === 'changed-since-approval'),
      [],
      'the rule is off',
    );
    assert.equal(edited.status, 'changed', 'the status still says the text changed since approval');
    const skill = await planSkillExport(ws, edited, { outFolder: '.agents/skills' });
    assert.equal(skill.distrust, 'This SOP changed since it was approved.');
    assert.ok(skill.skill.warnings.some((w) => w.startsWith('This SOP changed since it was approved.')));
  });

  it('does not treat a hand-typed "status: approved" without an approval record as approved', async () => {
    const text = readFileSync(`${root}/${SOP}`, 'utf8').replace('status: draft', 'status: approved');
    writeFileSync(`${root}/${SOP}`, text);
    const ws = createNodeWorkspace(root);
    const sop = await openSop(ws, `${root}/${SOP}`);
    assert.equal(sop.status, 'unrecorded');
    const plan = await planSkillExport(ws, sop, { outFolder: '.agents/skills' });
    assert.match(plan.distrust ?? '', /says "status: approved" but has no approval record/);
    const automation = await planAutomationExport(ws, sop, { cron: null });
    assert.ok(automation.automation.warnings.some((w) => /no approval record/.test(w)));
  });

  it('approves through the port: the record, the evidence hashes, kept copies, and drift when evidence changes', async () => {
    const text = readFileSync(`${root}/${SOP}`, 'utf8').replace(
      'status: draft\n',
      'status: draft\nevidence:\n  - path: scripts/clean_sales.py\n  - path: scripts/gone.py\n',
    );
    writeFileSync(`${root}/${SOP}`, text);
    const ws = createNodeWorkspace(root);
    const sop = await openSop(ws, `${root}/${SOP}`);
    const plan = await planApproval(ws, sop, { approver: 'Priya Nair (Finance manager)', date: '2026-11-02' });
    assert.deepEqual(
      plan.recorded.map((r) => r.path),
      ['scripts/clean_sales.py'],
    );
    assert.deepEqual(plan.gone, ['scripts/gone.py']);
    await writeApprovalManifest(ws, plan);
    writeFileSync(`${root}/${SOP}`, plan.text);
    const kept = await keepApprovedCopies(ws, sop, plan, 'besideSop');
    assert.deepEqual(kept.copied, ['scripts/clean_sales.py']);
    assert.equal(
      readFileSync(`${root}/sops/.sop-evidence/monthly-sales-report/scripts/clean_sales.py`, 'utf8'),
      readFileSync(`${root}/scripts/clean_sales.py`, 'utf8'),
    );
    assert.match(
      approvalSummary(plan, kept),
      /^Approved by Priya Nair \(Finance manager\): 1 evidence file\(s\) recorded\. Hashes written to sops\/monthly-sales-report\.evidence\.yaml \(commit it with the SOP\)\. Copies kept in sops\/\.sop-evidence\/monthly-sales-report/,
    );
    assert.equal((await openSop(ws, `${root}/${SOP}`)).status, 'approved');

    writeFileSync(`${root}/scripts/clean_sales.py`, '# rewritten\n');
    const drifted = await openSop(ws, `${root}/${SOP}`, { copies: 'besideSop' });
    assert.equal(drifted.status, 'drifted');
    const drift = drifted.lint.issues.find((i) => i.rule === 'evidence-drift')!;
    assert.match(drift.message, /Evidence file "scripts\/clean_sales\.py" changed since approval on 2026-11-02/);
    assert.ok(
      drift.fixes().some((f) => f.title === 'Show what changed in scripts/clean_sales.py'),
      'the kept copy offers the diff',
    );
  });

  it('never writes a skill over a folder that is not a skill, and replaces only an earlier export', async () => {
    const ws = createNodeWorkspace(root);
    const sop = await openSop(ws, `${root}/${SOP}`);
    put(root, '.agents/skills/monthly-sales-report/notes.txt', 'mine\n');
    await assert.rejects(
      planSkillExport(ws, sop, { outFolder: '.agents/skills' }),
      /already exists and is not a skill \(it has no SKILL\.md\), so it was left alone/,
    );
    rmSync(`${root}/.agents`, { recursive: true });
    const first = await planSkillExport(ws, sop, { outFolder: '.agents/skills' });
    assert.equal(first.existing, 'none');
    assert.deepEqual(await writeSkillExport(ws, first), []);
    const again = await planSkillExport(ws, sop, { outFolder: '.agents/skills' });
    assert.equal(again.existing, 'skill');
  });
});

describe('use cases: drafting', () => {
  let root: string;
  beforeEach(() => {
    root = workspaceCopy();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('names the draft after the work folder, for a folder or for files in it, and never reuses a name', async () => {
    const ws = createNodeWorkspace(root);
    const folder = await draftSelection(ws, root, [`${root}/scripts`]);
    const files = await draftSelection(ws, root, [`${root}/scripts/clean_sales.py`, `${root}/scripts/build_report.sh`]);
    const whole = await draftSelection(ws, root, [root]);
    assert.deepEqual([folder.name, folder.workdir], ['scripts', 'scripts']);
    assert.deepEqual([files.name, files.workdir], ['scripts', 'scripts']);
    assert.deepEqual([whole.name, whole.workdir], [root.split('/').pop(), '']);
    assert.equal(await freeDraftPath(ws, root, 'sops', 'monthly-sales-report'), 'sops/monthly-sales-report-2.sop.md');
    put(root, 'sops/monthly-sales-report-2.sop.md', '# taken\n');
    assert.equal(await freeDraftPath(ws, root, 'sops/', 'Monthly Sales Report'), 'sops/monthly-sales-report-3.sop.md');
    await assert.rejects(draftSelection(ws, root, ['/etc']), /outside the workspace/);
  });

  it('plans and writes an offline draft through the port, and keeps a file that appeared meanwhile', async () => {
    const ws = createNodeWorkspace(root);
    const selection = await draftSelection(ws, root, [`${root}/scripts`]);
    const bundle = await collectSelection(ws, selection);
    const provider = createOfflineProvider();
    const plan = await planDraft(ws, selection, bundle, { images: false, provider, now: new Date('2026-11-30T09:00:00Z') });
    assert.equal(plan.relFile, 'sops/scripts.sop.md');
    assert.match(plan.head, /^---\ntitle: Scripts\ntype: sop\nstatus: draft\n/);
    assert.match(plan.head, /at: 2026-11-30T09:00:00\.000Z/);
    const sink = fileDraftSink(ws, plan);
    await sink.start();
    const result = await writeDraft(plan, provider, sink, new AbortController().signal);
    assert.equal(result.error, undefined);
    const written = readFileSync(`${root}/sops/scripts.sop.md`, 'utf8');
    assert.ok(written.startsWith(plan.head), 'front matter first');
    assert.ok(!written.includes('Draft in progress'), 'the in-progress line is gone once done');
    assert.match(written, /^## Steps$/m);

    // The same plan again: the file exists now, so starting refuses rather than overwrite it.
    await assert.rejects(fileDraftSink(ws, plan).start(), /EEXIST/);
    assert.equal(readFileSync(`${root}/sops/scripts.sop.md`, 'utf8'), written);
  });
});

describe('the workspace port over node', () => {
  it('lists, stats, reads within a limit, and writes only new files unless told to overwrite', async () => {
    const root = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-port-'))));
    try {
      const ws = createNodeWorkspace(root);
      await ws.write(`${root}/a/b/notes.md`, new TextEncoder().encode('hello world'));
      assert.deepEqual(
        (await ws.list(`${root}/a`)).map((e) => [e.name, e.type]),
        [['b', 'directory']],
      );
      assert.equal((await ws.stat(`${root}/a/b/notes.md`)).size, 11);
      assert.equal(new TextDecoder().decode(await ws.read(`${root}/a/b/notes.md`, 5)), 'hello');
      await assert.rejects(ws.write(`${root}/a/b/notes.md`, new TextEncoder().encode('gone')), /EEXIST/);
      await ws.write(`${root}/a/b/notes.md`, new TextEncoder().encode('replaced'), { overwrite: true });
      assert.equal(readFileSync(`${root}/a/b/notes.md`, 'utf8'), 'replaced');
      assert.equal(await ws.exists(`${root}/a/nothing`), false);
      await ws.remove(`${root}/a`);
      assert.equal(await ws.exists(`${root}/a`), false);
      await assert.rejects(ws.read('/dev/zero', 10), /not a regular file/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('skips the same folders in every walk (version control data, installed packages)', async () => {
    const root = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-walk-'))));
    try {
      for (const f of ['notes/close.md', '.git/HEAD', '.hg/store/x', '.svn/entries', 'node_modules/pkg/index.js', 'sops/close.sop.md']) put(root, f, 'x\n');
      const index = await indexWorkspace(createNodeWorkspace(root));
      assert.deepEqual([...index.allFiles()].map((f) => f.slice(root.length + 1)).sort(), ['notes/close.md', 'sops/close.sop.md']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is the only file access outside core: the CLI and the editor never open files with node:fs themselves', () => {
    const adapters = ['src/cli', 'src/extension'].flatMap((d) =>
      readdirSync(join(REPO, d), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${d}/${f}`),
    );
    assert.ok(adapters.includes('src/extension/runs/runPanel.ts'), 'sub-folders are read too');
    const direct = adapters.filter((f) => /from ['"](?:node:)?fs(?:\/promises)?['"]/.test(readFileSync(join(REPO, f), 'utf8')));
    assert.deepEqual(direct, []);
  });
});
