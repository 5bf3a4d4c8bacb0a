import { filledSections, plural, quote, sectionItems, sectionName, type ReviewQuestion } from './context';
import type { ReviewFinding } from './types';

/** "**The export has the wrong month:** check the filter" → the part after the label says what to do. */
const LABEL = /^(?:\*\*|__)?([^*_:]{1,120}?)(?:\*\*|__)?\s*(?::|—|–|->|→|\s-\s)\s*(?:\*\*|__)?\s*/;
/** Labels that announce the recovery itself. */
const RECOVERY_LABEL = /^(?:fix|fixed by|what fixed it|recovery|recover|to recover|what to do|do|solution|workaround|resolution|remedy|action)$/i;
/** A clause that tells the reader what to do: it starts with an instruction. */
const INSTRUCTION =
  /(?:^|[.;:,—–→]\s*|\b(?:then|and|so|just|instead)\s+)(?:re-?run|run|retry|try|re-?download|download|re-?export|export|check|verify|confirm|restore|revert|undo|roll back|correct|fix|escalate|ask|contact|tell|stop|wait|see|do not|don't|never|update|replace|remove|delete|use|call|e-?mail|raise|open|send|set|change|reset|log in|refresh|reconnect|skip|move|rename|fill|add|resolve|repeat|re-?import|import|reconcile|compare|post|note|record|report|request|get|follow|look|hold|pause|park|leave)\b/i;
/** Words that say the text is about recovering even when it is not an instruction ("Re-ran with…, fine"). */
const RECOVERED = /\b(?:re-?ran|fixed (?:it|by)|resolved by|workaround|recover(?:s|ed|y)?)\b/i;

/** Whether a failure case says what to do about it. */
export function hasRecovery(text: string): boolean {
  const t = text.trim();
  const label = t.match(LABEL);
  if (label && RECOVERY_LABEL.test(label[1].trim())) return true;
  const rest = label ? t.slice(label[0].length) : t;
  return INSTRUCTION.test(rest) || RECOVERED.test(rest);
}

export const failuresQuestion: ReviewQuestion = {
  id: 'failures',
  label: 'Failures and recovery',
  question: 'Does it include common failure cases and how to recover from them?',
  answer(ctx) {
    const sections = filledSections(ctx, 'failures');
    if (sections.length === 0) {
      const heading = ctx.doc.sectionsOf('failures')[0];
      return {
        verdict: 'no',
        summary: heading
          ? `The Common failures section ${sectionName(heading)} is empty.`
          : 'There is no Common failures section: nothing tells the reader what usually goes wrong or how to recover.',
        findings: [
          heading
            ? { text: `${sectionName(heading)} has nothing under it.`, line: heading.heading.range.start.line }
            : { text: 'No section with a heading such as "Common failures", "Troubleshooting" or "Known issues".' },
        ],
        next: 'Add a Common failures section: each thing that has gone wrong before, and what to do when it happens.',
      };
    }
    const cases = sections.flatMap((s) => sectionItems(ctx, s));
    const without = cases.filter((c) => !hasRecovery(c.text));
    const findings: ReviewFinding[] = [];
    for (const c of without) findings.push({ text: `This failure does not say how to recover: ${quote(c.text)}`, line: c.line });
    for (const c of cases.filter((x) => !without.includes(x))) findings.push({ text: `Failure with a recovery: ${quote(c.text)}`, line: c.line });
    const summary = `${sectionName(sections[0])} lists ${plural(cases.length, 'failure case')}; ${without.length === 0 ? 'each says what to do' : `${without.length} of them ${without.length === 1 ? 'does' : 'do'} not say how to recover`}.`;
    if (cases.length > 0 && without.length === cases.length) {
      return { verdict: 'no', summary, findings, next: 'After each failure, say what to do: how to fix or redo it, or whom to ask.' };
    }
    if (without.length > 0) return { verdict: 'partly', summary, findings, next: 'Add what to do to the failures that only describe the problem.' };
    return { verdict: 'yes', summary, findings };
  },
};
