/**
 * Who is who in the evidence, as the evidence names them: "Helena Varga (Support Lead)", "the finance
 * lead (Tobias Lindqvist)", "Freya's approval (Marketing Ops lead)", an e-mail signature "Head of Sales".
 * Used to turn the words of a gate ("the Support Lead", "she", "Wen's") into a person with a role.
 */
import type { EvidenceBundle } from '../../evidence/types';
import { DEFAULT_ROLE_WORDS, escapeRe, NOT_NAMES } from '../../sop/gates';
import { MAX_FILE_CHARS, onTeam, teamDomain } from './teamWords';

export interface Named {
  name: string;
  role?: string;
  email?: string;
}

export interface Directory {
  people: Named[];
  domain?: string;
  /** "Name (Role)" for whoever the words name, or the words themselves when they name a role nobody holds. */
  resolve(words: string, context?: string): string | undefined;
  /** The person a label or name stands for. */
  find(words: string): Named | undefined;
  /** On the team: an address in the team's domain, or no address to say otherwise. */
  onTeam(p: Named): boolean;
}

const ROLE_WORD = new RegExp(String.raw`\b(?:${[...DEFAULT_ROLE_WORDS, 'lead', 'csm', 'account executive'].map(escapeRe).join('|')})\b`, 'i');
const NAME = String.raw`[A-Z][a-z]{1,20}(?:-[A-Z][a-z]{1,20})?(?: [A-Z][a-z]{1,20}(?:-[A-Z][a-z]{1,20})?)?`;
/** "Devon Price (IT admin)", "Freya's approval (Marketing Ops lead)". */
const NAME_ROLE = new RegExp(String.raw`\b(${NAME})(?:'s|’s)?(?:\s{1,4}[a-z]{2,12})?\s{1,4}\(([^()]{2,40})\)`, 'g');
/** "the finance lead (Tobias Lindqvist)". */
const ROLE_NAME = new RegExp(String.raw`\b((?:[A-Za-z&-]{1,20}\s{1,4}){0,3}?[A-Za-z-]{2,20})\s{1,4}\((${NAME})\)`, 'g');

export function label(p: Named): string {
  return p.role ? `${p.name} (${p.role})` : p.name;
}

