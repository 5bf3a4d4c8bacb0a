/**
 * Replaces secrets in evidence text with `[redacted: <kind>]` before anything is stored or sent to a model.
 * The rules (secretlint's recommended preset plus ours, listed in `secrets/index.ts`) each report where a
 * secret lies; overlapping findings are joined and each stretch is replaced once, keeping the names, users
 * and hosts around it so a reader still knows what was there.
 */
import { SECRET_RULES, type SecretFinding } from './secrets';
import { markerFor, maskMarkers } from './secrets/values';

export interface Redaction {
  text: string;
  /** How many secrets of each kind were replaced. */
  counts: Record<string, number>;
}

interface Stretch extends SecretFinding {
  rank: number;
}

/** Joins overlapping findings; the kind of the most specific rule (lowest rank) names the joined stretch. */
function joinOverlaps(found: Stretch[]): Stretch[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const joined: Stretch[] = [];
  for (const f of found) {
    const last = joined[joined.length - 1];
    if (last && f.start < last.end) {
      if (f.rank < last.rank) {
        last.kind = f.kind;
        last.rank = f.rank;
      }
      last.end = Math.max(last.end, f.end);
    } else joined.push({ ...f });
  }
  return joined;
}

function findSecrets(text: string): Stretch[] {
  // Earlier markers are masked so that their words ("password in URL") do not read as evidence again.
  const scanned = maskMarkers(text);
  const found: Stretch[] = [];
  SECRET_RULES.forEach((rule, rank) => {
    let findings: SecretFinding[] = [];
    try {
      findings = rule.find(scanned);
    } catch {
      // One faulty rule must not stop the others from redacting.
    }
    for (const f of findings) {
      if (!(f.start >= 0 && f.end > f.start && f.end <= text.length)) continue;
      if (scanned.slice(f.start, f.end) !== text.slice(f.start, f.end)) continue;
      found.push({ ...f, rank });
    }
  });
  return joinOverlaps(found);
}

/** Replacing a long secret can bring a short one within a rule's reach (a row, a line): passes go on while they find more. */
const MAX_PASSES = 3;

function redactOnce(text: string, counts: Record<string, number>): string {
  const parts: string[] = [];
  let at = 0;
  for (const s of findSecrets(text)) {
    parts.push(text.slice(at, s.start), markerFor(s.kind));
    counts[s.kind] = (counts[s.kind] ?? 0) + 1;
    at = s.end;
  }
  if (at === 0) return text;
  parts.push(text.slice(at));
  return parts.join('');
}

export function redactSecrets(text: string): Redaction {
  const counts: Record<string, number> = {};
  if (typeof text !== 'string' || text.length === 0) return { text: typeof text === 'string' ? text : '', counts };
  let out = text;
  // Text without secrets is read once; only a pass that replaced something is followed by another.
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = redactOnce(out, counts);
    if (next === out) break;
    out = next;
  }
  return { text: out, counts };
}

/** Adds the counts of `more` into `into`. */
export function addCounts(into: Record<string, number>, more: Record<string, number>): Record<string, number> {
  for (const [k, n] of Object.entries(more)) into[k] = (into[k] ?? 0) + n;
  return into;
}
