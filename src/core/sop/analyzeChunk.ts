import type { Content, Heading, List, ListItem, Nodes, Parent, PhrasingContent, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parseMarkdownWithLimits } from './markdown';
import { flatten, sentences, sourceOffset, type FlatText } from './flatText';
import { commandLines, pathsInCommand, pathsInProse, PROMPT, SHELL_FENCES, isUrlOrEmail } from './pathSyntax';
import { findGate, type GateMatch } from './gates';
import { findPlaceholders, isFillInField, isOnlyPlaceholder, isPlaceholderNote, mayHoldPlaceholder } from './placeholders';

/**
 * What one chunk of an SOP contains, in offsets into the chunk's own text. Nothing here depends on
 * configuration, so a chunk whose text did not change can be reused as it is.
 */
export interface ChunkAnalysis {
  headings: HeadingFacts[];
  blocks: BlockFacts[];
  listItems: ListItemFacts[];
  sentences: SentenceFacts[];
  paths: PathFacts[];
  placeholders: SpanFacts[];
  comments: SpanFacts[];
  frontMatter?: { value: string; start: number; end: number };
  /** Places the parser was kept from (too many marks, too deep…), the reason as `text`. */
  limits?: SpanFacts[];
}

export interface Span {
  start: number;
  end: number;
}

export interface SpanFacts extends Span {
  text: string;
}

export interface HeadingFacts extends Span {
  depth: number;
  text: string;
  /** Where the heading's text starts (after the #s), for edits. */
  textStart: number;
}

export interface BlockFacts extends Span {
  type: 'heading' | 'content' | 'comment' | 'front-matter';
  /** Content that is nothing but placeholders (TODO, TBD, ...). */
  placeholderOnly: boolean;
}

export interface ListItemFacts extends Span {
  ordered: boolean;
  number?: number;
  /** 0 for a top-level list. */
  level: number;
  text: string;
  /** Column where the item's content starts, for inserting nested lines. */
  contentColumn: number;
  checked: boolean | null;
}

export interface SentenceFacts extends Span {
  text: string;
  where: 'paragraph' | 'list-item' | 'table-cell' | 'heading';
  /** The block (list item or paragraph) the sentence is in: edits that add lines go after it. */
  block: Span;
  /** Column at which lines nested in the block start (list content), or 0. */
  indent: number;
  inListItem: boolean;
  gate?: GateMatch & { srcStart: number; srcEnd: number };
  /** Maps an index of `text` to a chunk offset. */
  flat: FlatText;
  flatStart: number;
}

export interface PathFacts extends Span {
  value: string;
  source: 'link' | 'image' | 'code' | 'code-block' | 'prose' | 'definition';
}