export function buildDirectory(bundle: EvidenceBundle): Directory {
  const people: Named[] = [];
  const find = (words: string): Named | undefined => {
    const w = words.trim().toLowerCase();
    if (!w) return undefined;
    return (
      people.find((p) => p.email?.toLowerCase() === w || p.name.toLowerCase() === w) ??
      people.find((p) => p.name.split(' ')[0].toLowerCase() === w.split(' ')[0] && (w.split(' ').length === 1 || p.name.split(' ').length === 1))
    );
  };
  const add = (written: string, role?: string, email?: string) => {
    const name = withoutVerb(written);
    const first = name.split(' ')[0];
    if (NOT_NAMES.has(first) || ROLE_WORD.test(name)) return;
    let p = find(email ?? '') ?? find(name);
    if (!p) people.push((p = { name }));
    else if (name.split(' ').length > p.name.split(' ').length) p.name = name;
    if (role && !p.role) p.role = role.trim();
    if (email && !p.email) p.email = email;
  };
  for (const f of bundle.included) {
    if (f.facts.type === 'email') {
      const { from, to, cc, body } = f.facts;
      for (const header of [from, to, cc ?? '']) {
        for (const m of header.slice(0, 10_000).matchAll(/([^,<>"]{1,80}?)\s?<([^<>\s@]{1,64}@[^<>\s]{1,120})>/g)) {
          const name = m[1].trim().replace(/^"|"$/g, '');
          if (new RegExp(`^${NAME}$`).test(name)) add(name, undefined, m[2]);
        }
      }
      const sender = /^([^<]{1,80}?)\s?</.exec(from)?.[1].trim();
      const role = signatureRole(body);
      if (sender && role) add(sender, role);
    }
  }
  for (const f of bundle.included) {
    const text = f.text.slice(0, MAX_FILE_CHARS);
    for (const m of text.matchAll(NAME_ROLE)) if (ROLE_WORD.test(m[2]) && !ROLE_WORD.test(m[1])) add(m[1], m[2].replace(/\s+/g, ' '));
    for (const m of text.matchAll(ROLE_NAME)) {
      const role = roleTail(m[1].replace(/\s+/g, ' '));
      if (role && ROLE_WORD.test(role)) add(m[2], role);
    }
  }
  const domain = teamDomain(bundle);
  const resolve = (words: string, context = ''): string | undefined => resolveWith(people, find, words, context);
  return { people, domain, resolve, find, onTeam: (p) => !p.email || onTeam(p.email, domain) };
}

const LEADING_VERB = /^(?:ask|asks|tell|tells|ping|cc|contact|call|email|e-mail|message|hand|send|thanks|hi|hello|dear)$/i;

/** "Messaged Kim" at the start of a note line is Kim: a capitalised verb is not a first name. */
function withoutVerb(name: string): string {
  const [first, ...rest] = name.split(' ');
  if (!rest.length) return name;
  return LEADING_VERB.test(first) || (first.length > 4 && /(?:ed|ing)$/.test(first)) ? rest.join(' ') : name;
}

/** The role under a signature's name: "Martin Lowe / Head of Sales", "Account Executive, Tallyforge". */
function signatureRole(body: string): string | undefined {
  const own = body.slice(0, MAX_FILE_CHARS).split(/\n(?=>|On .{0,200} wrote:)/)[0];
  const tail = own.trim().split('\n').slice(-3);
  for (const line of tail) {
    const role = line.split(',')[0].trim();
    if (role.length <= 40 && ROLE_WORD.test(role) && !/[.!?]$/.test(role)) return role;
  }
  return undefined;
}

function resolveWith(people: Named[], find: (w: string) => Named | undefined, words: string, context: string): string | undefined {
  const text = words.slice(0, 200).replace(/[“”"]/g, '').trim();
  for (const m of text.matchAll(new RegExp(NAME, 'g'))) {
    const p = find(withoutVerb(m[0])) ?? find(m[0].split(' ')[0]);
    if (p) return label(p);
  }
  let best: Named | undefined;
  for (const p of people) {
    if (p.role && new RegExp(`\\b${escapeRe(p.role)}\\b`, 'i').test(text) && (!best || p.role.length > (best.role?.length ?? 0))) best = p;
  }
  if (best) return label(best);
  if (/^(?:she|he|they|her|him|them)\b/i.test(text) && context) {
    // "messaged Sofia (team lead) - she approves …": the last person named before the pronoun.
    const named = [...context.matchAll(new RegExp(NAME, 'g'))].map((m) => find(withoutVerb(m[0]))).filter((p): p is Named => p !== undefined);
    const last = named[named.length - 1];
    if (last) return label(last);
  }
  const name = new RegExp(`^(${NAME})(?:['’]s)?\\b`).exec(text)?.[1];
  // "Wen's approval (data lead)" when nothing else names Wen: the words as written.
  if (name && !NOT_NAMES.has(name.split(' ')[0]) && !ROLE_WORD.test(name) && !/^(?:She|He|They)$/.test(name)) {
    const role = roleTail(text.slice(name.length).replace(/^['’]s\b/, ''));
    return role && ROLE_WORD.test(role) ? `${name} (${role})` : name;
  }
  const role = roleTail(text.replace(/['’]s\b/g, ''));
  return role && ROLE_WORD.test(role) ? role : undefined;
}

const NOT_ROLE = new Set(
  'the a an to from by with our their your his her my and or for ask asks asked hand send sent message messaged tell approval sign-off'.split(' '),
);

/** "Hand to the finance lead" → "finance lead": the words of the role, after the last verb or article. */
function roleTail(words: string): string | undefined {
  const ws = words.trim().split(/\s+/);
  let i = ws.length;
  while (i > 0 && !NOT_ROLE.has(ws[i - 1].toLowerCase()) && ws.length - i < 4) i--;
  const tail = ws.slice(i).join(' ');
  return tail || undefined;
}
