import { sopStem } from '../sop/sopFiles';
import { defaultConfig } from '../lint/config';
import { lintSop } from '../lint/lint';
import type { LintIssue } from '../lint/types';
import { basename, relativeTo, toPosix } from '../workspace/paths';
import { approvalRecord } from '../sop/approvalRecord';
import { listWords, plural, quote, type ReviewQuestion } from './context';
import { openItems, type OpenItem, type OpenItemKind } from '../sop/openItems';
import { doneQuestion } from './done';
import { failuresQuestion } from './failures';
import { gatesQuestion } from './gates';
import { inputsQuestion } from './inputs';
import { judgmentQuestion } from './judgment';
import { pathsQuestion } from './paths';
import { sensitiveQuestion } from './sensitive';
import type { ReviewAnswer, ReviewFinding, ReviewInput, ReviewReport } from './types';

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
  const root = input.workspace?.rootOf(filePath);
  const evidence = approvalRecord(doc, { facts: input.evidence, sopRel: root ? relativeTo(root, filePath) : undefined }).evidence;
  const ctx = { doc, issues, filePath, workspace: input.workspace, config, evidence };
  const answers: ReviewAnswer[] = QUESTIONS.map((q) => ({ id: q.id, question: q.question, ...q.answer(ctx) }));
  const count = (severity: string) => issues.filter((i) => i.severity === severity).length;
  const lint = { errors: count('error'), warnings: count('warning'), info: count('info') };
  const title = doc.title?.text.trim() || sopStem(basename(filePath));
  const open = openItems(doc);
  return { title, filePath, answers, lint, openItems: open.map(describeOpenItem), ...verdict(answers, issues, open) };
}

const OPEN_LABEL: Record<OpenItemKind, [string, string]> = {
  question: ['question for the owner', 'questions for the owner'],
  banner: ["drafter's note to check every step", "drafter's notes to check every step"],
  'unfinished-draft': ['unfinished-draft marker', 'unfinished-draft markers'],
  placeholder: ['placeholder', 'placeholders'],
};

function describeOpenItem(item: OpenItem): ReviewFinding {
  const what: Record<OpenItemKind, string> = {
    question: 'Unanswered',
    banner: "The drafter's note is still there",
    'unfinished-draft': 'The draft did not finish',
    placeholder: 'Placeholder left in',
  };
  return { text: `${what[item.kind]}: ${quote(item.text)}`, line: item.line };
}

/** "3 questions for the owner (lines 12, 40, 77)" for each kind, in the order they first appear. */
function openSummary(open: OpenItem[]): string {
  const kinds = [...new Set(open.map((o) => o.kind))];
  return listWords(
    kinds.map((k) => {
      const of = open.filter((o) => o.kind === k);
      const lines = of.slice(0, 6).map((o) => o.line + 1);
      const more = of.length > 6 ? ', …' : '';
      return `${of.length} ${OPEN_LABEL[k][of.length === 1 ? 0 : 1]} (${of.length === 1 ? 'line' : 'lines'} ${lines.join(', ')}${more})`;
    }),
  );
}

function verdict(answers: ReviewAnswer[], issues: LintIssue[], open: OpenItem[]): Pick<ReviewReport, 'ready' | 'reasons'> {
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
  if (open.length > 0) {
    reasons.push(
      `The draft is not finished: ${openSummary(open)} ${open.length === 1 ? 'is' : 'are'} still open. Answer each question in the SOP's own words and delete it, remove the drafter's note once every step is checked, and fill in the placeholders; then review again.`,
    );
  }
  const ready = errors.length === 0 && no.length === 0 && open.length === 0;
  if (ready) {
    reasons.push(
      `No lint errors remain, none of the seven questions is answered "no" and nothing is left open: ready for the approver to sign off (SOP: Approve in the editor).`,
    );
  }
  const lead = ready ? 'worth a look before approving' : 'also to fix';
  for (const a of partly) reasons.push(`${label(a)} — answered "partly", ${lead}: ${a.next ?? a.summary}`);
  return { ready, reasons };
}
