import { LineIndex } from '../text/lines';
import type { Range } from '../text/range';
import type { RootContent } from 'mdast';
import { analyzeChunk, analyzeNodes, rebaseInPlace, type ChunkAnalysis, type SentenceFacts } from './analyzeChunk';
import { parseMarkdownWithLimits } from './markdown';
import { splitIntoChunks, type Chunk } from './chunks';
import { sourceOffset } from './flatText';
import { NO_FRONT_MATTER, parseFrontMatter, type FrontMatter } from './frontMatter';
import type { GateMatch } from './gates';
import { createHeadingMatcher, normalizeHeading, type HeadingMatcher, type SectionKind } from './sections';
import { isChecklist } from './sectionMeaning';
import { isInstructionHeading, stepsByBody, stepsByHeadings } from './sectionBody';

export interface SopHeading {
  depth: number;
  text: string;
  range: Range;
  /** Where the words of the heading start and end (no #s), for edits. */
  textRange: Range;
  start: number;
  end: number;
}

export interface SopSection {
  heading: SopHeading;
  /** The parts of the SOP this heading counts for; empty for headings of the team's own. */
  kinds: SectionKind[];
  /** From the heading to the next heading of the same or a higher level. */
  start: number;
  end: number;
  range: Range;
  /** Nothing under it but blank lines, comments, empty sub-headings or placeholders. */
  empty: boolean;
  /** Only placeholders under it (as opposed to nothing at all). */
  placeholderOnly: boolean;
}

export interface SopStep {
  number?: number;
  text: string;
  range: Range;
  start: number;
  end: number;
  checked: boolean | null;
}

export interface SopSentence {
  text: string;
  range: Range;
  start: number;
  end: number;
  where: SentenceFacts['where'];
  blockStart: number;
  blockEnd: number;
  indent: number;
  inListItem: boolean;
  /** Document offset of an index into `text` (`isEnd` for the end of a span). */
  offsetOf(index: number, isEnd?: boolean): number;
}

export interface ApprovalGate {
  sentence: SopSentence;
  match: GateMatch;
  /** The words that make it a gate. */
  phraseRange: Range;
  section?: SopSection;
}

export interface PathMention {
  value: string;
  source: 'link' | 'image' | 'code' | 'code-block' | 'prose' | 'definition';
  range: Range;
  start: number;
  end: number;
}

export interface TextSpan {
  text: string;
  range: Range;
  start: number;
  end: number;
}

export interface SopDocument {
  text: string;
  lines: LineIndex;
  title?: { text: string; range: Range; fromFrontMatter: boolean };
  frontMatter: FrontMatter;
  headings: SopHeading[];
  sections: SopSection[];
  steps: SopStep[];
  sentences: SopSentence[];
  gates: ApprovalGate[];
  paths: PathMention[];
  placeholders: TextSpan[];
  comments: TextSpan[];
  /** Places the Markdown parser was kept from because of their cost, with the reason as `text`. */
  limits: TextSpan[];
  listItems: Array<{ ordered: boolean; number?: number; level: number; text: string; range: Range; start: number; end: number; contentColumn: number }>;
  /** Offsets of content blocks: the parts of the document that are not headings, comments or front matter. */
  contentBlocks: Array<{ start: number; end: number; placeholderOnly: boolean }>;
  sectionsOf(kind: SectionKind): SopSection[];
  sectionAt(offset: number): SopSection | undefined;
  rangeOf(start: number, end: number): Range;
}

/**
 * Keeps chunk analyses between parses of the same document so an edit reparses only what changed. It holds at most
 * `limit` chunks or, for a document with more, the chunks of its last two parses: a live chunk is never dropped, so
 * re-lint time does not jump when a document outgrows the limit (memory then grows with the document, which lint
 * caps at MAX_SOP_CHARS).
 */
export class ParseCache {
  /** The chunk at the document's start is parsed with front matter, the others without: two maps, one key each. */
  private readonly first = new Map<string, CachedChunk>();
  private readonly rest = new Map<string, CachedChunk>();
  /** Bumped once per parse: an entry seen in the current parse is live. */
  private generation = 0;
  /** The parse in which stale chunks were last dropped: once per parse is enough, and keeps a long document linear. */
  private trimmedIn = -1;
  constructor(private readonly limit = 4000) {}

