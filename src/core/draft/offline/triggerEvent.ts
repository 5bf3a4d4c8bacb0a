/**
 * Events that set the work off: the first message of a thread (a customer's request, a hand-over inside
 * the team), a trigger stated in the notes, a policy page that says what customers can ask for. The event
 * is said generically ("a customer asks for a refund"), never with the one customer's name or order.
 */
import { wordsOf, type Word } from '../../sop/clauses';
import { SHARED_MAILBOX, sentencesOf, type Passage, type TriggerCandidate } from './triggerSources';

const THING = '([a-z][a-z-]{2,30})';
const ARTICLE = '(?:a |an |the |my |our |your |some |new )?';
/** What a message asks for, in the ways people write it; group 1 is the thing asked for. */
const ASKS_FOR = [
  new RegExp(`\\b(?:request(?:ing|s|ed)?|ask(?:ing|s|ed)?|apply(?:ing)?|applies|applied) for ${ARTICLE}(?:full |partial )?${THING}`, 'i'),
  new RegExp(
    `\\b(?:(?:can|could|may) (?:i|we)|(?:i|we)(?:'d| would) like to|(?:i|we) want to) (?:please )?(?:get|receive|have) ${ARTICLE}(?:full |partial )?${THING}`,
    'i',
  ),
  new RegExp(`\\b(?:please )?send (?:us|me) ${ARTICLE}${THING}`, 'i'),
  new RegExp(`\\b${THING} request\\b`, 'i'),
];
/** A subject that names what it is about first: "Refund for order 123", "Quote request: 3 sites". */
const SUBJECT_HEAD = new RegExp(`^${THING}(?: for| request| of)\\b`, 'i');
/** Words that follow "ask for" and "get" without naming anything a procedure could start from. */
const NOT_A_THING = new Set([
  'request',
  'requests',
  'question',
  'questions',
  'enquiry',
  'inquiry',
  'the',
  'this',
  'that',
  'it',
  'more',
  'some',
  'any',
  'one',
  'call',
  'moment',
  'chance',
  'look',
  'minute',
  'second',
  'back',
  'reply',
  'answer',
  'pull',
  'feature',
  'update',
]);
const UNCOUNTED = new Set(['help', 'information', 'info', 'access', 'advice', 'support', 'feedback', 'pricing', 'money', 'approval', 'permission', 'payment']);
/** A business object reaching a state: "contract countersigned", "order was placed", "deal closed won". */
const STATE_CHANGE =
  /\b(contract|agreement|deal|order|purchase order|quote|proposal|offer|invoice|payment|application|ticket|incident|booking|subscription|renewal|claim)s? (?:is |was |has been |have been |got |now )?(countersigned|signed|closed won|closed|won|accepted|received|placed|confirmed|submitted|opened|raised|escalated|paid|cancell?ed|renewed|booked)\b/i;
const HAND_OVER =
  /\b(?:over to you|hand(?:ing|ed|s)? (?:it |this |them )?over|hand-?over|pass(?:ing|ed)? (?:it |this )?(?:on|over) to you|for you to take over)\b/i;
/** "Trigger: a customer submits a cancellation form": a labelled trigger line. */
const TRIGGER_LABEL = /^\W{0,4}trigger(?: event)?\W{0,4}[:–—-]\s*([^.;!?]{3,160})/i;
/** Notes that say outright what starts the work. */
const STATED =
  /\b(?:triggered by:?|starts? (?:when|whenever|as soon as)|(?:do|run|start) (?:this|it) (?:when|whenever|as soon as)|kicks? off when)\s([^.;!?]{3,160})/i;
/** "When a new lead comes in, …" at the start of a sentence in the notes. */
const WHEN_GENERIC = /^(?:when|whenever|as soon as|each time|every time)\s((?:a|an|any|every|new|a new|we|you)\s[^,.;:!?]{3,120})/i;
/** Exceptions inside the work are not what starts it: "when a fetch fails", "when the export is late". */
const CONTINGENCY = /\b(?:fail|fails|failed|error|errors|broken|breaks|wrong|missing|outage|late|down|stuck|crash)\b/i;
/** "ticket came in through the support inbox", "request in by e-mail": how the work arrived, in a log. */
const ARRIVED = /\b([a-z][a-z-]{2,30}) (?:came in|comes in|arrived|arrives|in by e-?mail|in via)\b([^;.()]{0,80})/i;
/** What a policy page says customers may ask for: "You can return any item within 14 days for a full refund". */
const POLICY = /\b(?:customers?|clients?|you|buyers?|members?) (?:can|may) (?:ask|request|return|apply|claim|get|cancel)\b/i;

