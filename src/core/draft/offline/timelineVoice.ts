/**
 * A line of a work log in the SOP's voice: "looked the order up in Shopify" → "Look the order up in
 * Shopify", "welcome e-mail sent to all users" → "Send the welcome e-mail to all users",
 * "`scripts/fetch.sh <day>` downloads …" → "Run `scripts/fetch.sh <day>`: downloads …".
 */

/**
 * Words of a decision or an approval: such a step is a judgment call. "Ask Helena before refunding" asks for a
 * go-ahead too: a person decides, so it is never a step to automate.
 */
export const JUDGMENT = /\b(?:approv\w*|decid\w*|decision|override|sign-?off|whether|judge\w*)\b|\bask(?:s|ed)?\b[^.;]{1,60}\bbefore\b/i;

/** Verbs of office work in their plain form; their past forms are derived below. */
const BASE_VERBS = (
  'add answer apply approve archive ask assign attach book build call cancel change check clean close compare configure confirm copy ' +
  'count create decide delete download draft email e-mail enter escalate export fetch file fill fix flag follow forward generate hand ' +
  'import inform invite issue label link load log look mark match merge message move note notify offer open order pack pay phone ' +
  'pick plan post prepare print publish pull put read reconcile record refund reject remind remove rename reply request review ' +
  'run save scan schedule score send set share sign skip sort start submit tag test transfer try update upload verify ' +
  'write enable disable invoice quote estimate chase contact telephone ping dial enforce activate deactivate switch turn invite ' +
  'deliver ship solve resolve escalate receive accept decline remind reopen tidy wait collect process refresh restart'
)
  .split(' ')
  .filter(Boolean);

const IRREGULAR: Record<string, string> = {
  sent: 'send',
  ran: 'run',
  wrote: 'write',
  built: 'build',
  read: 'read',
  got: 'get',
  took: 'take',
  made: 'make',
  paid: 'pay',
  set: 'set',
  put: 'put',
  gave: 'give',
  told: 'tell',
  kept: 'keep',
  found: 'find',
  rang: 'ring',
  spoke: 'speak',
  held: 'hold',
  did: 'do',
  'e-mailed': 'e-mail',
};

const PAST = new Map<string, string>();
const BASE = new Set<string>(BASE_VERBS);
for (const v of BASE_VERBS) {
  const forms = v.endsWith('e') ? [v + 'd'] : /[^aeiou]y$/.test(v) ? [v.slice(0, -1) + 'ied'] : [v + 'ed', v + v.slice(-1) + 'ed'];
  for (const f of forms) PAST.set(f, v);
}
for (const [past, base] of Object.entries(IRREGULAR)) {
  PAST.set(past, base);
  BASE.add(base);
}

/** "looked" → "look"; undefined when the word is not a past form of a known verb. */
function baseOfPast(word: string): string | undefined {
  return PAST.get(word.toLowerCase());
}

