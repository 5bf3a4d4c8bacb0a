import { identifySteps } from '../runs/stepIdentity';
import type { SopDocument } from '../sop/model';
import { classifySteps } from '../sop/stepKinds';
import { actionStemsIn, commandKeysIn } from './actionWords';

/**
 * The SOP's approval gates as data for the generated hook: each gate with who approves it, and each step after
 * a gate with the gates it waits for and what would do it (its acting verbs and its commands). Step ids are the
 * run log's (runs/stepIdentity), so the hook finds a gate's approval in a run log by the same id.
 */

export interface HookGate {
  id: string;
  number: number;
  text: string;
  /** Who approves, as the SOP names them ("Priya Nair (Finance manager)"), or "a person" when it names nobody. */
  approver: string;
  /** The approver's name without the role, when the SOP names a person: an approval must be theirs. */
  approverName?: string;
}

export interface GuardedStep {
  id: string;
  number: number;
  text: string;
  /** Ids of the gates before this step: each must be approved (or skipped by a person) before it is done. */
  gates: string[];
  /** Acting verbs of the step ("refund", "email"). */
  words: string[];
  /** Commands of the step's code spans, as the words that identify them (["stripe", "refunds", "create"]). */
  commands: string[][];
}

export interface GateHookData {
  /** The format of this data, for the hook. */
  version: 1;
  title: string;
  /** Workspace-relative path of the SOP. */
  sop: string;
  /** Workspace-relative folder of its run logs. */
  runs: string;
  /** The workspace root, relative to the hook script's own folder. */
  root: string;
  gates: HookGate[];
  steps: GuardedStep[];
}

/** A name as people write it: two or more capitalised words ("Priya Nair"), not a role ("the Finance manager"). */
const PERSON_NAME = /^@?[A-Z][\p{L}.'’-]*(?:\s+[A-Z][\p{L}.'’-]*){1,3}$/u;

/** "Priya Nair (Finance manager)" → "Priya Nair"; a role ("the Finance manager") names no one in particular. */
export function approverNameOf(approver: string): string | undefined {
  const bare = approver.replace(/\s*\(.*\)\s*$/, '').trim();
  return PERSON_NAME.test(bare) && !/^the\s/i.test(bare) ? bare : undefined;
}

/** The gates of the SOP's steps and the steps that wait for them; empty lists when the steps hold no gate. */
export function gatesOf(doc: SopDocument): { gates: HookGate[]; steps: GuardedStep[] } {
  const identified = identifySteps(doc);
  const classified = classifySteps(doc);
  const gates: HookGate[] = [];
  const steps: GuardedStep[] = [];
  identified.forEach((step, i) => {
    if (gates.length > 0) {
      const raw = doc.text.slice(doc.steps[i].start, doc.steps[i].end);
      steps.push({
        id: step.id,
        number: step.number,
        text: step.text,
        gates: gates.map((g) => g.id),
        words: actionStemsIn(step.text),
        commands: commandKeysIn(raw),
      });
    }
    if (classified[i]?.kind !== 'gate') return;
    const approver = step.gate?.approver ?? classified[i].who ?? 'a person';
    const approverName = approverNameOf(approver);
    gates.push({ id: step.id, number: step.number, text: step.text, approver, ...(approverName ? { approverName } : {}) });
  });
  return { gates, steps };
}
