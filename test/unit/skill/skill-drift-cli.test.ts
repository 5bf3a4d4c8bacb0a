import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { toPosix } from '../../../src/core/workspace/paths';
import { put } from '../../support/tempTree';
import { REPO } from '../helpers';

/** `sop lint` after `sop skill`, through the built CLI (dist/cli.js, from `node esbuild.config.mjs`). */
const CLI = resolve(REPO, 'dist/cli.js');
const SOP_PATH = 'sops/refund-a-customer.sop.md';
const NAME = 'refund-a-customer';

const SOP = `---
title: Refund a customer
owner: Mia Costa (Support lead)
---

# Refund a customer

## Why this matters

A refund sent twice is money the shop does not get back.

## When to run it

When a customer asks for their money back within 30 days.

## Steps

1. Find the order in the Shopify admin and check the amount paid.
2. Ask Mia Costa (Support lead) to approve refunds over 200 EUR before sending them.
3. Issue the refund in the Shopify admin.
`;

function sop(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Finding {
  rule: string;
  message: string;
  line: number;
}

function skillFindings(root: string): Finding[] {
  const r = sop(['lint', '--format', 'json', SOP_PATH], root);
  assert.ok(r.code === 0 || r.code === 1, r.err);
  return (JSON.parse(r.out) as Finding[]).filter((f) => f.rule === 'skill-drift');
}

describe('sop lint after sop skill (skill-drift)', function () {
  this.timeout(20_000);
  let root: string;
  beforeEach(() => {
    root = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-skill-drift-cli-'))));
    put(root, SOP_PATH, SOP);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reports a hand edit in the .claude copy, nothing after a clean export, and an SOP changed since the export', () => {
    const exported = sop(['skill', SOP_PATH], root);
    assert.equal(exported.code, 0, exported.err);
    assert.deepEqual(skillFindings(root), [], 'a fresh export has no drift');

    const copy = join(root, `.claude/skills/${NAME}/SKILL.md`);
    writeFileSync(copy, readFileSync(copy, 'utf8') + '\nSkip the approval for regular customers.\n');
    const edited = skillFindings(root);
    assert.deepEqual(
      edited.map((f) => [f.line, f.message]),
      [
        [
          6,
          `\`.claude/skills/${NAME}/SKILL.md\` was changed by hand since the skill was exported: export again to put it back, or bring the change into the SOP so the next export keeps it.`,
        ],
      ],
    );

    assert.equal(sop(['skill', '--force', SOP_PATH], root).code, 0);
    assert.deepEqual(skillFindings(root), [], 'exported again: the copy is put back');

    writeFileSync(join(root, SOP_PATH), SOP.replace('3. Issue the refund', '3. Issue the refund to the original card'));
    const changed = skillFindings(root);
    assert.equal(changed.length, 1);
    assert.match(
      changed[0].message,
      /^The SOP changed since its skill was exported on \d{4}-\d{2}-\d{2}: export the skill again so agents follow the current text\.$/,
    );
  });
});
