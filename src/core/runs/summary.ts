import { conformRun, StepResolver, type RunConformance, type SopVersion, type StepOutcome } from './conformance';
import type { RunLog } from './runLog';
import type { IdentifiedStep } from './stepIdentity';

/**
 * Across runs: how often each step was done as written since the SOP's last approval, and the steps that
 * persistently are not, so the owner can change the SOP (or the team) rather than guess.
 */

export interface StepRates {
  step: IdentifiedStep;
  /** Runs of the current version that got as far as this step (done, or recorded otherwise, or finished without it). */
  runs: number;
  done: number;
  different: number;
  skipped: number;
  failed: number;
  /** Median time the step took, in the runs that recorded it. */
  medianMs?: number;
}

export interface SopConformance {
  /** "not yet tried" until a run of the SOP is recorded. */
  verdict: 'not yet tried' | 'followed' | 'deviations' | 'hard failures';
  runs: RunConformance[];
  /** Runs of the current text (same body hash): the runs since approval. */
  sameVersion: number;
  /** When the current text was approved; undefined for an SOP not approved. */
  approvedOn?: string;
  /** Runs of an earlier text, counted apart. */
  otherVersions: number;
  steps: StepRates[];
  /** Steps that deviate in at least half of the runs since approval (and in two runs at least). */
  persistent: string[];
}

export function conformSop(sop: SopVersion, logs: ReadonlyArray<{ path: string; log: RunLog }>): SopConformance {
  const tally = new ConformanceTally(sop);
  for (const { path, log } of logs) tally.add(path, log);
  return tally.result();
}

/** Conformance run by run, so a caller reading thousands of logs holds one log at a time, not all of them. */
export class ConformanceTally {
  private readonly resolver: StepResolver;
  private readonly runs: RunConformance[] = [];
  constructor(private readonly sop: SopVersion) {
    this.resolver = new StepResolver(sop.steps);
  }
  add(path: string, log: RunLog): RunConformance {
    const run = conformRun(path, log, this.sop, this.resolver);
    this.runs.push(run);
    return run;
  }
  result(): SopConformance {
    return summarise(this.sop, this.runs);
  }
}

function summarise(sop: SopVersion, runs: RunConformance[]): SopConformance {
  const current = runs.filter((r) => r.sameVersion);
  const steps = sop.steps.map((step, i) =>
    ratesOf(
      step,
      current.map((r) => r.steps[i]),
    ),
  );
  const persistent = steps.flatMap((s) => persistentDeviation(s, sop.approvedOn !== undefined));
  const verdict =
    runs.length === 0
      ? 'not yet tried'
      : runs.some((r) => r.violations.length > 0)
        ? 'hard failures'
        : current.every((r) => r.followed) && current.length > 0
          ? 'followed'
          : 'deviations';
  return { verdict, runs, sameVersion: current.length, approvedOn: sop.approvedOn, otherVersions: runs.length - current.length, steps, persistent };
}

function ratesOf(step: IdentifiedStep, results: Array<{ outcome: StepOutcome; durationMs?: number }>): StepRates {
  const rates: StepRates = { step, runs: 0, done: 0, different: 0, skipped: 0, failed: 0 };
  const durations: number[] = [];
  for (const r of results) {
    if (r.outcome === 'not-reached') continue;
    rates.runs++;
    if (r.outcome === 'not-recorded') rates.skipped++;
    else rates[r.outcome]++;
    if (r.durationMs !== undefined && r.outcome !== 'skipped') durations.push(r.durationMs);
  }
  if (durations.length > 0) rates.medianMs = durations.sort((a, b) => a - b)[durations.length >> 1];
  return rates;
}

function persistentDeviation(s: StepRates, approved: boolean): string[] {
  const since = approved ? 'since approval' : 'of this version';
  const often = (n: number) => n >= 2 && n * 2 >= s.runs;
  const label = `Step ${s.step.number} ("${s.step.text.length > 80 ? s.step.text.slice(0, 77) + '…' : s.step.text}")`;
  const out: string[] = [];
  if (often(s.skipped)) out.push(`${label} was skipped in ${s.skipped} of ${s.runs} runs ${since}: remove it, make it conditional, or explain why it matters.`);
  if (often(s.different))
    out.push(
      `${label} was done differently in ${s.different} of ${s.runs} runs ${since}: write down what people really do, or explain why it must be done as written.`,
    );
  if (often(s.failed)) out.push(`${label} failed in ${s.failed} of ${s.runs} runs ${since}: fix what it depends on, or say what to do when it fails.`);
  return out;
}
