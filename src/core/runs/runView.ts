import type { SopDocument } from '../sop/model';
import { StepResolver, conformRun, type RunConformance, type SopVersion } from './conformance';
import type { RunEvent, RunFinished, StepRef } from './events';
import type { RunLog } from './runLog';
import { fillParameters, type RunParameter } from './runParameters';
import type { IdentifiedStep } from './stepIdentity';

/**
 * A run as the person doing it sees it: each step with what was recorded for it, the gates with who must
 * approve and whether they have, and the steps a gate still holds back. Rebuilt from the run log after every
 * event, so the view and the log never disagree, and a run reopened tomorrow shows where it stopped.
 */

export type StepStatus = 'open' | 'done' | 'different' | 'skipped' | 'failed';

export interface GateView {
  phrase: string;
  /** Who the SOP says approves ("Priya Nair (Finance manager)"), when it names them. */
  approver?: string;
  state: 'waiting' | 'requested' | 'approved' | 'rejected';
  by?: string;
  /** What the approver looked at, or why they rejected. */
  saw?: string;
  reason?: string;
  at?: string;
}

export interface RunNote {
  at: string;
  by: string;
  text: string;
}

export interface RunStepView {
  id: string;
  number: number;
  /** The step as the SOP writes it (placeholders unfilled): what its events record, as `sop run record` does. */
  ref: StepRef;
  /** The step's words with the run's values filled in. */
  text: string;
  /** Its sub-items, filled in likewise. */
  details: string[];
  /** Its commands and file names (code spans and blocks), filled in, for the copy buttons. */
  code: string[];
  status: StepStatus;
  at?: string;
  by?: string;
  /** Skip reason, failure, or "what — why" of a step done differently. */
  detail?: string;
  notes: RunNote[];
  gate?: GateView;
  /** The number of the gate step that holds this step back until its approval is recorded. */
  blockedBy?: number;
}

export interface RunView {
  run: string;
  sopPath: string;
  startedAt?: string;
  startedBy?: string;
  parameters: Record<string, string>;
  approvedOn?: string;
  /** False when the SOP has been edited since the run started: the run still shows the steps as they are now. */
  sameVersion: boolean;
  steps: RunStepView[];
  notes: RunNote[];
  finished?: RunFinished['outcome'];
  /** The first step still open and not held back: where the person carries on. */
  next?: number;
  /** Bad lines of the log, named: the rest of the log is shown. */
  problems: string[];
  /** How the run compares with the SOP so far (the same measure `sop conform` uses). */
  conformance: RunConformance;
}

/** Only the start of a long step is searched for code. */
const MAX_STEP_CHARS = 20_000;
const MAX_CODE_ITEMS = 12;

export function runViewOf(doc: SopDocument, version: SopVersion, params: readonly RunParameter[], log: RunLog, path: string): RunView {
  const started = log.events[0]?.type === 'run-started' ? log.events[0] : undefined;
  const values = started?.parameters ?? {};
  const fill = (t: string) => fillParameters(t, params, values);
  const resolver = new StepResolver(version.steps);
  const steps: RunStepView[] = version.steps.map((s, i) => {
    const source = doc.steps[i] ? doc.text.slice(doc.steps[i].start, Math.min(doc.steps[i].end, doc.steps[i].start + MAX_STEP_CHARS)) : s.text;
    return {
      id: s.id,
      number: s.number,
      ref: { id: s.id, number: s.number, text: s.text },
      text: fill(s.text),
      details: detailsOf(doc, i).map(fill),
      code: codeIn(source).map(fill),
      status: 'open',
      notes: [],
      ...(s.gate ? { gate: { phrase: s.gate.phrase, ...(s.gate.approver ? { approver: s.gate.approver } : {}), state: 'waiting' as const } } : {}),
    };
  });
  const byId = new Map(steps.map((s) => [s.id, s]));
  const notes: RunNote[] = [];
  for (const e of log.events) {
    if (e.type === 'note' && !e.step) notes.push({ at: e.at, by: e.actor.name, text: e.text });
    if (!('step' in e) || !e.step) continue;
    const step = resolved(resolver, byId, e.step);
    if (step) apply(step, e);
  }
  holdBack(steps);
  const finished = log.events.find((e): e is RunFinished => e.type === 'run-finished');
  return {
    run: started?.run ?? path.replace(/^.*\/|\.jsonl$/g, ''),
    sopPath: started?.sop.path ?? '',
    startedAt: started?.at,
    startedBy: started?.actor.name,
    parameters: values,
    ...(version.approvedOn ? { approvedOn: version.approvedOn } : {}),
    sameVersion: started?.sop.bodySha256 === version.bodySha256,
    steps,
    notes,
    ...(finished ? { finished: finished.outcome } : {}),
    next: steps.find((s) => s.status === 'open' && s.blockedBy === undefined)?.number,
    problems: log.problems.map((p) => p.message),
    conformance: conformRun(path, log, version, resolver),
  };
}

function resolved(resolver: StepResolver, byId: Map<string, RunStepView>, ref: StepRef): RunStepView | undefined {
  const step: IdentifiedStep | undefined = resolver.resolve(ref);
  return step ? byId.get(step.id) : undefined;
}