/** "posts" → "post", "copies" → "copy": how a note describes what a script or a person does. */
function baseOfPresent(word: string): string | undefined {
  const w = word.toLowerCase();
  if (w.endsWith('es') && BASE.has(w.slice(0, -2))) return w.slice(0, -2);
  if (w.endsWith('ies') && BASE.has(w.slice(0, -3) + 'y')) return w.slice(0, -3) + 'y';
  if (w.endsWith('s') && BASE.has(w.slice(0, -1))) return w.slice(0, -1);
  return undefined;
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** Words after which a past participle reads as passive: "reply sent, …", "SSO configured in …". */
const AFTER_PASSIVE =
  /^(?:$|[,;:(.]|\s\(|\s(?:to|in|into|on|for|from|by|at|as|via|with|and|then|per|after|before)\b|\s\d{1,3}\s(?:business\s|working\s)?(?:days?|hours?|weeks?|minutes?)\b)/;
/** What follows a verb that only records a fact: a date, or "= value". */
const RECORD_AFTER = /^\s{0,3}(?:[=:]|\d{1,2}\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b)/;
const SUBJECT_PRONOUN = /^(?:i|we)\s/i;
const RECOVERY = /^(?:re-?ran|retried|re-?did|re-?tried|worked around)\b/i;
/** A command at the start of a line: a code span, or a runner with a script path. */
const COMMAND = /^(`[^`]{1,300}`|(?:(?:python3?|bash|sh|node|psql|ruby|npx|make|pwsh)\s|\.\/)\S{0,200}(?:\s(?!->|→)[^\s;,]{1,200}){0,12})/;
/** "kickoff call (45 min) with …": a meeting named by its noun. */
const MEETING = /^((?:[\w-]{1,30}\s){0,3}(?:call|meeting|session|workshop|demo|standup|stand-up|review|interview|check-in|kickoff|kick-off))\b/i;
/** "ticket came in through the inbox", "user list in (…)": the work arriving. */
const ARRIVAL = /^((?:the\s)?(?:[\w-]{1,30}\s){0,3}?[\w-]{1,30})\s(?:came in|arrived|in(?=\s?(?:\(|by\b|from\b|through\b|via\b|$)))\s?/i;

/** One clause as an instruction, or undefined when it is not something the writer did. */
export function clauseInstruction(raw: string): string | undefined {
  const clause = raw
    .trim()
    .replace(SUBJECT_PRONOUN, '')
    .replace(/^(?:then|and|so)\s/i, '');
  if (!clause || RECOVERY.test(clause)) return undefined;
  const command = COMMAND.exec(clause);
  if (command) {
    const cmd = command[1].startsWith('`') ? command[1] : '`' + command[1].trim() + '`';
    const rest = clause
      .slice(command[0].length)
      .trim()
      .replace(/^(?:->|→|=>)\s*/, '');
    return rest ? `Run ${cmd}: ${rest}` : `Run ${cmd}`;
  }
  const first = /^([A-Za-z][\w-]{0,30})(?![/.\w])(.*)$/s.exec(clause);
  // "approved same day" without a subject is someone else's approval; "delivered 3 Nov" is a record.
  const verb = first && !RECORD_AFTER.test(first[2]) ? (baseOfPast(first[1]) ?? (/^[a-z]/.test(first[1]) ? baseOfPresent(first[1]) : undefined)) : undefined;
  if (first && verb && verb !== 'approve') return enough(capital(verb) + andThen(first[2]));
  const passive = passiveInstruction(clause);
  if (passive) return enough(passive);
  const meeting = MEETING.exec(clause);
  if (meeting) return `Hold the ${clause.replace(/^the\s/i, '')}`;
  const arrival = ARRIVAL.exec(clause);
  if (arrival && !/^(?:i|we|he|she|they)$/i.test(arrival[1])) {
    return `Pick up the ${arrival[1].replace(/^the\s/i, '')} ${clause.slice(arrival[0].length)}`.trim();
  }
  return undefined;
}

/** "welcome e-mail sent to all users" → "Send the welcome e-mail to all users"; not "Lukas asked to swap". */
function passiveInstruction(clause: string): string | undefined {
  const words = clause.split(' ', 7);
  let offset = 0;
  for (let i = 0; i < Math.min(words.length, 6); i++) {
    const word = words[i].replace(/[,;:.]$/, '');
    const base = i > 0 ? baseOfPast(word) : undefined;
    const after = clause.slice(offset + word.length);
    if (base && AFTER_PASSIVE.test(after)) {
      const object = clause
        .slice(0, offset)
        .trim()
        .replace(/^(?:the|a|an)\s/i, '');
      // "Lukas asked to swap", "customer confirmed money received": someone else acting, not the writer.
      if (/^[A-Z][a-z]{1,20}$/.test(object) || /^(?:i|we|he|she|they)$/i.test(object)) return undefined;
      if (object.split(' ').some((w) => baseOfPast(w))) return undefined;
      // "ticket Solved": a status set in a tool, named as the tool names it.
      if (/^[A-Z]/.test(word)) return `Set the ${object} to ${word}${andThen(after)}`;
      return `${capital(base)} the ${object}${andThen(after)}`;
    }
    offset += words[i].length + 1;
  }
  return undefined;
}

/** A bare "Run clean" says too little to be a step. */
function enough(text: string): string | undefined {
  return text.includes('`') || /\S\/\S|\.[a-z]{2,4}\b/.test(text) || text.split(/\s+/).length >= 3 ? text : undefined;
}

/** "… and logged the due date" → "… and log the due date". */
function andThen(rest: string): string {
  return rest.replace(/(\band\s|\bthen\s)([a-z][\w-]{1,30})\b/g, (all, lead: string, word: string) => {
    const v = baseOfPast(word);
    return v ? lead + v : all;
  });
}

/** Whether a clause already reads as an instruction ("Skip every invoice …", "In Xero, run …"). */
export function isImperative(text: string): boolean {
  if (/^\S+\s(?:in|came|arrived|received)\b/i.test(text)) return false;
  const words = text.replace(/^[^A-Za-z`]{0,10}/, '').split(/[\s,]+/, 8);
  if (BASE.has((words[0] ?? '').toLowerCase())) return true;
  // "In Xero, run …": a short lead-in and then a plain verb.
  const comma = text.indexOf(',');
  return (
    comma > 0 &&
    comma < 40 &&
    BASE.has(
      (
        text
          .slice(comma + 1)
          .trim()
          .split(/\s/, 1)[0] ?? ''
      ).toLowerCase(),
    )
  );
}
