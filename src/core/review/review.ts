import { sopStem } from '../sop/sopFiles';
import { defaultConfig } from '../lint/config';
import { lintSop } from '../lint/lint';
import type { LintIssue } from '../lint/types';
import { basename, toPosix } from '../workspace/paths';
import { plural, type ReviewQuestion } from './context';
import { doneQuestion } from './done';
import { failuresQuestion } from './failures';
import { gatesQuestion } from './gates';
import { inputsQuestion } from './inputs';
import { judgmentQuestion } from './judgment';
import { pathsQuestion } from './paths';
import { sensitiveQuestion } from './sensitive';
import type { ReviewAnswer, ReviewInput, ReviewReport } from './types';

export type { ReviewAnswer, ReviewFinding, ReviewInput, ReviewQuestionId, ReviewReport, ReviewVerdict } from './types';
export { renderReviewJson, renderReviewMarkdown, type RenderReviewOptions } from './render';
export { reviewMessages } from './prompt';

/** The seven questions, in the order the report asks them. Add one by adding its file and a line here. */
export const QUESTIONS: ReviewQuestion[] = [inputsQuestion, judgmentQuestion, gatesQuestion, doneQuestion, failuresQuestion, sensitiveQuestion, pathsQuestion];

/**
 * Reviews an SOP against the seven questions an owner asks before approving it, from the linter's findings
 * and the SOP model, and says whether it is ready to approve.
 */
export function reviewSop(input: ReviewInput): ReviewReport {
  const config = input.config ?? defaultConfig();
  const filePath = toPosix(input.filePath);
  let issues: LintIssue[];
  let doc;
  if (input.linted) {
    ({ doc, issues } = input.linted);
  } else {
    const result = lintSop({ text: input.text, filePath, workspace: input.workspace, config, evidence: input.evidence, now: input.now });
    issues = result.issues;
    doc = result.doc;
  }
  const ctx = { doc, issues, filePath, workspace: input.workspace, config };
  const answers: ReviewAnswer[] = QUESTIONS.map((q) => ({ id: q.id, question: q.question, ...q.answer(ctx) }));
  const count = (severity: string) => issues.filter((i) => i.severity === severity).length;
  const lint = { errors: count('error'), warnings: count('warning'), info: count('info') };
  const title = doc.title?.text.trim() || sopStem(basename(filePath));
  return { title, filePath, answers, lint, ...verdict(answers, issues) };
}

function verdict(answers: ReviewAnswer[], issues: LintIssue[]): Pick<ReviewReport, 'ready' | 'reasons'> {
  const label = (a: ReviewAnswer) => QUESTIONS.find((q) => q.id === a.id)?.label ?? a.id;
  const errors = issues.filter((i) => i.severity === 'error');
  const no = answers.filter((a) => a.verdict === 'no');
  const partly = answers.filter((a) => a.verdict === 'partly');
  const reasons: string[] = [];
  if (errors.length > 0) {
    const where = errors.slice(0, 5).map((i) => `${i.rule} on line ${i.range.start.line + 1}`);
    const more = errors.length > 5 ? ` and ${errors.length - 5} more` : '';
    reasons.push(
      `${plural(errors.length, 'lint error')} ${errors.length === 1 ? 'remains' : 'remain'} (${where.join(', ')}${more}): fix ${errors.length === 1 ? 'it' : 'them'} (sop lint lists each, most with a quick fix), then review again.`,
    );
  }
  for (const a of no) reasons.push(`${label(a)} — answered "no": ${a.summary}${a.next ? ` Next: ${a.next}` : ''}`);
  if (errors.length === 0 && no.length === 0) {
    reasons.push(`No lint errors remain and none of the seven questions is answered "no": ready for the approver to sign off (SOP: Approve in the editor).`);
  }
  const lead = errors.length === 0 && no.length === 0 ? 'worth a look before approving' : 'also to fix';
  for (const a of partly) reasons.push(`${label(a)} — answered "partly", ${lead}: ${a.next ?? a.summary}`);
  return { ready: errors.length === 0 && no.length === 0, reasons };
}
