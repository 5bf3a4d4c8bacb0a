import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { main } from '../../../src/cli/main';
import type { SopBuilderApi } from '../../../src/extension/main';
import { closeAll, file, frontMatter, root, settings, waitFor } from '../util';

const api = () => vscode.extensions.getExtension<SopBuilderApi>('sop-builder.sop-builder')!.exports;
const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

/** The CLI, in this process, on another copy of the workspace: what `sop` would print and write. */
async function sop(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return main(args, {}, () => undefined);
}

/** Every file under a folder, by relative path, with its text. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** The time a draft was started is the one thing two runs cannot share. */
const untimed = (text: string) => text.replace(/^(\s+at: ).*$/m, '$1<time>');

/** A runbook team's SOP: their steps are under "Runbook", which their .sop-lint.jsonc declares. */
const RUNBOOK_SOP = `---
title: Payout reconciliation
type: sop
owner: Sam Lee (Operations assistant)
approver: Priya Nair (Finance manager)
status: draft
---

# Payout reconciliation

## Why this matters

Payouts that do not match the bank statement are money nobody can account for.

## When to run it

On the first business day of each month.

## Runbook

1. Run \`python3 month-end-close/scripts/reconcile.py --month 2026-10\` — mechanical.
2. Send the unmatched list to Priya Nair (Finance manager) for approval and wait for her sign-off.
3. Run \`bash month-end-close/scripts/fetch_exports.sh 2026-10\` — mechanical.

## Escalation

- **Contact:** Priya Nair (Finance manager).
- **Include:** the unmatched list and the error text.
- **Stop if** the totals do not match: do not guess.

## Expected output

The reconciliation report, signed off.
`;

