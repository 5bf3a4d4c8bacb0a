/**
 * Whether a step of the previous SOP is still done, now done by a script, or gone: by what the step does (its
 * verb, with the verbs that mean the same in a procedure) and what it does it to, not by the words the two share.
 * "Download the bank statement and Stripe payouts" is not "Match Stripe payouts by hand", and "Send the report
 * to Priya for sign-off" is "Get approval".
 */

/** Verbs that mean the same act in a procedure; each set is one act. */
const SAME_ACT: ReadonlyArray<ReadonlySet<string>> = [
  ['approve', 'approval', 'sign-off', 'signoff', 'sign', 'authorise', 'authorize', 'okay'],
  ['match', 'reconcile', 'compare', 'tie', 'pair'],
  ['download', 'fetch', 'export', 'pull', 'get', 'retrieve'],
  ['post', 'book', 'record', 'enter'],
  ['check', 'verify', 'confirm', 'validate', 'review'],
  ['send', 'email', 'e-mail', 'mail', 'share', 'forward', 'submit'],
  ['upload', 'import', 'load'],
  ['summarise', 'summarize'],
].map((words) => new Set(words));

/** Words that say a person did it by hand, so a script doing it now is a change worth saying. */
const BY_HAND = /\b(?:by hand|manually|in the spreadsheet|in excel|copy(?:ing)? and past(?:e|ing))\b/i;
/** Words of an approval in a step, wherever they stand ("to Priya for sign-off", "wait for approval"). */
const APPROVAL = /\b(?:approv\w*|sign[- ]?off|signed off|authori[sz]\w*)\b/i;
const FILLER = new Set('the a an and then of to for in on at by with from into as it its this that these those your our their'.split(' '));

export interface StepMatch {
  /** The old step is done by a new step run by a script (`scripts/reconcile.py`), where it was done by hand. */
  byScript?: string;
}

function stem(word: string): string {
  const w = word.toLowerCase();
  if (/ies$/.test(w) && w.length > 4) return w.slice(0, -3) + 'y';
  if (/(?:ing)$/.test(w) && w.length > 5) return w.slice(0, -3);
  if (/(?:ed)$/.test(w) && w.length > 4) return w.slice(0, -2).replace(/([^aeiou])\1$/, '$1');
  if (/[^s]s$/.test(w) && w.length > 3) return w.slice(0, -1);
  return w;
}

/** Each verb, and each verb's stem, to the first act it belongs to: asked for every word of every pair of steps. */
const BY_WORD = new Map<string, number>();
const BY_STEM = new Map<string, number>();
SAME_ACT.forEach((set, i) => {
  for (const v of set) {
    if (!BY_WORD.has(v)) BY_WORD.set(v, i);
    if (!BY_STEM.has(stem(v))) BY_STEM.set(stem(v), i);
  }
});

/** The act a word names (the first set whose verb is the word, or has its stem), or -1. */
function actOf(word: string): number {
  const s = stem(word);
  const found = [BY_WORD.get(s), BY_WORD.get(word.toLowerCase()), BY_STEM.get(s)].filter((i): i is number => i !== undefined);
  return found.length ? Math.min(...found) : -1;
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z-]{1,}/g) ?? []).filter((w) => !FILLER.has(w));
}

/** What a step does: its first verb, or for "Run `scripts/reconcile.py …`" the script's name. */
function acts(text: string, script?: string): number[] {
  if (!script) return remembered(ACTS, text, () => actsOf(text));
  return actsOf(text, script);
}

function actsOf(text: string, script?: string): number[] {
  const out = new Set<number>();
  const first = words(text)[0];
  if (first && actOf(first) >= 0) out.add(actOf(first));
  if (script) for (const w of script.toLowerCase().split(/[^a-z]+/)) if (actOf(w) >= 0) out.add(actOf(w));
  if (APPROVAL.test(text)) out.add(0);
  return [...out];
}

function things(text: string): Set<string> {
  return remembered(THINGS, text, () => thingsOf(text));
}

/** A draft compares every step with every other: each text's acts and things are worked out once (bounded). */
const ACTS = new Map<string, number[]>();
const THINGS = new Map<string, Set<string>>();
const MAX_REMEMBERED = 20_000;

function remembered<T>(memo: Map<string, T>, text: string, compute: () => T): T {
  const known = memo.get(text);
  if (known !== undefined) return known;
  if (memo.size >= MAX_REMEMBERED) memo.clear();
  const value = compute();
  memo.set(text, value);
  return value;
}

function thingsOf(text: string): Set<string> {
  return new Set(
    words(text)
      .slice(1)
      .filter((w) => w.length >= 4 && actOf(w) < 0)
      .map(stem),
  );
}

/**
 * Whether `newer` does what `older` did. Steps that run a script say so with `script` (its path); a step done by
 * hand before and by a script now matches, with `byScript` set.
 */
export function sameStep(older: string, newer: string, script?: string): StepMatch | undefined {
  const a = acts(older);
  const b = acts(newer, script);
  const shared = a.filter((x) => b.includes(x));
  if (shared.length === 0) return undefined;
  // Both are approvals: the same gate, whatever is approved.
  if (shared.includes(0) && APPROVAL.test(older) && APPROVAL.test(newer)) return {};
  const newerThings = things(newer);
  const overlap = [...things(older)].filter((w) => newerThings.has(w) || (script ?? '').toLowerCase().includes(w)).length;
  if (script && BY_HAND.test(older)) return { byScript: script };
  return overlap >= 1 ? {} : undefined;
}
