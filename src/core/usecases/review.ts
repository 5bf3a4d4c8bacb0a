import { renderReviewJson, renderReviewMarkdown, reviewSop, type ReviewReport } from '../review/review';
import type { RunsAnswer } from '../review/types';
import type { SopConformance } from '../runs/summary';
import { isReviewReport } from '../sop/reviewReport';
import { sopStem } from '../sop/sopFiles';
import { basename, dirname, relativeTo } from '../workspace/paths';
import { readText, writeText, type Workspace } from '../workspace/port';
import type { SopContext } from './sop';

/**
 * The seven-question review of the SOP, from the findings and the model lint already made; with its runs'
 * conformance, it also says whether the SOP has been followed since it was approved.
 */
export function reviewOf(sop: SopContext, runs?: SopConformance): ReviewReport {
  const report = reviewSop({
    text: sop.text,
    filePath: sop.path,
    workspace: sop.index,
    config: sop.config,
    evidence: sop.evidence,
    linted: { doc: sop.doc, issues: sop.lint.issues },
  });
  return runs ? { ...report, runs: runsAnswer(sop.relPath, runs) } : report;
}

/** "Has this SOP been followed since it was approved?", in words, from its runs. */
export function runsAnswer(sopRel: string, c: SopConformance): RunsAnswer {
  const n = (k: number) => `${k} run${k === 1 ? '' : 's'}`;
  const since = c.approvedOn ? `since its approval on ${c.approvedOn}` : 'of its current text';
  const earlier = c.otherVersions ? ` (${n(c.otherVersions)} of an earlier text counted apart)` : '';
  const failed = c.runs.filter((r) => r.sameVersion && r.violations.length > 0).length;
  const summary =
    c.verdict === 'not yet tried'
      ? `Not yet tried: no run is recorded. Follow it once (\`sop run start --sop ${sopRel}\`): if someone finishes the work with fewer questions, it is working; if it confuses them, revise it.`
      : c.verdict === 'followed'
        ? `Yes: ${n(c.sameVersion)} ${since} followed it${earlier}.`
        : c.verdict === 'hard failures'
          ? `No: in ${n(failed)} ${since}, a step was done before its approval gate was approved${earlier}. See \`sop conform\`.`
          : `Partly: ${n(c.sameVersion)} ${since}, with deviations${earlier}. See \`sop conform\`.`;
  return { verdict: c.verdict, summary, persistent: c.persistent };
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
