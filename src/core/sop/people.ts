import { stringsOf } from './frontMatter';
import type { SopDocument } from './model';

const APPROVER_KEYS = ['approver', 'approvers', 'approved_by', 'approvedBy', 'approved-by', 'signoff', 'sign_off', 'sign-off'];
const OWNER_KEYS = ['owner', 'owners', 'reviewer', 'reviewers', 'contact', 'contacts', 'escalation'];

/** "Approver: Dana Reyes (Finance manager)" and its variants in the Owner section. */
const ROLE_LINE =
  /^\s*(?:[-*+]\s+)?(?:\*\*|__)?(approver|approvers|approved by|approves|sign[- ]?off(?: by)?|owner|owners|process owner|reviewer|backup|escalation contact|contact)(?:\*\*|__)?\s*(?:[:\-–—]|\*\*:)\s*(?:\*\*|__)?\s*(.+?)\s*$/i;

export interface PersonMention {
  name: string;
  role: 'approver' | 'owner';
  from: 'front-matter' | 'owner-section';
}

/** The people and roles a document names as owner and approver, front matter first. */
export function peopleOf(doc: SopDocument): readonly PersonMention[] {
  // Asked once per step and per gate by the exports and rules: a document's people are read once.
  let known = PEOPLE.get(doc);
  if (!known) PEOPLE.set(doc, (known = readPeople(doc)));
  return known;
}

const PEOPLE = new WeakMap<SopDocument, PersonMention[]>();

function readPeople(doc: SopDocument): PersonMention[] {
  const out: PersonMention[] = [];
  const add = (name: string, role: PersonMention['role'], from: PersonMention['from']) => {
    const clean = name.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
    if (clean && clean.length <= 120 && !out.some((p) => p.name.toLowerCase() === clean.toLowerCase())) out.push({ name: clean, role, from });
  };
  const data = doc.frontMatter.data;
  for (const k of APPROVER_KEYS) for (const v of stringsOf(data[k])) add(v, 'approver', 'front-matter');
  for (const k of OWNER_KEYS) for (const v of stringsOf(data[k])) add(v, 'owner', 'front-matter');
  for (const section of doc.sectionsOf('owner')) {
    for (const s of doc.sentences) {
      if (s.start < section.start || s.start >= section.end || s.where === 'heading') continue;
      const m = s.text.match(ROLE_LINE);
      if (!m) continue;
      const role = /approv|sign/i.test(m[1]) ? 'approver' : 'owner';
      for (const part of m[2].split(/\s*;\s*|\s+or\s+/)) add(nameIn(part), role, 'owner-section');
    }
  }
  return out;
}

/** "Priya Nair (Finance manager) signs off the summary" → "Priya Nair (Finance manager)". */
function nameIn(value: string): string {
  const v = value.replace(/[*_`]/g, '').trim();
  const proper = v.match(/^@?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*\([^)]*\))?/);
  if (proper) return proper[0];
  return v.split(/\s*[,;.]\s|\s+(?:who|runs|signs|approves|owns|reviews|does|is|will)\b/)[0].replace(/[.;,]$/, '');
}

/** Who a quick fix offers as the approver of a gate: approvers first, then owners. */
/** The first person the SOP names as approver, if it names one. */
export function approverOf(doc: SopDocument): string | undefined {
  return peopleOf(doc).find((p) => p.role === 'approver')?.name;
}

export function approverCandidates(doc: SopDocument): string[] {
  const people = peopleOf(doc);
  return [...people.filter((p) => p.role === 'approver'), ...people.filter((p) => p.role === 'owner')].map((p) => p.name);
}

/** Names (without the role in brackets) that count as naming someone when a gate mentions them. */
export function knownNames(doc: SopDocument): string[] {
  return peopleOf(doc).flatMap((p) => {
    const bare = p.name
      .replace(/\s*\(.*\)\s*$/, '')
      .replace(/<[^>]*>/g, '')
      .trim();
    return bare && !/^(?:tbd|todo|n\/a|none)$/i.test(bare) ? [bare] : [];
  });
}