  /** Marks the start of a parse of the whole document. */
  nextParse(): void {
    this.generation++;
  }

  has(text: string, atDocumentStart = true): boolean {
    return (atDocumentStart ? this.first : this.rest).has(text);
  }

  /** Stores an analysis made elsewhere (from a parse of the whole document). */
  put(text: string, atDocumentStart: boolean, analysis: ChunkAnalysis): void {
    (atDocumentStart ? this.first : this.rest).set(text, { analysis, seen: this.generation });
    this.trim();
  }

  analysis(text: string, atDocumentStart = true): ChunkAnalysis {
    const map = atDocumentStart ? this.first : this.rest;
    const hit = map.get(text);
    if (hit) {
      hit.seen = this.generation;
      return hit.analysis;
    }
    const fresh = analyzeChunk(text, atDocumentStart);
    map.set(text, { analysis: fresh, seen: this.generation });
    this.trim();
    return fresh;
  }

  get size(): number {
    return this.first.size + this.rest.size;
  }

  /** Over the limit, drops the chunks neither this parse nor the one before used (older versions of edited chunks). */
  private trim(): void {
    if (this.size <= this.limit || this.trimmedIn === this.generation) return;
    this.trimmedIn = this.generation;
    for (const map of [this.rest, this.first]) for (const [k, v] of map) if (v.seen < this.generation - 1) map.delete(k);
  }
}

interface CachedChunk {
  analysis: ChunkAnalysis;
  seen: number;
}

/** Above this size a first parse goes chunk by chunk: one parse of a huge document is no cheaper. */
const WHOLE_PARSE_LIMIT = 100_000;

export interface ParseOptions {
  matcher?: HeadingMatcher;
  cache?: ParseCache;
}

