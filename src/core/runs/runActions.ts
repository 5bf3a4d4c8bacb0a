import type { Actor, RunEvent, StepRef } from './events';
import { actionProblem, allStepsRecorded, type RunView, type StepAction } from './runView';

/**
 * What a person does in a run (check a step off, skip it with a reason, record an approval, stop) as the events
 * the run log records — or, when it cannot be recorded now, why not and what to do instead. The editor's run
 * view asks this before it writes anything, so an unapproved gate holds the steps after it in the log itself.
 */

export type RunAction =
  | { type: 'step'; action: StepAction; stepId: string; what?: string; why?: string; reason?: string; error?: string }
  | { type: 'gate'; stepId: string; decision: 'requested' | 'approved' | 'rejected'; by?: string; saw?: string; reason?: string }
  | { type: 'note'; stepId?: string; text: string }
  | { type: 'finish'; outcome: 'completed' | 'stopped'; reason?: string };

export type BuiltEvents = { events: RunEvent[] } | { problem: string };

/** Longest text a person types into one field of a run: a few paragraphs. */
export const MAX_TYPED_CHARS = 4000;

const typed = (v: string | undefined): string | undefined => (v !== undefined && v.trim() !== '' ? v.trim().slice(0, MAX_TYPED_CHARS) : undefined);

export function eventsFor(a: RunAction, view: RunView, actor: Actor, now = new Date()): BuiltEvents {
  const at = now.toISOString();
  const stepRef = (id: string): StepRef | undefined => {
    return view.steps.find((x) => x.id === id)?.ref;
  };
  if (a.type === 'finish') {
    if (view.finished) return { problem: 'This run is already finished: start a new run for more work.' };
    if (a.outcome === 'completed') {
      if (!allStepsRecorded(view))
        return { problem: 'Some steps have nothing recorded: mark each one done, done differently, skipped or failed — or stop the run instead.' };
      return { events: [{ type: 'run-finished', at, actor, outcome: 'completed' }] };
    }
    const reason = typed(a.reason);
    if (!reason) return { problem: 'Say why the run stops, so the next person knows where it stands.' };
    return {
      events: [
        { type: 'note', at, actor, text: `Run stopped: ${reason}` },
        { type: 'run-finished', at, actor, outcome: 'stopped' },
      ],
    };
  }
  if (a.type === 'note') {
    const body = typed(a.text);
    if (!body) return { problem: 'The note is empty: type it, then add it.' };
    const problem = a.stepId ? actionProblem(view, a.stepId, 'note') : view.finished ? 'This run is finished: start a new run for more work.' : undefined;
    if (problem) return { problem };
    const step = a.stepId ? stepRef(a.stepId) : undefined;
    return { events: [{ type: 'note', at, actor, text: body, ...(step ? { step } : {}) }] };
  }
  const problem = actionProblem(view, a.stepId, a.type === 'gate' ? 'gate' : a.action);
  if (problem) return { problem };
  const step = stepRef(a.stepId)!;
  if (a.type === 'gate') return gateEvents(a, view, actor, at, step);
  if (a.action === 'done') return { events: [{ type: 'step-done', at, actor, step }] };
  if (a.action === 'skipped') {
    const reason = typed(a.reason);
    return reason ? { events: [{ type: 'step-skipped', at, actor, step, reason }] } : { problem: 'Say why the step is skipped.' };
  }
  if (a.action === 'failed') {
    const error = typed(a.error);
    return error ? { events: [{ type: 'step-failed', at, actor, step, error }] } : { problem: 'Say what went wrong: the error message, or what you saw.' };
  }
  const what = typed(a.what);
  const why = typed(a.why);
  if (!what || !why) return { problem: 'Say what was done instead, and why.' };
  return { events: [{ type: 'step-different', at, actor, step, what, why }] };
}

function gateEvents(a: Extract<RunAction, { type: 'gate' }>, view: RunView, actor: Actor, at: string, step: StepRef): BuiltEvents {
  const gate = view.steps.find((s) => s.id === a.stepId)?.gate;
  if (a.decision === 'requested') return { events: [{ type: 'gate-requested', at, actor, step, ...(gate?.approver ? { approver: gate.approver } : {}) }] };
  if (gate?.state === 'approved') return { problem: `Step ${step.number} is already approved by ${gate.by}.` };
  const by = typed(a.by);
  if (!by) return { problem: `Say who ${a.decision === 'approved' ? 'approved' : 'rejected'} it (the SOP names ${gate?.approver ?? 'who approves'}).` };
  if (a.decision === 'approved') {
    const saw = typed(a.saw);
    if (!saw) return { problem: 'Say what the approver looked at before approving: the figures, the file, the link.' };
    return { events: [{ type: 'gate-approved', at, actor, step, by, saw, ...(gate?.approver ? { role: gate.approver } : {}) }] };
  }
  const reason = typed(a.reason);
  if (!reason) return { problem: 'Say why it was rejected.' };
  return { events: [{ type: 'gate-rejected', at, actor, step, by, reason }] };
}
