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

/**
 * Replacing a long secret can bring a short one on the same line within a rule's reach (a table row, a labelled
 * value): the lines a pass changed are read again, while that finds more. Only lines of ordinary length are read
 * again, so a pass costs at most one more read of the text.
 */
const MAX_PASSES = 3;
const MAX_LINE_READ_AGAIN = 4000;

/** Replaces what the rules find; returns the new text and where each marker now is. */
function redactOnce(text: string, counts: Record<string, number>): { text: string; markers: number[] } {
  const parts: string[] = [];
  const markers: number[] = [];
  let at = 0;
  let length = 0;
  for (const s of findSecrets(text)) {
    const before = text.slice(at, s.start);
    const marker = markerFor(s.kind);
    parts.push(before, marker);
    length += before.length;
    markers.push(length);
    length += marker.length;
    counts[s.kind] = (counts[s.kind] ?? 0) + 1;
    at = s.end;
  }
  if (markers.length === 0) return { text, markers };
  parts.push(text.slice(at));
  return { text: parts.join(''), markers };
}

/** The lines (start, end offsets) that hold a marker, each once, short enough to read again. */
function linesOf(text: string, offsets: number[]): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  for (const o of offsets) {
    const start = text.lastIndexOf('\n', o - 1) + 1;
    if (lines.length > 0 && lines[lines.length - 1][0] === start) continue;
    const nl = text.indexOf('\n', o);
    const end = nl < 0 ? text.length : nl;
    if (end - start <= MAX_LINE_READ_AGAIN) lines.push([start, end]);
  }
  return lines;
}

export function redactSecrets(text: string): Redaction {
  const counts: Record<string, number> = {};
  if (typeof text !== 'string' || text.length === 0) return { text: typeof text === 'string' ? text : '', counts };
  let { text: out, markers } = redactOnce(text, counts);
  for (let pass = 1; pass < MAX_PASSES && markers.length > 0; pass++) {
    const parts: string[] = [];
    const next: number[] = [];
    let at = 0;
    let length = 0;
    for (const [start, end] of linesOf(out, markers)) {
      const again = redactOnce(out.slice(start, end), counts);
      if (again.markers.length === 0) continue;
      parts.push(out.slice(at, start));
      length += start - at;
      next.push(...again.markers.map((m) => length + m));
      parts.push(again.text);
      length += again.text.length;
      at = end;
    }
    if (next.length === 0) break;
    parts.push(out.slice(at));
    out = parts.join('');
    markers = next;
  }
  return { text: out, counts };
}

/** Adds the counts of `more` into `into`. */
/** Shorter text cannot hold a secret the redaction rules know (the shortest is a URL with a password). */
const SHORTEST_SECRET = 8;

/**
 * Every text in a value with secrets redacted, for what goes back to an agent: evidence is redacted already, but lint,
 * review and run messages quote the files they read, and an agent may point them at any Markdown file.
 */
export function withoutSecrets<T>(value: T): T {
  if (typeof value === 'string') return (value.length < SHORTEST_SECRET ? value : redactSecrets(value).text) as T;
  if (Array.isArray(value)) return value.map(withoutSecrets) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSecrets(v)])) as T;
  return value;
}

export function addCounts(into: Record<string, number>, more: Record<string, number>): Record<string, number> {
  for (const [k, n] of Object.entries(more)) into[k] = (into[k] ?? 0) + n;
  return into;
}
