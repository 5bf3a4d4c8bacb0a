/**
 * The trigger of the work for the SOP's "When to run it" section: an event that sets it off or a
 * schedule, whichever the evidence states more strongly. When the evidence does not say, there is no
 * trigger, and the drafter asks the owner instead of guessing.
 */
import type { EvidenceBundle } from '../../evidence/types';
import { regularRuns, scheduleCandidates } from './triggerCadence';
import { eventCandidates } from './triggerEvent';
import { passagesOf, type TriggerCandidate } from './triggerSources';

export interface Trigger {
  kind: 'event' | 'schedule';
  /** The sentence for "When to run it", in the SOP's voice. */
  text: string;
  /** Workspace-relative paths of the files it was read from. */
  evidence: string[];
  /** The cron line's five fields, when a cron line says the schedule. */
  cron?: string;
}

/** Below this, a reading is a hint (a policy page, a log line alone), not enough to state as fact. */
const MIN_STRENGTH = 2;

export function findTrigger(bundle: EvidenceBundle): Trigger | undefined {
  const passages = passagesOf(bundle);
  const schedule = strongest(scheduleCandidates(passages));
  const event = strongest(eventCandidates(passages));
  const chosen = !event || (schedule && schedule.strength >= event.strength) ? schedule : event;
  if (!chosen || chosen.strength < MIN_STRENGTH) return undefined;
  const trigger: Trigger = { kind: chosen.kind, text: chosen.text, evidence: [...new Set(chosen.evidence)] };
  if (chosen.cron) trigger.cron = chosen.cron;
  if (chosen.kind === 'schedule') {
    // Runs in the notes on the stated weekday back the statement up, with the interval they show.
    const runs = regularRuns(passages);
    if (runs && new RegExp(`\\b${runs.weekday}`, 'i').test(trigger.text)) {
      trigger.text += ` The notes show runs on ${runs.words}.`;
      trigger.evidence.push(...runs.evidence.filter((e) => !trigger.evidence.includes(e)));
    }
  }
  return trigger;
}

/** The strongest candidate; among equals, the first in the evidence. Two files saying the same make it stronger. */
function strongest(candidates: TriggerCandidate[]): TriggerCandidate | undefined {
  const merged = new Map<string, TriggerCandidate>();
  for (const c of candidates) {
    const same = merged.get(c.text);
    if (!same) merged.set(c.text, { ...c, evidence: [...c.evidence] });
    else if (!c.evidence.every((e) => same.evidence.includes(e))) {
      same.evidence.push(...c.evidence.filter((e) => !same.evidence.includes(e)));
      same.strength = Math.max(same.strength, c.strength) + 0.5;
    }
  }
  return [...merged.values()].reduce<TriggerCandidate | undefined>((best, c) => (!best || c.strength > best.strength ? c : best), undefined);
}
