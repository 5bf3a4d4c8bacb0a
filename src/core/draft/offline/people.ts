import type { EvidenceBundle } from '../../evidence/types';
import { DEFAULT_ROLE_WORDS } from '../../sop/gates';

export interface Person {
  name: string;
  email?: string;
  role?: string;
}

export interface People {
  all: Person[];
  owner?: Person;
  approver?: Person;
  /** The evidence each conclusion came from. */
  ownerEvidence?: string;
  approverEvidence?: string;
  /** Finds a person by full name, first name or e-mail. */
  find(nameOrEmail: string): Person | undefined;
}

export function label(p: Person): string {
  return p.role ? `${p.name} (${p.role})` : p.name;
}

const ADDRESS = /"?([^"<>,]+?)"?\s*<([^<>\s]+@[^<>\s]+)>/g;
const ROLE_IN_BRACKETS = /\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*\(([A-Za-z][\w &/-]{2,40})\)/g;
const APPROVING = /\b(?:approved|approve|signed off|sign off|go ahead|looks right|lgtm|ok to post|ok to send)\b/i;
const ASKING = /\b(?:can you (?:sign off|approve|review)|for (?:your )?(?:sign-?off|approval|review)|please (?:approve|sign off|review))\b/i;

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
      for (const m of header.matchAll(ADDRESS)) add(m[1], m[2]);
    }
  }
  for (const f of bundle.included) {
    for (const m of f.text.matchAll(ROLE_IN_BRACKETS)) {
      if (roleWords.test(m[2])) add(m[1], undefined, m[2].trim());
    }
  }

  const people: People = { all, find };
  // The approver: whoever answered a request for sign-off with an approval.
  const sorted = [...emails].sort((a, b) => (a.facts.date ?? '').localeCompare(b.facts.date ?? ''));
  for (const { file, facts } of sorted) {
    const from = [...facts.from.matchAll(ADDRESS)][0];
    if (!from) continue;
    const sender = find(from[2]);
    if (!sender) continue;
    if (APPROVING.test(facts.body) && !ASKING.test(facts.body) && !people.approver) {
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
    for (const f of bundle.included) {
      const m = f.text.match(/\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+(?:\([^)]*\)\s+)?(?:approved|signed off)\b/);
      if (m && find(m[1])) {
        people.approver = find(m[1]);
        people.approverEvidence = f.path;
        break;
      }
    }
  }
  return people;
}
