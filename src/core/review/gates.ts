import type { ApprovalGate } from '../sop/model';
import { gateNaming } from '../lint/rules/unnamed-approval-gate';
import { classifySteps, roleIn } from '../sop/stepKinds';
import { filledSections, fromIssue, issuesOf, lineAt, plural, quote, sectionName, type ReviewContext, type ReviewQuestion } from './context';
import type { ReviewFinding } from './types';

/** "Step 5" for a gate inside a numbered step, else the heading of the section it is in. */
function placeOf(ctx: ReviewContext, gate: ApprovalGate): string {
  const step = ctx.doc.steps.findIndex((s) => gate.sentence.start >= s.start && gate.sentence.start < s.end);
  if (step >= 0) return `Step ${ctx.doc.steps[step].number ?? step + 1}`;
  return gate.section ? `Under ${sectionName(gate.section)}` : 'Before the first section';
}

export const gatesQuestion: ReviewQuestion = {
  id: 'gates',
  label: 'Approvals and escalation',
  question: 'Does it name the places where a human must approve, verify or escalate?',
  answer(ctx) {
    const { doc } = ctx;
    const unnamedIssues = issuesOf(ctx, 'unnamed-approval-gate');
    const unnamedAt = new Set(unnamedIssues.map((i) => i.range.start.line));
    const findings: ReviewFinding[] = [];
    const unnamed: ApprovalGate[] = [];
    const names = gateNaming(doc, ctx.config.roleWords);
    let skipped = 0;
    for (const gate of doc.gates) {
      const line = gate.sentence.range.start.line;
      if (unnamedAt.has(line)) {
        unnamed.push(gate);
        findings.push({ text: `${placeOf(ctx, gate)}: ${quote(gate.sentence.text)} — does not say who approves.`, line });
        continue;
      }
      if (!names(gate)) {
        // The writer turned the rule off here (a change log quoting an old step, say): not a gate of this SOP.
        skipped++;
        findings.push({
          text: `${placeOf(ctx, gate)}: ${quote(gate.sentence.text)} names no approver, but the unnamed-approval-gate rule is off for it, so it is not counted.`,
          line,
        });
        continue;
      }
      const who = roleIn(gate.sentence.text, doc);
      findings.push({ text: `${placeOf(ctx, gate)}: ${quote(gate.sentence.text)} — ${who ? `approved by ${who}` : 'names who approves'}.`, line });
    }
    const stops = classifySteps(doc).flatMap((s) => s.stops.map((stop) => ({ step: s, stop })));
    for (const { step, stop } of stops) {
      findings.push({ text: `Step ${step.step.number ?? step.index} says when to stop: ${quote(stop.text)}`, line: stop.range.start.line });
    }

    const escalation = filledSections(ctx, 'escalation');
    const incomplete = issuesOf(ctx, 'incomplete-escalation');
    if (escalation.length === 0) {
      const heading = doc.sectionsOf('escalation')[0];
      findings.push({
        text: heading ? `The Escalation section ${sectionName(heading)} is empty.` : 'There is no Escalation section.',
        line: heading?.heading.range.start.line,
      });
    } else if (incomplete.length === 0) {
      findings.push({
        text: `${sectionName(escalation[0])} says who to contact, what to include and when to stop rather than guess.`,
        line: lineAt(doc, escalation[0].heading.start),
      });
    }
    findings.push(...incomplete.map(fromIssue));

    const gates = doc.gates.length - skipped;
    const parts = [
      gates > 0
        ? `${plural(gates, 'approval gate')}${unnamed.length ? ` (${unnamed.length} without an approver)` : ', each naming who approves'}`
        : 'no approval gate',
      stops.length > 0 ? `${plural(stops.length, 'stop condition')} in the steps` : '',
      escalation.length === 0 ? 'no escalation rules' : incomplete.length > 0 ? 'escalation rules that leave something out' : 'complete escalation rules',
    ].filter(Boolean);
    const summary = `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase());

    if (unnamed.length > 0) {
      return {
        verdict: 'no',
        summary,
        findings,
        next: 'Name the role or person who approves in each gate sentence ("get sign-off from the Finance manager").',
      };
    }
    if (gates === 0 && stops.length === 0 && escalation.length === 0) {
      return {
        verdict: 'no',
        summary,
        findings,
        next: 'Say where a person must approve or check before work goes on, and add an Escalation section: who to contact, what to include, when to stop.',
      };
    }
    if (escalation.length === 0 || incomplete.length > 0 || (gates === 0 && stops.length === 0)) {
      const next =
        escalation.length === 0 || incomplete.length > 0
          ? 'Complete the Escalation section: who to contact, what evidence to include, and when to stop rather than guess.'
          : 'Say in the steps where a person must approve or check before work goes on (or say that nothing needs approval).';
      return { verdict: 'partly', summary, findings, next };
    }
    return { verdict: 'yes', summary, findings };
  },
};
