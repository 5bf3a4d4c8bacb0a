/** Text left for someone to fill in: TODO, TBD, FIXME, <fill in>, [insert ...], ???, {{FIELD}}, YYYY-MM-DD. */

const KNOWN_HTML_TAGS = new Set(
  'a abbr b br code del details div em h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s small span strong sub summary sup table tbody td th thead tr u ul'.split(
    ' ',
  ),
);

const PATTERNS: RegExp[] = [
  /\b(?:TODO|TBD|TBC|FIXME|XXX)\b/g,
  /\b(?:todo|tbd|fixme)\s*:/gi,
  /\?{3,}/g,
  // Bounded: "[insert [insert [insert …" without a "]" would rescan the line from every "[".
  /\[(?:insert|add|enter|fill in|fill|your|name of|tbd|todo|placeholder)\b[^\]\n]{0,200}\]/gi,
  /<(?:fill in|fill|insert|add|enter|your|name of|who|what|when|where|tbd|todo|placeholder)\b[^<>\n]*>/gi,
  /\blorem ipsum\b/gi,
  // Template fields: {{COMPANY_NAME}}, {{ participant }}. Not a GitHub Actions expression (${{ … }}), nor what a
  // site generator fills in when it builds the page: a Hugo shortcode ({{< relref "x" >}}, {{% note %}}) or a
  // Liquid variable with a dotted path ({{ site.baseurl }}, {{page.title}}).
  /(?<!\$)\{\{(?![ \t]{0,3}[<%])(?![ \t]{0,3}[A-Za-z_][\w-]{0,40}(?:\.[\w-]{1,40}){1,4}[ \t]{0,3}(?:\|[^{}\n]{0,60})?\}\})[^{}\n]{1,100}\}\}/g,
  // A date format left where the date belongs ("Last reviewed: YYYY-MM-DD"), not a part of a file name.
  /(?<![\w/\\.-])(?:YYYY|yyyy)([-/.])(?:MM|mm)\1(?:DD|dd)(?![\w/\\-]|\.\w)|(?<![\w/\\.-])(?:DD|dd)([-/.])(?:MM|mm)\2(?:YYYY|yyyy)(?![\w/\\-]|\.\w)|(?<![\w/\\.-])(?:MM|mm)([-/.])(?:DD|dd)\3(?:YYYY|yyyy)(?![\w/\\-]|\.\w)/g,
];

/**
 * A quick test on Markdown source that may hold a placeholder, for skipping the full search: every pattern above
 * starts with one of these (an escaped or entity-encoded bracket included), so text that has none holds none.
 */
