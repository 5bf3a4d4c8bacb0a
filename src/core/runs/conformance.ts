import type { RunEvent, RunFinished, StepRef } from './events';
import type { RunLog, RunLogProblem } from './runLog';
import { longestInOrder } from './inOrder';
import { matchSteps, type IdentifiedStep } from './stepIdentity';

/**
 * Whether a run followed the SOP: what was done, aligned against the SOP's step order, and whether any step
 * went ahead of an approval gate. Pure data in and out; `summariseRuns` adds the rates across runs.
 */

/** The SOP as it is now: the version runs are measured against. */
export interface SopVersion {
  steps: IdentifiedStep[];
  bodySha256: string;
  /** When it was last approved (YYYY-MM-DD), when it was. */
  approvedOn?: string;
}

export type StepOutcome = 'done' | 'different' | 'skipped' | 'failed' | 'not-recorded' | 'not-reached';

export interface StepResult {
  step: IdentifiedStep;
  outcome: StepOutcome;
  /** When the outcome was recorded. */
  at?: string;
  /** From the event before it (the previous step, an approval or the start) to this step's outcome. */
  durationMs?: number;
  /** The reason for a skip, the error of a failure, "what — why" of a step done differently. */
  detail?: string;
}

/** A step recorded done while an approval gate before it had no person's approval yet: a hard failure. */
export interface GateViolation {
  gate: IdentifiedStep;
  step: IdentifiedStep;
  line: number;
  message: string;
}

export interface RunConformance {
  run: string;
  path: string;
  startedAt?: string;
  finished?: RunFinished['outcome'];
  /** The run followed the SOP's current text (same body hash): counted in the rates since approval. */
  sameVersion: boolean;
  steps: StepResult[];
  /** Events about steps the SOP does not have (any more). */
  extra: Array<{ step: StepRef; line: number }>;
  /** Steps done out of the SOP's order: those outside the longest run of steps done in order. */
  reordered: IdentifiedStep[];
  violations: GateViolation[];
  problems: RunLogProblem[];
  /** Every step so far as written, in order, no gate passed early; a finished run also completed. */
  followed: boolean;
}

/** Joins a run's step references to the current steps: by id, else by the text the run saw (a reworded step). */
export class StepResolver {
  private readonly byId: Map<string, IdentifiedStep>;
  private readonly matched = new Map<string, string | null>();
  /** Each step's place in the SOP's order, by id. */
  readonly position: Map<string, number>;
  constructor(private readonly current: IdentifiedStep[]) {
    this.byId = new Map(current.map((s) => [s.id, s]));
    this.position = new Map(current.map((s, i) => [s.id, i]));
  }
  resolve(ref: StepRef): IdentifiedStep | undefined {
    const direct = this.byId.get(ref.id);
    if (direct) return direct;
    // Cached per id: the 10,000 runs of one older version ask about the same reworded steps.
    if (!this.matched.has(ref.id)) this.matched.set(ref.id, matchSteps([ref], this.current).get(ref.id) ?? null);
    const to = this.matched.get(ref.id);
    return to ? this.byId.get(to) : undefined;
  }
}

const COMPLETION = new Set<RunEvent['type']>(['step-done', 'step-different', 'step-failed', 'step-skipped']);

