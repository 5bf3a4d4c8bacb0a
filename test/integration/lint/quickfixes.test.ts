import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyQuickFix, closeAll, open, quickFixes, sopDiagnostics, waitFor } from '../util';

/** Each test starts from the fixture's text and reverts, so they do not depend on each other. */
async function withRefunds(fn: (editor: vscode.TextEditor) => Promise<void>): Promise<void> {
  const editor = await open('sops/customer-refunds.sop.md');
  // Wait for diagnostics of this very text (not left over from the previous test's edits).
  await waitFor('diagnostics of the current text', () => {
    const d = sopDiagnostics(editor.document.uri);
    const esc = d.find((x) => x.code && typeof x.code === 'object' && x.code.value === 'incomplete-escalation');
    return d.length >= 12 && esc && editor.document.getText(esc.range) === '## Escalation';
  });
  try {
    await fn(editor);
  } finally {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

function diag(editor: vscode.TextEditor, rule: string, text?: string): vscode.Diagnostic {
  const d = sopDiagnostics(editor.document.uri, rule).find((x) => !text || editor.document.getText(x.range).includes(text));
  assert.ok(d, `no ${rule} diagnostic${text ? ` on "${text}"` : ''}`);
  return d;
}

describe('lint: quick fixes from the light bulb', function () {
  this.timeout(60_000);
  after(closeAll);

  it('offers the fixes for an unnamed gate', async () => {
    await withRefunds(async (editor) => {
      const titles = (await quickFixes(editor.document.uri, diag(editor, 'unnamed-approval-gate', 'need sign-off'))).map((a) => a.title);
      assert.deepEqual(titles, [
        'Name the approver: Priya Nair (Finance manager)',
        'Name the approver: Dana Reyes (Support lead)',
        'Name the approver…',
        'Add escalation steps after this gate',
        'Disable unnamed-approval-gate for this line',
      ]);
    });
  });

  it('names the approver from front matter', async () => {
    await withRefunds(async (editor) => {
      await applyQuickFix(editor.document.uri, diag(editor, 'unnamed-approval-gate', 'need sign-off'), 'Name the approver: Priya');
      assert.match(editor.document.getText(), /3\. Refunds over 200 EUR need sign-off from Priya Nair \(Finance manager\) before they are paid\./);
      await waitFor('the gate to be named', () => sopDiagnostics(editor.document.uri, 'unnamed-approval-gate').length === 2);
    });
  });

  it('adds escalation steps after a gate', async () => {
    await withRefunds(async (editor) => {
      await applyQuickFix(editor.document.uri, diag(editor, 'unnamed-approval-gate', 'stop and ask'), 'Add escalation steps');
      assert.ok(
        editor.document
          .getText()
          .includes('5. If the customer disputes the amount, stop and ask.\n   - **Escalate to:** Priya Nair (Finance manager)\n   - **Include:** '),
        editor.document.getText(),
      );
    });
  });

  it('inserts a missing section in its place', async () => {
    await withRefunds(async (editor) => {
      const d = sopDiagnostics(editor.document.uri, 'missing-section').find((x) => x.message.includes('"Common failures"'))!;
      await applyQuickFix(editor.document.uri, d, 'Insert a "Common failures" section');
      assert.match(editor.document.getText(), /TBD\n\n## Common failures\n\n<what usually goes wrong and how to recover>\n\n## Escalation/);
      await waitFor('one finding left, naming the two other missing parts', () => {
        const left = sopDiagnostics(editor.document.uri, 'missing-section');
        return left.length === 1 && left[0].message.startsWith('Missing 2 parts: "Inputs needed"') && !left[0].message.includes('"Common failures"');
      });
    });
  });

  it('inserts every missing section with one quick fix', async () => {
    await withRefunds(async (editor) => {
      const d = sopDiagnostics(editor.document.uri, 'missing-section');
      assert.equal(d.length, 1, 'one missing-section finding for the document');
      const titles = (await quickFixes(editor.document.uri, d[0])).map((a) => a.title);
      assert.deepEqual(titles.slice(0, 4), [
        'Insert all 3 missing sections',
        'Insert a "Inputs needed" section',
        'Insert a "Decision points" section',
        'Insert a "Common failures" section',
      ]);
      await applyQuickFix(editor.document.uri, d[0], 'Insert all 3 missing sections');
      const headings = editor.document
        .getText()
        .split('\n')
        .filter((l) => l.startsWith('## '));
      assert.deepEqual(headings.slice(3, 8), ['## Inputs needed', '## Steps', '## Decision points', '## Quality checks', '## Common failures']);
      await waitFor('no missing section left', () => sopDiagnostics(editor.document.uri, 'missing-section').length === 0);
    });
  });

  it('completes the escalation section', async () => {
    await withRefunds(async (editor) => {
      await applyQuickFix(editor.document.uri, diag(editor, 'incomplete-escalation'), 'Add the missing escalation rules');
      assert.match(
        editor.document.getText(),
        /Escalate to Priya Nair\.\n\n- \*\*Include:\*\* <what evidence to send[^>]*>\n- \*\*Stop if:\*\* <the condition where you stop rather than guess>\n\n## Expected output/,
      );
      await waitFor('escalation complete', () => sopDiagnostics(editor.document.uri, 'incomplete-escalation').length === 0);
    });
  });

  it('replaces a missing path with the nearest existing one', async () => {
    await withRefunds(async (editor) => {
      const line = editor.document
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('2. Run `python3 scripts/refund.py'));
      await editor.edit((b) =>
        b.replace(new vscode.Range(line, 0, line, editor.document.lineAt(line).text.length), '2. Run `python3 scripts/clean_sale.py --month 2026-10`.'),
      );
      const d = await waitFor('missing-path on the typo', () =>
        sopDiagnostics(editor.document.uri, 'missing-path').find((x) => editor.document.getText(x.range) === 'scripts/clean_sale.py'),
      );
      await applyQuickFix(editor.document.uri, d, 'Change to "scripts/clean_sales.py"');
      assert.equal(editor.document.lineAt(line).text, '2. Run `python3 scripts/clean_sales.py --month 2026-10`.');
    });
  });

  it('disables the rule for one line', async () => {
    await withRefunds(async (editor) => {
      await applyQuickFix(editor.document.uri, diag(editor, 'path-outside-workspace', '/Users/dana'), 'Disable path-outside-workspace for this line');
      assert.match(
        editor.document.getText(),
        /7\. File the receipt under `\/Users\/dana\/Documents\/refunds\/`\. <!-- sop-lint-disable-line path-outside-workspace -->/,
      );
      await waitFor('one outside path left', () => sopDiagnostics(editor.document.uri, 'path-outside-workspace').length === 1);
    });
  });
});
