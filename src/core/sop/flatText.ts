import type { PhrasingContent, Nodes } from 'mdast';
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';

/** One piece of a block's visible text and where it came from in the source (offsets into the parsed text). */
export interface TextPiece {
  start: number;
  end: number;
  srcStart: number;
  srcEnd: number;
  kind: 'text' | 'code' | 'html' | 'link-text';
}

/** The visible text of a paragraph, heading or table cell, with a map back to the source. */
export interface FlatText {
  text: string;
  pieces: TextPiece[];
}

/**
 * `source` is the text the nodes were parsed from: with it, text whose value differs from its source
 * (escapes, character references, indentation and `>` dropped from wrapped lines) maps back exactly.
 */
export function flatten(children: PhrasingContent[], source?: string): FlatText {
  const out: FlatText = { text: '', pieces: [] };
  const push = (value: string, node: Nodes, kind: TextPiece['kind']) => {
    const srcStart = node.position?.start.offset ?? 0;
    const srcEnd = node.position?.end.offset ?? srcStart;
    const start = out.text.length;
    out.text += value;
    if (source !== undefined && node.type === 'text' && srcEnd - srcStart !== value.length) {
      for (const piece of alignedPieces(value, source.slice(srcStart, srcEnd), start, srcStart, kind)) out.pieces.push(piece);
    } else {
      out.pieces.push({ start, end: out.text.length, srcStart, srcEnd, kind });
    }
  };
  const walk = (nodes: PhrasingContent[], inLink: boolean) => {
    for (const node of nodes) {
      switch (node.type) {
        case 'text':
          push(node.value, node, inLink ? 'link-text' : 'text');
          break;
        case 'inlineCode':
          push(node.value, node, 'code');
          break;
        case 'html':
          if (!node.value.startsWith('<!--')) push(node.value, node, 'html');
          break;
        case 'break':
          push('\n', node, 'text');
          break;
        case 'image':
          if (node.alt) push(node.alt, node, 'link-text');
          break;
        case 'link':
        case 'linkReference':
          walk(node.children, true);
          break;
        default:
          if ('children' in node) walk(node.children as PhrasingContent[], inLink);
      }
    }
  };
  walk(children, false);
  return out;
}

const REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/y;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

function referenceAt(src: string, j: number): { length: number; value: string } | undefined {
  REFERENCE.lastIndex = j;
  const m = REFERENCE.exec(src);
  if (!m) return undefined;
  const value = m[1] ? decodeNumericCharacterReference(m[1], 16) : m[2] ? decodeNumericCharacterReference(m[2], 10) : decodeNamedCharacterReference(m[3]);
  return value ? { length: m[0].length, value } : undefined;
}

/** Maps a text node's value onto its source: escapes, references, and dropped indentation / `>` / trailing spaces. */
function alignedPieces(value: string, src: string, start: number, srcStart: number, kind: TextPiece['kind']): TextPiece[] {
  const map = new Array<number>(value.length);
  let i = 0;
  let j = 0;
  while (i < value.length) {
    if (j >= src.length) {
      map[i++] = src.length;
      continue;
    }
    if (src[j] === '\\' && j + 1 < src.length && ASCII_PUNCTUATION.test(src[j + 1]) && value[i] === src[j + 1]) {
      map[i++] = j + 1;
      j += 2;
      continue;
    }
    const ref = src[j] === '&' ? referenceAt(src, j) : undefined;
    if (ref && value.startsWith(ref.value, i)) {
      for (let k = 0; k < ref.value.length; k++) map[i++] = j;
      j += ref.length;
      continue;
    }
    if (value[i] === src[j] || (src[j] === '\0' && value[i] === '\uFFFD')) {
      map[i++] = j++;
      continue;
    }
    j++;
  }
  const pieces: TextPiece[] = [];
  for (let k = 0; k < value.length;) {
    let e = k + 1;
    while (e < value.length && map[e] === map[e - 1] + 1) e++;
    pieces.push({ start: start + k, end: start + e, srcStart: srcStart + map[k], srcEnd: srcStart + Math.min(src.length, map[e - 1] + 1), kind });
    k = e;
  }
  return pieces;
}

/**
 * Source offset of a position in the flat text. An end position maps through the character before it,
 * so a span that ends where a code span ends does not swallow the closing backtick.
 */
export function sourceOffset(flat: FlatText, index: number, isEnd = false): number {
  if (isEnd && index > 0) return sourceOffset(flat, index - 1) + 1;
  const pieces = flat.pieces;
  if (pieces.length === 0) return 0;
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pieces[mid].start <= index) lo = mid;
    else hi = mid - 1;
  }
  const p = pieces[lo];
  if (index >= p.end && lo === pieces.length - 1) return p.srcEnd;
  if (p.kind === 'code') {
    const fence = Math.max(0, Math.floor((p.srcEnd - p.srcStart - (p.end - p.start)) / 2));
    return Math.min(p.srcStart + fence + (index - p.start), p.srcEnd);
  }
  return Math.min(p.srcStart + (index - p.start), p.srcEnd);
}

/** The kind of text at an index of the flat text. */
export function pieceKindAt(flat: FlatText, index: number): TextPiece['kind'] | undefined {
  for (const p of flat.pieces) if (index >= p.start && index < p.end) return p.kind;
  return undefined;
}

const ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|vs|approx|incl|no|dept|mr|mrs|ms|dr|st|fig|cf|ca)\.$/i;

/** Splits visible text into sentences: [start, end) index pairs into the flat text. */
export function sentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  // Only from the first mark of a run ("...", "?!"): starting inside a long run again and again is quadratic.
  const boundary = /(?<![.!?])[.!?]+["')\]*_]*\s+(?=[A-Z0-9"'([*_@`])|\n\s*\n/g;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    // The longest abbreviation is 6 letters: look at a short tail, plus one character for the \b before it.
    const before = text.slice(Math.max(start, m.index - 8), m.index + 1);
    if (ABBREVIATIONS.test(before)) continue;
    const end = m.index + m[0].trimEnd().length;
    if (text.slice(start, end).trim()) out.push(trim(text, start, end));
    start = m.index + m[0].length;
  }
  if (text.slice(start).trim()) out.push(trim(text, start, text.length));
  return out;
}

function trim(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return [start, end];
}
