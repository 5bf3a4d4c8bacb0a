import * as vscode from 'vscode';
import type { Range as CoreRange, TextEdit as CoreEdit } from '../core/text/range';
import type { Severity } from '../core/lint/severity';
import type { Fix, LintIssue } from '../core/lint/types';

export function toRange(r: CoreRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fromRange(r: vscode.Range): CoreRange {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

export const DIAGNOSTIC_SOURCE = 'sop-lint';

export function toDiagnostic(issue: LintIssue, docsUri: (rule: string) => vscode.Uri): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(issue.range), issue.message, toSeverity(issue.severity));
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: issue.rule, target: docsUri(issue.rule) };
  return d;
}

/**
 * A core fix as a workspace edit. A single insertion with tab stops becomes a snippet edit, so the
 * writer can tab through the parts to fill in.
 */
export function toWorkspaceEdit(uri: vscode.Uri, fix: Fix, useSnippets: boolean): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const snippetable = useSnippets && fix.edits.length === 1 && fix.edits[0].snippet !== undefined;
  const edits = fix.edits.map((e: CoreEdit) =>
    snippetable ? new vscode.SnippetTextEdit(toRange(e.range), new vscode.SnippetString(e.snippet)) : new vscode.TextEdit(toRange(e.range), e.newText),
  );
  edit.set(uri, edits);
  return edit;
}
