import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, file, quickFixes, sopDiagnostics, waitFor } from '../util';

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
const NAME = 'refund-a-customer';
const SKILL_FOLDERS = ['.agents/skills', '.claude/skills', '.github/skills'].map((d) => `${d}/${NAME}`);
const EXPORT_OPTIONS = { acceptUnapproved: true, quiet: true, replace: true };

const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

describe('skill drift in the editor', function () {
  this.timeout(90_000);
  const sop = file('sops/refund-a-customer.sop.md');
  after(async () => {
    await closeAll();
    for (const f of [...SKILL_FOLDERS, 'sops/refund-a-customer.sop.md'])
      await vscode.workspace.fs.delete(file(f), { recursive: true }).then(undefined, () => undefined);
  });

  it('flags a hand edit in the .claude copy on the title, offers the export as the fix, and flags the SOP edited since', async () => {
    await vscode.workspace.fs.writeFile(sop, new TextEncoder().encode(SOP));
    let editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sop));
    const exported = await vscode.commands.executeCommand<{ folder: string; copies: string[] }>('sopBuilder.exportSkill', sop, EXPORT_OPTIONS);
    assert.equal(exported.folder, SKILL_FOLDERS[0]);
    assert.deepEqual(exported.copies, SKILL_FOLDERS.slice(1));
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(
      sopDiagnostics(sop, 'skill-drift').map((d) => d.message),
      [],
      'a fresh export has no drift',
    );

    // Someone edits the Claude Code copy by hand, in the editor, and saves it.
    const copy = file(`${SKILL_FOLDERS[1]}/SKILL.md`);
    const copyEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(copy), { preview: false });
    await copyEditor.edit((e) => e.insert(new vscode.Position(copyEditor.document.lineCount, 0), '\nSkip the approval for regular customers.\n'));
    await copyEditor.document.save();
    editor = await vscode.window.showTextDocument(editor.document);
    // File watcher events come late on a loaded machine: the waits allow for it.
    const [d] = await waitFor(
      'the skill-drift diagnostic',
      () => {
        const x = sopDiagnostics(sop, 'skill-drift');
        return x.length > 0 && x;
      },
      40_000,
    );
    assert.equal(
      d.message,
      `\`${SKILL_FOLDERS[1]}/SKILL.md\` was changed by hand since the skill was exported: export again to put it back, or bring the change into the SOP so the next export keeps it.`,
    );
    assert.equal(editor.document.lineAt(d.range.start.line).text, '# Refund a customer');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);

    // The quick fix runs the export on this SOP; here with the options that skip its questions.
    const fix = (await quickFixes(sop, d)).find((a) => a.title === 'Export the skill again (SOP: Export as Skill)');
    assert.ok(fix?.command, 'an export quick fix');
    assert.equal(fix.command.command, 'sopBuilder.exportSkill');
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []), EXPORT_OPTIONS);
    await waitFor('the drift cleared by the export', () => sopDiagnostics(sop, 'skill-drift').length === 0, 40_000);
    assert.doesNotMatch(await read(copy), /Skip the approval/);
    // The copy's tab still shows the hand edit; close it without saving it again.
    await vscode.window.showTextDocument(copy).then(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));
    editor = await vscode.window.showTextDocument(editor.document);

    // Edited in the editor, not saved: the skill no longer says what the SOP says.
    await editor.edit((e) => e.insert(new vscode.Position(editor.document.lineCount - 1, 0), '4. E-mail the customer that the refund is on its way.\n'));
    const [changed] = await waitFor('the changed-since-export diagnostic', () => {
      const x = sopDiagnostics(sop, 'skill-drift');
      return x.length > 0 && x;
    });
    assert.match(
      changed.message,
      /^The SOP changed since its skill was exported on \d{4}-\d{2}-\d{2}: export the skill again so agents follow the current text\.$/,
    );
  });
});