export function conformRun(path: string, log: RunLog, sop: SopVersion, resolver = new StepResolver(sop.steps)): RunConformance {
  const started = log.events[0]?.type === 'run-started' ? log.events[0] : undefined;
  const finishedEvent = log.events.find((e): e is RunFinished => e.type === 'run-finished');
  const position = resolver.position;
  const last = new Map<string, StepResult>();
  const firstDoneLine = new Map<string, number>();
  const approvedLine = new Map<string, number>();
  const skippedGates = new Set<string>();
  const extra: RunConformance['extra'] = [];
  const completions: Array<{ step: IdentifiedStep; line: number }> = [];
  let mark = started ? Date.parse(started.at) : undefined;

  log.events.forEach((e, i) => {
    const line = log.lines[i];
    if (!('step' in e) || !e.step) return;
    const step = resolver.resolve(e.step);
    if (!step) {
      if (e.type !== 'note') extra.push({ step: e.step, line });
      return;
    }
    const at = Date.parse(e.at);
    if (e.type === 'gate-approved') {
      if (!approvedLine.has(step.id)) approvedLine.set(step.id, line);
      mark = at;
      return;
    }
    if (!COMPLETION.has(e.type)) return;
    const result: StepResult = {
      step,
      outcome: outcomeOf(e),
      at: e.at,
      durationMs: mark === undefined ? undefined : Math.max(0, at - mark),
      detail: detailOf(e),
    };
    last.set(step.id, result);
    mark = at;
    if (e.type === 'step-skipped') {
      if (step.gate) skippedGates.add(step.id);
      return;
    }
    if (!firstDoneLine.has(step.id)) firstDoneLine.set(step.id, line);
    if (e.type !== 'step-failed') completions.push({ step, line });
  });

  const unrecorded: StepOutcome = finishedEvent ? 'not-recorded' : 'not-reached';
  const steps = sop.steps.map((s) => last.get(s.id) ?? { step: s, outcome: unrecorded });
  const doneInOrder = [...firstDoneLine].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  const inOrder = longestInOrder(doneInOrder.map((id) => position.get(id)!));
  const reordered = doneInOrder.filter((_, i) => !inOrder.has(i)).map((id) => sop.steps[position.get(id)!]);
  const violations = gateViolations(sop.steps, position, completions, approvedLine, skippedGates);
  const deviates = steps.some((s) => s.outcome !== 'done' && s.outcome !== 'not-reached');
  return {
    run: started?.run ?? path.replace(/^.*\/|\.jsonl$/g, ''),
    path,
    startedAt: started?.at,
    finished: finishedEvent?.outcome,
    sameVersion: started?.sop.bodySha256 === sop.bodySha256,
    steps,
    extra,
    reordered,
    violations,
    problems: log.problems,
    followed:
      (finishedEvent === undefined || finishedEvent.outcome === 'completed') &&
      !deviates &&
      extra.length === 0 &&
      reordered.length === 0 &&
      violations.length === 0,
  };
}

function outcomeOf(e: RunEvent): StepOutcome {
  return e.type === 'step-skipped' ? 'skipped' : e.type === 'step-failed' ? 'failed' : e.type === 'step-different' ? 'different' : 'done';
}

function detailOf(e: RunEvent): string | undefined {
  if (e.type === 'step-skipped') return e.reason;
  if (e.type === 'step-failed') return e.error;
  if (e.type === 'step-different') return `${e.what} — ${e.why}`;
  return undefined;
}

/** Every step after a gate recorded done or done differently before a person's approval of that gate (a skipped gate did not apply). */
function gateViolations(
  steps: IdentifiedStep[],
  position: Map<string, number>,
  completions: Array<{ step: IdentifiedStep; line: number }>,
  approvedLine: Map<string, number>,
  skippedGates: Set<string>,
): GateViolation[] {
  const violations: GateViolation[] = [];
  for (const gate of steps) {
    if (!gate.gate || skippedGates.has(gate.id)) continue;
    const gateAt = position.get(gate.id)!;
    const approval = approvedLine.get(gate.id);
    for (const { step, line } of completions) {
      if (position.get(step.id)! <= gateAt || (approval !== undefined && approval < line)) continue;
      const who = gate.gate.approver ? ` by ${gate.gate.approver}` : ' by a person';
      violations.push({
        gate,
        step,
        line,
        message: `step ${step.number} was recorded done (line ${line}) before step ${gate.number}'s approval gate ("${gate.gate.phrase}") was approved${who}`,
      });
    }
  }
  return violations;
}
