import ignore from 'ignore';
import {
  ABOUT_EXTENSIONS,
  DOCUMENT_EXTENSIONS,
  JOINED_WORDS,
  PROCESS_WORDS,
  RECORD_WORDS,
  SENSITIVE_KINDS,
  TOPIC_WORDS,
  type SensitiveKind,
} from './sensitiveNames';

export { sensitiveContent } from './sensitiveText';

/**
 * Files whose names say they hold secrets or personal data. Their content is never read: they are
 * listed as left out, with the reason, so the person sees what was kept back. The built-in kinds
 * (sensitiveNames.ts) always apply; a person's own patterns can only add to them.
 */

export interface SensitiveRules {
  /** Why `relPath` (workspace-relative; a folder ends in "/") or one of its folders is sensitive, or undefined. */
  reasonFor(relPath: string): string | undefined;
  /**
   * The same for an entry the walk reached from its folder, whose ancestors were already checked: the
   * built-in rules look at the name (remembered) and the end of the path, custom ones at the whole path.
   */
  reasonForChild(relPath: string, name: string, isDir: boolean): string | undefined;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  word: boolean;
}

interface PathRule {
  segments: string[];
  dirOnly: boolean;
  kind: SensitiveKind;
}

interface Shape {
  parts: string[];
  kind: SensitiveKind;
}

/** The matchers built once from SENSITIVE_KINDS. Shapes are filed by a name's first or last two characters (see `pairKey`). */
const exact = new Map<string, SensitiveKind>();
const shapesByStart = new Map<number, Shape[]>();
const shapesByEnd = new Map<number, Shape[]>();
const otherShapes: Shape[] = [];
const pathRules = new Map<string, PathRule[]>();
const words = new Map<string, SensitiveKind>();
const phrases = new Map<string, Array<{ words: string[]; kind: SensitiveKind }>>();
const within: Array<{ part: string; kind: SensitiveKind }> = [];
const notWithin = new Set<string>();
const vocabulary: TrieNode = { next: new Map(), word: false };
const topics = new Set(TOPIC_WORDS);
const aboutExtensions = new Set(ABOUT_EXTENSIONS);
const processWords = new Set(PROCESS_WORDS);
const recordWords = new Set(RECORD_WORDS);
const documentExtensions = new Set(DOCUMENT_EXTENSIONS);
const kindOrder = new Map(SENSITIVE_KINDS.map((k, i) => [k, i]));

/** Every word of the vocabulary: a known word is not taken apart. */
const known = new Set<string>();

function addToVocabulary(word: string): void {
  known.add(word);
  let node = vocabulary;
  for (const ch of word) {
    let child = node.next.get(ch);
    if (!child) node.next.set(ch, (child = { next: new Map(), word: false }));
    node = child;
  }
  node.word = true;
}

for (const kind of SENSITIVE_KINDS) {
  for (const n of kind.names ?? []) if (!exact.has(n)) exact.set(n, kind);
  for (const s of kind.shapes ?? []) fileShape({ parts: s.split('*'), kind });
  for (const p of kind.paths ?? []) {
    const segments = p.replace(/\/$/, '').split('/');
    const last = segments[segments.length - 1];
    pathRules.set(last, [...(pathRules.get(last) ?? []), { segments, dirOnly: p.endsWith('/'), kind }]);
  }
  for (const w of kind.words ?? []) {
    words.set(w, kind);
    addToVocabulary(w);
  }
  for (const p of kind.phrases ?? []) {
    const seq = p.split(' ');
    phrases.set(seq[0], [...(phrases.get(seq[0]) ?? []), { words: seq, kind }]);
    // Two-letter parts (id, sa, gh) are not looked for inside joined words: too many words contain them.
    for (const w of seq) if (w.length > 2 && /^[a-z]+$/.test(w)) addToVocabulary(w);
  }
  // The words after a phrase are taken apart in joined names too ("creditcardstatement").
  for (const w of kind.notBefore ?? []) addToVocabulary(w);
  for (const w of kind.within ?? []) within.push({ part: w, kind });
  for (const w of kind.notWithin ?? []) notWithin.add(w);
}
for (const w of [...JOINED_WORDS, ...PROCESS_WORDS]) addToVocabulary(w);
/** One pass over the name before looking for `within` parts word by word: most names hold none. */
const withinAny = new RegExp(within.map((w) => w.part).join('|'));