const MAY_HOLD =
  /todo|tbd|tbc|fixme|xxx|\?{3}|\[\s*(?:insert|add|enter|fill|your|name of|tbd|todo|placeholder)|<\s*[a-z]|&lt;|&#|lorem|\{\{|yyyy|(?:dd|mm)\\?[-/.]/i;

export function mayHoldPlaceholder(source: string): boolean {
  return MAY_HOLD.test(source);
}

const FORMAT_BEFORE = /\b(?:as|in|like|format(?:ted)?(?:\s+as)?|e\.g\.|such as|pattern|written)\s{0,3}[:("'`]?\s{0,3}$/i;
// "… at YYYY-MM-DD HH:MM UTC": a date and time format, as a message to send will fill it in.
const FORMAT_AFTER = /^["'`)]?\s{0,3}(?:format|form|notation|(?:HH|hh)[:.](?:MM|mm)\b)/i;

/** A note left in a code span for whoever fills in the template: `TODO: Add the call list`. */
const NOTE_IN_CODE = /^\s*(?:TODO|TBD|FIXME|XXX)\s*(?:\([^)\n]{0,80}\))?\s*:/;

/** True when a whole code span is a note to fill something in, not a command or a mention of the word. */
export function isPlaceholderNote(code: string): boolean {
  return NOTE_IN_CODE.test(code);
}

// The words of a field left to fill in, written in capitals and emphasised: "_**LINK TO PR**_", "***RELEASE DATE***".
const FIELD_NOUN =
  /\b(?:LINK|LINKS|URL|DATE|NAME|NAMES|DESCRIPTION|NUMBER|ID|VERSION|TITLE|E-?MAIL|REPORT|PR|CVE|TEXT|VALUE|OWNER|AMOUNT|ADDRESS|PHONE|TICKET)\b/;
// Short words a writer leaves in lower case inside such a field ("NAME of RELEASER(S)").
const FIELD_GLUE = /^(?:of|to|or|and|the|for|a|an|in|on|per)$/;

/**
 * Text in both bold and italics, in capitals, naming a field ("_**LINK TO PR**_"): the way templates mark what
 * each use replaces. Plain bold capitals ("**IMPORTANT**", "**DO NOT**") are emphasis, not fields.
 */
export function isFillInField(text: string): boolean {
  const t = text.trim();
  if (t.length < 2 || t.length > 80 || !FIELD_NOUN.test(t)) return false;
  return t
    .split(/[\s/()-]+/)
    .filter((w) => /\p{L}/u.test(w))
    .every((w) => FIELD_GLUE.test(w) || w === w.toUpperCase());
}

export interface PlaceholderSpan {
  start: number;
  end: number;
  text: string;
}

export function findPlaceholders(text: string): PlaceholderSpan[] {
  // Candidates in pattern order (earlier patterns win an overlap), then one pass keeps the non-overlapping.
  const candidates: Array<PlaceholderSpan & { rank: number }> = [];
  PATTERNS.forEach((re, rank) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) candidates.push({ start: m.index, end: m.index + m[0].length, text: m[0], rank });
  });
  // "<role or person>" style: words with spaces inside angle brackets that are not an HTML tag.
  const angle = /<([a-z][a-z-]*)\s[^<>\n]{1,200}>/gi;
  for (let m = angle.exec(text); m; m = angle.exec(text)) {
    if (KNOWN_HTML_TAGS.has(m[1].toLowerCase()) || /[="/]/.test(m[0])) continue;
    candidates.push({ start: m.index, end: m.index + m[0].length, text: m[0], rank: PATTERNS.length });
  }
  // "with --due-by as YYYY-MM-DD", "dates in DD/MM/YYYY format": the format described, not a date left to fill in.
  const dateRank = PATTERNS.length - 1;
  for (let i = candidates.length - 1; i >= 0; i--) {
    const c = candidates[i];
    if (c.rank !== dateRank) continue;
    // "Date of decision (YYYY-MM-DD)": a format given in brackets after what it is the format of.
    const bracketed = /\w[ \t]{0,3}\([ \t]{0,3}$/.test(text.slice(Math.max(0, c.start - 10), c.start)) && /^[ \t]{0,3}\)/.test(text.slice(c.end, c.end + 5));
    if (bracketed || FORMAT_BEFORE.test(text.slice(Math.max(0, c.start - 40), c.start)) || FORMAT_AFTER.test(text.slice(c.end, c.end + 20)))
      candidates.splice(i, 1);
  }
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => a.rank - b.rank || a.start - b.start);
  const kept: PlaceholderSpan[] = [];
  const taken: Array<[number, number]> = [];
  for (const c of candidates) {
    // Binary search the taken spans (kept sorted by start) for an overlap.
    let lo = 0;
    let hi = taken.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (taken[mid][0] < c.end) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && taken[lo - 1][1] > c.start) continue;
    taken.splice(lo, 0, [c.start, c.end]);
    kept.push({ start: c.start, end: c.end, text: c.text });
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** True when text has placeholders and nothing else but list markers and punctuation. */
export function isOnlyPlaceholder(text: string): boolean {
  const placeholders = findPlaceholders(text);
  if (placeholders.length === 0) return false;
  let rest = text;
  for (const p of [...placeholders].reverse()) rest = rest.slice(0, p.start) + rest.slice(p.end);
  return rest.replace(/[\s\p{P}\p{S}]/gu, '') === '';
}
