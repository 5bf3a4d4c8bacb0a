import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyQuickFix, closeAll, evidenceManifest, file, frontMatter, quickFixes, settings, sopDiagnostics, waitFor } from '../util';

describe('approval and drift in the editor', function () {
  this.timeout(90_000);
  before(() => settings({ 'draft.provider': 'offline', 'draft.skipPreview': true }));
  after(async () => {
    await closeAll();
    await settings({ 'draft.provider': undefined, 'draft.skipPreview': undefined });
  });

  it('approves a draft, records evidence hashes, and flags drift when an evidence file changes', async () => {
    const outcome = await vscode.commands.executeCommand<{ uri: vscode.Uri }>('sopBuilder.draftSop', file('month-end-close'), [file('month-end-close')]);
    const ok = await vscode.commands.executeCommand<boolean>('sopBuilder.approve', outcome.uri, { approver: 'Priya Nair (Finance manager)', override: true });
    assert.equal(ok, true);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(outcome.uri));
    const fm = frontMatter(text);
    assert.equal(fm.status, 'approved');
    const approval = fm.approval as { by: string; evidence_sha256: string };
    assert.equal(approval.by, 'Priya Nair (Finance manager)');
    assert.match(approval.evidence_sha256, /^[0-9a-f]{64}$/, 'the approval holds the digest of the evidence manifest');
    assert.doesNotMatch(text.slice(0, text.indexOf('\n---\n')), /sha256: [0-9a-f]{64}\n\s*-/, 'no list of hashes in the SOP itself');
    const manifest = await evidenceManifest(outcome.uri);
    assert.equal(manifest.approved?.by, 'Priya Nair (Finance manager)');
    assert.ok(manifest.files.some((e) => e.path === 'month-end-close/notes/2026-10-close-notes.md' && /^[0-9a-f]{64}$/.test(e.sha256 ?? '')));
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(sopDiagnostics(outcome.uri, 'evidence-drift'), []);

    const notes = file('month-end-close/notes/2026-10-close-notes.md');
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(notes));
    await vscode.workspace.fs.writeFile(notes, new TextEncoder().encode(before + '- 4 Nov: changed the tolerance to 1.00 without asking.\n'));
    const [d] = await waitFor(
      'evidence-drift',
      () => {
        const x = sopDiagnostics(outcome.uri, 'evidence-drift');
        return x.length > 0 && x;
      },
      20_000,
    );
    assert.match(d.message, /month-end-close\/notes\/2026-10-close-notes\.md/);
    assert.match(d.message, /changed since approval/);

    // The copy kept at approval opens as the left side of a diff, the file as it is now on the right.
    const fixes = await quickFixes(outcome.uri, d);
    const show = fixes.find((f) => f.title === 'Show what changed in month-end-close/notes/2026-10-close-notes.md');
    assert.ok(show?.command, `fixes: ${fixes.map((f) => f.title).join(' | ')}`);
    // "Review the SOP now" writes the review report for this SOP.
    const review = fixes.find((f) => f.title === 'Review the SOP now (SOP: Review)');
    assert.ok(review?.command);
    const reviewed = await vscode.commands.executeCommand<{ uri: vscode.Uri; report: { answers: Array<{ id: string; findings: Array<{ text: string }> }> } }>(
      review.command.command,
      ...(review.command.arguments ?? []),
    );
    assert.ok(reviewed.uri.path.endsWith('.review.md'));
    const paths = reviewed.report.answers.find((a) => a.id === 'paths')!;
    assert.ok(
      paths.findings.some((f) => f.text.includes('2026-10-close-notes.md')),
      `the review names the drifted file: ${JSON.stringify(paths.findings)}`,
    );
    await closeAll();
    await vscode.commands.executeCommand(show.command.command, ...(show.command.arguments ?? []));
    const tab = await waitFor('diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input;
    });
    const sopName = outcome.uri.path
      .split('/')
      .pop()!
      .replace(/\.sop\.md$/, '');
    assert.ok(tab.original.path.endsWith(`/sops/.sop-evidence/${sopName}/month-end-close/notes/2026-10-close-notes.md`), tab.original.path);
    assert.equal(tab.modified.toString(), notes.toString());
    const kept = new TextDecoder().decode(await vscode.workspace.fs.readFile(tab.original));
    assert.equal(kept, before);

    // Re-review: the quick fix puts the SOP back to draft, and the drift finding goes with the approval.
    await applyQuickFix(outcome.uri, d, 'Re-review: mark the SOP as draft');
    const sop = await vscode.workspace.openTextDocument(outcome.uri);
    assert.equal(frontMatter(sop.getText()).status, 'draft');
    await waitFor('drift cleared', () => sopDiagnostics(outcome.uri, 'evidence-drift').length === 0);
    await sop.save();
  });

  it('exports an approved SOP as a skill that passes the Agent Skills checks', async () => {
    const outcome = await vscode.commands.executeCommand<{ uri: vscode.Uri }>('sopBuilder.draftSop', file('month-end-close'), [file('month-end-close')]);
    assert.equal(
      await vscode.commands.executeCommand<boolean>('sopBuilder.approve', outcome.uri, { approver: 'Priya Nair (Finance manager)', override: true }),
      true,
    );
    const skill = await vscode.commands.executeCommand<{ name: string; folder: string; problems: unknown[]; warnings: string[] }>(
      'sopBuilder.exportSkill',
      outcome.uri,
      { quiet: true },
    );
    assert.ok(skill, 'the export ran without asking (the SOP is approved)');
    assert.deepEqual(skill.problems, []);
    assert.equal(skill.folder, `.agents/skills/${skill.name}`);
    const read = async (rel: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(file(`${skill.folder}/${rel}`)));
    const skillMd = await read('SKILL.md');
    assert.equal(frontMatter(skillMd).name, skill.name);
    assert.match(skillMd, /\*\*Stop and ask [^*]+\*\*/);
    const scripts = await vscode.workspace.fs.readDirectory(file(`${skill.folder}/scripts`));
    assert.ok(scripts.length > 0, 'the scripts the SOP runs are copied into scripts/');
    for (const [name] of scripts) assert.match(skillMd, new RegExp(`\\(scripts/${name.replace('.', '\\.')}\\)|scripts/${name.replace('.', '\\.')}`));

    // A second export replaces the first only when asked to.
    const again = await vscode.commands.executeCommand<{ problems: unknown[] }>('sopBuilder.exportSkill', outcome.uri, { quiet: true, replace: true });
    assert.deepEqual(again?.problems, []);

    // Editing the approved body flags it; the quick fix marks it draft again.
    const editor = await vscode.window.showTextDocument(outcome.uri);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((e) => e.insert(end, '\nA step added after approval.\n'));
    const [changed] = await waitFor('changed-since-approval', () => {
      const x = sopDiagnostics(outcome.uri, 'changed-since-approval');
      return x.length > 0 && x;
    });
    assert.match(changed.message, /changed since it was approved on \d{4}-\d{2}-\d{2} by Priya Nair/);
    await applyQuickFix(outcome.uri, changed, 'Mark as draft again');
    assert.equal(frontMatter(editor.document.getText()).status, 'draft');
    await waitFor('flag cleared', () => sopDiagnostics(outcome.uri, 'changed-since-approval').length === 0);
    await editor.document.save();
  });
});
