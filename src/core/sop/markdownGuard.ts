/**
 * The Markdown parser (micromark) takes quadratic time or worse on a few constructs: many emphasis marks or
 * brackets in one paragraph, images nested in images, dozens of list markers or `>` on one line, and a
 * paragraph inside a list or quote that goes on over many unindented ("lazy") lines. Before parsing, this
 * finds them with one linear scan and defuses them without moving any offset: the characters involved are
 * swapped for private-use stand-ins (put back in the tree afterwards, so they read as plain text). Each
 * defused place gives a note for the writer.
 */

export interface ParseLimit {
  /** [start, end) in the parsed text. */
  start: number;
  end: number;
  message: string;
}

/** Emphasis and strikethrough marks (`*`, `_`, `~`) in one block before they are read as plain text. */
const MAX_EMPHASIS_MARKS = 400;
/** A run of one mark longer than this is plain text whatever the block holds. */
const MAX_MARK_RUN = 16;
/** `[` in one block (links, images, footnotes) before brackets are read as plain text. */
const MAX_BRACKETS = 400;
/** Brackets inside brackets. */
const MAX_BRACKET_DEPTH = 16;
/** Lists and quotes inside each other: the parser's list handling is quadratic in the depth. */
const MAX_NESTING = 32;
/** Lazy lines × lines of their block: the parser's cost for lazy continuation grows with both. */
const MAX_LAZY_COST = 30_000;

const MARKS = new Set(['*', '_', '~']);

interface Line {
  start: number;
  end: number;
  /** Where the line's inline text starts (after indentation, `>` and list markers). */
  content: number;
  /** Offsets of its container markers. */
  markers: number[];
}

interface Block {
  lines: Line[];
  marks: number;
  brackets: number;
  depth: number;
  maxDepth: number;
  lazy: number;
  /** Content column of the last line that opened containers (Infinity inside a quote). */
  column: number;
  ordered?: string;
  longRuns: Array<[number, number]>;
}

export interface GuardedText {
  text: string;
  limits: ParseLimit[];
  /** Puts the original characters back into values taken from the guarded text; identity when nothing changed. */
  restore: (value: string) => string;
}

/** `skipFrontMatter`: leave a leading `---` YAML block alone (it is not Markdown). */
export function guardMarkdown(text: string, skipFrontMatter = false): GuardedText {
  const edits: Array<[number, string]> = [];
  const limits: ParseLimit[] = [];
  let standIn: Map<string, string> | undefined;
  const swap = (at: number) => {
    standIn ??= standIns(text);
    edits.push([at, standIn.get(text[at])!]);
  };

  let block: Block | undefined;
  let fence: { char: string; length: number } | undefined;
  /** Content columns of list items that may still be open, outermost first. */
  const openItems: number[] = [];
  let afterBlank = false;
  /** Keeps lists and quotes at most MAX_NESTING deep: markers past that are swapped for stand-ins. */
  const nest = (prefix: Prefix, open: number[], fresh: boolean, start: number, end: number) => {
    // A line with markers, or the first after a blank line, closes the items it is not indented into.
    // The column of the line's first container marker or text: a `>` at column 0 closes open list items as well.
    const first = prefix.indent;
    if (prefix.markers.length > 0 || fresh) while (open.length > 0 && open[open.length - 1] > first) open.pop();
    const room = Math.max(0, MAX_NESTING - open.length);
    if (prefix.markers.length > room) {
      for (const at of prefix.markers.slice(room)) swap(at);
      limits.push({ start, end, message: `lists or quotes nested ${open.length + prefix.markers.length} deep; only ${MAX_NESTING} levels are read as such` });
      prefix.content = prefix.markers[room];
      prefix.markers.length = room;
      prefix.columns.length = room;
    }
    for (const c of prefix.columns) if (c >= 0) open.push(c);
  };
  const endBlock = () => {
    if (block) settle(block, text, swap, limits);
    block = undefined;
  };
  for (let start = skipFrontMatter ? frontMatterEnd(text) : 0; start < text.length;) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const next = end < text.length && text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
    const prefix = containerPrefix(text, start, end);
    if (!fence) nest(prefix, openItems, afterBlank, start, end);
    const rest = text.slice(prefix.content, Math.min(end, prefix.content + 8));
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(rest);
    if (fence) {
      if (fenceMark && fenceMark[1][0] === fence.char && fenceMark[1].length >= fence.length) fence = undefined;
    } else if (fenceMark) {
      endBlock();
      fence = { char: fenceMark[1][0], length: fenceMark[1].length };
    } else if (isBlank(text, prefix.content, end)) {
      endBlock();
      afterBlank = true;
    } else {
      afterBlank = false;
      block ??= { lines: [], marks: 0, brackets: 0, depth: 0, maxDepth: 0, lazy: 0, column: -1, longRuns: [] };
      addLine(block, text, start, end, prefix);
    }
    start = next;
  }
  endBlock();
  if (!standIn) return { text, limits, restore: (v) => v };
  edits.sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  for (const [at, ch] of edits) {
    if (at < last) continue;
    out += text.slice(last, at) + ch;
    last = at + 1;
  }
  out += text.slice(last);
  const back = new Map([...standIn].map(([k, v]) => [v, k]));
  const pattern = new RegExp(`[${[...back.keys()].join('')}]`, 'g');
  return { text: out, limits, restore: (v) => v.replace(pattern, (c) => back.get(c) ?? c) };
}