/** Two characters of a name as one number: looked up without cutting a string out of every name. */
function pairKey(text: string, at: number): number {
  return text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1);
}

function fileShape(shape: Shape): void {
  const first = shape.parts[0];
  const last = shape.parts[shape.parts.length - 1];
  const [index, key] =
    first.length >= 2 ? [shapesByStart, pairKey(first, 0)] : last.length >= 2 ? [shapesByEnd, pairKey(last, last.length - 2)] : [undefined, 0];
  if (index) index.set(key, [...(index.get(key) ?? []), shape]);
  else otherShapes.push(shape);
}

/** The shapes filed under neither end (`*passwd*`) each hold a middle part: a name without any of them fits none. */
let otherShapesGuard: RegExp | undefined;

function otherShapesMayFit(name: string): boolean {
  otherShapesGuard ??= new RegExp(
    otherShapes.map((s) => escapeRegExp(s.parts.slice(1, -1).reduce((a, b) => (b.length > a.length ? b : a), ''))).join('|') || '(?:)',
  );
  return otherShapesGuard.test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function shapeReason(name: string): string | undefined {
  const long = name.length >= 2;
  return (
    shapeReasonIn(name, long ? shapesByStart.get(pairKey(name, 0)) : undefined) ??
    shapeReasonIn(name, long ? shapesByEnd.get(pairKey(name, name.length - 2)) : undefined) ??
    (otherShapesMayFit(name) ? shapeReasonIn(name, otherShapes) : undefined)
  );
}

function shapeReasonIn(name: string, shapes: Shape[] | undefined): string | undefined {
  if (shapes) for (const s of shapes) if (fitsShape(name, s.parts) && !s.kind.keepExtensions?.includes(extensionOf(name))) return s.kind.reason;
  return undefined;
}

/** `parts` is a shape split on `*`: the name starts with the first, ends with the last, holds the rest in order. */
function fitsShape(name: string, parts: string[]): boolean {
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  const end = name.length - last.length;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = name.indexOf(parts[i], at);
    if (found < 0 || found + parts[i].length > end) return false;
    at = found + parts[i].length;
  }
  return true;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}

const OTHER = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

function charClass(code: number, ch: string): number {
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 65 && code <= 90) return UPPER;
  if (code >= 48 && code <= 57) return DIGIT;
  if (code < 128) return OTHER;
  if (code >= 0xd800 && code <= 0xdfff) return LOWER;
  if (/\p{Lu}|\p{Lt}/u.test(ch)) return UPPER;
  if (/\p{L}/u.test(ch)) return LOWER;
  return /\p{N}/u.test(ch) ? DIGIT : OTHER;
}

/**
 * The words of a name: split on separators, lower→upper case changes and letter/digit changes; an
 * upper-case run stays joined to the lower-case letters after it ("HRhandbook", "APIKey"), for `segment`.
 */
export function wordsOf(name: string): string[] {
  const out: string[] = [];
  let start = -1;
  let prev = OTHER;
  for (let i = 0; i <= name.length; i++) {
    const cls = i < name.length ? charClass(name.charCodeAt(i), name[i]) : OTHER;
    const split = cls === OTHER || (prev === LOWER && cls === UPPER) || ((prev === DIGIT) !== (cls === DIGIT) && prev !== OTHER);
    if (split && start >= 0) {
      out.push(name.slice(start, i).toLowerCase());
      start = -1;
    }
    if (cls !== OTHER && start < 0) start = i;
    prev = cls;
  }
  return out;
}

