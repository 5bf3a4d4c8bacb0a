/**
 * The events of a run log: one JSON object a line, written by the editor, `sop run record` and exported
 * automations alike, so people and agents leave the same record. docs/run-log.md and docs/run-log.schema.json
 * describe the format; `eventProblem` is the check both the reader and the writer apply.
 */

export type ActorKind = 'person' | 'agent' | 'automation';

export interface Actor {
  kind: ActorKind;
  name: string;
}

/** The step an event is about, as it read when the event was written: the id joins it to the SOP as it is now. */
export interface StepRef {
  id: string;
  number?: number;
  text: string;
}

interface EventBase {
  /** ISO 8601 date and time. */
  at: string;
  actor: Actor;
}

export interface RunStarted extends EventBase {
  type: 'run-started';
  run: string;
  sop: { path: string; bodySha256: string; approvedOn?: string };
  parameters: Record<string, string>;
}
export interface StepDone extends EventBase {
  type: 'step-done';
  step: StepRef;
}
export interface StepSkipped extends EventBase {
  type: 'step-skipped';
  step: StepRef;
  reason: string;
}
export interface StepFailed extends EventBase {
  type: 'step-failed';
  step: StepRef;
  error: string;
}
export interface StepDifferent extends EventBase {
  type: 'step-different';
  step: StepRef;
  what: string;
  why: string;
}
export interface GateRequested extends EventBase {
  type: 'gate-requested';
  step: StepRef;
  approver?: string;
}
export interface GateApproved extends EventBase {
  type: 'gate-approved';
  step: StepRef;
  by: string;
  role?: string;
  /** What the approver looked at before approving: the figures, the file, the link. */
  saw: string;
}
export interface GateRejected extends EventBase {
  type: 'gate-rejected';
  step: StepRef;
  by: string;
  reason: string;
}
export interface Note extends EventBase {
  type: 'note';
  step?: StepRef;
  text: string;
}
export interface RunFinished extends EventBase {
  type: 'run-finished';
  outcome: 'completed' | 'stopped' | 'failed';
}

export type RunEvent = RunStarted | StepDone | StepSkipped | StepFailed | StepDifferent | GateRequested | GateApproved | GateRejected | Note | RunFinished;
export type RunEventType = RunEvent['type'];

/** The events that say what happened to a step. */
export type StepEvent = Extract<RunEvent, { step: StepRef }>;

/** Required text fields of each event, beside `type`, `at` and `actor`. */
const REQUIRED: Record<RunEventType, readonly string[]> = {
  'run-started': ['run'],
  'step-done': [],
  'step-skipped': ['reason'],
  'step-failed': ['error'],
  'step-different': ['what', 'why'],
  'gate-requested': [],
  'gate-approved': ['by', 'saw'],
  'gate-rejected': ['by', 'reason'],
  note: ['text'],
  'run-finished': ['outcome'],
};
export const EVENT_TYPES = Object.keys(REQUIRED) as RunEventType[];
const ACTOR_KINDS: readonly string[] = ['person', 'agent', 'automation'];
const OUTCOMES: readonly string[] = ['completed', 'stopped', 'failed'];
/** A date, a time and a zone: what `new Date().toISOString()` writes, offsets allowed. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** Longest text a field may hold: a note or "what they saw" is a few sentences, not a file. */
export const MAX_FIELD_CHARS = 8000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= MAX_FIELD_CHARS;

/** What is wrong with a value read as an event, in words a person can act on; undefined when it is a valid event. */
export function eventProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'not a JSON object: each line holds one event such as {"type":"step-done",…}';
  const type = v.type as RunEventType;
  if (typeof type !== 'string' || !(type in REQUIRED)) return `unknown event type ${JSON.stringify(v.type)}: use one of ${EVENT_TYPES.join(', ')}`;
  if (typeof v.at !== 'string' || !ISO_TIME.test(v.at) || Number.isNaN(Date.parse(v.at)))
    return `${type}: "at" must be an ISO date and time such as 2026-11-30T14:05:00Z`;
  const actor = v.actor;
  if (!isObject(actor) || !ACTOR_KINDS.includes(actor.kind as string) || !isText(actor.name))
    return `${type}: "actor" must be {"kind":"person"|"agent"|"automation","name":"…"}`;
  for (const field of REQUIRED[type]) if (!isText(v[field])) return `${type}: "${field}" is missing or empty`;
  if (type === 'run-started') return runStartedProblem(v);
  if (type === 'run-finished') return OUTCOMES.includes(v.outcome as string) ? undefined : `run-finished: "outcome" must be one of ${OUTCOMES.join(', ')}`;
  if (type !== 'note' || v.step !== undefined) return stepProblem(type, v.step);
  return undefined;
}

function runStartedProblem(v: Record<string, unknown>): string | undefined {
  const sop = v.sop;
  if (!isObject(sop) || !isText(sop.path) || typeof sop.bodySha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sop.bodySha256))
    return 'run-started: "sop" must be {"path":"…","bodySha256":"<64 hex digits>"}';
  if (sop.approvedOn !== undefined && !isText(sop.approvedOn)) return 'run-started: "sop.approvedOn" must be a date such as 2026-11-02';
  const params = v.parameters;
  if (!isObject(params) || Object.values(params).some((p) => typeof p !== 'string'))
    return 'run-started: "parameters" must be an object of texts, e.g. {"month":"2026-10"}';
  return undefined;
}

function stepProblem(type: string, step: unknown): string | undefined {
  if (!isObject(step) || !isText(step.id) || !isText(step.text)) return `${type}: "step" must be {"id":"s-…","number":3,"text":"…"}`;
  if (step.number !== undefined && (!Number.isInteger(step.number) || (step.number as number) < 1))
    return `${type}: "step.number" must be a whole number from 1`;
  return undefined;
}

/** An agent or an automation may request a gate, never approve it: the approval is a person's decision. */
export function refusedApproval(e: RunEvent): string | undefined {
  if (e.type !== 'gate-approved' || e.actor.kind === 'person') return undefined;
  return (
    `gate approval of step ${e.step.number ?? e.step.id} recorded by ${e.actor.kind} "${e.actor.name}" is refused: ` +
    `only a person can approve a gate. Record gate-requested instead and ask ${e.by} to record the approval`
  );
}
