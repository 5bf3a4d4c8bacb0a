/**
 * Finds the approval gate of a sentence from its structure: a clause that holds the work for someone's
 * approval, sign-off, review, clearance, vote or authorisation, and the phrases in that clause that say who.
 */
import { clauseAround, MAX_PARSED_CHARS, nounPhraseAt, wordsOf, type Word } from './clauses';

/** Where in the sentence the gate is and who it may name: all offsets are into the sentence. */
export interface GateShape {
  /** The words that make it a gate: from the cue ("need", "until", "must") to the approval word. */
  start: number;
  end: number;
  /** The approval word is a noun ("get approval") and a name goes after it with "from". */
  nounTrigger: boolean;
  /** The clause whose words may name who approves. */
  clause: [number, number];
  /** Phrases in the places that say who: "by X", "from X", "X's approval", "X must approve", "ask X". */
  agents: Array<[number, number]>;
  /** "Upon approval, …": the approval of the sentence before. */
  anaphoric: boolean;
  /** A hold without an approval word ("stop and ask"): anyone named in its clause is who it waits for. */
  hold?: boolean;
}

/** Sentences without one of these words are never parsed: the cheap test that keeps typing fast. */
export const APPROVAL_HINT =
  /\b(?:approv\w*|sign(?:s|ed|ing)?[- ]?offs?|signoffs?|review\w*|peer-review\w*|clear(?:s|ed|ance)|vot(?:e|es|ed|ing)|authori[sz]\w*|countersign\w*|consent|agreement|go-ahead|thumbs-up|permission|lgtms?|ok|okay)\b/i;

const NOUN_TRIGGER =
  /^(?:(?:pre-?)?approvals?|sign-?offs?|sign|signoffs?|authori[sz]ations?|clearance|consent|go-ahead|thumbs-up|permission|lgtms?|reviews?|peer-reviews?|votes?|ok|okay)$/;
const VERB_TRIGGER =
  /^(?:approv(?:e|es|ing)|authori[sz](?:e|es|ing)|countersign(?:s|ing)?|clears|review(?:s|ing)?|peer-review(?:s|ing)?|vot(?:e|es|ing)|sign(?:s|ing)?-off|signs?|signing)$/;
const PARTICIPLE = /^(?:(?:pre-?)?approved|(?:pre-?)?authori[sz]ed|countersigned|cleared|reviewed|peer-reviewed|voted|signed-off|signed|okayed)$/;