/** A joined word as the fewest known words ("medicalrecords" → medical, records), or undefined when it is not made of them. */
const MAX_JOINED = 48;
const partsTo = new Int32Array(MAX_JOINED + 1);
const partFrom = new Int32Array(MAX_JOINED + 1);
const NONE = 1 << 30;

function segment(token: string): string[] | undefined {
  const n = token.length;
  const parts = partsTo;
  const from = partFrom;
  parts.fill(NONE, 0, n + 1);
  parts[0] = 0;
  for (let i = 0; i < n; i++) {
    if (parts[i] === NONE) continue;
    let node: TrieNode | undefined = vocabulary;
    for (let j = i; j < n && node; j++) {
      node = node.next.get(token[j]);
      if (node?.word && parts[i] + 1 < parts[j + 1]) {
        parts[j + 1] = parts[i] + 1;
        from[j + 1] = i;
      }
    }
  }
  if (parts[n] < 2 || parts[n] === NONE) return undefined;
  const out: string[] = [];
  for (let end = n; end > 0; end = from[end]) out.unshift(token.slice(from[end], end));
  return out;
}

/** The words of a name with joined words taken apart where they are made of known words; `starts[i]` is where token i begins. */
function splitJoined(tokens: string[], starts: number[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    starts.push(out.length);
    const joined = t.length >= 4 && t.length <= MAX_JOINED && !known.has(t) && vocabulary.next.has(t[0]) ? segment(t) : undefined;
    if (joined) out.push(...joined);
    else out.push(t);
  }
  starts.push(out.length);
  return out;
}

/** Names in other languages are matched without accents: "Gehälter" as gehalter, "nómina" as nomina. */
function withoutAccents(name: string): string {
  return /[\u0080-\uffff]/.test(name) ? name.normalize('NFD').replace(/\p{M}/gu, '') : name;
}

/** Where the first and last words of `set` sit in `all` ([-1, -1] when none): a word outside `at..after` is then `first < at || last >= after`. */
function span(all: string[], set: Set<string>): [number, number] {
  let first = -1;
  let last = -1;
  for (let i = 0; i < all.length; i++) {
    if (!set.has(all[i])) continue;
    if (first < 0) first = i;
    last = i;
  }
  return [first, last];
}

const outside = ([first, last]: [number, number], at: number, after: number) => first >= 0 && (first < at || last >= after);

/** Words and first words of phrases: a name none of whose parts is one of these has no word or phrase hit. */
const hitWords = new Set<string>([...words.keys(), ...phrases.keys()]);
/**
 * Hit words that are not in the vocabulary (id, sa, p, w: first words of phrases) are never a part of a joined
 * word, so they count only as a whole word of the name, looked up as a number (`packedWord`); all the others, and
 * the `within` parts, are found by one search of the lower-case name. Built on first use, not when the extension loads.
 */
let triggers: { anyPart: RegExp; wholeWords: Set<number> } | undefined;
const PACKED_CHARS = 4;

function triggersOf(): NonNullable<typeof triggers> {
  if (triggers) return triggers;
  const packable = (w: string) => w.length <= PACKED_CHARS && /^[a-z0-9]+$/.test(w);
  const whole = [...hitWords].filter((w) => !known.has(w) && packable(w));
  const parts = [...hitWords].filter((w) => !whole.includes(w)).concat(within.map((w) => w.part));
  const anyPart = new RegExp(
    parts
      .sort((x, y) => y.length - x.length)
      .map(escapeRegExp)
      .join('|'),
  );
  return (triggers = { anyPart, wholeWords: new Set(whole.map((w) => packedWord(w, 0, w.length))) });
}

/** A word of at most PACKED_CHARS lower-case ASCII letters and digits as one number, told apart by length too. */
function packedWord(text: string, start: number, end: number): number {
  let key = 0;
  for (let i = start; i < end; i++) key = key * 128 + text.charCodeAt(i);
  return key;
}

