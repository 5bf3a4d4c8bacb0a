import { createHash } from 'node:crypto';
import type { SopDocument, SopStep } from '../sop/model';
import { roleIn } from '../sop/stepKinds';
import { longestInOrder } from './inOrder';

/**
 * Stable identities for an SOP's steps, so runs, conformance and exports stay joined when the SOP is edited.
 * A new step's id is a short hash of its normalised words: renumbering, moving a step or editing another step
 * leaves it unchanged. Approval keeps the ids in the SOP, on one line of its approval block
 * (`steps: [s-88a9c8711b, …]`), so a step reworded after approval keeps its id: it still stands between the same
 * neighbours. Where that cannot tell (a step reworded and moved), `matchSteps` carries history by similarity.
 */

/** An approval gate inside a step: the steps after it wait for this person's approval. */
export interface StepGate {
  /** The words that make the step a gate ("need sign-off"). */
  phrase: string;
  /** Who approves, as the step names them ("Priya Nair (Finance manager)", "the Finance manager"), when it does. */
  approver?: string;
}

export interface IdentifiedStep {
  id: string;
  /** 1-based position in the SOP as it is now (the number a person sees when the list is numbered). */
  number: number;
  text: string;
  gate?: StepGate;
}

/** Words only: case, Markdown marks, punctuation and a leading "Step 3:" do not change what a step asks. */
export function normaliseStepText(text: string): string {
  return text
    .slice(0, 4000)
    .toLowerCase()
    .replace(/^\s*(?:step\s+)?\d{1,4}[.):]?\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function stepIdOf(text: string): string {
  return 's-' + createHash('sha256').update(normaliseStepText(text), 'utf8').digest('hex').slice(0, 10);
}

/** Each step of the SOP with its id and its gate; a repeated step text gets `-2`, `-3` so ids stay unique. */
export function identifySteps(doc: SopDocument): IdentifiedStep[] {
  const seen = new Map<string, number>();
  const derived = doc.steps.map((step) => {
    const base = stepIdOf(step.text);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
  const ids = carryKeptIds(keptStepIds(doc), derived);
  return doc.steps.map((step, i) => {
    const gate = gateOf(doc, step);
    return { id: ids[i], number: i + 1, text: step.text, ...(gate ? { gate } : {}) };
  });
}

const STEP_ID = /^s-[0-9a-f]{10}(?:-\d{1,4})?$/;
/** An SOP has a few dozen steps; a longer list in the front matter is not one SOP Builder wrote. */
const MAX_KEPT_IDS = 2000;

/** The step ids the SOP's approval kept (`approval.steps`), in order; empty when there are none or they are not ids. */
export function keptStepIds(doc: SopDocument): string[] {
  const approval = doc.frontMatter.data.approval;
  const kept = approval && typeof approval === 'object' && !Array.isArray(approval) ? (approval as Record<string, unknown>).steps : undefined;
  if (!Array.isArray(kept) || kept.length > MAX_KEPT_IDS) return [];
  const ids = kept.filter((id): id is string => typeof id === 'string' && STEP_ID.test(id));
  return ids.length === kept.length && new Set(ids).size === ids.length ? ids : [];
}

/**
 * The kept ids carried onto the steps as they are now. Steps whose words did not change keep their id (the
 * longest run of them in the kept order anchors the rest); between two anchors, when as many steps stand as
 * stood there at approval, they are the same steps reworded and take the kept ids in order. Everything else —
 * a new step, a step moved and reworded — keeps the id of its words.
 */
export function carryKeptIds(kept: readonly string[], derived: readonly string[]): string[] {
  if (kept.length === 0) return [...derived];
  const keptAt = new Map(kept.map((id, i) => [id, i]));
  const anchors = longestInOrder(derived.map((id) => keptAt.get(id) ?? -1));
  const derivedSet = new Set(derived);
  const out = [...derived];
  let lastDerived = -1;
  let lastKept = -1;
  const fillGap = (toDerived: number, toKept: number) => {
    const steps: number[] = [];
    for (let i = lastDerived + 1; i < toDerived; i++) if (!keptAt.has(derived[i])) steps.push(i);
    const free: string[] = [];
    for (let k = lastKept + 1; k < toKept; k++) if (!derivedSet.has(kept[k])) free.push(kept[k]);
    if (steps.length === free.length) steps.forEach((i, j) => (out[i] = free[j]));
  };
  for (let i = 0; i < derived.length; i++) {
    if (!anchors.has(i)) continue;
    const k = keptAt.get(derived[i])!;
    fillGap(i, k);
    lastDerived = i;
    lastKept = k;
  }
  fillGap(derived.length, kept.length);
  return out;
}

function gateOf(doc: SopDocument, step: SopStep): StepGate | undefined {
  const gate = doc.gates.find((g) => g.sentence.start >= step.start && g.sentence.start < step.end);
  if (!gate) return undefined;
  const approver = roleIn(gate.sentence.text, doc);
  return { phrase: gate.match.phrase, ...(approver ? { approver } : {}) };
}

/** A step as an older version of the SOP (or a run log) knew it. */
export interface KnownStep {
  id: string;
  text: string;
}

/** Below this share of common words, a reworded step is a different step. */
const SAME_STEP_SIMILARITY = 0.6;

/**
 * Maps older step ids to the current steps: the same id first, then the most similar current step still free
 * (Dice coefficient over the steps' words), so "Check the order in Shopify" keeps its history when it becomes
 * "Check the order and the amount paid in Shopify". Ids that match nothing are left out: the step was removed.
 */
export function matchSteps(older: readonly KnownStep[], current: readonly IdentifiedStep[]): Map<string, string> {
  const matched = new Map<string, string>();
  const currentIds = new Set(current.map((s) => s.id));
  const taken = new Set<string>();
  for (const o of older) {
    if (currentIds.has(o.id)) {
      matched.set(o.id, o.id);
      taken.add(o.id);
    }
  }
  const candidates: Array<{ from: string; to: string; score: number }> = [];
  const free = current.filter((c) => !taken.has(c.id)).map((c) => ({ id: c.id, words: wordsOf(c.text) }));
  for (const o of older) {
    if (matched.has(o.id)) continue;
    const words = wordsOf(o.text);
    for (const c of free) {
      const score = dice(words, c.words);
      if (score >= SAME_STEP_SIMILARITY) candidates.push({ from: o.id, to: c.id, score });
    }
  }
  // Best pairs first, each step used once: two reworded steps do not both claim the same current step.
  candidates.sort((a, b) => b.score - a.score);
  for (const c of candidates) {
    if (matched.has(c.from) || taken.has(c.to)) continue;
    matched.set(c.from, c.to);
    taken.add(c.to);
  }
  return matched;
}

function wordsOf(text: string): Set<string> {
  return new Set(normaliseStepText(text).split(' ').filter(Boolean));
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return (2 * common) / (a.size + b.size);
}