/** Offset just past a leading front-matter block, or 0 when there is none (or it is not closed). */
function frontMatterEnd(text: string): number {
  const open = /^---[ \t]*(?:\r\n|\r|\n)/.exec(text);
  if (!open) return 0;
  const close = /(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|$)/g;
  close.lastIndex = open[0].length - 1;
  const m = close.exec(text);
  return m ? m.index + m[0].length : 0;
}

/** Private-use characters that do not occur in the text, one per character the guard may swap. */
function standIns(text: string): Map<string, string> {
  const map = new Map<string, string>();
  let code = 0xe000;
  for (const ch of ['*', '_', '~', '[', ']', '>', '-', '+', '.', ')']) {
    while (text.includes(String.fromCharCode(code))) code++;
    map.set(ch, String.fromCharCode(code++));
  }
  return map;
}

interface Prefix {
  /** Offsets of the marker characters that open containers (for ordered markers, the `.` or `)`). */
  markers: number[];
  /** For each marker, the column its content starts at (-1 for `>`, which every line repeats). */
  columns: number[];
  /** Columns of the list markers. */
  items: number[];
  content: number;
  indent: number;
  quote: boolean;
  ordered?: { delimiter: string; one: boolean };
}

/** Indentation, `>` and list markers at the start of a line (a rough CommonMark container prefix). */
function containerPrefix(text: string, start: number, end: number): Prefix {
  const p: Prefix = { markers: [], columns: [], items: [], content: start, indent: 0, quote: false };
  // Where a thematic break ("- - -", "* * *") could begin: markers are not counted past it.
  let lastOther = end - 1;
  while (lastOther >= start && '-*_ \t'.includes(text[lastOther])) lastOther--;
  let i = start;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  p.indent = i - start;
  p.content = i;
  for (;;) {
    let j = i;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    const c = text[j];
    let marker = -1;
    let after = j + 1;
    if (c === '>') {
      marker = j;
      p.quote = true;
    } else if ((c === '-' || c === '+' || c === '*') && j <= lastOther && (j + 1 >= end || text[j + 1] === ' ' || text[j + 1] === '\t')) {
      marker = j;
    } else if (c >= '0' && c <= '9') {
      let k = j;
      while (k < end && k - j < 9 && text[k] >= '0' && text[k] <= '9') k++;
      if ((text[k] === '.' || text[k] === ')') && (k + 1 >= end || text[k + 1] === ' ' || text[k + 1] === '\t')) {
        marker = k;
        after = k + 1;
        if (p.markers.length === 0) p.ordered = { delimiter: text[k], one: k === j + 1 && c === '1' };
      }
    }
    if (marker < 0) break;
    p.markers.push(marker);
    if (c !== '>') p.items.push(j - start);
    i = after;
    if (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    p.content = i;
    p.columns.push(c === '>' ? -1 : i - start);
  }
  return p;
}

function onlyRuleChars(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!'-*_ \t'.includes(text[i])) return false;
  return true;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text[i] !== ' ' && text[i] !== '\t') return false;
  return true;
}