/** The character classes of `wordsOf` for ASCII, by character code. */
const ASCII_CLASS = new Uint8Array(128).map((_, code) =>
  code >= 97 && code <= 122 ? LOWER : code >= 65 && code <= 90 ? UPPER : code >= 48 && code <= 57 ? DIGIT : OTHER,
);

/** Whether a token (one word of `wordsOf`) yields a word or phrase start, joined words taken apart as `splitJoined` does. */
const tokenHits = new Map<string, boolean>();

function tokenMayHit(token: string): boolean {
  if (hitWords.has(token)) return true;
  if (token.length < 4 || token.length > MAX_JOINED || known.has(token) || !vocabulary.next.has(token[0])) return false;
  let hit = tokenHits.get(token);
  if (hit === undefined) {
    hit = segment(token)?.some((part) => hitWords.has(part)) ?? false;
    if (tokenHits.size > 20_000) tokenHits.clear();
    tokenHits.set(token, hit);
  }
  return hit;
}

/**
 * The common case decided cheaply: true only when the full rules (`fullReasonForName`) certainly find nothing — no
 * exact name, no shape, no `within` part and no word of the name that is, or splits into, a word or a phrase's
 * first word. For ASCII names only: accents and case changes that alter lengths take the full path.
 */
export function plainlyOrdinary(name: string, isDir: boolean, lower = name.toLowerCase()): boolean {
  if (exact.has(lower) || (isDir && exact.has(`${lower}/`)) || shapeReason(lower) !== undefined) return false;
  const { anyPart, wholeWords } = triggersOf();
  // A part found anywhere may still not be a word of the name ("update" holds "date"): then look word by word.
  const byWord = anyPart.test(lower);
  if (byWord && withinAny.test(lower)) return false;
  // wordsOf over ASCII: a word ends at a separator, a lower→upper change, or a letter↔digit change.
  let start = -1;
  let prev = OTHER;
  for (let i = 0; i <= name.length; i++) {
    const code = i < name.length ? name.charCodeAt(i) : 0;
    if (code >= 128) return false;
    const cls = ASCII_CLASS[code];
    if (start >= 0 && (cls === OTHER || (prev === LOWER && cls === UPPER) || (prev === DIGIT) !== (cls === DIGIT))) {
      if (byWord ? tokenMayHit(lower.slice(start, i)) : i - start <= PACKED_CHARS && wholeWords.has(packedWord(lower, start, i))) return false;
      start = -1;
    }
    if (cls !== OTHER && start < 0) start = i;
    prev = cls;
  }
  return true;
}

/** The built-in kinds applied in full: exact names, shapes, then the words of the name with their exceptions. */
export function fullReasonForName(givenName: string, isDir: boolean): string | undefined {
  const rawName = withoutAccents(givenName);
  const name = rawName.toLowerCase();
  const named = exact.get(name) ?? (isDir ? exact.get(`${name}/`) : undefined);
  if (named) return named.reason;
  const shaped = shapeReason(name);
  if (shaped) return shaped;
  const tokens = wordsOf(rawName);
  if (tokens.length === 0) return undefined;
  const starts: number[] = [];
  const all = splitJoined(tokens, starts);
  const hits: Array<{ kind: SensitiveKind; at: number; after: number }> = [];
  for (let i = 0; i < all.length; i++) {
    const kind = words.get(all[i]);
    if (kind) hits.push({ kind, at: i, after: i + 1 });
    const starting = phrases.get(all[i]);
    if (starting) for (const p of starting) if (p.words.every((w, k) => all[i + k] === w)) hits.push({ kind: p.kind, at: i, after: i + p.words.length });
  }
  if (withinAny.test(name)) {
    tokens.forEach((t, i) => {
      if (!notWithin.has(t)) for (const w of within) if (t.includes(w.part)) hits.push({ kind: w.kind, at: starts[i], after: starts[i + 1] });
    });
  }
  if (hits.length === 0) return undefined;
  const ext = isDir ? '' : extensionOf(name);
  const about = aboutExtensions.has(ext) && all.some((t) => topics.has(t));
  const document = documentExtensions.has(ext);
  const process = document ? span(all, processWords) : undefined;
  const records = document ? span(all, recordWords) : undefined;
  let best: SensitiveKind | undefined;
  for (const { kind, at, after } of hits) {
    if (about && kind.aboutItKept) continue;
    // The process word must be beside the sensitive words, not part of them ("performance improvement plan").
    if (process && records && kind.processDocsKept && outside(process, at, after) && !outside(records, at, after)) continue;
    const before = all[at - 1];
    if (before !== undefined && kind.notAfter && (kind.notAfter.includes(before) || (kind.notAfter.includes('#') && /^\d+$/.test(before)))) continue;
    if (kind.notBefore && after < all.length && kind.notBefore.includes(all[after])) continue;
    if (!best || kindOrder.get(kind)! < kindOrder.get(best)!) best = kind;
  }
  return best?.reason;
}

