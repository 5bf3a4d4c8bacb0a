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
// Groups: 1 the marker (`-`, `12.`), 2 the blanks after it, 3 anything written after them. "--" is no marker.
const LIST_ITEM = /^(\d{1,9}[.)]|[-+*])(?=[ \t]|$)([ \t]*)(.?)/;

/** The top-level list the current chunk is in: which marker continues it, and where its items' text starts. */
interface OpenList {
  /** `-`, `+`, `*`, or the delimiter of an ordered list (`.`, `)`). */
  kind: string;
  /** The column a line must reach, after a blank line, to stay in the item. */
  column: number;
}

function openList(line: string): OpenList | undefined {
  const m = LIST_ITEM.exec(line);
  if (!m) return undefined;
  const marker = m[1];
  const blanks = m[2];
  // One to four blanks after the marker set the column; none (an empty item), more, or a tab: one. A tab's width
  // is not worked out: the column is then taken as far right, which only ever means fewer places to split.
  const column = blanks.includes('\t') ? 100 : m[3] === '' || blanks.length > 4 ? marker.length + 1 : marker.length + blanks.length;
  return { kind: marker[marker.length - 1], column };
}

function indentOf(line: string): number {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0].replace(/\t/g, '    ').length : 0;
}
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
 *
 * A new item counts only when it continues the chunk's own list (the same bullet, or the same `.` or `)`): a
 * marker of another kind starts a new list, and "3." or "2)" cannot interrupt a paragraph, so such a line can be
 * more of the paragraph before it. A line after a blank line that is indented less than the item's text ends the
 * list, and the next marker, without a blank line before it, is then no place to split either.
 */
export function splitIntoChunks(text: string, lines: LineIndex = new LineIndex(text)): Chunk[] {
  if (KEEP_WHOLE.test(text)) return [{ text, startLine: 0, startOffset: 0 }];
  const starts: number[] = [0];
  let fence: { char: string; length: number } | undefined;
  let rawHtmlEnd: RegExp | undefined;
  let list: OpenList | undefined;
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
    list = openList(lines.line(0));
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
      const item = LIST_MARKER.test(line) ? openList(line) : undefined;
      if (prevBlank || heading || (item && list && item.kind === list.kind)) {
        starts.push(n);
        list = item;
      }
    } else if (prevBlank && list && !isBlank(line) && indentOf(line) < list.column) list = undefined;
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