function apply(step: RunStepView, e: RunEvent): void {
  const by = e.actor.name;
  switch (e.type) {
    case 'step-done':
      Object.assign(step, { status: 'done', at: e.at, by, detail: undefined });
      return;
    case 'step-skipped':
      Object.assign(step, { status: 'skipped', at: e.at, by, detail: e.reason });
      return;
    case 'step-failed':
      Object.assign(step, { status: 'failed', at: e.at, by, detail: e.error });
      return;
    case 'step-different':
      Object.assign(step, { status: 'different', at: e.at, by, detail: `${e.what} — ${e.why}` });
      return;
    case 'note':
      step.notes.push({ at: e.at, by, text: e.text });
      return;
    case 'gate-requested':
      if (step.gate && step.gate.state !== 'approved') Object.assign(step.gate, { state: 'requested', at: e.at, by: e.approver ?? step.gate.approver });
      return;
    case 'gate-approved':
      if (step.gate) Object.assign(step.gate, { state: 'approved', at: e.at, by: e.by, saw: e.saw, reason: undefined });
      return;
    case 'gate-rejected':
      if (step.gate) Object.assign(step.gate, { state: 'rejected', at: e.at, by: e.by, reason: e.reason, saw: undefined });
      return;
    default:
      return;
  }
}

/** Every step after a gate that is neither approved nor skipped waits for it (the first such gate is named). */
function holdBack(steps: RunStepView[]): void {
  let holding: RunStepView | undefined;
  for (const s of steps) {
    if (holding) s.blockedBy = holding.number;
    if (!holding && s.gate && s.gate.state !== 'approved' && s.status !== 'skipped') holding = s;
  }
}

export type StepAction = 'done' | 'different' | 'skipped' | 'failed';

/**
 * Why the person may not record this now, in words that say what to do; undefined when they may. The editor
 * asks before it writes, so a gate holds in the log, not only on screen.
 */
export function actionProblem(view: RunView, stepId: string, action: StepAction | 'gate' | 'note'): string | undefined {
  if (view.finished) return `This run is ${view.finished === 'completed' ? 'finished' : view.finished}: start a new run for more work.`;
  const step = view.steps.find((s) => s.id === stepId);
  if (!step) return 'That step is no longer in the SOP: reopen the run to see the steps as they are now.';
  if (action === 'note') return undefined;
  if (action === 'gate') return step.gate ? undefined : `Step ${step.number} has no approval gate.`;
  if (step.blockedBy !== undefined) {
    const gate = view.steps.find((s) => s.number === step.blockedBy);
    const who = gate?.gate?.approver ?? 'the approver the SOP names';
    const state = gate?.gate?.state === 'rejected' ? `was rejected by ${gate.gate.by}` : 'is not approved yet';
    return `Step ${step.number} waits for the approval gate at step ${step.blockedBy}, which ${state}: record ${who}'s approval at step ${step.blockedBy} first.`;
  }
  return undefined;
}

/** Whether every step has an outcome, so the run can finish as completed. */
export function allStepsRecorded(view: RunView): boolean {
  return view.steps.every((s) => s.status !== 'open');
}

/** Items of a step written as a heading that the run view lists under it; a longer body is read in the SOP. */
const MAX_HEADING_DETAILS = 30;

/**
 * Sub-items of the step, as their first paragraph reads: one level down from a list-item step, or the list items
 * under a step written as a heading ("### Step 2: Financial approval").
 */
function detailsOf(doc: SopDocument, i: number): string[] {
  const step = doc.steps[i];
  if (!step) return [];
  const asItem = doc.listItems.some((li) => li.start === step.start);
  const inside = doc.listItems.filter((li) => li.start > step.start && li.start < step.end);
  return asItem
    ? inside.filter((li) => li.level === 1).map((li) => li.text)
    : inside
        .filter((li) => li.level === 0)
        .slice(0, MAX_HEADING_DETAILS)
        .map((li) => li.text);
}

/** Code spans and fenced blocks in the step's Markdown: the commands and file names to copy. One pass over the lines. */
export function codeIn(source: string): string[] {
  const out: string[] = [];
  const prose: string[] = [];
  let fence: { marker: string; lines: string[] } | undefined;
  for (const line of source.split('\n')) {
    const trimmed = line.trimStart();
    if (fence) {
      if (trimmed.startsWith(fence.marker) && trimmed.slice(fence.marker.length).trim() === '') {
        const body = fence.lines.join('\n').trim();
        if (body) out.push(body);
        fence = undefined;
      } else fence.lines.push(trimmed);
      continue;
    }
    const open = /^(`{3,}|~{3,})/.exec(trimmed);
    if (open) fence = { marker: open[1], lines: [] };
    else prose.push(line);
  }
  // An unclosed fence runs to the end of the step, as Markdown reads it.
  if (fence && fence.lines.join('').trim()) out.push(fence.lines.join('\n').trim());
  for (const m of prose.join('\n').matchAll(/(`{1,2})([^`\n]{1,2000}?)\1(?!`)/g)) {
    if (out.length >= MAX_CODE_ITEMS) break;
    const code = m[2].trim();
    // A command or a file name, not a word set in code (a tag such as `test`, a flag's value).
    if (/[\s/.=:]/.test(code) && !out.includes(code)) out.push(code);
  }
  return out.slice(0, MAX_CODE_ITEMS);
}
