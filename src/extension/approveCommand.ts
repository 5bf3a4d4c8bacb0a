import * as vscode from 'vscode';
import { approvalBlockers, approvalEdits, bodyHash } from '../core/approval/approve';
import { sopStatus, type SopStatus } from '../core/approval/status';
import { stringsOf } from '../core/sop/frontMatter';
import { toRange } from './convert';
import { sopTarget } from './sopTarget';
import { keepEvidenceCopies } from '../core/approval/evidenceFiles';
import { evidenceCopyPlacement } from './settings';
import { editorEvidenceDisk, sensitiveRulesFor, workspaceRoot, type EvidenceHashes } from './evidenceHashes';
import type { LintController } from './linter';

export interface ApproveDeps {
  linter: LintController;
  hashes: EvidenceHashes;
  log: vscode.LogOutputChannel;
}

/** Options for scripted use (tests, tasks): who approves, and whether to override error findings. */
export interface ApproveOptions {
  approver?: string;
  override?: boolean;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** SOP: Approve — records who approved, when, and the hash of every evidence file, in the front matter. */
export async function approveSop(deps: ApproveDeps, uri?: vscode.Uri, options: ApproveOptions = {}): Promise<boolean> {
  const target = await sopTarget(deps.linter, 'SOP: Approve', uri);
  if (!target) return false;
  const { document, folder, result } = target;
  const blockers = approvalBlockers(result.issues);
  if (blockers.length > 0 && !options.override) {
    const list = blockers.slice(0, 5).map((b) => b.message).join('\n');
    const more = blockers.length > 5 ? `\n…and ${blockers.length - 5} more.` : '';
    const pick = await vscode.window.showWarningMessage(
      `This SOP has ${blockers.length} error finding(s); approving is refused until they are fixed.`,
      { modal: true, detail: `${list}${more}\n\nFix them (see Problems), or approve anyway if you accept them.` },
      'Approve Anyway',
    );
    if (pick !== 'Approve Anyway') return false;
  }
  const suggested = stringsOf(result.doc.frontMatter.data.approver)[0] ?? '';
  const approver =
    options.approver ??
    (await vscode.window.showInputBox({
      title: 'SOP: Approve — who approves this SOP?',
      value: suggested,
      prompt: 'Recorded in the front matter with today\'s date and the hash of every evidence file.',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Say who approves, by name and role.'),
    }));
  if (!approver?.trim()) return false;

  const listed = (Array.isArray(result.doc.frontMatter.data.evidence) ? result.doc.frontMatter.data.evidence : [])
    .map((e: unknown) => (e && typeof e === 'object' ? (e as { path?: unknown }).path : undefined))
    .filter((p): p is string => typeof p === 'string');
  const hashed = await deps.hashes.hash(folder.uri, listed, true);
  const evidence = listed.flatMap((path) => {
    const h = hashed.get(path);
    return h?.status === 'hashed' ? [{ path, bytes: h.bytes, sha256: h.sha256 }] : [];
  });
  const gone = listed.filter((p) => hashed.get(p)?.status === 'missing');
  const refused = listed.flatMap((p) => {
    const h = hashed.get(p);
    return h?.status === 'refused' ? [`${p} (${h.reason})`] : [];
  });
  let edits;
  try {
    edits = approvalEdits(result.doc, { approver: approver.trim(), date: today(), evidence, bodySha256: bodyHash(document.getText()) });
  } catch (e) {
    void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.set(document.uri, edits.map((e) => new vscode.TextEdit(toRange(e.range), e.newText)));
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('The approval could not be written into the SOP (the file changed meanwhile?). Try again.');
    return false;
  }
  await document.save();
  const placement = evidenceCopyPlacement(document.uri);
  const kept = await keepEvidenceCopies(workspaceRoot(folder.uri), vscode.workspace.asRelativePath(document.uri, false), placement, hashed, editorEvidenceDisk(folder.uri), sensitiveRulesFor(folder.uri));
  if (kept.folder) deps.hashes.forget(vscode.Uri.joinPath(folder.uri, ...kept.folder.split('/')));
  for (const n of kept.notCopied) deps.log.info(`Not copied (its hash is recorded): ${n.path}: ${n.reason}`);
  for (const r of refused) deps.log.warn(`Not recorded: ${r}`);
  deps.log.info(`Approved ${vscode.workspace.asRelativePath(document.uri)} by ${approver.trim()} with ${evidence.length} evidence file(s), ${kept.copied.length} copy(ies) kept`);
  const note = gone.length ? ` ${gone.length} listed evidence file(s) no longer exist and were not recorded: ${gone.join(', ')}.` : '';
  const notRecorded = refused.length ? ` Not recorded: ${refused.join('; ')}.` : '';
  const copies = kept.folder ? ` Copies kept in ${kept.folder} (commit them with the SOP).` : '';
  const notCopied = kept.notCopied.length ? ` ${kept.notCopied.length} file(s) not copied, only hashed (why: "SOP: Show Log").` : '';
  void vscode.window.showInformationMessage(`Approved by ${approver.trim()}: ${evidence.length} evidence file(s) recorded.${copies}${notCopied}${note}${notRecorded}`);
  return true;
}

const LOOK: Record<SopStatus, { text: string; tip: string }> = {
  draft: { text: '$(edit) SOP: draft', tip: 'Not approved yet. Run "SOP: Approve" once it has been reviewed.' },
  approved: { text: '$(pass) SOP: approved', tip: 'Approved, and nothing has changed since.' },
  drifted: { text: '$(warning) SOP: evidence drifted', tip: 'Evidence recorded at approval has changed or is gone: review the SOP again.' },
  changed: { text: '$(diff) SOP: changed since approval', tip: 'The SOP was edited after it was approved: review and approve it again.' },
  'review-due': { text: '$(bell) SOP: review due', tip: 'The review interval in "review-every" has passed.' },
};

/** The active SOP's state in the status bar: draft, approved, drifted, changed since approval, review due. */
export class SopStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sopBuilder.status', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly linter: LintController) {
    this.item.name = 'SOP status';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
    );
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const result = document && this.linter.isSop(document) ? this.linter.resultFor(document) : undefined;
    if (!result) {
      this.item.hide();
      return;
    }
    const status = sopStatus(result.doc, result.issues);
    this.item.text = LOOK[status].text;
    this.item.tooltip = LOOK[status].tip;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
