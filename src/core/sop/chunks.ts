import { LineIndex } from '../text/lines';

/**
 * A run of whole lines that parses the same on its own as inside the document. Splitting an SOP into
 * chunks lets an edit reparse only the chunk it touched.
 */
export interface Chunk {
  text: string;
  startLine: number;
  startOffset: number;
}

const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const LIST_MARKER = /^(?:\d{1,9}[.)]|[-+*])(?:[ \t]|$)/;
const FENCE_OPEN = /^(`{3,})(?!.*`)|^(~{3,})/;
/**
 * Documents the chunker leaves whole, because their blocks can reach across the places it splits:
 * link reference and footnote definitions (anywhere, even in a list or quote), fences that are
 * indented (inside a list item, where an outdented line ends them), HTML blocks other than comments,
 * and a byte order mark after the start.
 */
const KEEP_WHOLE = /\]:|^ {1,}(?:`{3,}|~{3,})|^ {0,3}<(?!!--)[A-Za-z?!/]|[\s\S]\uFEFF/m;

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/**
 * Splits at lines that must start a new top-level block: ATX headings, column-0 lines after a blank
 * line, and new items of a column-0 list. Never inside fences, raw HTML, comments or front matter.
 * Documents with link reference or footnote definitions stay whole, because those resolve across blocks.
 */
export function splitIntoChunks(text: string, lines: LineIndex = new LineIndex(text)): Chunk[] {
  if (KEEP_WHOLE.test(text)) return [{ text, startLine: 0, startOffset: 0 }];
  const starts: number[] = [0];
  let fence: { char: string; length: number } | undefined;
  let rawHtmlEnd: RegExp | undefined;
  let chunkIsList = false;
  let prevBlank = false;
  let first = 0;
  if (/^---[ \t]*$/.test(lines.line(0))) {
    let close = 1;
    while (close < lines.lineCount && !/^---[ \t]*$/.test(lines.line(close))) close++;
    if (close < lines.lineCount) {
      first = close + 1;
      prevBlank = true;
    }
  } else {
    chunkIsList = LIST_MARKER.test(lines.line(0));
  }
  for (let n = first; n < lines.lineCount; n++) {
    const line = lines.line(n);
    if (fence) {
      const close = line.match(/^ {0,3}(`{3,}|~{3,})[ \t]*$/);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined;
      prevBlank = false;
      continue;
    }
    if (rawHtmlEnd) {
      if (rawHtmlEnd.test(line)) rawHtmlEnd = undefined;
      prevBlank = false;
      continue;
    }
    const startsBlock = n > 0 && line.length > 0 && line[0] !== ' ' && line[0] !== '\t';
    if (startsBlock) {
      const heading = ATX_HEADING.test(line);
      const listItem = LIST_MARKER.test(line);
      if (prevBlank || heading || (listItem && chunkIsList)) {
        starts.push(n);
        chunkIsList = listItem;
      }
    }
    const open = line.match(FENCE_OPEN);
    if (open) {
      const marker = open[1] ?? open[2];
      fence = { char: marker[0], length: marker.length };
    } else if (/^ {0,3}<!--/.test(line) && !line.includes('-->')) rawHtmlEnd = /-->/;
    prevBlank = isBlank(line);
  }
  const chunks: Chunk[] = [];
  for (let k = 0; k < starts.length; k++) {
    const startOffset = lines.starts[starts[k]];
    const endOffset = k + 1 < starts.length ? lines.starts[starts[k + 1]] : text.length;
    chunks.push({ text: text.slice(startOffset, endOffset), startLine: starts[k], startOffset });
  }
  return chunks;
}
