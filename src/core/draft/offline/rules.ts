/**
 * The rules the team works by, each stated once: from policy pages, rules sections of notes, template
 * instructions, script and config comments, and e-mails the team wrote to each other. A customer's words
 * and the log of one run ("2026-11-26 exit 4 at 06:02, reran") are never rules.
 */
import type { EvidenceBundle } from '../../evidence/types';
import { COMPARED, measureOf, TIMING } from './thresholds';
import { aboutTheCustomer, inSopVoice, speaksToCustomers, teamStatements, type Source, type TeamStatement } from './teamWords';

export { findGates, procedureApprover, type Gate } from './approvalGates';

export interface Rule {
  text: string;
  kind: 'threshold' | 'timing' | 'rule';
  /** Workspace-relative paths of the files that state it. */
  evidence: string[];
}

/** Words that make a sentence a rule wherever it is written. */
const DEONTIC =
  /\b(?:must|must not|never|always|only|shall|should|need(?:s)? to|needs|required|requires|mandatory|do not|don't|does not|doesn't|cannot|can't|not allowed|not offered|not permitted|nobody|no one|none|forbidden|at least|at most|no more than|full stop|without asking|otherwise|unless|once per|every|each|any|and above|or above|or more|or higher|and up)\b/i;
/** Words of a failure that happened: an incident, not a rule. */
const INCIDENT =
  /\b(?:last time|yesterday|this morning|last (?:week|month|run|quarter)|failed|broke|crashed|went down|timed out|bounced|we forgot|forgot to|by mistake|it turned out)\b/i;
/** Past tense at the start: "Ran the import", "Checked the list": what was done once. */
const PAST_START =
  /^(?:[A-Z][a-z]+\s)?(?:ran|re-?ran|checked|sent|created|asked|looked|wrote|tried|copied|filled|published|exported|removed|added|messaged|handed|booked|built|saved|updated|received|got|had|was|were|did|called|posted|fixed)\b/i;

/** One decision taken once: "Approved: 18% for this deal", "it is an exception because …". */
const ONE_DECISION = /^approved\b|\b(?:one-off|an exception|this time|just this once)\b/i;

const RANK: Record<Source, number> = { policy: 5, 'rules-section': 4, template: 3, note: 2, script: 1, 'team-email': 0 };

interface Candidate extends Rule {
  rank: number;
  /** Its content words and numbers, worked out once: merging compares every pair. */
  words?: Set<string>;
  nums?: string;
}

/** More distinct rules than this is not a procedure's evidence but untrusted bulk text: the rest are left out. */
const MAX_RULES = 400;

/** The rules of the work, near-duplicates merged with the clearest wording kept, in the order first written. */
export function findRules(bundle: EvidenceBundle): Rule[] {
  const found: Candidate[] = [];
  for (const s of teamStatements(bundle)) {
    const rule = asRule(s);
    if (rule) merge(found, rule);
  }
  for (const f of bundle.included) {
    if (f.facts.type !== 'script') continue;
    // "QUALIFY_AT = 60": a limit the script enforces, named as written.
    for (const t of f.facts.thresholds.slice(0, 20)) {
      if (/^[A-Z][A-Z0-9_]{2,40}\s?=\s?[\d.]{1,12}$|^[\w.[\]"'()]{1,60}\s?(?:>=|<=|>|<)\s?\d{1,12}(?:\.\d{1,6})?$/.test(t.text))
        merge(found, { text: `\`${t.text}\` in ${f.path}.`, kind: 'threshold', evidence: [f.path], rank: 1 });
    }
  }
  return found.map(({ text, kind, evidence }) => ({ text, kind, evidence }));
}

function asRule(s: TeamStatement): Candidate | undefined {
  if (s.record || /\?\W{0,3}$/.test(s.text) || ONE_DECISION.test(s.text)) return undefined;
  const text = inSopVoice(s.source === 'policy' && speaksToCustomers(s.file.text) ? aboutTheCustomer(s.text) : s.text);
  if (text.replace(/\[redacted[^\]]{0,80}\]/gi, '').replace(/https?:\/\/\S{1,2000}/gi, '').length < 12 || text.length > 400 || /^usage\s?:/i.test(text))
    return undefined;
  if (INCIDENT.test(text) || (PAST_START.test(text) && !DEONTIC.test(text))) return undefined;
  const measure = measureOf(text);
  // A bare amount ("18% discount", "329.00 EUR") is a value of one case; a limit compares or schedules.
  const limit = measure !== undefined && (COMPARED.test(text) || TIMING.test(text));
  const rulesPlace = s.source === 'policy' || s.source === 'rules-section';
  // In an e-mail only a sentence that says how things are always done counts; the rest is about one case.
  const strong = s.source === 'team-email' ? /\b(?:must|never|always|only|nobody|no one|required|do not|don't)\b/i.test(text) : DEONTIC.test(text);
  if (!rulesPlace && !strong && !(limit && s.source !== 'team-email')) return undefined;
  if (/^[\w-]{1,30}\s?[:=]\s?\S{0,60}$/.test(text)) return undefined;
  return { text, kind: measure ?? 'rule', evidence: [s.file.path], rank: RANK[s.source] };
}

const STOP = new Set('the a an of to in on for and or is are be by with at as it its this that from our we you your their any every each'.split(' '));

function contentWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}%]+/u)
      .filter((w) => w.length > 1 && !STOP.has(w)),
  );
}

function numbers(text: string): string {
  return [...new Set(text.match(/\d+(?:[.,]\d+)*/g) ?? [])].sort().join(' ');
}

function similar(a: Candidate, b: Candidate): boolean {
  const wa = (a.words ??= contentWords(a.text));
  const wb = (b.words ??= contentWords(b.text));
  const na = (a.nums ??= numbers(a.text));
  const nb = (b.nums ??= numbers(b.text));
  // Other numbers make another rule ("7 days overdue" is not "14 days overdue"); the same numbers and
  // a good part of the same words are the same rule, written twice.
  if (na && nb && na !== nb) return false;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  const jaccard = shared / Math.max(1, wa.size + wb.size - shared);
  return jaccard >= 0.6 || (na !== '' && na === nb && jaccard >= 0.3);
}

/** Adds a rule, or folds it into the one it repeats, keeping the wording from the better place. */
function merge(found: Candidate[], rule: Candidate): void {
  const twin = found.find((r) => similar(r, rule));
  if (!twin) {
    if (found.length < MAX_RULES) found.push(rule);
    return;
  }
  for (const e of rule.evidence) if (!twin.evidence.includes(e)) twin.evidence.push(e);
  if (rule.rank > twin.rank || (rule.rank === twin.rank && rule.text.length < twin.text.length && rule.text.length >= 24)) {
    Object.assign(twin, { text: rule.text, kind: rule.kind, rank: rule.rank, words: rule.words, nums: rule.nums });
  }
}
