import { renderReviewJson, renderReviewMarkdown, reviewSop, type ReviewReport } from '../review/review';
import { isReviewReport } from '../sop/reviewReport';
import { sopStem } from '../sop/sopFiles';
import { basename, dirname, relativeTo } from '../workspace/paths';
import { readText, writeText, type Workspace } from '../workspace/port';
import type { SopContext } from './sop';

/** The seven-question review of the SOP, from the findings and the model lint already made. */
export function reviewOf(sop: SopContext): ReviewReport {
  return reviewSop({
    text: sop.text,
    filePath: sop.path,
    workspace: sop.index,
    config: sop.config,
    evidence: sop.evidence,
    linted: { doc: sop.doc, issues: sop.lint.issues },
  });
}

export interface ReviewRendering {
  format: 'markdown' | 'json';
  /** Where the report will be read from (its folder makes the link to the SOP). */
  reportPath: string;
  generatedAt?: string;
  modelReading?: { provider: string; model: string; text: string };
  modelError?: string;
}

export function renderReview(sop: SopContext, report: ReviewReport, o: ReviewRendering): string {
  // The link to the SOP works from where the report is read.
  const sopLink = relativeTo(dirname(o.reportPath), sop.path);
  return o.format === 'json'
    ? renderReviewJson(report, { sopLink, generatedAt: o.generatedAt })
    : renderReviewMarkdown(report, { sopLink, generatedAt: o.generatedAt, modelReading: o.modelReading, modelError: o.modelError });
}

async function replaceable(ws: Workspace, path: string): Promise<'new' | 'report' | 'other'> {
  const st = await ws.stat(path).catch(() => undefined);
  if (!st) return 'new';
  if (st.type !== 'file') return 'other';
  const text = await readText(ws, path, 64 * 1024).catch(() => '');
  return isReviewReport(text) ? 'report' : 'other';
}

/** `<sop>.review.md` beside the SOP: an earlier report there is replaced; any other file never is (`-2`, `-3`, … instead). */
export async function reviewReportPath(ws: Workspace, sop: SopContext): Promise<string> {
  const stem = sopStem(basename(sop.path));
  for (let n = 1; n < 1000; n++) {
    const candidate = `${dirname(sop.path)}/${stem}.review${n === 1 ? '' : `-${n}`}.md`;
    if ((await replaceable(ws, candidate)) !== 'other') return candidate;
  }
  throw new Error(`The folder of ${sop.relPath} holds 1000 files named like its review report: move them away and review again.`);
}

/** Writes a report, only ever over an earlier report; throws with what to do for any other file. */
export async function writeReview(ws: Workspace, path: string, text: string): Promise<void> {
  const kind = await replaceable(ws, path);
  if (kind === 'other') {
    throw new Error(`${path} already exists and is not a report written by SOP: Review, so it was left as it is. Choose another file, or move that one away.`);
  }
  await writeText(ws, path, text, { overwrite: kind === 'report' });
}