/** Enough to find the trigger among a few stated ones; the rest of a long note is not read for more. */
const MAX_STATED = 12;

/** Events in the evidence, each with its strength. */
export function eventCandidates(passages: Passage[]): TriggerCandidate[] {
  const out: TriggerCandidate[] = [];
  const mail = firstMessageEvent(passages);
  if (mail) out.push(mail);
  out.push(...statedInNotes(passages));
  const started = startOfLog(passages);
  if (started) out.push(started);
  const arrival = arrivalIn(passages);
  const policy = policyIn(passages);
  if (mail) {
    // A log line saying how the work came in, or a policy page granting what was asked, backs the e-mail up.
    if (arrival) mail.evidence.push(arrival.evidence[0]);
    const thing = /asks for (?:an? )?([\w-]+)/.exec(mail.text)?.[1];
    const granted = policy.find((c) => thing !== undefined && c.text.includes(thing));
    if (granted) mail.evidence.push(granted.evidence[0]);
    if (arrival || granted) mail.strength += 0.5;
  } else {
    if (arrival) out.push(arrival);
    out.push(...policy);
  }
  return out;
}

/** Triggers the notes state in words, at most MAX_STATED of them: each may be parsed once. */
function statedInNotes(passages: Passage[]): TriggerCandidate[] {
  const out: TriggerCandidate[] = [];
  for (const p of passages) {
    if (p.kind !== 'note') continue;
    for (const line of p.prose) {
      for (const sentence of sentencesOf(line.replace(/\s+/g, ' '))) {
        if (out.length >= MAX_STATED) return out;
        const labelled = TRIGGER_LABEL.exec(sentence);
        if (labelled && !/\b(?:every|each|daily|weekly|monthly|cron)\b/i.test(labelled[1]))
          out.push(event(`When ${lowerFirst(clauseOf(labelled[1]))}.`, p.path, 4));
        const stated = STATED.exec(sentence);
        if (stated && !CONTINGENCY.test(stated[1])) out.push(event(statedText(stated[0], clauseOf(stated[1])), p.path, 4));
        const when = WHEN_GENERIC.exec(sentence);
        if (when && !CONTINGENCY.test(when[1])) out.push(event(`When ${clauseOf(when[1])}.`, p.path, 2));
      }
    }
  }
  return out;
}

function event(text: string, path: string, strength: number): TriggerCandidate {
  return { kind: 'event', text, evidence: [path], strength };
}

