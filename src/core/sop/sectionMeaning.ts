import { CAUSE_HEADING, LEADING_FILLERS, PHRASE_BREAKS, SECTION_WORDS } from './sectionWords';

type WordKind = keyof typeof SECTION_WORDS;

/**
 * Light stemming: plurals only (Harman's S-stemmer, plus "-ches", "-sses", "-xes" losing "es"), so that
 * "Responsibilities" meets "responsibility" but "Response" does not, as it would under Porter. Other forms
 * ("verifying", "timing") are listed in sectionWords.ts.
 */
export function singular(word: string): string {
  if (word.length <= 3) return word;
  if (/[^ae]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(?:ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (/[^aeo]es$/.test(word)) return word.slice(0, -1);
  if (/[^us]s$/.test(word)) return word.slice(0, -1);
  return word;
}

function stems(words: string[]): string {
  return words.map(singular).join(' ');
}

function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

const HEADS = new Map<string, WordKind>();
const OPENERS = new Map<string, WordKind>();
for (const kind of Object.keys(SECTION_WORDS) as WordKind[]) {
  for (const h of SECTION_WORDS[kind].heads) if (!HEADS.has(stems(words(h)))) HEADS.set(stems(words(h)), kind);
  for (const o of SECTION_WORDS[kind].openers) if (!OPENERS.has(o)) OPENERS.set(o, kind);
}
const LONGEST_HEAD = Math.max(...[...HEADS.keys()].map((k) => k.split(' ').length));

/** True when a normalized heading's head noun is "checklist", which counts for steps or quality by position. */
export function isChecklist(normalized: string): boolean {
  return headOf(normalized) === 'checklist';
}

/**
 * The part one part of a normalized heading names, by meaning. Labels before a colon or dash are tried first
 * ("When - releases", "Step 1: Approval"), then what follows ("Appendix: Troubleshooting").
 */
export function meaningOf(part: string, question = false): WordKind | 'checklist' | undefined {
  const segments = part.split(/\s*:\s*|\s+[-–—]+\s+/).slice(0, question ? 1 : 4);
  for (const segment of segments) {
    const kind = headOf(segment, question);
    if (kind) return kind;
  }
  return undefined;
}

/** A normalized heading without what never names a part: web addresses and asides in brackets. */
export function withoutAsides(normalized: string): string {
  return normalized
    .replace(/\b[a-z][a-z0-9+.-]{0,20}:\/\/\S+/g, ' ')
    .replace(/\([^()]{0,200}\)/g, ' ')
    .replace(/\[[^[\]]{0,200}\]/g, ' ');
}

/** A question ("If I miss the cut-off, can I …?") names a part only by its question word: "When", "Who", "Why", "How", "What is". */
const QUESTION_WORDS = new Set(['when', 'who', 'why', 'how', 'what']);

// "When things go wrong", "If something fails": what goes wrong, though it opens with "when". "When the export
// fails" stays the trigger (of a recovery procedure).
const GOES_WRONG =
  /^(?:what to do )?(?:when|if|in case)\s+(?:things?|something|anything|stuff|it|this)\s+(?:go(?:es)? wrong|went wrong|fails?|failed|breaks?|broke|(?:does not|doesn't|did not|didn't) work)\b/;
// "When does an incident end?", "When is the release done?": the end state, though it opens with "when".
const WHEN_DONE = /^when (?:does|do|is|are|can)\b.{0,60}?\b(?:end|ends|over|done|finished|complete|completed|closed|resolved)$/;

function headOf(segment: string, question = false): WordKind | 'checklist' | undefined {
  const plain = segment
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (GOES_WRONG.test(plain)) return 'failures';
  if (WHEN_DONE.test(plain)) return 'output';
  const all = words(segment.toLowerCase()).slice(0, 40);
  let first = 0;
  while (first < all.length - 1 && LEADING_FILLERS.has(all[first])) first++;
  if (first >= all.length) return undefined;
  // A heading that weighs options against each other ("Mock vs nomock") is a decision point.
  if (!question && all.some((w) => w === 'vs' || w === 'versus')) return 'decisions';
  const opener = OPENERS.get(all.slice(first, first + 2).join(' ')) ?? OPENERS.get(all[first]);
  if (question) return QUESTION_WORDS.has(all[first]) ? opener : undefined;
  if (opener) return opener;
  // The head phrase ends at the first preposition: "Steps for the scribe" is about steps.
  let end = first + 1;
  while (end < all.length && !PHRASE_BREAKS.has(all[end])) end++;
  const phrase = all.slice(first, end).filter((w) => !/^\d+$/.test(w));
  if (phrase.length === 0) return undefined;
  if (namesACause(phrase, all.slice(end))) return 'trigger';
  // The longest known ending wins: "contact information" before "information".
  for (let n = Math.min(LONGEST_HEAD, phrase.length); n >= 1; n--) {
    const tail = stems(phrase.slice(-n));
    if (n === 1 && tail === 'checklist') return 'checklist';
    const kind = HEADS.get(tail);
    if (kind) return kind;
  }
  return undefined;
}

/** "Things | that may result in …": a generic head noun followed by a clause that says it sets the work off. */
function namesACause(phrase: string[], rest: string[]): boolean {
  if (phrase.length !== 1 || !CAUSE_HEADING.heads.has(singular(phrase[0]))) return false;
  if (rest[0] !== 'that' && rest[0] !== 'which') return false;
  let at = 1;
  while (at < rest.length && at < 3 && CAUSE_HEADING.modals.has(rest[at])) at++;
  const clause = rest.slice(at, at + 2).join(' ');
  return CAUSE_HEADING.verbs.some((v) => clause === v || clause.startsWith(`${v} `) || rest[at] === v);
}
