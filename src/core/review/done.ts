import { filledSections, listWords, plural, quote, sectionItems, sectionName, type ReviewContext, type ReviewQuestion } from './context';
import type { SectionKind } from '../sop/sections';
import type { ReviewFinding } from './types';

/** A check someone can carry out and see pass or fail: a number, a file, a message to look for, a comparison, a count. */
const CONCRETE =
  /\d|`|"[^"]{2,}"|“[^”]{2,}”|\/|\.[a-z]{2,4}\b|\b(?:match(?:es)?|equals?|same as|compare|total|totals|sum|count|every|each|no (?:\w+ )?(?:rows?|errors?|lines?|items?|duplicates?)|at least|at most|within|exit code|appears?|signed[- ]off|sign-off|approved|zero|none|all)\b/i;
/** Checks that ask the reader to feel sure rather than to look at something. */
const VAGUE =
  /\b(?:looks? (?:right|good|ok|okay|fine|correct)|make sure (?:it|everything) is (?:ok|okay|fine|right|correct)|sanity[- ]check|double[- ]check|seems? (?:right|fine|ok))\b/i;

function missing(ctx: ReviewContext, kind: SectionKind, name: string): ReviewFinding {
  const heading = ctx.doc.sectionsOf(kind)[0];
  return heading
    ? { text: `The ${name} section ${sectionName(heading)} is empty.`, line: heading.heading.range.start.line }
    : { text: `There is no ${name} section.` };
}

export const doneQuestion: ReviewQuestion = {
  id: 'done',
  label: 'What done looks like',
  question: 'Does it explain what "done" looks like?',
  answer(ctx) {
    const output = filledSections(ctx, 'output');
    const quality = filledSections(ctx, 'quality');
    const findings: ReviewFinding[] = [];
    if (output.length > 0) {
      const items = output.flatMap((s) => sectionItems(ctx, s));
      findings.push({
        text: `${sectionName(output[0])} names ${plural(items.length, 'result')}${items[0] ? `, starting with ${quote(items[0].text, 70)}` : ''}.`,
        line: output[0].heading.range.start.line,
      });
    } else findings.push(missing(ctx, 'output', 'Expected output'));

    const checks = quality.flatMap((s) => sectionItems(ctx, s));
    const vague = checks.filter((c) => VAGUE.test(c.text) || !CONCRETE.test(c.text));
    if (quality.length > 0)
      findings.push({
        text: `${sectionName(quality[0])} has ${plural(checks.length, 'check')}, ${checks.length - vague.length} of them concrete.`,
        line: quality[0].heading.range.start.line,
      });
    else findings.push(missing(ctx, 'quality', 'Quality checks'));
    for (const c of vague) findings.push({ text: `This check does not say what to look at or what passes: ${quote(c.text)}`, line: c.line });

    const parts = [
      output.length > 0 ? 'an expected output' : 'no expected output',
      quality.length > 0 ? `${plural(checks.length, 'quality check')}${vague.length ? ` (${vague.length} vague)` : ''}` : 'no quality checks',
    ];
    const summary = `It has ${listWords(parts)}.`;
    if (output.length === 0 && quality.length === 0) {
      return {
        verdict: 'no',
        summary,
        findings,
        next: 'Add an Expected output section (what exists when the work is done, and where) and Quality checks a reader can verify.',
      };
    }
    if (output.length === 0 || quality.length === 0 || vague.length > 0) {
      const next =
        output.length === 0
          ? 'Add an Expected output section: what exists when the work is done, and where.'
          : quality.length === 0
            ? 'Add Quality checks: what to compare or count to know the result is right.'
            : 'Rewrite the vague checks so each names what to compare, count or open, and what passes.';
      return { verdict: 'partly', summary, findings, next };
    }
    return { verdict: 'yes', summary, findings };
  },
};