export function parseSop(text: string, options: ParseOptions = {}): SopDocument {
  const matcher = options.matcher ?? createHeadingMatcher();
  const cache = options.cache ?? new ParseCache();
  cache.nextParse();
  const lines = new LineIndex(text);
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  const chunks = splitIntoChunks(body, bom ? new LineIndex(body) : lines);
  const doc = newDocument(text, lines);
  const rangeOf = doc.rangeOf;

  // A document seen for the first time is parsed in one go (cheaper than chunk by chunk); its nodes
  // are then shared out to the chunks, so the next edit reparses only the chunk it touches.
  const missing = chunks.filter((c) => !cache.has(c.text, c.startOffset === 0));
  // (Not after an unclosed --- at the top: the front-matter parser then misreads the whole rest.)
  const unclosedFrontMatter = /^---[ \t]*(?:\r\n|\r|\n)/.test(body) && !/(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|$)/.test(body.slice(3));
  if (missing.length > 1 && missing.length > chunks.length / 2 && body.length < WHOLE_PARSE_LIMIT && !unclosedFrontMatter) {
    const { tree, limits } = parseMarkdownWithLimits(body);
    // Notes about limits belong to chunks: parsing chunk by chunk below finds them again.
    if (limits.length === 0) shareOut(tree.children, chunks, body, cache);
  }

  const gateFacts: Array<{ sentence: SopSentence; facts: SentenceFacts }> = [];
  for (const chunk of chunks) {
    const a = cache.analysis(chunk.text, chunk.startOffset === 0);
    const base = chunk.startOffset + bom;
    const at = (o: number) => base + o;
    if (a.frontMatter) {
      doc.frontMatter = parseFrontMatter(a.frontMatter.value, at(a.frontMatter.start), at(a.frontMatter.end), text);
    }
    for (const h of a.headings) {
      const lineEnd = text
        .slice(at(h.start), at(h.end))
        .replace(/[ \t]+#+[ \t]*$/, '')
        .trimEnd().length;
      doc.headings.push({
        depth: h.depth,
        text: h.text,
        range: rangeOf(at(h.start), at(h.end)),
        textRange: rangeOf(at(h.textStart), at(h.start) + lineEnd),
        start: at(h.start),
        end: at(h.end),
      });
    }
    for (const b of a.blocks) {
      if (b.type === 'content') doc.contentBlocks.push({ start: at(b.start), end: at(b.end), placeholderOnly: b.placeholderOnly });
    }
    for (const li of a.listItems) {
      // Fields named one by one: a spread of the cached facts is several times slower on every keystroke.
      doc.listItems.push({
        ordered: li.ordered,
        number: li.number,
        level: li.level,
        text: li.text,
        contentColumn: li.contentColumn,
        start: at(li.start),
        end: at(li.end),
        range: rangeOf(at(li.start), at(li.end)),
      });
    }
    for (const s of a.sentences) {
      const sentence: SopSentence = {
        text: s.text,
        range: rangeOf(at(s.start), at(s.end)),
        start: at(s.start),
        end: at(s.end),
        where: s.where,
        blockStart: at(s.block.start),
        blockEnd: at(s.block.end),
        indent: s.indent,
        inListItem: s.inListItem,
        offsetOf: (index, isEnd) => at(sourceOffset(s.flat, s.flatStart + index, isEnd)),
      };
      doc.sentences.push(sentence);
      if (s.gate) gateFacts.push({ sentence, facts: s });
    }
    for (const p of a.paths) doc.paths.push({ value: p.value, source: p.source, start: at(p.start), end: at(p.end), range: rangeOf(at(p.start), at(p.end)) });
    for (const p of a.placeholders) doc.placeholders.push({ text: p.text, start: at(p.start), end: at(p.end), range: rangeOf(at(p.start), at(p.end)) });
    for (const c of a.comments) doc.comments.push({ text: c.text, start: at(c.start), end: at(c.end), range: rangeOf(at(c.start), at(c.end)) });
    for (const l of a.limits ?? []) doc.limits.push({ text: l.text, start: at(l.start), end: at(l.end), range: rangeOf(at(l.start), at(l.end)) });
  }

  numberAcrossChunks(doc);
  buildSections(doc, matcher);

  for (const { sentence, facts } of gateFacts) {
    const g = facts.gate!;
    doc.gates.push({
      sentence,
      match: { start: g.start, end: g.end, phrase: g.phrase, slot: g.slot, clause: g.clause, agents: g.agents, anaphoric: g.anaphoric, hold: g.hold },
      phraseRange: rangeOf(sentence.offsetOf(g.start), sentence.offsetOf(g.end, true)),
      section: doc.sectionAt(sentence.start),
    });
  }
  buildSteps(doc);
  return doc;
}

/** Gives each chunk its nodes from a parse of the whole document, as the analysis it would have on its own. */
function shareOut(children: RootContent[], chunks: Chunk[], body: string, cache: ParseCache): void {
  const byChunk = chunks.map(() => [] as RootContent[]);
  const chunkOf = (offset: number) => {
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid].startOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const node of children) {
    const at = node.position?.start.offset ?? 0;
    if (node.type === 'list' && chunkOf(node.position?.end.offset ?? at) !== chunkOf(at)) {
      // A list the chunker split between items: each chunk gets its items as a list of its own,
      // numbered from its first item's marker, as parsing the chunk alone would.
      for (const item of node.children) {
        const k = chunkOf(item.position?.start.offset ?? at);
        const last = byChunk[k][byChunk[k].length - 1];
        // Only items of this same list join: a list that ends in this chunk, right before it, is another list.
        if (last && last.type === 'list' && (last.data as { splitFrom?: unknown } | undefined)?.splitFrom === node) last.children.push(item);
        else {
          const marker = body.slice(item.position?.start.offset ?? at).match(/^(\d{1,9})[.)]/);
          byChunk[k].push({ ...node, start: node.ordered ? Number(marker?.[1] ?? 1) : node.start, children: [item], data: { splitFrom: node } as never });
        }
      }
      continue;
    }
    byChunk[chunkOf(at)].push(node);
  }
  chunks.forEach((c, i) => {
    if (!cache.has(c.text, c.startOffset === 0)) cache.put(c.text, c.startOffset === 0, rebaseInPlace(analyzeNodes(byChunk[i], body), -c.startOffset));
  });
}