const ACQUIRE = new Set(
  'get gets getting got obtain obtains obtained receive receives seek seeks secure secures request requests requested await awaits awaiting need needs require requires required requiring pending without reach reaches undergo undergoes'.split(
    ' ',
  ),
);
const TEMPORAL = new Set(['until', 'unless', 'once', 'after', 'before', 'upon', 'when', 'pending', 'without', 'till']);
const MODAL = new Set(['must', 'should', 'shall']);
const CAUSATIVE = new Set(['need', 'needs', 'require', 'requires', 'ask', 'asks', 'let', 'get', 'gets', 'have', 'has', 'wait']);
const SENDING = new Set(['send', 'sends', 'submit', 'submits', 'put', 'pass', 'forward', 'hand', 'post', 'share', 'raise', 'open', 'contact', 'request']);
const ASKING = new Set(['ask', 'asks', 'contact', 'request', 'requests', 'ping', 'email', 'message', 'consult', 'reach']);
const AGENT_PREPOSITIONS = new Set(['by', 'from', 'with']);
/** "review criteria", "approval process": the approval word names a kind of thing, not a hold. */
const COMPOUND_HEADS = new Set(
  'process processes email emails form forms matrix workflow workflows flow page pages criteria period periods date dates cycle comment comments ui meeting meetings step stage status label labels threshold request requests procedure tool queue record records round rounds app link list'.split(
    ' ',
  ),
);
// "reviewed every six months", "approved at least once a year": a cadence, not a hold. The -ly words count as
// adverbs only ("reviewed monthly"), not before a noun ("the monthly claim").
const CADENCE =
  /\b(?:periodically|regularly|sooner|more\s+often|more\s+frequently|every\s+(?:\d+|other|two|three|four|six|twelve|day|week|month|quarter|year|sprint|cycle|release|spring|summer|autumn|fall|winter|morning|evening|night|shift|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b|once\s+(?:a|per|every)\s+\w+|per\s+(?:year|month|quarter)|at\s+(?:least|minimum)\s+once)\b/i;
const CADENCE_ADVERB = /^(?:annually|yearly|monthly|quarterly|weekly|daily|biweekly|fortnightly|biannually)$/;

function cadenceIn(words: Word[], from: number, to: number, clauseText: string): boolean {
  for (let k = from; k < to; k++) if (CADENCE_ADVERB.test(words[k].lower) && !['NOUN', 'PROPN', 'ADJ'].includes(words[k + 1]?.pos ?? '')) return true;
  return CADENCE.test(clauseText);
}
/** Verbs that give something a status: "mark it as approved" records a state, it does not hold the work. */
const STATUS_VERBS =
  /^(?:mark|marks|marked|marking|set|sets|flag|flags|flagged|label|labels|labelled|labeled|tag|tags|tagged|show|shows|shown|treat|treats|treated|record|records|recorded|list|lists|listed|move|moves|moved|change|changes|changed|update|updates|updated|close|closes|closed|resolve|resolves|resolved)$/;
const PERMISSION_BEFORE = /\b(?:can|could|may|might|able|ok|okay|fine|free|welcome|allowed)\b(?!\s+only)/i;
const NOT_REQUIRED = /\b(?:not|n't|never|no)\s+(?:\w+\s+){0,2}?(?:have|has|need|needs|require|requires|required|ask)\b/i;

/** The gate of a sentence, if it has one. */
export function gateShapeOf(sentence: string): GateShape | undefined {
  const hint = APPROVAL_HINT.exec(sentence);
  if (!hint) return undefined;
  // A question ("What actions need approval?  [listen, task/approve]") asks, it does not hold the work.
  if (/\?(?:\s{0,4}\[[^\]]{0,200}\])?$/.test(sentence.trimEnd())) return undefined;
  // A long sentence is read around its first approval word only: the cost stays bounded.
  const offset = sentence.length > MAX_PARSED_CHARS ? Math.max(0, hint.index - MAX_PARSED_CHARS / 2) : 0;
  const text = masked(sentence.slice(offset, offset + MAX_PARSED_CHARS));
  const words = wordsOf(text);
  for (let i = 0; i < words.length; i++) {
    const found = gateAt(words, i, text);
    if (found) return shift(found, offset);
  }
  return undefined;
}

/** Placeholders ("<who approves>"), code and quoted labels are not the writer's words: blank them out, keeping offsets. */
function masked(text: string): string {
  // Quoted words are a label or a setting's name ('Enable "Require pull request reviews before merging"').
  return text.replace(/<[^<>\n]{1,80}>|`[^`\n]{1,80}`|"[^"\n]{1,120}"|“[^”\n]{1,120}”/g, (m) => ' '.repeat(m.length));
}

function shift(g: GateShape, by: number): GateShape {
  if (!by) return g;
  const s = ([a, b]: [number, number]): [number, number] => [a + by, b + by];
  return { ...g, start: g.start + by, end: g.end + by, clause: s(g.clause), agents: g.agents.map(s) };
}

/** Index of the last word of a trigger starting at `i` ("sign" "off" is two words), or -1. */
function triggerEnd(words: Word[], i: number): number {
  const w = words[i];
  // "dismiss the stale review and ask for a new one": the new one is a review.
  if (
    w.lower === 'one' &&
    /^(?:new|fresh|second|another)$/.test(words[i - 1]?.lower ?? '') &&
    words.slice(0, i - 1).some((x) => /^(?:reviews?|approvals?)$/.test(x.lower))
  )
    return i;
  if (/^(?:sign|signs|signed|signing)$/.test(w.lower)) return words[i + 1]?.lower === 'off' ? i + 1 : -1;
  if (w.lower === 'ok' || w.lower === 'okay') return words[i - 1]?.lower === 'the' ? i : -1;
  // "Get agreement on the date", "until agreement is reached": agreement sought. Not "sign the customer agreement".
  if (w.lower === 'agreement') return ACQUIRE.has(words[i - 1]?.lower ?? '') || /^(?:until|pending|upon|once)$/.test(words[i - 1]?.lower ?? '') ? i : -1;
  // "QA consent", "the owner's consent", "consent from the data owner": someone consents to the work. "Seek consent
  // for the role you have in mind for someone" asks a person to take part, which holds nothing.
  if (w.lower === 'consent') return consentOfSomeone(words, i) ? i : -1;
  if (/^self-/.test(w.lower)) return -1;
  return NOUN_TRIGGER.test(w.lower) || VERB_TRIGGER.test(w.lower) || PARTICIPLE.test(w.lower) ? i : -1;
}

function consentOfSomeone(words: Word[], i: number): boolean {
  const prev = words[i - 1];
  if (/^(?:from|of)$/.test(words[i + 1]?.lower ?? '')) return true;
  if (!prev) return false;
  return (
    /^(?:'s|’s|their|his|her)$/.test(prev.lower) || (['NOUN', 'PROPN'].includes(prev.pos) && !/^(?:written|prior|verbal|explicit|informed)$/.test(prev.lower))
  );
}

type Form = 'noun' | 'verb' | 'participle';

function formOf(words: Word[], i: number, last: number): Form {
  const w = words[i].lower;
  const prev = words[i - 1]?.lower ?? '';
  if (PARTICIPLE.test(w)) return /^(?:has|have|had|'ve|’ve)$/.test(prev) ? 'verb' : 'participle';
  if (last > i) {
    // "signs off" is a verb; "sign off" is a noun after "get", "receive", "need", "a", "the", "for", "on".
    if (w === 'signed') return /^(?:has|have|had)$/.test(prev) ? 'verb' : 'participle';
    if (w === 'signs' || w === 'signing') return 'verb';
    return /^(?:a|an|the|for|on|receive|receives|get|gets|need|needs|require|requires|obtain|any|final|written|formal|no)$/.test(prev) || i === 0
      ? 'noun'
      : 'verb';
  }
  if (
    /^(?:(?:pre-?)?approvals?|authori[sz]ations?|clearance|consent|agreement|go-ahead|thumbs-up|permission|lgtms?|sign-?offs?|signoffs?|ok|okay|one)$/.test(w)
  )
    return 'noun';
  // "let others peer-review", "ask Marcus to review": a verb after someone is asked or let.
  if (words.slice(Math.max(0, i - 3), i).some((x) => /^(?:let|lets|ask|asks|to)$/.test(x.lower)) && !/^(?:a|an|the|for|new)$/.test(prev)) return 'verb';
  if (/^(?:approv|authori)/.test(w)) return 'verb';
  if (/^(?:a|an|the|for|new|any|stale|final|second|first|peer|team|code|further|formal)$/.test(prev)) return 'noun';
  return words[i].pos === 'VERB' || /^(?:must|should|shall|to|not)$/.test(prev) ? 'verb' : 'noun';
}

function gateAt(words: Word[], i: number, text: string): GateShape | undefined {
  const last = triggerEnd(words, i);
  if (last < 0) return undefined;
  const form = formOf(words, i, last);
  const { from, to } = clauseAround(words, i);
  const first = words[from].lower;
  // "If the release is not approved, …", "When a change is reviewed, you can …": outcomes, not holds.
  if (first === 'if' || first === 'whether' || (first === 'when' && from === 0)) return undefined;
  const clauseText = text.slice(words[from].start, words[to - 1].end);
  const before = text.slice(words[from].start, words[i].start);
  if (/review|approv/.test(words[i].lower) && cadenceIn(words, from, to, clauseText)) return undefined;
  if (isStateName(words, i, last, form)) return undefined;
  // "can approve" grants a permission; "No changes may be deployed without" is a rule, and stays a gate.
  // "(with approval)" makes the permission conditional on it: "may buy up to $300 (with approval)" holds.
  const withApproval = form === 'noun' && words.slice(Math.max(from, i - 4), i).some((x) => x.lower === 'with');
  if ((PERMISSION_BEFORE.test(before) && !withApproval && !/\b(?:no|not|never|nothing|none)\b/i.test(before)) || NOT_REQUIRED.test(before)) return undefined;

  const cue = cueOf(words, from, i, last, form, clauseText);
  if (cue === undefined) return undefined;
  // "Decisions may take two days once approval is obtained" describes; "No change may ship without" holds.
  const lead = clauseText.slice(0, Math.max(0, words[cue.at].start - words[from].start));
  if (cue.temporal && /\b(?:may|might|could|can)\b(?!\s+only)/.test(lead) && !/\b(?:no|not|never|nothing|none)\b/i.test(lead)) return undefined;

  // "waiting on required reviews would prolong the outage": what waiting would cost, not a hold.
  if (
    words.slice(Math.max(from, i - 5), i).some((x) => /^(?:waiting|awaiting)$/.test(x.lower)) &&
    /\b(?:would|could|might)\b/.test(text.slice(words[last].end, words[to - 1].end))
  )
    return undefined;

  const agents = agentsIn(words, from, to, i, last, form).map(([a, b]): [number, number] => [words[a].start, words[b - 1].end]);
  // "Upon approval, …", "Once approved, …": the approval of the sentence before.
  const anaphoric =
    cue.temporal &&
    words[i - 1] === words[cue.at] &&
    ((form === 'noun' && /^(?:upon|after|on)$/.test(words[cue.at].lower)) ||
      (form === 'participle' && /^(?:once|after|upon)$/.test(words[cue.at].lower) && cue.at === from));
  return {
    start: words[cue.at].start,
    end: words[last].end,
    nounTrigger: form === 'noun',
    clause: [words[from].start, words[to - 1].end],
    agents,
    anaphoric,
  };
}

/** "ready for review", "under review", "review criteria", "approved releases": a name or state, not a hold. */
function isStateName(words: Word[], i: number, last: number, form: Form): boolean {
  const prev = words[i - 1]?.lower;
  const next = words[last + 1];
  if (prev === 'under' || prev === 'in') return true;
  if (prev === 'for' && /^(?:ready|marked|up|available)$/.test(words[i - 2]?.lower ?? '')) return true;
  if (form === 'noun' && next && COMPOUND_HEADS.has(next.lower)) return true;
  if (form === 'noun' && next?.lower === 'successful') return true;
  // "For approval, you must add a screenshot": what the approver needs to see, not a hold.
  if (prev === 'for' && i === 1 && next?.text === ',') return true;
  return false;
}

interface Cue {
  at: number;
  temporal: boolean;
}

/** The word that makes the approval a hold on the work, if there is one. */
function cueOf(words: Word[], from: number, i: number, last: number, form: Form, clauseText: string): Cue | undefined {
  const w = (k: number) => words[k]?.lower ?? '';
  if (form === 'noun') {
    // Walk back over determiners, adjectives and the approver's name: "get the Controller's written approval".
    let k = i - 1;
    while (
      k >= from &&
      k >= i - 6 &&
      !ACQUIRE.has(w(k)) &&
      !TEMPORAL.has(w(k)) &&
      (['DET', 'ADJ', 'NUM', 'PROPN', 'PART'].includes(words[k].pos) ||
        /^(?:an?|the|new|written|final|formal|'s|’s|\*|their|his|her|your|our|its)$/.test(w(k)) ||
        isCompoundModifier(words, k, i))
    )
      k--;
    const c = w(k);
    if (k < from) {
      // "Approval is required", "Sign-off needed before the cut-off"
      return requiredAfter(words, last) ? { at: i, temporal: false } : undefined;
    }
    // "need no further review": nothing is held. "awaiting your approval": the reader is who approves.
    if (words.slice(k + 1, i).some((x) => x.lower === 'no') || /^(?:your|my|our)$/.test(w(i - 1))) return undefined;
    if (ACQUIRE.has(c)) {
      if (/ing$/.test(c) && !/^(?:after|until|without|upon)$/.test(w(k - 1)) && c !== 'requiring' && c !== 'awaiting' && c !== 'pending') return undefined;
      return { at: k, temporal: c === 'pending' || c === 'without' };
    }
    // "until the DBA has given the go-ahead", "once the owner grants approval"
    if (/^(?:give|gives|given|gave|grant|grants|granted|provide|provides|provided)$/.test(c)) {
      const t = words.slice(Math.max(from, k - 6), k).findIndex((x) => TEMPORAL.has(x.lower) && x.lower !== 'before');
      if (t >= 0) return { at: Math.max(from, k - 6) + t, temporal: true };
    }
    if ((c === 'have' || c === 'has') && (MODAL.has(w(k - 1)) || /^(?:you|we|to|they)$/.test(w(k - 1)))) return { at: k, temporal: false };
    // "$2,000 (with approval)", "with prior written approval": allowed only once someone has approved.
    if (c === 'with' && (words[k - 1]?.text === '(' || words.slice(k + 1, i).some((x) => /^(?:prior|written|explicit|formal|advance)$/.test(x.lower))))
      return { at: k, temporal: false };
    if (c === 'for' && /^(?:ask|asks|asking|wait|waits|waiting|apply)$/.test(w(k - 1))) return { at: k - 1, temporal: false };
    if ((c === 'for' || c === 'on') && /^(?:wait|waits|waiting)$/.test(w(k - 1))) return { at: k - 1, temporal: false };
    if (c === 'for' && words.slice(from, k).some((x) => SENDING.has(x.lower) || ASKING.has(x.lower))) return { at: k, temporal: false };
    // "before the review" says when to do something else, not that the work waits for it.
    if (TEMPORAL.has(c) && c !== 'before') return { at: k, temporal: true };
    return requiredAfter(words, last) ? { at: i, temporal: false } : undefined;
  }
  if (form === 'participle') {
    // "until cleared by", "once approved", "when the release is signed off", "until it has been reviewed and approved"
    for (let k = i - 1; k >= from && k >= i - 8; k--) {
      if (TEMPORAL.has(w(k)) && !/^(?:before|without)$/.test(w(k))) return { at: k, temporal: true };
      if (words[k].pos === 'VERB' && !/^(?:been|be|is|are|was|were|gets|get|reviewed|approved)$/.test(w(k))) break;
    }
    // "should already have been reviewed", "must have been approved": the work holds on an approval made before it.
    if (w(i - 1) === 'been' && /^(?:have|has)$/.test(w(i - 2))) {
      const m = w(i - 3) === 'already' ? i - 4 : i - 3;
      if (MODAL.has(w(m))) return { at: m, temporal: false };
    }
    // "travel costs as approved can be claimed": only what someone approved. Not "mark the request as approved".
    if (w(i - 1) === 'as' && /^(?:approved|authori[sz]ed)$/.test(w(i)) && !words.slice(from, i - 1).some((x) => STATUS_VERBS.test(x.lower)))
      return { at: i - 1, temporal: false };
    // "must be approved", "needs to be signed off", "has to be reviewed"
    if (w(i - 1) === 'be' || (w(i - 1) === 'first' && w(i - 2) === 'be')) {
      const b = w(i - 1) === 'be' ? i - 1 : i - 2;
      if (MODAL.has(w(b - 1)) || (w(b - 1) === 'to' && /^(?:need|needs|has|have|ought|required|is|are|would|will)$/.test(w(b - 2))))
        return { at: MODAL.has(w(b - 1)) ? b - 1 : b - 2, temporal: false };
      if (w(b - 1) === 'to' && /^(?:need|needs)$/.test(w(b - 3))) return { at: b - 3, temporal: false };
    }
    // "only approved releases should be published"
    if (w(i - 1) === 'only' && /^(?:approved|signed|reviewed|signed-off)$/.test(w(i)) && /\b(?:should|must|may|can|shall|will|are|is)\b/.test(clauseText))
      return { at: i - 1, temporal: false };
    // "we require that any changes … are signed off by at least two people"
    if (w(last + 1) === 'by' && /\b(?:require|requires|required|must|only)\b/.test(clauseText)) {
      const at = words.findIndex((x, k) => k >= from && /^(?:require|requires|required|must|only)$/.test(x.lower));
      return { at: at >= 0 && at < i ? at : i, temporal: false };
    }
    return undefined;
  }
  // An approving verb: "the Support lead must approve", "needs three PMC members to vote", "QA signs off".
  // "after reviewing it with the security lead" holds for someone; "After reviewing the preview, create …" is the
  // reader checking their own work.
  if (/ing$/.test(w(i))) {
    const withSomeone = words.slice(last + 1, clauseAround(words, i).to).some((x) => x.lower === 'with' || x.lower === 'by');
    return /^(?:after|until|upon|without)$/.test(w(i - 1)) && withSomeone ? { at: i - 1, temporal: true } : undefined;
  }
  let k = i - 1;
  while (k >= from && /^(?:first|also|then|to|be|not|only|all|both|jointly|formally|explicitly)$/.test(w(k))) k--;
  if (
    k >= from &&
    (MODAL.has(w(k)) || (w(k) === 'need' && w(k + 1) === 'to') || (w(k) === 'needs' && w(k + 1) === 'to') || (/^(?:has|have)$/.test(w(k)) && w(k + 1) === 'to'))
  ) {
    if (/^(?:you|we|i)$/.test(w(k - 1))) return undefined;
    return { at: k, temporal: false };
  }
  // "until the Compliance officer has reviewed", "once a Cargo team member has approved"
  for (let j = i - 1; j >= from && j >= i - 10; j--) {
    if (TEMPORAL.has(w(j)) && !/^(?:before|without|when)$/.test(w(j))) {
      const subject = words.slice(j + 1, i).map((x) => x.lower);
      if (subject.some((x) => /^(?:you|we|i)$/.test(x))) return undefined;
      return { at: j, temporal: true };
    }
  }
  // "needs Marcus (Support lead) to sign off", "ask the controller to approve", "let others peer-review"
  let depth = 0;
  for (let j = i - 1; j >= from && j >= i - 12; j--) {
    if (w(j) === ')') depth++;
    else if (w(j) === '(') depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    if (CAUSATIVE.has(w(j)) && j < i - 1) return { at: j, temporal: false };
    if (words[j].pos === 'VERB' && !CAUSATIVE.has(w(j))) break;
  }
  // Present tense with an actor: "The CFO signs off the quarterly numbers", "PM, Dev, and QA sign off".
  if ((/^(?:approves|authori[sz]es|signs-off|signs|sign|approve)$/.test(w(i)) && !/^(?:to|and|or|please|then)$/.test(w(i - 1))) || w(i - 1) === 'and') {
    const subject = nounPhraseAt(words, from, i);
    if (subject && subject.to > from && !/^(?:you|we|i|they|it|he|she)$/.test(w(from)) && (w(i) !== 'approve' || ['NOUN', 'PROPN'].includes(words[i - 1].pos)))
      return { at: i, temporal: false };
  }
  return undefined;
}

/** "Approval is required", "Sign-off by the VP of Sales is needed", "functional approval are required". */
function requiredAfter(words: Word[], last: number): boolean {
  const after = words
    .slice(last + 1, last + 12)
    .map((x) => x.lower)
    .join(' ');
  // "Code review, however, is always required": asides and adverbs between. Without "is", only right after the
  // approval word: "approval required", not "review and forwarding the necessary documents".
  return (
    /^(?:\S+\s+){0,8}?(?:is|are|be)\s+(?:(?:always|still|also|then)\s+)?(?:required|needed|necessary|mandatory)\b/.test(after) ||
    /^(?:\S+\s+){0,1}?(?:required|needed|mandatory)\b/.test(after)
  );
}

/** "manager approval", "QA consent", "team review": a noun before the approval word that says whose it is. */
function isCompoundModifier(words: Word[], k: number, i: number): boolean {
  return words[k].pos === 'NOUN' && k === i - 1;
}

/** Word ranges [from, to) in the places of a clause that say who approves. */
function agentsIn(words: Word[], from: number, to: number, trigger: number, last: number, form: Form): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const add = (r: { from: number; to: number } | undefined) => r && r.to > r.from && out.push([r.from, r.to]);
  // "until the DBA has given the go-ahead", "once a team member has approved": who acts after "until" / "once".
  for (let k = from; k < trigger; k++) if (TEMPORAL.has(words[k].lower)) add(nounPhraseAt(words, k + 1, trigger));
  for (let k = from; k < to; k++) {
    const w = words[k].lower;
    // "by the Incident Commander", "from people from GDS", "with security lead" after the gate's own words
    // — not "what was approved by the Board" before them, nor "by means of".
    if (AGENT_PREPOSITIONS.has(w) && k > last && words[k + 1]?.lower !== 'means')
      add(nounPhraseAt(words, k + 1, to) ?? { from: k + 1, to: Math.min(k + 2, to) });
    // "approval of the release manager"
    if (
      w === 'of' &&
      k > from &&
      /^(?:(?:pre-?)?approvals?|sign-?offs?|consent|review|reviews|authori[sz]ation|vote|permission|agreement|go-ahead|clearance)$/.test(words[k - 1].lower)
    )
      add(nounPhraseAt(words, k + 1, to));
    // "ask the QMO", "requests their supervisor", "reach out to your manager", "send it to Priya", "out to #helm-dev"
    // "ask the QMO for approval", "send the draft to Priya for sign-off", "for review to the Payroll administrator":
    // the person asked counts only when the approval is what they are asked for.
    const handsOver =
      w === 'to' && words.slice(from, k).some((x) => SENDING.has(x.lower) || ASKING.has(x.lower) || /^(?:escalate|talk|speak|reply|out|it)$/.test(x.lower));
    const asks = ASKING.has(w);
    if (asks || handsOver || w === 'let') {
      const skip =
        words[k + 1]?.lower === 'out' ? (words[k + 2]?.lower === 'to' ? 3 : 2) : words[k + 1]?.lower === 'for' || words[k + 1]?.lower === 'with' ? 2 : 1;
      const np = nounPhraseAt(words, k + skip, to);
      const after = np && words[np.to]?.text === '(' ? words.findIndex((x, j) => j > np.to && x.text === ')') + 1 : (np?.to ?? 0);
      const askedFor = np && after > 0 && trigger >= after && trigger <= after + 4 && /^(?:for|to|about|regarding|on)$/.test(words[after]?.lower ?? '');
      // "send the build to the reporter … and ask for a review": the one asked is the one it was sent to.
      const askedAfter =
        np &&
        handsOver &&
        after > 0 &&
        words.slice(after, trigger).some((x, j) => ASKING.has(x.lower) && words[after + j + 1]?.lower === 'for' && trigger - (after + j) <= 4);
      // "Escalate to the security team and wait for their go-ahead": "their" is the team asked.
      const theirs = np && np.to <= trigger && /^(?:their|his|her)$/.test(words[trigger - 1]?.lower ?? '');
      if (np && (askedFor || askedAfter || theirs || (trigger < k && trigger >= k - 4) || (np.from <= trigger && trigger < np.to))) add(np);
    }
    // The approver before the approval noun: "the Controller's approval", "QA consent", "SRC member approval".
    if (triggerEnd(words, k) >= 0 && formOf(words, k, triggerEnd(words, k)) === 'noun') add(phraseBefore(words, from, k));
    // Before an approving verb: "the Support lead must approve", "needs three PMC members to vote".
    if (form === 'verb' && (triggerEnd(words, k) >= 0 || /^(?:to|must|should|shall|will|has|have)$/.test(w))) add(phraseBefore(words, from, k));
    // "needs Marcus (Support lead) to sign off", "let others peer-review"
    if (form === 'verb' && CAUSATIVE.has(w)) add(nounPhraseAt(words, k + 1, to));
  }
  // The subject of an approving verb: "The supervisor reviews … and approves", "PM, Dev, and QA sign off".
  if (form === 'verb') add(nounPhraseAt(words, from, to));
  return out;
}

/** The noun phrase that ends right before word `k`, within the clause. */
function phraseBefore(words: Word[], from: number, k: number): { from: number; to: number } | undefined {
  let j = k - 1;
  while (
    j >= from &&
    // "core reviewers on the subscription list from the project in question should review it": a long subject.
    j >= k - 14 &&
    (['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'PRON'].includes(words[j].pos) ||
      /^(?:'s|’s|,|and|or|\(|\)|\*|&|of|from|in|on)$/.test(words[j].lower) ||
      /^[@#]/.test(words[j].text))
  )
    j--;
  return j + 1 < k ? { from: j + 1, to: k } : undefined;
}
