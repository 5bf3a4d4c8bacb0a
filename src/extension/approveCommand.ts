import * as vscode from 'vscode';
import { sopStatus, type SopStatus } from '../core/approval/status';
import { approvalBlockersOf, approvalSummary, keepApprovedCopies, planApproval, suggestedApprover, writeApprovalManifest } from '../core/usecases/approve';
import { toRange } from './convert';
import { sensitiveRulesFor, type EvidenceHashes } from './evidenceHashes';
import type { LintController } from './linter';
import type { FileIndexService } from './fileIndex';
import { evidenceCopyPlacement } from './settings';
import { sopTarget, uriIn, type SopCommandDeps } from './sopTarget';
import { workspaceRoot } from './vscodeWorkspace';

/** Options for scripted use (tests, tasks): who approves, and whether to override error findings. */
export interface ApproveOptions {
  approver?: string;
  override?: boolean;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** SOP: Approve — records who approved, when, and the hash of every evidence file, in the front matter. */
export async function approveSop(deps: SopCommandDeps, uri?: vscode.Uri, options: ApproveOptions = {}): Promise<boolean> {
  const target = await sopTarget(deps, 'SOP: Approve', uri);
  if (!target) return false;
  const { document, folder, ws, sop } = target;
  const blockers = approvalBlockersOf(sop);
  if (blockers.length > 0 && !options.override) {
    const list = blockers
      .slice(0, 5)
      .map((b) => b.message)
      .join('\n');
    const more = blockers.length > 5 ? `\n…and ${blockers.length - 5} more.` : '';
    // Cancel comes first and closes the dialog, so Enter and Escape both leave the SOP unapproved.
    const cancel: vscode.MessageItem = { title: 'Cancel', isCloseAffordance: true };
    const anyway: vscode.MessageItem = { title: 'Approve Anyway' };
    const pick = await vscode.window.showWarningMessage(
      `This SOP has ${blockers.length} error finding(s) or open item(s); approving is refused until they are settled.`,
      { modal: true, detail: `${list}${more}\n\nFix them (see Problems; SOP: Review lists what is open), or approve anyway if you accept them.` },
      cancel,
      anyway,
    );
    if (pick !== anyway) return false;
  }
  const approver =
    options.approver ??
    (await vscode.window.showInputBox({
      title: 'SOP: Approve — who approves this SOP?',
      value: suggestedApprover(sop),
      prompt: "Recorded in the front matter with today's date and the hash of every evidence file.",
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Say who approves, by name and role.'),
    }));
  if (!approver?.trim()) return false;

  let plan;
  try {
    plan = await planApproval(ws, sop, { approver, date: today() });
  } catch (e) {
    void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
    return false;
  }
  if (document.getText() !== sop.text) {
    void vscode.window.showErrorMessage('The SOP changed while the approval was being prepared. Run "SOP: Approve" again.');
    return false;
  }
  // Not linted between the edit and the kept copies: a lint then would hash copies that are still being written.
  deps.linter.pause(document.uri);
  let kept;
  try {
    try {
      await writeApprovalManifest(ws, plan);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      void vscode.window.showErrorMessage(
        `The evidence manifest ${plan.manifest?.rel} could not be written (${why}), so nothing was approved. Check that the folder is writable, then approve again.`,
      );
      return false;
    }
    if (plan.manifest) deps.hashes.forget(uriIn(folder, plan.manifest.rel));
    const edit = new vscode.WorkspaceEdit();
    edit.set(
      document.uri,
      plan.edits.map((e) => new vscode.TextEdit(toRange(e.range), e.newText)),
    );
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage('The approval could not be written into the SOP (the file changed meanwhile?). Try again.');
      return false;
    }
    await document.save();
    kept = await keepApprovedCopies(ws, sop, plan, evidenceCopyPlacement(document.uri), sensitiveRulesFor(folder.uri));
    // The copies were written just now: whatever was known of them is stale.
    if (kept.folder) deps.hashes.forget(uriIn(folder, kept.folder));
  } finally {
    deps.linter.resume(document.uri);
  }
  for (const n of kept.notCopied) deps.log.info(`Not copied (its hash is recorded): ${n.path}: ${n.reason}`);
  for (const r of plan.refused) deps.log.warn(`Not recorded: ${r}`);
  deps.log.info(`Approved ${sop.relPath} by ${plan.approver} with ${plan.recorded.length} evidence file(s), ${kept.copied.length} copy(ies) kept`);
  const why = kept.notCopied.length ? ' (why: "SOP: Show Log")' : '';
  void vscode.window.showInformationMessage(approvalSummary(plan, kept).replace(' only hashed.', ` only hashed${why}.`));
  deps.linter.lintNow(document);
  return true;
}

const LOOK: Record<SopStatus, { text: string; tip: string }> = {
  draft: { text: '$(edit) SOP: draft', tip: 'Not approved yet. Run "SOP: Approve" once it has been reviewed.' },
  unrecorded: {
    text: '$(circle-slash) SOP: not approved (no approval record)',
    tip: 'The front matter says "status: approved", but no approval was recorded (who, when, the hash of the approved text). Run "SOP: Approve" to record one.',
  },
  approved: { text: '$(pass) SOP: approved', tip: 'Approved, and nothing has changed since.' },
  drifted: { text: '$(warning) SOP: evidence drifted', tip: 'Evidence recorded at approval has changed or is gone: review the SOP again.' },
  changed: { text: '$(diff) SOP: changed since approval', tip: 'The SOP was edited after it was approved: review and approve it again.' },
  'review-due': { text: '$(bell) SOP: review due', tip: 'The review interval in "review-every" has passed.' },
};

/** The active SOP's state in the status bar, from its approval record and the evidence as it is now. */
export class SopStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sopBuilder.status', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  /** The last status shown, for tests and the log. */
  status: SopStatus | undefined;

  constructor(
    private readonly linter: LintController,
    private readonly hashes: EvidenceHashes,
    private readonly files: FileIndexService,
  ) {
    this.item.name = 'SOP status';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
      hashes.onDidChange(() => this.update()),
    );
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const result = document && this.linter.isSop(document) ? this.linter.resultFor(document) : undefined;
    const folder = document && vscode.workspace.getWorkspaceFolder(document.uri);
    if (!result) {
      this.status = undefined;
      this.item.hide();
      return;
    }
    this.status = sopStatus(result.doc, {
      evidence: folder ? this.hashes.known(folder.uri) : undefined,
      index: this.files.built ? this.files.index : undefined,
      root: folder ? workspaceRoot(folder.uri) : undefined,
      sopRel: folder ? vscode.workspace.asRelativePath(document.uri, false) : undefined,
    });
    this.item.text = LOOK[this.status].text;
    this.item.tooltip = LOOK[this.status].tip;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
