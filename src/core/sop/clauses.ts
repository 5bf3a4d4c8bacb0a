/**
 * Sentence analysis for approval gates: words with their part of speech (wink-nlp's English model), split
 * into clauses. Only sentences that mention approval are parsed, and only a bounded window of each.
 */
import type winkNLP from 'wink-nlp';
import type englishModel from 'wink-eng-lite-web-model';

export interface Word {
  text: string;
  lower: string;
  /** Universal POS tag: NOUN, PROPN, VERB, AUX, ADJ, DET, ADP, PRON, PUNCT, CCONJ, SCONJ, PART, NUM… */
  pos: string;
  /** [start, end) in the analysed text. */
  start: number;
  end: number;
}

/** Longest stretch of a sentence that is parsed: gates are short, and the linter runs as the writer types. */
export const MAX_PARSED_CHARS = 400;

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;

/**
 * The tagger and its English model are loaded and built on first use, so that SOPs without a gate, and commands
 * that read no sentence, never pay for them. `require`, not `import()`: the linter is synchronous. The product
 * bundles load both from files of their own, the model in a compact form that tags alike at a tenth of the memory
 * (about 25 ms and 6 MB there, against 110 ms and 45 MB for the package's own; scripts/wink-model/), built for
 * the one pipe used here.
 */
function tagger(): Nlp {
  /* eslint-disable @typescript-eslint/no-require-imports */
  nlp ??= (require('wink-nlp') as typeof winkNLP)(require('wink-eng-lite-web-model') as typeof englishModel, ['pos']);
  /* eslint-enable @typescript-eslint/no-require-imports */
  return nlp;
}

/** The words of `text` with their offsets; `text` should be at most MAX_PARSED_CHARS long. */
export function wordsOf(text: string): Word[] {
  const n = tagger();
  const doc = n.readDoc(text);
  const values = doc.tokens().out() as string[];
  const tags = doc.tokens().out(n.its.pos) as string[];
  const words: Word[] = [];
  let at = 0;
  values.forEach((value, i) => {
    const start = text.indexOf(value, at);
    // The tokenizer may normalise a token (quotes, ellipses): keep the running offset when it is not found.
    const s = start < 0 ? at : start;
    const e = start < 0 ? at : start + value.length;
    at = e;
    words.push({ text: value, lower: value.toLowerCase(), pos: tags[i], start: s, end: e });
  });
  return joinHyphenated(words, text);
}

/** "sign-off", "peer-review", "#helm-dev", "self-approve", "cloud.gov": one word, as the writer meant it. */
function joinHyphenated(words: Word[], text: string): Word[] {
  const out: Word[] = [];
  for (const w of words) {
    const last = out[out.length - 1];
    const glued = last && last.end === w.start && w.start > 0;
    // "cloud.gov", "example.com": a dot between letters, with no space around it, is inside a name.
    const innerDot = (w.text === '.' && /[A-Za-z]/.test(text[w.end] ?? '')) || (last?.text.endsWith('.') && last.text.length > 1 && /^[A-Za-z]/.test(w.text));
    if (glued && (w.text === '-' || last.text.endsWith('-') || last.text === '#' || last.text === '@' || innerDot)) {
      const merged = text.slice(last.start, w.end);
      out[out.length - 1] = { text: merged, lower: merged.toLowerCase(), pos: w.text === '-' ? last.pos : w.pos, start: last.start, end: w.end };
      continue;
    }
    out.push(w);
  }
  return out;
}

/** Words that start a new clause: the gate and who it names must sit in the same one. */
const CLAUSE_OPENERS = new Set(['if', 'unless', 'whether', 'while', 'although', 'though', 'because', 'since', 'so', 'but', 'then', 'which', 'whereas']);
const BREAKS = new Set([';', ':', '—', '–', '?', '!']);

/** [from, to) word indexes of the clause holding word `i`. */
export function clauseAround(words: Word[], i: number): { from: number; to: number } {
  let from = i;
  while (from > 0 && !opensClause(words, from)) from--;
  let to = i + 1;
  while (to < words.length && !opensClause(words, to)) to++;
  return { from, to };
}