function addLine(block: Block, text: string, start: number, end: number, prefix: Prefix): void {
  // A line that continues a paragraph opened inside a list item or quote without its indentation or `>`.
  let lazy = false;
  if (block.column >= 0) {
    const strayOrdered = prefix.ordered && block.ordered && prefix.ordered.delimiter !== block.ordered && !prefix.ordered.one;
    lazy = prefix.markers.length === 0 ? prefix.indent < block.column : !!strayOrdered;
  }
  if (prefix.markers.length > 0 && !lazy) {
    block.column = prefix.quote ? Infinity : prefix.content - start;
    if (prefix.ordered) block.ordered = prefix.ordered.delimiter;
  }
  if (lazy) block.lazy++;
  block.lines.push({ start, end, content: prefix.content, markers: prefix.markers });
  // A thematic break ("***", "___ ___") is a rule, not emphasis: left as it is.
  if (onlyRuleChars(text, prefix.content, end)) return;
  let run = 0;
  for (let i = prefix.content; i < end; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      run = 0;
      continue;
    }
    if (MARKS.has(c)) {
      block.marks++;
      run = i > prefix.content && text[i - 1] === c ? run + 1 : 1;
      if (run === MAX_MARK_RUN + 1) block.longRuns.push([i - MAX_MARK_RUN, i + 1]);
      else if (run > MAX_MARK_RUN) block.longRuns[block.longRuns.length - 1][1] = i + 1;
      continue;
    }
    run = 0;
    if (c === '[') {
      block.brackets++;
      block.maxDepth = Math.max(block.maxDepth, ++block.depth);
    } else if (c === ']') {
      block.depth = Math.max(0, block.depth - 1);
    }
  }
}

/** Decides what to defuse in a finished block and records the swaps and notes. */
function settle(block: Block, text: string, swap: (at: number) => void, limits: ParseLimit[]): void {
  const first = block.lines[0].start;
  const last = block.lines[block.lines.length - 1].end;
  const eachInline = (chars: string, visit: (at: number) => void) => {
    for (const line of block.lines) {
      for (let i = line.content; i < line.end; i++) {
        if (text[i] === '\\') i++;
        else if (chars.includes(text[i])) visit(i);
      }
    }
  };
  if (block.marks > MAX_EMPHASIS_MARKS) {
    eachInline('*_~', swap);
    limits.push({
      start: first,
      end: last,
      message: `${block.marks} emphasis marks (*, _, ~) in one block; they are read as plain text (at most ${MAX_EMPHASIS_MARKS} are parsed)`,
    });
  } else if (block.longRuns.length > 0) {
    for (const [from, to] of block.longRuns) for (let i = from; i < to; i++) swap(i);
    const [from, to] = block.longRuns[0];
    limits.push({ start: from, end: to, message: `a run of more than ${MAX_MARK_RUN} emphasis marks is read as plain text` });
  }
  if (block.brackets > MAX_BRACKETS || block.maxDepth > MAX_BRACKET_DEPTH) {
    eachInline('[]', swap);
    const why =
      block.maxDepth > MAX_BRACKET_DEPTH
        ? `brackets nested ${block.maxDepth} deep (at most ${MAX_BRACKET_DEPTH})`
        : `${block.brackets} brackets in one block (at most ${MAX_BRACKETS})`;
    limits.push({
      start: first,
      end: last,
      message: `${why}; links, images and footnotes in this block are read as plain text and their paths are not checked`,
    });
  }
  if (block.lazy * block.lines.length > MAX_LAZY_COST) {
    // Without its list markers and `>` the block is one paragraph: no lazy lines, and every word still linted.
    for (const line of block.lines) for (const at of line.markers) swap(at);
    limits.push({
      start: first,
      end: last,
      message: `${block.lazy} lines continue a list item or quote without its indentation or ">", so the block is read as one paragraph. Indent those lines or separate them with blank lines`,
    });
  }
}
