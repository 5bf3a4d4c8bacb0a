import { slugify } from '../skill/export';
import type { SopDocument } from '../sop/model';
import { classifySteps } from '../sop/stepKinds';
import { cleanStepText, type PlannedStep } from './plan';

/**
 * The steps after each approval gate, for the workflow: each gate becomes a job that GitHub starts only once
 * the gate's approver approved it, through a deployment environment whose required reviewers are that person.
 * The job after a gate covers the steps up to and including the next gate's request.
 */
export interface GateStage {
  gate: PlannedStep & { approver: string };
  /** The deployment environment named after the approver: `sop-approval-priya-nair`. */
  environment: string;
  steps: PlannedStep[];
}

/** "Priya Nair (Finance manager)" → `sop-approval-priya-nair`; "the Finance manager" → `sop-approval-finance-manager`. */
export function approvalEnvironment(approver: string): string {
  const who = approver.replace(/\s*\(.*\)\s*$/, '').replace(/^the\s+/i, '');
  return `sop-approval-${slugify(who) || 'approver'}`.slice(0, 100).replace(/-+$/, '');
}

export function gateStagesOf(doc: SopDocument, fallbackWho: string): GateStage[] {
  const classified = classifySteps(doc);
  const planned = classified.map((c): PlannedStep => ({
    number: c.step.number ?? c.index,
    text: cleanStepText(doc, c.step.start, c.step.end),
    line: doc.lines.positionAt(c.step.start).line + 1,
  }));
  const stages: GateStage[] = [];
  classified.forEach((c, i) => {
    if (c.kind !== 'gate') return;
    const next = classified.findIndex((d, j) => j > i && d.kind === 'gate');
    const steps = planned.slice(i + 1, next < 0 ? undefined : next + 1);
    const approver = c.who ?? fallbackWho;
    if (steps.length > 0) stages.push({ gate: { ...planned[i], approver }, environment: approvalEnvironment(approver), steps });
  });
  return stages;
}
