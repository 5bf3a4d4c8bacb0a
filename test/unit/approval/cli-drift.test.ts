import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { parseSop } from '../../../src/core/sop/model';
import { REPO } from '../helpers';

type Finding = { rule: string; message: string; line: number };

describe('sop draft, approve and lint keep the evidence hashes in a manifest beside the SOP', () => {
  let ws: string;
  const cli = resolve(REPO, 'dist/cli.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: ws, encoding: 'utf8' });
  const lint = (rel: string) => JSON.parse(run('lint', '--format', 'json', rel).stdout) as Finding[];
  const drift = (rel: string) => lint(rel).filter((f) => f.rule === 'evidence-drift' || f.rule === 'changed-since-approval');

  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'sop-drift-'));
    cpSync(resolve(REPO, 'examples'), ws, { recursive: true });
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('drafts with a short front matter that names the manifest, and the manifest holds every file with its hash', () => {
    const drafted = run('draft', 'month-end-close');
    assert.equal(drafted.status, 0, drafted.stderr);
    const rel = drafted.stdout.trim();
    const text = readFileSync(join(ws, rel), 'utf8');
    const doc = parseSop(text);
    assert.equal(doc.frontMatter.data.evidence, 'month-end-close.evidence.yaml');
    assert.doesNotMatch(text.slice(0, doc.frontMatter.blockEnd), /sha256/, 'no hashes in the SOP');
    assert.ok(doc.lines.positionAt(doc.frontMatter.blockEnd).line < 16, 'the body starts within the first screen');
    const manifest = readFileSync(join(ws, rel.replace(/\.sop\.md$/, '.evidence.yaml')), 'utf8');
    const reconcile = readFileSync(join(ws, 'month-end-close/scripts/reconcile.py'));
    assert.match(manifest, /sop: month-end-close\.sop\.md/);
    assert.match(
      manifest,
      new RegExp(
        `- path: month-end-close/scripts/reconcile\\.py\\n\\s+bytes: ${reconcile.length}\\n\\s+sha256: ${createHash('sha256').update(reconcile).digest('hex')}`,
      ),
    );
  });

  it('records the approval in the manifest, and reports a changed file, an edited manifest and a deleted one', () => {
    const rel = run('draft', 'month-end-close').stdout.trim();
    const manifestFile = join(ws, rel.replace(/\.sop\.md$/, '.evidence.yaml'));
    const approved = run('approve', '--by', 'Priya Nair (Finance manager)', '--override', rel);
    assert.equal(approved.status, 0, approved.stderr);
    assert.match(approved.stderr, /Hashes written to sops\/month-end-close\.evidence\.yaml/);
    const text = readFileSync(join(ws, rel), 'utf8');
    const fm = parseSop(text).frontMatter.data as { approval: Record<string, unknown>; evidence: unknown };
    assert.equal(fm.evidence, 'month-end-close.evidence.yaml');
    assert.match(String(fm.approval.evidence_sha256), /^[0-9a-f]{64}$/);
    assert.match(readFileSync(manifestFile, 'utf8'), /approved:\n\s+by: Priya Nair \(Finance manager\)/);
    assert.deepEqual(drift(rel), []);
    const evidenceLine = text.split('\n').findIndex((l) => l.startsWith('evidence:')) + 1;

    appendFileSync(join(ws, 'month-end-close/scripts/reconcile.py'), '\n# tolerance raised to 1.00\n');
    const changed = drift(rel);
    assert.equal(changed.length, 1);
    assert.match(changed[0].message, /Evidence file "month-end-close\/scripts\/reconcile\.py" changed since approval/);
    assert.equal(changed[0].line, evidenceLine, 'the finding points at the front matter line that names the manifest');

    // Someone "fixes" the drift by pasting the new hash into the manifest: the approval no longer matches it.
    const now = createHash('sha256')
      .update(readFileSync(join(ws, 'month-end-close/scripts/reconcile.py')))
      .digest('hex');
    const manifest = readFileSync(manifestFile, 'utf8');
    writeFileSync(manifestFile, manifest.replace(/(reconcile\.py\n\s+bytes: \d+\n\s+sha256: )[0-9a-f]{64}/, `$1${now}`));
    assert.match(drift(rel)[0]?.message ?? '', /evidence manifest "sops\/month-end-close\.evidence\.yaml" cannot be trusted: edited since the approval/);

    rmSync(manifestFile);
    const gone = drift(rel);
    assert.equal(gone.length, 1);
    assert.match(
      gone[0].message,
      /evidence manifest "sops\/month-end-close\.evidence\.yaml" is missing since approval on \d{4}-\d{2}-\d{2}: .*Restore it from version control/,
    );
    const skill = run('skill', '--out', '.agents/skills', rel);
    assert.match(skill.stderr, /Evidence this SOP was approved against has changed or is gone/, 'the export warns that the approval no longer holds');
  });

  it('moves an older inline evidence list into a manifest when the SOP is next approved, and never replaces a file of the same name', () => {
    const rel = run('draft', 'month-end-close').stdout.trim();
    const sopFile = join(ws, rel);
    rmSync(join(ws, rel.replace(/\.sop\.md$/, '.evidence.yaml')));
    // The shape SOPs approved by earlier versions have: the list in the front matter.
    writeFileSync(
      sopFile,
      readFileSync(sopFile, 'utf8').replace('evidence: month-end-close.evidence.yaml', 'evidence:\n  - path: month-end-close/scripts/reconcile.py'),
    );
    writeFileSync(join(ws, 'sops/month-end-close.evidence.yaml'), 'notes: mine\n');
    const approved = run('approve', '--by', 'Priya Nair', '--override', rel);
    assert.equal(approved.status, 0, approved.stderr);
    assert.equal(readFileSync(join(ws, 'sops/month-end-close.evidence.yaml'), 'utf8'), 'notes: mine\n', 'a file that is not a manifest is left alone');
    assert.equal(parseSop(readFileSync(sopFile, 'utf8')).frontMatter.data.evidence, 'month-end-close-2.evidence.yaml');
    assert.match(
      readFileSync(join(ws, 'sops/month-end-close-2.evidence.yaml'), 'utf8'),
      /- path: month-end-close\/scripts\/reconcile\.py\n\s+bytes: \d+\n\s+sha256: [0-9a-f]{64}/,
    );
    assert.deepEqual(drift(rel), []);
  });

  it('refuses to approve against a manifest outside the workspace, and names it in the finding once approved', () => {
    const rel = run('draft', 'month-end-close').stdout.trim();
    const sopFile = join(ws, rel);
    const hostile = readFileSync(sopFile, 'utf8').replace('evidence: month-end-close.evidence.yaml', 'evidence: ../../../../etc/passwd.evidence.yaml');
    writeFileSync(sopFile, hostile);
    const refused = run('approve', '--by', 'Priya Nair', '--override', rel);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /leads outside the workspace/);
    assert.ok(!existsSync('/etc/passwd.evidence.yaml'));
  });
});