/** "Starts when a PO arrives" gives a clause; "Triggered by a new invoice" a noun phrase, said as "there is". */
function statedText(statement: string, clause: string): string {
  const nounPhrase = /^triggered/i.test(statement) && !wordsOf(clause).some((w) => w.pos === 'VERB' && !/ing$/i.test(w.text));
  return nounPhrase ? `When there is ${clause}.` : `When ${clause}.`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** The clause up to its end, without a trailing list of details: "a lead comes in". */
function clauseOf(text: string): string {
  return text
    .replace(/\s*[,(–—].*$/, '')
    .replace(/[\s:-]+$/, '')
    .trim();
}

/** The earliest first message of a thread that says what it sets off. */
function firstMessageEvent(passages: Passage[]): TriggerCandidate | undefined {
  const starters = passages
    .filter((p) => p.mail?.starter)
    .sort((a, b) => (a.mail!.date ?? '9999').localeCompare(b.mail!.date ?? '9999'))
    .slice(0, 5);
  for (const p of starters) {
    const m = p.mail!;
    const opening = [m.subject, ...p.prose.filter((l) => l.trim()).slice(0, 12)].join('\n').slice(0, 1500);
    if (m.external) {
      const ask = requestIn(m.subject, opening);
      const shared = SHARED_MAILBOX.test(m.to);
      // A message to the team's shared inbox that asks nothing in words still opens the work.
      if (!ask && shared) return event(`When a customer writes to ${m.to}.`, p.path, 2.5);
      // "We have signed the contract": the customer's message reports the event itself.
      const change = ask ? undefined : stateChangeIn(opening);
      if (change) return event(change, p.path, 3);
      if (!ask) continue;
      return event(`When a customer ${ask} (${shared ? `by e-mail to ${m.to}` : 'by e-mail'}).`, p.path, ask === 'asks a question' ? 2.5 : 3);
    }
    const change = stateChangeIn(opening);
    if (change) return event(change, p.path, 3);
  }
  return undefined;
}

/** "asks for a refund", "asks for a quotation", "asks a question"; undefined when the message asks nothing. */
function requestIn(subject: string, opening: string): string | undefined {
  const things: string[] = [];
  for (const sentence of sentencesOf(opening.replace(/\s+/g, ' '), 400).slice(0, 20)) {
    if (/\bmoney back\b/i.test(sentence)) things.push('refund');
    const words = parsed(sentence);
    for (const re of ASKS_FOR) {
      const m = re.exec(sentence);
      if (m && isThing(m[1], words)) things.push(m[1]);
    }
  }
  // A subject's first noun is what the message is about, weaker than what it asks for in words.
  const head = SUBJECT_HEAD.exec(subject.trim());
  if (head && isThing(head[1], parsed(subject))) things.push(head[1]);
  const thing = things[0]?.toLowerCase();
  // "asks for help", "asks for proposals", "asks for a refund"
  if (thing) return `asks for ${UNCOUNTED.has(thing) || /[^s]s$/.test(thing) ? thing : article(thing)}`;
  return /\?\s*$/.test(subject) || /\?(?:\s|$)/.test(opening) ? 'asks a question' : undefined;
}

/** The words of a sentence, tagged on first use only: most sentences never need it. */
function parsed(sentence: string): () => Word[] {
  let words: Word[] | undefined;
  return () => (words ??= wordsOf(sentence.slice(0, 400)));
}

/** A noun that names something asked for (or, with `arriving`, something that arrives), by its part of speech. */
function isThing(word: string, words: () => Word[], arriving = false): boolean {
  if (arriving ? /^(?:it|this|that|one|everything|nothing|something|someone|money)$/i.test(word) : NOT_A_THING.has(word.toLowerCase())) return false;
  const w = words().find((x) => x.lower === word.toLowerCase());
  return w === undefined || w.pos === 'NOUN' || w.pos === 'PROPN';
}

function article(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

const LOG_DATE =
  /^(?:\d{4}-\d{2}-\d{2}|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?(?: \d{4})?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6},? \d{1,2} [a-z]{3,9})\b/i;

/**
 * The first entry of a dated log in the notes, when it records a state change or a hand-over: the work's
 * timeline starts with what set it off ("2 Nov: contract countersigned, handed over by sales").
 */
function startOfLog(passages: Passage[]): TriggerCandidate | undefined {
  for (const p of passages) {
    if (p.kind !== 'note') continue;
    const first = p.prose.find((l) => LOG_DATE.test(l.trim()));
    const change = first ? stateChangeIn(first) : undefined;
    if (change) return event(change, p.path, 3);
  }
  return undefined;
}

/** "When a contract is countersigned and the work is handed over to you." */
function stateChangeIn(text: string): string | undefined {
  const change = STATE_CHANGE.exec(text);
  if (!change) return undefined;
  const handed = HAND_OVER.test(text) ? ' and the work is handed over to you' : '';
  return `When ${article(change[1].toLowerCase())} is ${change[2].toLowerCase()}${handed}.`;
}

/** The first log line in the notes saying how a piece of work came in. */
function arrivalIn(passages: Passage[]): TriggerCandidate | undefined {
  let tries = 0;
  for (const p of passages) {
    if (p.kind !== 'note') continue;
    for (const line of p.prose.slice(0, 200)) {
      const m = ARRIVED.exec(line);
      if (!m) continue;
      if (++tries > 10) return undefined;
      if (!isThing(m[1], parsed(line), true)) continue;
      const via = /^\s*(?:through|via|by|from|in)\s[^,]{3,60}/i.exec(m[2])?.[0].trim();
      return event(`When ${article(`new ${m[1].toLowerCase()}`)} comes in${via ? ` ${via}` : ''}.`, p.path, 2);
    }
  }
  return undefined;
}

/** What a policy page lets customers ask for, as events. */
function policyIn(passages: Passage[]): TriggerCandidate[] {
  const out: TriggerCandidate[] = [];
  let tries = 0;
  for (const p of passages) {
    if (p.kind !== 'note') continue;
    for (const line of p.prose.slice(0, 300)) {
      if (!POLICY.test(line)) continue;
      if (++tries > 10) return out;
      const granted = /\bfor (?:a |an )?(?:full |partial )?([a-z][a-z-]{2,30})\b/i.exec(line)?.[1];
      const ask = requestIn('', line) ?? (granted && isThing(granted, parsed(line)) ? granted : undefined);
      if (!ask || ask === 'asks a question') continue;
      const text = ask.startsWith('asks') ? ask : `asks for ${article(ask.toLowerCase())}`;
      out.push(event(`When a customer ${text}.`, p.path, 2));
      if (out.length >= 3) return out;
    }
  }
  return out;
}
