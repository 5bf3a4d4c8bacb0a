import type { PhrasingContent, Nodes } from 'mdast';

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

export function flatten(children: PhrasingContent[]): FlatText {
  const out: FlatText = { text: '', pieces: [] };
  const push = (value: string, node: Nodes, kind: TextPiece['kind']) => {
    const srcStart = node.position?.start.offset ?? 0;
    const srcEnd = node.position?.end.offset ?? srcStart;
    const start = out.text.length;
    out.text += value;
    out.pieces.push({ start, end: out.text.length, srcStart, srcEnd, kind });
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
  const boundary = /[.!?]+["')\]*_]*\s+(?=[A-Z0-9"'(\[*_@`])|\n\s*\n/g;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const before = text.slice(start, m.index + 1);
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