/** A document with nothing found in it yet. */
function newDocument(text: string, lines: LineIndex): SopDocument {
  const rangeOf = (start: number, end: number): Range => lines.clamp({ start: lines.positionAt(start), end: lines.positionAt(end) });
  const doc: SopDocument = {
    text,
    lines,
    frontMatter: NO_FRONT_MATTER,
    headings: [],
    sections: [],
    steps: [],
    sentences: [],
    gates: [],
    paths: [],
    placeholders: [],
    comments: [],
    limits: [],
    listItems: [],
    contentBlocks: [],
    sectionsOf: (kind) => doc.sections.filter((s) => s.kinds.includes(kind)),
    sectionAt: (offset) => {
      // Sections are in document order; the innermost one holding the offset is the last to start before it.
      let i = lastStartingBy(doc.sections, offset);
      while (i >= 0 && doc.sections[i].end <= offset) i--;
      return i >= 0 ? doc.sections[i] : undefined;
    },
    rangeOf,
  };
  return doc;
}

/** Index of the last item that starts at or before `offset` (items sorted by start), or -1. */
function lastStartingBy(items: ReadonlyArray<{ start: number }>, offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The model of a text that is not parsed (too large to lint): its lines, and nothing found in it. */
export function unparsedSop(text: string): SopDocument {
  return newDocument(text, new LineIndex(text));
}

/**
 * Items of one ordered list can sit in different chunks; the whole list counts on from its first
 * number, as CommonMark does ("1. 1. 1." is 1, 2, 3), when nothing but blank lines separates them.
 */
function numberAcrossChunks(doc: SopDocument): void {
  let last: { end: number; number: number; delimiter: string } | undefined;
  for (const item of doc.listItems) {
    if (item.level !== 0) continue;
    if (!item.ordered || item.number === undefined) {
      last = undefined;
      continue;
    }
    const delimiter = doc.text.slice(item.start).match(/^\d{1,9}([.)])/)?.[1] ?? '.';
    if (last && last.delimiter === delimiter && !doc.text.slice(last.end, item.start).trim()) item.number = last.number + 1;
    last = { end: item.end, number: item.number, delimiter };
  }
}

function buildSections(doc: SopDocument, matcher: HeadingMatcher): void {
  const hs = doc.headings;
  let first = 0;
  // A first heading is the title unless it is listed as a part: "Release Process" names the document, not its steps.
  if (hs.length > 0 && hs[0].depth === 1 && matcher.matchListed(hs[0].text).length === 0) {
    doc.title = { text: hs[0].text, range: hs[0].range, fromFrontMatter: false };
    first = 1;
  } else if (typeof doc.frontMatter.data.title === 'string') {
    const key = doc.frontMatter.keys.get('title');
    doc.title = {
      text: doc.frontMatter.data.title,
      range: key ? doc.rangeOf(key.start, key.end) : doc.rangeOf(0, 0),
      fromFrontMatter: true,
    };
  }
  const kinds = matcher.matchAll(hs.slice(first).map((h) => h.text));
  for (let i = first; i < hs.length; i++) {
    const h = hs[i];
    let end = doc.text.length;
    for (let j = i + 1; j < hs.length; j++) {
      if (hs[j].depth <= h.depth) {
        end = hs[j].start;
        break;
      }
    }
    const inside: SopDocument['contentBlocks'] = [];
    // Blocks are in document order: start at the first after the heading instead of filtering them all.
    for (let k = lastStartingBy(doc.contentBlocks, h.end - 1) + 1; k < doc.contentBlocks.length && doc.contentBlocks[k].start < end; k++) {
      if (doc.contentBlocks[k].start >= h.end) inside.push(doc.contentBlocks[k]);
    }
    const real = inside.filter((b) => !b.placeholderOnly);
    doc.sections.push({
      heading: h,
      kinds: kinds[i - first],
      start: h.start,
      end,
      range: doc.rangeOf(h.start, end),
      empty: real.length === 0,
      placeholderOnly: real.length === 0 && inside.length > 0,
    });
  }
  // Headings that name the work ("Assess", "Beta backports") rather than the part: the headings or the body tell
  // the steps. A "Checklist" taken for the steps only because nothing above it was is the quality checks when they do.
  const firstSteps = doc.sections.findIndex((s) => s.kinds.includes('steps'));
  const checklist = firstSteps >= 0 && isChecklist(normalizeHeading(doc.sections[firstSteps].heading.text)) ? doc.sections[firstSteps] : undefined;
  const above = checklist ? doc.sections.slice(0, firstSteps) : doc.sections;
  const steps = stepsByHeadings(above) ?? stepsByBody(above, (i) => hs[first + i + 1]?.start ?? doc.text.length, doc.listItems);
  if (steps) {
    steps.kinds = ['steps'];
    if (checklist) checklist.kinds = checklist.kinds.map((k) => (k === 'steps' ? 'quality' : k));
  }
}

