import { classifySteps, type StepKind } from '../sop/stepKinds';
import { filledSections, listWords, plural, quote, sectionItems, sectionName, type ReviewQuestion } from './context';
import type { ReviewFinding } from './types';

export const judgmentQuestion: ReviewQuestion = {
  id: 'judgment',
  label: 'Mechanical vs judgment',
  question: 'Does it distinguish mechanical steps from judgment calls?',
  answer(ctx) {
    const { doc } = ctx;
    const steps = classifySteps(doc);
    if (steps.length === 0) {
      return {
        verdict: 'no',
        summary: 'There are no numbered steps, so nothing says which work is mechanical and which needs a person to decide.',
        findings: doc.sectionsOf('steps').map((s) => ({ text: `${sectionName(s)} has no numbered list of steps.`, line: s.heading.range.start.line })),
        next: 'Write the procedure as a numbered list and end each step with "— mechanical" or "— judgment".',
      };
    }
    const count = (kind: StepKind) => steps.filter((s) => s.kind === kind).length;
    const counts = `${plural(steps.length, 'step')}: ${count('mechanical')} mechanical, ${count('judgment')} judgment, ${plural(count('gate'), 'approval gate')}, ${count('unmarked')} unmarked`;
    const findings: ReviewFinding[] = [];
    const unmarked = steps.filter((s) => s.kind === 'unmarked');
    for (const s of unmarked) {
      findings.push({
        text: `Step ${s.step.number ?? s.index} does not say whether it is mechanical or a judgment call: ${quote(s.step.text)}`,
        line: s.step.range.start.line,
      });
    }
    for (const s of steps.filter((x) => x.kind === 'judgment')) {
      findings.push({
        text: `Step ${s.step.number ?? s.index} is a judgment call${s.who ? ` (${s.who})` : ''}: ${quote(s.step.text)}`,
        line: s.step.range.start.line,
      });
    }

    const decisions = filledSections(ctx, 'decisions');
    const rules = decisions.flatMap((s) => sectionItems(ctx, s));
    if (decisions.length > 0)
      findings.push({ text: `${sectionName(decisions[0])} lists ${plural(rules.length, 'decision')}.`, line: decisions[0].heading.range.start.line });
    else
      findings.push({
        text: doc.sectionsOf('decisions').length > 0 ? 'The Decision points section is empty.' : 'There is no Decision points section.',
        line: doc.sectionsOf('decisions')[0]?.heading.range.start.line,
      });

    const needsDecisions = count('judgment') + count('gate') > 0;
    if (unmarked.length > 0 && unmarked.length === steps.length - count('gate')) {
      return {
        verdict: 'no',
        summary: `${counts}: no step is marked mechanical or judgment, so a reader (or an automation) cannot tell which steps need a person.`,
        findings,
        next: 'End each step with "— mechanical" (anyone can repeat it the same way) or "— judgment" (someone decides), and list the judgment calls under Decision points.',
      };
    }
    const gaps: string[] = [];
    if (unmarked.length > 0) gaps.push(`${plural(unmarked.length, 'step is', 'steps are')} not marked`);
    if (decisions.length === 0)
      gaps.push(
        needsDecisions
          ? 'the judgment calls are not explained under Decision points'
          : 'there is no Decision points section to say that nothing needs deciding',
      );
    if (gaps.length > 0) {
      return {
        verdict: 'partly',
        summary: `${counts}; ${listWords(gaps)}.`,
        findings,
        next:
          unmarked.length > 0
            ? 'Mark the unmarked steps "— mechanical" or "— judgment", and say under Decision points what each judgment call decides and on what basis.'
            : 'Add a Decision points section: what each judgment call decides and on what basis.',
      };
    }
    return { verdict: 'yes', summary: `${counts}; ${plural(rules.length, 'decision point')} explained.`, findings };
  },
};
