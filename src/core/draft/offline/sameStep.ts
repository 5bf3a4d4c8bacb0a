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

function actOf(word: string): number {
  const s = stem(word);
  return SAME_ACT.findIndex((set) => set.has(s) || set.has(word.toLowerCase()) || [...set].some((v) => stem(v) === s));
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z-]{1,}/g) ?? []).filter((w) => !FILLER.has(w));
}

/** What a step does: its first verb, or for "Run `scripts/reconcile.py …`" the script's name. */
function acts(text: string, script?: string): number[] {
  const out = new Set<number>();
  const first = words(text)[0];
  if (first && actOf(first) >= 0) out.add(actOf(first));
  if (script) for (const w of script.toLowerCase().split(/[^a-z]+/)) if (actOf(w) >= 0) out.add(actOf(w));
  if (APPROVAL.test(text)) out.add(0);
  return [...out];
}

function things(text: string): Set<string> {
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
  const overlap = [...things(older)].filter((w) => things(newer).has(w) || (script ?? '').toLowerCase().includes(w)).length;
  if (script && BY_HAND.test(older)) return { byScript: script };
  return overlap >= 1 ? {} : undefined;
}