describe('one door: the editor and the CLI run the same use cases', function () {
  this.timeout(180_000);
  let copy: string;
  before(async () => {
    await settings({ 'draft.provider': 'offline', 'draft.skipPreview': true });
    // The CLI works on a copy of the workspace as it is now, under the same folder name.
    const parent = mkdtempSync(join(tmpdir(), 'sop-parity-'));
    copy = join(parent, basename(root().fsPath));
    // Links are copied as written, so a relative link leads to the same file in the copy.
    cpSync(root().fsPath, copy, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  });
  after(async () => {
    await closeAll();
    await settings({ 'draft.provider': undefined, 'draft.skipPreview': undefined, 'lint.rules': undefined });
    rmSync(join(copy, '..'), { recursive: true, force: true });
  });

  it('writes byte-identical drafts, reviews, skills and automations for the same inputs', async () => {
    const drafted = await vscode.commands.executeCommand<{ uri: vscode.Uri }>('sopBuilder.draftSop', file('month-end-close'), [file('month-end-close')]);
    const editorDraft = await read(drafted.uri);
    const audience = String(frontMatter(editorDraft).audience);
    const cli = await sop(['draft', '--workspace', copy, '--audience', audience, join(copy, 'month-end-close')]);
    assert.equal(cli.exitCode, 0, cli.stderr);
    const rel = cli.stdout.trim();
    assert.equal(rel, vscode.workspace.asRelativePath(drafted.uri, false), 'the same file name');
    assert.equal(untimed(readFileSync(join(copy, rel), 'utf8')), untimed(editorDraft), 'the same draft');

    // The editor's draft replaces the CLI's, so both go on from the very same text.
    const editorText = await read(drafted.uri);
    await vscode.workspace.fs.writeFile(vscode.Uri.file(join(copy, rel)), new TextEncoder().encode(editorText));

    const reviewed = await vscode.commands.executeCommand<{ uri: vscode.Uri }>('sopBuilder.review', drafted.uri, { quiet: true });
    const reportRel = vscode.workspace.asRelativePath(reviewed.uri, false);
    const cliReview = await sop(['review', '--workspace', copy, '--out', join(copy, reportRel), join(copy, rel)]);
    assert.ok(cliReview.exitCode <= 1, cliReview.stderr);
    assert.equal(readFileSync(join(copy, reportRel), 'utf8'), await read(reviewed.uri), 'the same review report');

    assert.equal(
      await vscode.commands.executeCommand<boolean>('sopBuilder.approve', drafted.uri, { approver: 'Priya Nair (Finance manager)', override: true }),
      true,
    );
    const cliApprove = await sop(['approve', '--workspace', copy, '--by', 'Priya Nair (Finance manager)', '--override', join(copy, rel)]);
    assert.equal(cliApprove.exitCode, 0, cliApprove.stderr);
    assert.equal(readFileSync(join(copy, rel), 'utf8'), await read(drafted.uri), 'the same approval record');

    // Earlier tests exported other SOPs of the same name, with their copies for Claude Code and Copilot.
    for (const folder of ['.agents', '.claude/skills', '.github/skills']) {
      await vscode.workspace.fs.delete(file(folder), { recursive: true }).then(undefined, () => undefined);
      rmSync(join(copy, folder), { recursive: true, force: true });
    }
    const skill = await vscode.commands.executeCommand<{ folder: string }>('sopBuilder.exportSkill', drafted.uri, { quiet: true, replace: true });
    const cliSkill = await sop(['skill', '--workspace', copy, join(copy, rel)]);
    assert.ok(cliSkill.exitCode <= 1, cliSkill.stderr);
    assert.deepEqual(tree(join(copy, skill.folder)), tree(join(root().fsPath, skill.folder)), 'the same skill folder');
    for (const copyFolder of ['.claude/skills', '.github/skills']) {
      const name = skill.folder.slice(skill.folder.lastIndexOf('/') + 1);
      assert.deepEqual(tree(join(copy, copyFolder, name)), tree(join(root().fsPath, skill.folder)), `the same copy in ${copyFolder}`);
    }

    const automation = await vscode.commands.executeCommand<{ files: string[] }>('sopBuilder.exportAutomation', drafted.uri, {
      cron: '0 8 1 * *',
      quiet: true,
      replace: true,
      reexportSkill: false,
    });
    const cliAutomation = await sop(['automation', '--workspace', copy, '--cron', '0 8 1 * *', '--force', join(copy, rel)]);
    assert.ok(cliAutomation.exitCode <= 1, cliAutomation.stderr);
    for (const f of automation.files) assert.equal(readFileSync(join(copy, f), 'utf8'), await read(file(f)), `the same ${f}`);
  });

  it('exports the steps lint sees under the steps heading a .sop-lint.jsonc names', async () => {
    await write(file('.sop-lint.jsonc'), '{ "headings": { "steps": ["Runbook"] } }\n');
    const sopUri = file('sops/payout-reconciliation.sop.md');
    await write(sopUri, RUNBOOK_SOP);
    try {
      const doc = await vscode.workspace.openTextDocument(sopUri);
      await vscode.window.showTextDocument(doc);
      const result = await waitFor('lint with the config', () => {
        const r = api().linter.resultFor(doc);
        return r && r.doc.steps.length === 3 && r;
      });
      assert.equal(result.doc.steps.length, 3);
      const out = await vscode.commands.executeCommand<{ folder: string; warnings: string[] }>('sopBuilder.exportSkill', sopUri, {
        quiet: true,
        replace: true,
        acceptUnapproved: true,
      });
      const skillMd = await read(file(`${out.folder}/SKILL.md`));
      const steps = skillMd.slice(skillMd.indexOf('## Steps'));
      assert.match(steps, /^1\. Run `python3 scripts\/reconcile\.py --month 2026-10`/m);
      assert.match(steps, /^2\. \*\*Stop and ask Priya Nair \(Finance manager\)\*\*: Send the unmatched list/m, 'the gate is step 2, as lint reads it');
      assert.match(steps, /^3\. Run `bash scripts\/fetch_exports\.sh 2026-10`/m);
    } finally {
      await vscode.workspace.fs.delete(file('.sop-lint.jsonc'));
    }
  });

  it('shows the status from the approval record: a hand-typed approval is not one, and an edit shows even with its rule off', async () => {
    await settings({ 'lint.rules': { 'changed-since-approval': 'off', 'evidence-drift': 'off' } });
    const bar = () => api().statusBar;
    const handTyped = file('sops/hand-typed.sop.md');
    await write(handTyped, RUNBOOK_SOP.replace('status: draft', 'status: approved'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(handTyped));
    await waitFor('status bar: no approval record', () => bar().status === 'unrecorded');

    const approvedUri = file('sops/payout-reconciliation.sop.md');
    await write(approvedUri, RUNBOOK_SOP);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(approvedUri));
    assert.equal(
      await vscode.commands.executeCommand<boolean>('sopBuilder.approve', approvedUri, { approver: 'Priya Nair (Finance manager)', override: true }),
      true,
    );
    await waitFor('status bar: approved', () => bar().status === 'approved');

    await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount, 0), '\nOne more line nobody approved.\n'));
    await editor.document.save();
    await waitFor('status bar: changed since approval', () => bar().status === 'changed');
    assert.deepEqual(
      vscode.languages.getDiagnostics(approvedUri).filter((d) => typeof d.code === 'object' && d.code.value === 'changed-since-approval'),
      [],
      'the rule is off, and the status still tells',
    );
    const out = await vscode.commands.executeCommand<{ warnings: string[] }>('sopBuilder.exportSkill', approvedUri, {
      quiet: true,
      replace: true,
      acceptUnapproved: true,
    });
    assert.ok(
      out.warnings.some((w) => w.startsWith('This SOP changed since it was approved.')),
      out.warnings.join('\n'),
    );
  });
});