function opensClause(words: Word[], k: number): boolean {
  const w = words[k];
  const prev = words[k - 1];
  if (!prev) return true;
  // "Controller: approves new bank details": a short label before a colon is the subject, not a clause.
  if (prev.text === ':' && k <= 4) return false;
  if (BREAKS.has(prev.text)) return true;
  if ((w.lower === 'and' || w.lower === 'then') && prev.text === ',' && startsPredicate(words, k + 1)) return true;
  if (w.lower === 'then' && prev.text === ',') return true;
  // "If the release is approved, fix it": the comma after a fronted clause opens the main clause.
  if (prev.text === ',' && frontedClauseEndsAt(words, k - 1)) return !inParentheses(words, k);
  if (CLAUSE_OPENERS.has(w.lower) && (w.pos === 'SCONJ' || w.pos === 'CCONJ' || w.lower === 'if' || w.lower === 'unless')) return true;
  return false;
}

/** The comma at `comma` closes a clause that opened the sentence part: "If the release is approved, …". */
function frontedClauseEndsAt(words: Word[], comma: number): boolean {
  for (let j = comma - 1; j >= 0 && j >= comma - 30; j--) {
    if (words[j].text === ',' || BREAKS.has(words[j].text)) return false;
    if (CLAUSE_OPENERS.has(words[j].lower) || words[j].lower === 'when') return true;
  }
  return false;
}

/** ", and the second reviewer should merge", ", and wait for sign-off": a new predicate after the conjunction. */
function startsPredicate(words: Word[], k: number): boolean {
  for (let j = k; j < Math.min(words.length, k + 5); j++) {
    if (words[j].pos === 'AUX' || words[j].pos === 'VERB') return true;
  }
  return false;
}

function inParentheses(words: Word[], k: number): boolean {
  let depth = 0;
  for (let j = 0; j < k; j++) {
    if (words[j].text === '(') depth++;
    else if (words[j].text === ')') depth = Math.max(0, depth - 1);
  }
  return depth > 0;
}

const ROLE_WORDS_READ_AS_VERBS = /^(?:lead|leads|head|heads|chair|chairs|sponsor|sponsors|steward|stewards|champion|champions|delegate|delegates)$/;

/** A noun phrase starting at word `i` (determiners, numbers, adjectives, nouns, names, "of"/"from"/"in" X). */
export function nounPhraseAt(words: Word[], i: number, limit: number): { from: number; to: number } | undefined {
  let j = i;
  const stop = Math.min(limit, words.length, i + 12);
  // "at least two people", "one or more relevant assignees"
  if (words[j]?.lower === 'at' && /^(?:least|most)$/.test(words[j + 1]?.lower ?? '')) j += 2;
  let sawHead = false;
  while (j < stop) {
    const w = words[j];
    // "your lead", "the release": a word tagged as a verb right after a determiner is a noun.
    const nounAfterDeterminer =
      w.pos === 'VERB' &&
      j > i &&
      (words[j - 1].pos === 'DET' ||
        /^(?:your|their|his|her|our|my|its)$/.test(words[j - 1].lower) ||
        // "the Security lead", "the project head": a role word the tagger read as a verb after the word it qualifies.
        (ROLE_WORDS_READ_AS_VERBS.test(w.lower) && ['NOUN', 'PROPN', 'ADJ'].includes(words[j - 1].pos)));
    if (nounAfterDeterminer || ['DET', 'NUM', 'ADJ', 'NOUN', 'PROPN', 'PRON'].includes(w.pos) || /^[@#]/.test(w.text) || w.text === "'s" || w.text === '’s') {
      if (nounAfterDeterminer || w.pos === 'NOUN' || w.pos === 'PROPN' || w.pos === 'PRON' || /^[@#]/.test(w.text)) sawHead = true;
      j++;
      continue;
    }
    if (w.lower === 'or' || w.lower === 'and' || w.text === ',' || w.text === '/' || w.text === '-' || w.text === '*') {
      const next = words[j + 1];
      if (next && ['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM'].includes(next.pos)) {
        j++;
        continue;
      }
    }
    // "people from GDS", "a maintainer in #helm-dev", "the Head of Support", "members of the team"
    if (sawHead && ['of', 'from', 'in', 'on'].includes(w.lower) && words[j + 1]) {
      const more = nounPhraseAt(words, j + 1, limit);
      if (more && more.to > j + 1) {
        j = more.to;
        continue;
      }
    }
    break;
  }
  return sawHead ? { from: i, to: j } : undefined;
}
