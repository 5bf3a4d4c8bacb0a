import type { EvidenceBundle } from '../../evidence/types';
import { DEFAULT_ROLE_WORDS } from '../../sop/gates';
import { processClaim } from './claims';
import { oneParagraph, recordsApproval, type Statement } from './notes';

export interface Person {
  name: string;
  email?: string;
  role?: string;
}

export interface People {
  all: Person[];
  owner?: Person;
  approver?: Person;
  /** Who the work was sent to for sign-off, in the notes or by e-mail. */
  asked: Person[];
  /** The evidence each conclusion came from. */
  ownerEvidence?: string;
  approverEvidence?: string;
  /** Finds a person by full name, first name or e-mail. */
  find(nameOrEmail: string): Person | undefined;
}

export function label(p: Person): string {
  return p.role ? `${p.name} (${p.role})` : p.name;
}

/** A real To: line with a hundred people fits; a longer header is untrusted text and is cut. */
const MAX_HEADER = 10_000;
const EMAIL = /^[^<>\s@]{1,120}@[^<>\s]{1,200}$/;

/** The `Name <address>` pairs of a From, To or Cc header, found by position: no backtracking pattern. */
function addresses(header: string): Array<[name: string, email: string]> {
  const found: Array<[string, string]> = [];
  for (const part of header.slice(0, MAX_HEADER).split(',')) {
    const open = part.indexOf('<');
    const close = open < 0 ? -1 : part.indexOf('>', open);
    if (close < 0) continue;
    const name = part.slice(0, open).trim().replace(/^"/, '').replace(/"$/, '').trim();
    const email = part.slice(open + 1, close);
    if (name && name.length <= 120 && !/["<>]/.test(name) && EMAIL.test(email)) found.push([name, email]);
  }
  return found;
}
const ROLE_IN_BRACKETS = /\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*\(([A-Za-z][\w &/-]{2,40})\)/g;
const APPROVING = /\b(?:approved|approve|signed off|sign off|go ahead|looks right|lgtm|ok to post|ok to send)\b/i;
const ASKING = /\b(?:can you (?:sign off|approve|review)|for (?:your )?(?:sign-?off|approval|review)|please (?:approve|sign off|review))\b/i;

/** A message or line that would change the approval (drop it, move it, speak to the drafter): a claim to ask about, not an approval. */
function claimsChange(text: string, people: Person[]): boolean {
  const names = people.map((p) => p.name);
  return text.split(/\n\s*\n/).some((para) => processClaim(oneParagraph(para), names) !== undefined);
}

/** Names a note asks for sign-off: "sent the report to Priya for sign-off", "needs Marcus (Support lead) to sign off". */
const SENT_FOR_SIGN_OFF = /\bto ([A-Z][a-z]{0,40}(?: [A-Z][a-z]{0,40})?)\b[^.\n]{0,120}?\bfor (?:sign-?off|approval|review)\b/g;
const NEEDS_SIGN_OFF = /\bneeds? ([A-Z][a-z]{0,40}(?: [A-Z][a-z]{0,40})?)\b[^.\n]{0,80}?\bto (?:sign off|approve)\b/g;

/** Names a note asks for sign-off: "sent the report to Priya for sign-off", "needs Marcus (Support lead) to sign off". */
function askedFor(text: string): string[] {
  return [...text.matchAll(SENT_FOR_SIGN_OFF), ...text.matchAll(NEEDS_SIGN_OFF)].map((m) => m[1]);
}

/** Who did the work and who approved it, from e-mail headers, "Name (Role)" mentions and notes. */
export function findPeople(bundle: EvidenceBundle): People {
  const all: Person[] = [];
  const find = (key: string): Person | undefined => {
    const k = key.trim().toLowerCase();
    return all.find((p) => p.email?.toLowerCase() === k || p.name.toLowerCase() === k || p.name.split(' ')[0].toLowerCase() === k);
  };
  const add = (name: string, email?: string, role?: string): Person => {
    const clean = name.trim().replace(/\s+/g, ' ');
    let p = (email && find(email)) || find(clean) || all.find((x) => x.name.split(' ')[0] === clean.split(' ')[0]);
    if (!p) {
      p = { name: clean };
      all.push(p);
    } else if (clean.split(' ').length > p.name.split(' ').length) p.name = clean;
    if (email) p.email ??= email;
    if (role) p.role ??= role;
    return p;
  };
  const roleWords = new RegExp(`\\b(?:${DEFAULT_ROLE_WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`, 'i');

  const emails = bundle.included.flatMap((f) => (f.facts.type === 'email' ? [{ file: f, facts: f.facts }] : []));
  for (const { facts } of emails) {
    for (const header of [facts.from, facts.to, facts.cc ?? '']) {
      for (const [name, email] of addresses(header)) add(name, email);
    }
  }
  for (const f of bundle.included) {
    for (const m of f.text.matchAll(ROLE_IN_BRACKETS)) {
      if (roleWords.test(m[2])) add(m[1], undefined, m[2].trim());
    }
  }

  const people: People = { all, find, asked: [] };
  // The approver: whoever answered a request for sign-off with an approval. Once someone was asked, an
  // approval from anyone else is a claim to ask the owner about, not the approver.
  const sorted = [...emails].sort((a, b) => (a.facts.date ?? '').localeCompare(b.facts.date ?? ''));
  const asked = new Set(
    [
      ...bundle.included.flatMap((f) => (f.kind === 'document' ? askedFor(f.text) : [])),
      ...sorted
        .filter(({ facts }) => ASKING.test(facts.body))
        .flatMap(({ facts }) => [...addresses(facts.to), ...addresses(facts.cc ?? '')].map(([, email]) => email)),
    ]
      .map(find)
      .filter((p): p is Person => p !== undefined),
  );
  people.asked = [...asked];
  for (const { file, facts } of sorted) {
    const from = addresses(facts.from)[0];
    if (!from) continue;
    const sender = find(from[1]);
    if (!sender) continue;
    const wasAsked = !asked.size || asked.has(sender);
    if (APPROVING.test(facts.body) && !ASKING.test(facts.body) && !people.approver && wasAsked && !claimsChange(facts.body, all)) {
      people.approver = sender;
      people.approverEvidence = file.path;
    }
    if (ASKING.test(facts.body) && !people.owner) {
      people.owner = sender;
      people.ownerEvidence = file.path;
    }
  }
  // Notes written by someone: "# Close notes — October 2026 (Sam)".
  if (!people.owner) {
    for (const f of bundle.included) {
      if (f.kind !== 'document') continue;
      const m = f.text.match(/^#.*\(([A-Z][a-z]+(?: [A-Z][a-z]+)?)\)\s*$/m);
      if (m) {
        people.owner = find(m[1]) ?? add(m[1]);
        people.ownerEvidence = f.path;
        break;
      }
    }
  }
  if (!people.approver) {
    search: for (const f of bundle.included) {
      for (const m of f.text.matchAll(/\b([A-Z][a-z]{0,40}(?: [A-Z][a-z]{0,40})?)\s{1,5}(?:\([^)]{0,80}\)\s{1,5})?(?:approved|signed off)\b/g)) {
        const line = f.text.slice(f.text.lastIndexOf('\n', m.index) + 1, (f.text.indexOf('\n', m.index) + 1 || f.text.length + 1) - 1);
        const who = find(m[1]);
        if (!who || (asked.size && !asked.has(who)) || claimsChange(line, all)) continue;
        people.approver = who;
        people.approverEvidence = f.path;
        break search;
      }
    }
  }
  return people;
}

/**
 * "R. Lindqvist (CFO) approved the October close" when the work went to Priya for sign-off: an approval
 * claimed by someone who is neither the approver nor asked. Undecidable, and left alone, when nobody is known.
 */
export function approvalFromSomeoneElse(statement: Statement, people: People): boolean {
  const known = [...new Set([...(people.approver ? [people.approver] : []), ...people.asked])];
  if (!known.length || statement.quoted || !recordsApproval(statement.text)) return false;
  const { facts } = statement.file;
  if (facts.type === 'email') {
    const from = addresses(facts.from)[0];
    const sender = from && people.find(from[1]);
    if (sender && known.includes(sender)) return false;
  }
  const words = new Set(statement.text.toLowerCase().split(/[^\p{L}'-]+/u));
  return !known.some((p) =>
    p.name
      .toLowerCase()
      .split(' ')
      .some((w) => w.length > 1 && words.has(w)),
  );
}
