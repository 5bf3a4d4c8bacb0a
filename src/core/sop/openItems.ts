/**
 * What a draft leaves for a person to settle before the SOP can be approved: questions for the owner, the
 * drafter's "check every step" banner, a draft-in-progress or draft-incomplete marker, and placeholders. The
 * drafters write these with the words below; the review and the lint read them back with the same words.
 */
import type { Range } from '../text/range';
import type { SopDocument } from './model';

/** How a drafter asks where the evidence is silent. */
export const OWNER_QUESTION = 'Question for the owner:';
/** The sentence that ends the offline drafter's banner. */
export const CHECK_BEFORE_APPROVING = 'Check every step against how the work is really done before approving it.';
/** The labels of the markers a streamed draft carries while it is written, or when it stopped early. */
export const DRAFT_MARKERS = ['Draft in progress:', 'Draft incomplete:'] as const;

export type OpenItemKind = 'question' | 'banner' | 'unfinished-draft' | 'placeholder';

export interface OpenItem {
  kind: OpenItemKind;
  /** The sentence or placeholder, as written. */
  text: string;
  /** 0-based line. */
  line: number;
  range: Range;
  /** [start, end) offsets of the sentence or placeholder in the document. */
  start: number;
  end: number;
  /** [start, end) of the paragraph or list item it is in (the placeholder itself for a placeholder). */
  blockStart: number;
  blockEnd: number;
}

const QUESTION = /\bquestion for the owner\s*:/i;
const BANNER = /\bcheck every step against how the work is really done before approving\b/i;
const MARKER = /^\W{0,6}draft (?:in progress|incomplete)\s*:/i;

/** Every open item of the SOP, in document order, one per line and kind. */
export function openItems(doc: SopDocument): OpenItem[] {
  const items: OpenItem[] = [];
  const seen = new Set<string>();
  const add = (kind: OpenItemKind, text: string, at: { range: Range; start: number; end: number; blockStart?: number; blockEnd?: number }) => {
    const key = `${kind}:${at.range.start.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    items.push({
      kind,
      text,
      line: at.range.start.line,
      range: at.range,
      start: at.start,
      end: at.end,
      blockStart: at.blockStart ?? at.start,
      blockEnd: at.blockEnd ?? at.end,
    });
  };
  for (const s of doc.sentences) {
    if (s.where === 'heading') continue;
    const text = s.text.trim();
    const question = QUESTION.exec(s.text);
    if (question && !inCode(doc, s.offsetOf(question.index))) add('question', text, s);
    else if (BANNER.test(text)) add('banner', text, s);
    else if (MARKER.test(text)) add('unfinished-draft', text, s);
  }
  for (const p of doc.placeholders) add('placeholder', p.text, p);
  return items.sort((a, b) => a.start - b.start);
}

/** True when an odd number of backticks precede `offset` on its line (read back at most 2,000 characters): the words are in a code span. */
function inCode(doc: SopDocument, offset: number): boolean {
  let ticks = 0;
  for (let i = offset - 1; i >= 0 && i >= offset - 2000; i--) {
    const c = doc.text.charCodeAt(i);
    if (c === 10) break;
    if (c === 96) ticks++;
  }
  return ticks % 2 === 1;
}