/**
 * A heading that numbers a step: "Step 4: Add a note", "4. Add a note", "4) …", "4 - …", "2.4 Verification" (the
 * last number counts). What it matches is left out of the step's text, as a list item's marker is.
 */
const NUMBERED_HEADING = /^\s{0,8}(?:step\s{1,8})?(?:\d{1,4}\.){0,4}(\d{1,4})(?:\s{0,8}[.):\u2013\u2014-]\s{0,8}|\s{0,8}$|\s{1,8}(?=\p{L}))/iu;
/** A heading's own anchor written after it: `{#create-the-branch}`. */
const HEADING_ANCHOR = /\s{0,8}\{#[^{}\n]{0,200}\}\s{0,8}$/;

function buildSteps(doc: SopDocument): void {
  let within = -1;
  for (const section of doc.sectionsOf('steps')) {
    // A sub-heading of a steps section that names a step ("### Step 2: Financial approval") is read with it.
    if (section.start < within) continue;
    within = section.end;
    const numbered = numberedHeadings(doc, section);
    if (numbered) {
      for (const { sub, number, words } of numbered) {
        const h = sub.heading;
        // The step is the heading with what is written under it (commands, sub-items, a gate sentence).
        doc.steps.push({ number, text: words, range: doc.rangeOf(h.start, sub.end), start: h.start, end: sub.end, checked: null });
      }
      continue;
    }
    const items = doc.listItems.filter((li) => li.level === 0 && li.start >= section.start && li.start < section.end);
    const ordered = items.filter((li) => li.ordered);
    for (const li of ordered.length > 0 ? ordered : items) {
      doc.steps.push({ number: li.number, text: li.text, range: li.range, start: li.start, end: li.end, checked: null });
    }
  }
}

/**
 * The sub-headings that number the steps of a steps section ("### Step 1: Functional approval", "### 2. Change the
 * version"), shallowest first: the steps, with the lists under them as their sub-items. Undefined when the section
 * is not written that way: fewer than two such headings, no two of them in sequence, or one numbered heading with a
 * list of steps beside it.
 */
function numberedHeadings(doc: SopDocument, section: SopSection): Array<{ sub: SopSection; number?: number; words: string }> | undefined {
  const subs = doc.sections.filter((s) => s.start > section.start && s.start < section.end && s.heading.depth > section.heading.depth);
  let depth = Infinity;
  const found: Array<{ sub: SopSection; number: number; words: string }> = [];
  for (const sub of subs) {
    const m = NUMBERED_HEADING.exec(sub.heading.text);
    if (!m) continue;
    if (sub.heading.depth < depth) {
      depth = sub.heading.depth;
      found.length = 0;
    }
    const words = sub.heading.text.slice(m[0].length).replace(HEADING_ANCHOR, '').trim();
    if (sub.heading.depth === depth) found.push({ sub, number: Number(m[1]), words: words || sub.heading.text });
  }
  if (found.length === 0) return undefined;
  const inSequence = found.some((f, i) => i > 0 && f.number === found[i - 1].number + 1);
  if (!(found.length >= 2 ? inSequence : !doc.listItems.some((li) => li.level === 0 && li.start >= section.start && li.start < section.end))) return undefined;
  // An unnumbered heading beside them that is an instruction is a step too ("### Set up the environment" before
  // "### 1. Create the branch"); one that names a topic ("### Versioning strategy") or another part is not.
  const numbered = new Map(found.map((f) => [f.sub, f]));
  return subs
    .filter((sub) => sub.heading.depth === depth && (numbered.has(sub) || (sub.kinds.every((k) => k === 'steps') && isInstructionHeading(sub.heading.text))))
    .map((sub) => numbered.get(sub) ?? { sub, words: sub.heading.text.replace(HEADING_ANCHOR, '').trim() || sub.heading.text });
}