/** Why the end of this path (lower-case segments) is a known credential location, or undefined. */
function reasonForPathEnd(segments: string[], isDir: boolean): string | undefined {
  const rules = pathRules.get(segments[segments.length - 1]);
  if (!rules) return undefined;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    const offset = segments.length - r.segments.length;
    if (offset >= 0 && r.segments.every((s, i) => segments[offset + i] === s)) return r.kind.reason;
  }
  return undefined;
}

export function createSensitiveRules(extra: string[] = []): SensitiveRules {
  const custom = ignore().add(extra.map((pattern) => ({ pattern, mark: pattern })));
  const byName = new Map<string, string | undefined>();
  /**
   * Most names are plainly ordinary, which is decided faster than a look-up. The others repeat across folders
   * (HR/, .env): their full answer is remembered per name.
   */
  function cachedReasonForName(name: string, isDir: boolean, lower: string): string | undefined {
    if (plainlyOrdinary(name, isDir, lower)) return undefined;
    const key = isDir ? `${name}/` : name;
    let reason = byName.get(key);
    if (reason === undefined && !byName.has(key)) {
      reason = fullReasonForName(name, isDir);
      if (byName.size > 20_000) byName.clear();
      byName.set(key, reason);
    }
    return reason;
  }
  function customFor(path: string): string | undefined {
    if (extra.length === 0) return undefined;
    try {
      const r = custom.test(path);
      if (r.ignored) return `sensitive: matches "${r.rule?.pattern ?? ''}" (your sensitive-files setting)`;
    } catch {
      // `ignore` refuses some paths (such as "..."); a custom rule cannot match them.
    }
    return undefined;
  }
  return {
    reasonForChild(relPath, name, isDir) {
      const lower = name.toLowerCase();
      let reason = cachedReasonForName(name, isDir, lower);
      if (reason) return reason;
      if (pathRules.has(lower)) reason = reasonForPathEnd(relPath.toLowerCase().split('/'), isDir);
      return reason ?? customFor(isDir ? `${relPath}/` : relPath);
    },
    reasonFor(relPath) {
      const path = relPath.replace(/^(?:\.\/)+/, '');
      const isDir = path.endsWith('/');
      const segments = path.split('/').filter(Boolean);
      const lower = segments.map((s) => s.toLowerCase());
      for (let i = 0; i < segments.length; i++) {
        const dir = i < segments.length - 1 || isDir;
        const reason = cachedReasonForName(segments[i], dir, lower[i]) ?? (pathRules.has(lower[i]) ? reasonForPathEnd(lower.slice(0, i + 1), dir) : undefined);
        if (reason) return reason;
      }
      return segments.length > 0 ? customFor(path) : undefined;
    },
  };
}
