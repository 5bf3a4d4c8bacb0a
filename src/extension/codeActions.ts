import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, toRange, toWorkspaceEdit } from './convert';
import type { LintController } from './linter';

/** Quick fixes for sop-lint diagnostics; the fixes themselves are computed in core as text edits. */
export class SopCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly linter: LintController) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const result = this.linter.resultFor(document);
    if (!result) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const rule = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
      const issue = result.issues.find((i) => i.rule === rule && i.message === diagnostic.message && toRange(i.range).isEqual(diagnostic.range));
      if (!issue) continue;
      for (const fix of issue.fixes()) {
        // Several findings on one line share "Insert all ..." and "Disable ... for this line": offer each once.
        if (actions.some((a) => a.title === fix.title)) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        if (fix.edits.length > 0) action.edit = toWorkspaceEdit(document.uri, fix, true);
        // Editor-side fixes (open a diff, review) get the SOP they came from after their own arguments.
        if (fix.command) action.command = { command: fix.command.id, title: fix.title, arguments: [...fix.command.args, document.uri] };
        actions.push(action);
      }
    }
    return actions;
  }
}