function span(node: Nodes): Span {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

export function analyzeChunk(text: string, atDocumentStart = true): ChunkAnalysis {
  const { tree, limits } = parseMarkdownWithLimits(text, atDocumentStart);
  const analysis = analyzeNodes(tree.children, text);
  if (limits.length > 0) analysis.limits = limits.map((l) => ({ start: l.start, end: l.end, text: l.message }));
  return analysis;
}

/**
 * The facts of some top-level nodes, in offsets into `text` (the text they were parsed from). A chunk's
 * nodes taken from a parse of the whole document give the chunk's analysis once rebased to its start.
 */
export function analyzeNodes(nodes: RootContent[], text: string): ChunkAnalysis {
  const out: ChunkAnalysis = {
    headings: [],
    blocks: [],
    listItems: [],
    sentences: [],
    paths: [],
    placeholders: [],
    comments: [],
  };

  const addFlat = (flat: FlatText, where: SentenceFacts['where'], block: Span, indent: number, inListItem: boolean, mayHoldGate = true) => {
    const placeholderSpans = findPlaceholders(flat.text);
    const inPlaceholder = (a: number, b: number) => placeholderSpans.some((ph) => a < ph.end && b > ph.start);
    for (const [s, e] of sentences(flat.text)) {
      const sentenceText = flat.text.slice(s, e);
      const facts: SentenceFacts = {
        start: sourceOffset(flat, s),
        end: sourceOffset(flat, e, true),
        text: sentenceText,
        where,
        block,
        indent,
        inListItem,
        flat,
        flatStart: s,
      };
      if (where !== 'heading' && mayHoldGate) {
        const gate = findGate(sentenceText);
        if (gate && isPlainText(flat, s + gate.start, s + gate.end) && !inPlaceholder(s + gate.start, s + gate.end)) {
          facts.gate = {
            start: gate.start,
            end: gate.end,
            phrase: gate.phrase,
            slot: gate.slot,
            clause: gate.clause,
            agents: gate.agents,
            anaphoric: gate.anaphoric,
            hold: gate.hold,
            srcStart: sourceOffset(flat, s + gate.start),
            srcEnd: sourceOffset(flat, s + gate.end, true),
          };
        }
      }
      out.sentences.push(facts);
    }
    for (const p of pathsInProse(flat.text)) {
      if (!isPlainText(flat, p.start, p.end)) continue;
      out.paths.push({ start: sourceOffset(flat, p.start), end: sourceOffset(flat, p.end, true), value: p.value, source: 'prose' });
    }
    for (const piece of flat.pieces) {
      if (piece.kind !== 'code') continue;
      const value = flat.text.slice(piece.start, piece.end);
      if (isPlaceholderNote(value)) {
        out.placeholders.push({ start: sourceOffset(flat, piece.start), end: sourceOffset(flat, piece.end, true), text: value });
        continue;
      }
      // `firefox 60.0b10 build1/mozilla-beta` after "subject line": words of an e-mail, not a command.
      if (/\bsubject\b[^.]{0,40}$/i.test(flat.text.slice(Math.max(0, piece.start - 60), piece.start))) continue;
      for (const p of pathsInCommand(value)) {
        out.paths.push({
          start: sourceOffset(flat, piece.start + p.start),
          end: sourceOffset(flat, piece.start + p.end, true),
          value: p.value,
          source: 'code',
        });
      }
    }
    for (const ph of placeholderSpans) {
      if (!isPlainText(flat, ph.start, ph.end)) continue;
      out.placeholders.push({ start: sourceOffset(flat, ph.start), end: sourceOffset(flat, ph.end, true), text: ph.text });
    }
  };

  const linkTarget = (node: Nodes & { url: string }, source: PathFacts['source']) => {
    const url = node.url;
    if (!url || isUrlOrEmail(url)) return;
    const value = safeDecode(url.replace(/[#?].*$/, ''));
    if (!value) return;
    const s = span(node);
    const raw = text.slice(s.start, s.end);
    const at = raw.lastIndexOf(url);
    if (at >= 0) out.paths.push({ start: s.start + at, end: s.start + at + url.replace(/[#?].*$/, '').length, value, source });
    else out.paths.push({ ...s, value, source });
  };

  // Template fields a writer left: "[Runbook link]()" with no target, "_**LINK TO PR**_" in capitals.
  // Only short nodes are read: a field is a few words, and reading every node of a deep nest would be quadratic.
  const fillIn = (n: PhrasingContent) => {
    if (n.type !== 'link' && n.type !== 'emphasis' && n.type !== 'strong') return;
    const s = span(n);
    if (s.end - s.start > 300) return;
    if (n.type === 'link') {
      const raw = n.url === '' ? text.slice(s.start, s.end) : '';
      if (/\]\(\s*\)$/.test(raw)) out.placeholders.push({ ...s, text: raw });
      return;
    }
    const inner = n.children.length === 1 ? n.children[0] : undefined;
    if (inner?.type !== (n.type === 'emphasis' ? 'strong' : 'emphasis')) return;
    const field = toString(n);
    if (isFillInField(field)) out.placeholders.push({ ...s, text: field });
  };

  const visitPhrasingLinks = (nodes: PhrasingContent[]) => {
    for (const n of nodes) {
      fillIn(n);
      if (n.type === 'link') linkTarget(n, 'link');
      else if (n.type === 'image') linkTarget(n, 'image');
      else if (n.type === 'html' && n.value.startsWith('<!--')) out.comments.push({ ...span(n), text: n.value });
      if ('children' in n) visitPhrasingLinks(n.children as PhrasingContent[]);
    }
  };

  const visitBlock = (node: RootContent | Content, ctx: { level: number; item?: ListItemFacts; block?: Span }) => {
    switch (node.type) {
      case 'heading': {
        const h = node as Heading;
        const s = span(h);
        const raw = text.slice(s.start, s.end);
        const hashes = raw.match(/^ {0,3}#{1,6}[ \t]*/);
        out.headings.push({ ...s, depth: h.depth, text: toString(h, { includeHtml: false }), textStart: s.start + (hashes ? hashes[0].length : 0) });
        addFlat(flatten(h.children, text), 'heading', s, 0, false);
        visitPhrasingLinks(h.children);
        return;
      }
      case 'paragraph': {
        const block = ctx.block ?? span(node);
        addFlat(flatten(node.children, text), ctx.item ? 'list-item' : 'paragraph', block, ctx.item?.contentColumn ?? 0, !!ctx.item);
        visitPhrasingLinks(node.children);
        return;
      }
      case 'list': {
        const list = node as List;
        let n = list.start ?? 1;
        for (const child of list.children) {
          visitListItem(child, list, n, ctx.level);
          n++;
        }
        return;
      }
      case 'table':
        node.children.forEach((row, r) => {
          for (const cell of row.children) {
            // A header cell names a column ("Approval required"): the rows below say what holds and who decides.
            addFlat(flatten(cell.children, text), 'table-cell', span(row), 0, false, r > 0);
            visitPhrasingLinks(cell.children);
          }
        });
        return;
      case 'code': {
        const lang = (node.lang ?? '').toLowerCase();
        if (!SHELL_FENCES.has(lang)) return;
        const s = span(node);
        const raw = text.slice(s.start, s.end);
        const firstBreak = raw.indexOf('\n');
        if (firstBreak < 0) return;
        let cursor = s.start + firstBreak + 1;
        const commands = commandLines(node.value.split('\n'));
        for (const [i, line] of node.value.split('\n').entries()) {
          const lineStart = text.indexOf(line, cursor);
          if (lineStart < 0 || lineStart > s.end) break;
          cursor = lineStart + line.length;
          if (!commands[i]) continue;
          const command = line.replace(PROMPT, (m) => ' '.repeat(m.length));
          for (const p of pathsInCommand(command)) {
            out.paths.push({ start: lineStart + p.start, end: lineStart + p.end, value: p.value, source: 'code-block' });
          }
        }
        return;
      }
      case 'definition':
        linkTarget(node, 'definition');
        return;
      case 'html':
        if (node.value.trimStart().startsWith('<!--')) out.comments.push({ ...span(node), text: node.value });
        else
          for (const ph of findPlaceholders(node.value)) {
            const s = span(node).start;
            out.placeholders.push({ start: s + ph.start, end: s + ph.end, text: ph.text });
          }
        return;
      default:
        if ('children' in node) for (const c of (node as Parent).children) visitBlock(c as Content, ctx);
    }
  };

  const visitListItem = (item: ListItem, list: List, number: number, level: number) => {
    const s = span(item);
    const lineStart = startOfLine(text, s.start);
    LINE_END.lastIndex = s.start;
    const lineEnd = LINE_END.exec(text)?.index ?? text.length;
    const firstLine = text.slice(lineStart, lineEnd);
    const marker = firstLine.slice(s.start - lineStart).match(/^(?:\d{1,9}[.)]|[-+*])[ \t]*(?:\[[ xX]\][ \t]*)?/);
    const contentColumn = s.start - lineStart + (marker ? marker[0].length : 2);
    // Fields one by one, not a spread of `s`: this runs for every list item of the document.
    const facts: ListItemFacts = {
      start: s.start,
      end: s.end,
      ordered: !!list.ordered,
      number: list.ordered ? number : undefined,
      level,
      text: firstParagraphText(item),
      contentColumn,
      checked: item.checked ?? null,
    };
    out.listItems.push(facts);
    for (const child of item.children) {
      if (child.type === 'list') visitBlock(child, { level: level + 1 });
      else visitBlock(child, { level, item: facts, block: s });
    }
  };

  for (const node of nodes) {
    const s = span(node);
    if (node.type === 'yaml') {
      out.frontMatter = { value: node.value, ...s };
      out.blocks.push({ ...s, type: 'front-matter', placeholderOnly: false });
      continue;
    }
    if ((node.type === 'html' && node.value.trimStart().startsWith('<!--')) || node.type === 'thematicBreak' || node.type === 'definition') {
      // Comments, rules and link definitions say nothing to a reader: a section of only these is empty.
      out.blocks.push({ ...s, type: 'comment', placeholderOnly: false });
    } else if (node.type === 'heading') {
      out.blocks.push({ ...s, type: 'heading', placeholderOnly: false });
    } else {
      // A long block is never only placeholders; reading it whole would cost a copy of a 200-step list.
      const placeholderOnly =
        s.end - s.start <= PLACEHOLDER_BLOCK_CHARS && mayHoldPlaceholder(text.slice(s.start, s.end)) && isOnlyPlaceholder(blockText(node));
      out.blocks.push({ start: s.start, end: s.end, type: 'content', placeholderOnly });
    }
    visitBlock(node, { level: 0 });
  }
  return out;
}

const LINE_END = /[\r\n]/g;

/** Longest block (in characters of source) read to tell whether it holds only placeholders. */
const PLACEHOLDER_BLOCK_CHARS = 4000;

/** Where the line holding `offset` starts. Scans back to the nearest break only: `lastIndexOf('\r')` in a file
 * without one would read back to the start of the text for every list item. */
function startOfLine(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

function firstParagraphText(item: ListItem): string {
  const first = item.children.find((c) => c.type === 'paragraph');
  return first ? toString(first, { includeHtml: false }) : '';
}

function blockText(node: RootContent): string {
  if (node.type === 'html') return node.value;
  if (node.type === 'code') return node.value;
  return toString(node);
}

/** True when [start, end) of the flat text lies outside code spans and link text. */
function isPlainText(flat: FlatText, start: number, end: number): boolean {
  return !flat.pieces.some((p) => p.end > start && p.start < end && (p.kind === 'code' || p.kind === 'link-text'));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Moves every offset of a fresh analysis by `delta` (to turn document offsets into chunk offsets), in place:
 * the analysis was just made and nothing else holds it, and a copy of every fact of a long document is what
 * a cold lint would spend its time collecting.
 */
export function rebaseInPlace(a: ChunkAnalysis, delta: number): ChunkAnalysis {
  if (delta === 0) return a;
  const move = (x: Span) => {
    x.start += delta;
    x.end += delta;
  };
  for (const h of a.headings) {
    move(h);
    h.textStart += delta;
  }
  a.blocks.forEach(move);
  a.listItems.forEach(move);
  const flats = new Set<FlatText>();
  const blocks = new Set<Span>();
  for (const x of a.sentences) {
    move(x);
    // Sentences of one block share its span and its flat text: each is moved once.
    if (!blocks.has(x.block)) {
      blocks.add(x.block);
      move(x.block);
    }
    if (!flats.has(x.flat)) {
      flats.add(x.flat);
      for (const p of x.flat.pieces) {
        p.srcStart += delta;
        p.srcEnd += delta;
      }
    }
    if (x.gate) {
      x.gate.srcStart += delta;
      x.gate.srcEnd += delta;
    }
  }
  a.paths.forEach(move);
  a.placeholders.forEach(move);
  a.comments.forEach(move);
  if (a.frontMatter) move(a.frontMatter);
  a.limits?.forEach(move);
  return a;
}
