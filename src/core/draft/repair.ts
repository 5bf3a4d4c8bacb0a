/**
 * The repair round for a model's draft: the draft is linted, and the findings a model can put right from the
 * evidence it already has go back to it once, with its draft. The better of the two drafts is kept, judged by the
 * same lint, so a repair that makes things worse (or fails) costs nothing but the wait.
 */
import type { LintIssue } from '../lint/types';
import type { ChatMessage, DraftRequest } from './types';

/** Rules whose findings a model can fix from the evidence: structure, named approvers, real paths, no placeholders. */
export const REPAIRABLE_RULES: ReadonlySet<string> = new Set([
  'missing-section',
  'empty-section',
  'unnamed-approval-gate',
  'missing-path',
  'path-outside-workspace',
  'placeholder-left',
  'incomplete-escalation',
]);

/** At most this many findings are sent: the first ones, by place, are enough to show what to fix. */
const MAX_FINDINGS = 40;

export function repairableFindings(issues: readonly LintIssue[]): LintIssue[] {
  return issues.filter((i) => REPAIRABLE_RULES.has(i.rule));
}

/**
 * Lower is better: an error weighs as much as three warnings, and the one missing-section finding counts once per
 * part it lists (`missingParts`), so a reply that drops everything does not look better for having fewer findings.
 */
export function findingsScore(issues: readonly LintIssue[], missingParts: number): number {
  const weight = (i: LintIssue) => (i.severity === 'error' ? 10 : i.severity === 'warning' ? 3 : 1);
  return issues.reduce((n, i) => n + (i.rule === 'missing-section' ? weight(i) * Math.max(1, missingParts) : weight(i)), 0);
}

/**
 * The conversation for the repair round: the drafting messages, the model's draft as its own answer, and the
 * findings with their lines in that answer (`bodyLine` turns a line of the whole file into a line of the body).
 */
export function repairMessages(request: DraftRequest, draft: string, findings: readonly LintIssue[], bodyLine: (line: number) => number): ChatMessage[] {
  const listed = [...findings]
    .sort((a, b) => a.range.start.line - b.range.start.line)
    .slice(0, MAX_FINDINGS)
    .map((f) => `- line ${Math.max(1, bodyLine(f.range.start.line) + 1)} (${f.rule}): ${oneLine(f.message)}`);
  const more = findings.length > MAX_FINDINGS ? [`- …and ${findings.length - MAX_FINDINGS} more of the same kinds.`] : [];
  return [
    ...request.messages,
    { role: 'assistant', content: draft },
    {
      role: 'user',
      content: [
        "SOP Builder's linter checked your draft and found the problems below (line numbers count from your draft's first line).",
        'Fix each one using only the evidence above: name the approver the evidence names, use paths that exist in the evidence, add the missing sections with what the evidence says.',
        'Where the evidence does not say, write "Question for the owner:" and the question instead of guessing. Do not invent files, people or approvals.',
        'Reply with the complete corrected SOP in Markdown, starting with its # title, without front matter and without comments about the changes.',
        '',
        ...listed,
        ...more,
      ].join('\n'),
    },
  ];
}

function oneLine(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? `${t.slice(0, 297)}...` : t;
}
