import * as vscode from 'vscode';
import { reviewMessages, type ReviewReport } from '../core/review/review';
import { DraftError, type DraftRequest } from '../core/draft/types';
import { renderReview, reviewOf, reviewReportPath, writeReview } from '../core/usecases/review';
import { conformSopRuns } from '../core/usecases/runs';
import { chooseProvider, type ProviderChoice } from './providers';
import { SECTION } from './settings';
import { sopTarget, type SopCommandDeps } from './sopTarget';
import { uriOf } from './vscodeWorkspace';

export interface ReviewDeps extends SopCommandDeps {
  context: vscode.ExtensionContext;
}

export interface ReviewOptions {
  /** Do not open the report afterwards. */
  quiet?: boolean;
}

export interface ReviewOutcome {
  uri: vscode.Uri;
  report: ReviewReport;
  /** Why the model's reading is missing when a model was configured and failed. */
  modelError?: string;
}

/** The model's own reading, when a model provider is set up and the setting allows it; never part of the verdict. */
async function modelReading(deps: ReviewDeps, choice: ProviderChoice, report: ReviewReport, sopText: string, token: vscode.CancellationToken) {
  const abort = new AbortController();
  const sub = token.onCancellationRequested(() => abort.abort());
  const request: DraftRequest = {
    bundle: { root: '', selection: [], included: [], excluded: [], notes: [] },
    audience: '',
    title: report.title,
    workdir: '',
    messages: reviewMessages(report, sopText),
  };
  let text = '';
  try {
    deps.log.info(`Review: asking ${choice.provider.id} (${choice.provider.model}) at ${choice.destination} for its reading`);
    for await (const piece of choice.provider.draft(request, abort.signal)) text += piece;
  } finally {
    sub.dispose();
  }
  return { provider: choice.provider.id, model: choice.provider.model, text: text.trim() };
}

/** SOP: Review — answers the seven review questions with evidence and links, and says whether the SOP is ready to approve. */
export async function reviewCommand(deps: ReviewDeps, uri?: vscode.Uri, options: ReviewOptions = {}): Promise<ReviewOutcome | undefined> {
  const target = await sopTarget(deps, 'SOP: Review', uri);
  if (!target) return undefined;
  const { document, ws, sop } = target;
  const sopText = sop.text;
  // Runs that cannot be read leave the review as it is: they are a question for `sop conform`.
  const report = reviewOf(sop, await conformSopRuns(ws, sop).catch(() => undefined));
  const outPath = await reviewReportPath(ws, sop);
  const out = uriOf(target.folder.uri, outPath);
  let reading: Awaited<ReturnType<typeof modelReading>> | undefined;
  let modelError: string | undefined;
  try {
    const wanted = vscode.workspace.getConfiguration(SECTION).get<string>('review.modelReading', 'auto') !== 'off';
    const choice = wanted ? await chooseProvider(deps.context.secrets, deps.log) : undefined;
    if (choice && choice.descriptor.capabilities.isModel) {
      reading = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `SOP: Review — asking ${choice.provider.model} for its own reading`, cancellable: true },
        (_progress, token) => modelReading(deps, choice, report, sopText, token),
      );
    }
  } catch (e) {
    modelError = e instanceof DraftError || e instanceof Error ? e.message : String(e);
    deps.log.warn(`Review: the model's reading was left out: ${modelError}`);
  }
  const markdown = renderReview(sop, report, {
    format: 'markdown',
    reportPath: outPath,
    modelReading: reading && reading.text ? reading : undefined,
    modelError,
  });
  await writeReview(ws, outPath, markdown);
  const rel = vscode.workspace.asRelativePath(out, false);
  deps.log.info(`Review of ${sop.relPath}: ${report.ready ? 'ready to approve' : 'not ready'}; report in ${rel}`);
  if (!options.quiet) {
    await vscode.commands.executeCommand('markdown.showLockedPreviewToSide', out);
    const verdict = report.ready ? 'Ready to approve' : `Not ready to approve: ${report.reasons[0] ?? 'see the report'}`;
    const actions = report.ready ? ['Approve…', 'Open Report'] : ['Open Report'];
    void (
      report.ready
        ? vscode.window.showInformationMessage(`${verdict}. Review report: ${rel}`, ...actions)
        : vscode.window.showWarningMessage(`${verdict} Review report: ${rel}`, ...actions)
    ).then((pick) => {
      if (pick === 'Approve…') void vscode.commands.executeCommand('sopBuilder.approve', document.uri);
      if (pick === 'Open Report') void vscode.window.showTextDocument(out);
    });
  }
  return { uri: out, report, modelError };
}
