/**
 * Whether the clause of an approval gate says who approves: a person, a role, a team, a handle, a channel or
 * "two people from X" — in the places of the clause that say who, not anywhere in the sentence.
 */
import { DEPARTMENTS, escapeRe, NOT_NAMES, type GateMatch, type NamingContext } from './gates';
import { ROLE_HEADS } from './roles';

/** Words that point at someone without naming them. */
const NOBODY =
  /^(?:someone|somebody|anyone|anybody|others?|people|person|everyone|they|them|he|she|you|we|i|it|this|that|one|more|two|three|four|five|several|some|all|any|each|a|an|the|at|least|most|else|other|another|relevant|appropriate|same|new|second|first|their|your|our|his|her|its)$/i;

/** The head word of a phrase names a doer: "budget holders", "the attending physician", "a custodian". */
const PERSON_NOUN = /[a-z](?:er|or|ist|ant|ee|ian)s?$/i;
/** Words with those endings that are things, not people. */
const NOT_PERSON =
  /^(?:order|folder|number|paper|other|another|after|under|over|cluster|server|browser|filter|parameter|register|letter|error|vector|sector|factor|door|floor|color|colour|monitor|trigger|header|footer|buffer|container|computer|water|power|answer|matter|manner|character|corner|center|centre|list|checklist|whitelist|allowlist|blocklist|fee|tree|degree|guarantee|plant|variant|constant|either|neither|whether|later|earlier|rather|ever|never|together|chapter|cover|layer|marker|banner|border|calendar|meter|quarter|week|year|per|minor|major|behavior|behaviour|indicator|repository|directory|history|category|inventory|territory)s?$/i;

function lastWord(phrase: string): string {
  return (
    phrase
      .replace(/[^\w\s-]+/g, ' ')
      .trim()
      .split(/\s+/)
      .pop() ?? ''
  );
}

const cache = new Map<string, RegExp>();

function roleRe(ctx: NamingContext): RegExp {
  const key = ctx.roleWords.join('\u0001');
  let re = cache.get(key);
  if (!re) {
    const extra = ctx.roleWords
      .map((w) => w.trim())
      .filter(Boolean)
      .map((w) => escapeRe(w).replace(/\s+/g, '\\s+'));
    // "IT" the department is told from "it" the pronoun by its capitals, below.
    const departments = DEPARTMENTS.split('|').filter((d) => d !== 'it');
    re = new RegExp(String.raw`\b(?:${[ROLE_HEADS, ...departments, ...extra].join('|')})(?:s|es)?\b`, 'i');
    if (cache.size > 32) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/** An e-mail address in the text; the regular expression only runs where there is an @ (it is on every keystroke). */
function hasEmail(text: string): boolean {
  return text.includes('@') && /[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{1,63}/.test(text);
}

/** A phrase names someone: a role, a name in capitals, a handle, a channel or an e-mail address. */
export function phraseNamesSomeone(phrase: string, atSentenceStart: boolean, ctx: NamingContext): boolean {
  if (/(?:^|[\s(])[@#][\w-]/.test(phrase) || hasEmail(phrase)) return true;
  if (roleRe(ctx).test(phrase) || /\bIT\b/.test(phrase)) return true;
  if (PERSON_NOUN.test(phrase.replace(/[^\w\s-]+/g, ' ').trim()) && !NOT_PERSON.test(lastWord(phrase))) return true;
  const words = phrase.split(/[\s,/()*"“”]+/).filter(Boolean);
  return words.some((w, i) => {
    if (i === 0 && atSentenceStart) return false;
    // "250 EUR", "10 GB": a unit after a number, not a name.
    if (i > 0 && /^\d/.test(words[i - 1])) return false;
    const bare = w.replace(/(?:'s|’s)$/, '');
    return /^[A-Z][\w.'’-]*$/.test(bare) && !NOT_NAMES.has(bare) && !NOBODY.test(bare) && bare.length > 1;
  });
}

/** Whether the gate's own clause names who approves it. */
export function gateNamesWho(sentence: string, gate: GateMatch, ctx: NamingContext): boolean {
  const clause = sentence.slice(gate.clause[0], gate.clause[1]);
  if (/(?:^|[\s(])[@#][\w-]/.test(clause) || hasEmail(clause)) return true;
  if (knownNameIn(clause, ctx.knownNames)) return true;
  return gate.agents.some(([a, b]) => phraseNamesSomeone(sentence.slice(a, b), a === 0, ctx));
}

function knownNameIn(text: string, names: string[]): boolean {
  const re = knownNamesRe(names);
  return re !== undefined && re.test(text.toLowerCase());
}

const namesRes = new Map<string, RegExp | undefined>();

/** One expression for the SOP's known names and their first names, built once per list of names. */
function knownNamesRe(names: string[]): RegExp | undefined {
  const key = names.join('\u0001');
  if (namesRes.has(key)) return namesRes.get(key);
  const words = [...new Set(names.flatMap((n) => [n, n.split(/\s+/)[0]]).filter((n) => n.length >= 2 && !NOT_NAMES.has(n)))];
  const re = words.length > 0 ? new RegExp(String.raw`(?:^|[^\w@])(?:${words.map((n) => escapeRe(n.toLowerCase())).join('|')})\b`) : undefined;
  if (namesRes.size > 32) namesRes.clear();
  namesRes.set(key, re);
  return re;
}
