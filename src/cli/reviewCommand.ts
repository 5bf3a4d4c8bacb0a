import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { resolveConfig } from '../core/lint/config';
import { ruleIds } from '../core/lint/lint';
import { isReviewReport, renderReviewJson, renderReviewMarkdown, reviewSop } from '../core/review/review';
import { isInside, relativeTo, toPosix } from '../core/workspace/paths';
import { configProblemsText, diskEvidence } from './lintCommand';
import { indexFolder, readTextIfExists } from './nodeWorkspace';
import { UsageError, type CommandResult } from './usage';

export interface ReviewOptions {
  format: 'markdown' | 'json';
  workspace: string;
  path: string;
  /** Write the report here instead of to stdout; only ever over an earlier review report. */
  out?: string;
}

/** Where the report may go: a new file, or one this command wrote before. Anything else is left alone. */
function checkOut(out: string, given: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isFile()) throw new UsageError(`${given} is a folder: pass --out with a file name, e.g. ${toPosix(given).replace(/\/+$/, '')}/review.md.`);
  if (!isReviewReport(readTextIfExists(out) ?? '')) {
    throw new UsageError(`${given} already exists and is not a report written by sop review, so it was left as it is. Choose another --out file, or move that one away.`);
  }
}

/** `sop review`: lints and reviews one SOP; exit 0 when it is ready to approve, 1 when it is not. */
export function runReview(o: ReviewOptions): CommandResult {
  const workspace = toPosix(resolve(o.workspace));
  const sop = toPosix(resolve(o.path));
  if (!existsSync(sop) || !statSync(sop).isFile()) throw new UsageError(`${o.path}: no such SOP file.`);
  if (!isInside(workspace, sop)) throw new UsageError(`${o.path} is outside the workspace ${workspace}; pass --workspace with a folder that contains it.`);
  const text = readTextIfExists(sop);
  if (text === undefined) throw new UsageError(`${o.path} could not be read.`);
  const out = o.out === undefined ? undefined : resolve(o.out);
  if (out) checkOut(out, o.out!);

  const { config, problems } = resolveConfig(sop, [workspace], readTextIfExists, ruleIds());
  if (problems.length > 0) return { exitCode: 2, stdout: '', stderr: configProblemsText(workspace, problems) };
  const report = reviewSop({ text, filePath: sop, workspace: indexFolder(workspace), config, evidence: diskEvidence(workspace) });

  // The link to the SOP works from where the report is read: its own folder, or where the command ran.
  const sopLink = out ? relativeTo(toPosix(dirname(out)), sop) : toPosix(o.path);
  const rendered = o.format === 'json' ? renderReviewJson(report, { sopLink }) : renderReviewMarkdown(report, { sopLink });
  const exitCode = report.ready ? 0 : 1;
  if (!out) return { exitCode, stdout: rendered, stderr: '' };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, rendered, 'utf8');
  const verdict = report.ready ? 'Ready to approve.' : `Not ready to approve: ${report.reasons[0]}`;
  return { exitCode, stdout: toPosix(out) + '\n', stderr: verdict + '\n' };
}
