import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import type { Nodes, Root } from 'mdast';
import type { Processor } from 'unified';
import { guardMarkdown, type ParseLimit } from './markdownGuard';

/**
 * GFM tables, task lists, strikethrough and footnotes. GFM's autolink literals are left out on purpose:
 * they are the costliest GFM extension, and the SOP model recognises bare URLs and e-mail addresses
 * itself (it only needs to know they are not file paths).
 */
function remarkSopGfm(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmStrikethrough(), gfmTaskListItem(), gfmFootnote());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTaskListItemFromMarkdown(), gfmFootnoteFromMarkdown());
}

const withFrontMatter = unified().use(remarkParse).use(remarkSopGfm).use(remarkFrontmatter, ['yaml']);
const withoutFrontMatter = unified().use(remarkParse).use(remarkSopGfm);
const plainWithFrontMatter = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);
const plain = unified().use(remarkParse);

/** GFM's constructs all start with one of these: without them, CommonMark alone parses the same tree, faster. */
const GFM_TRIGGERS = /[|~]|\[\^|\[[ xX]\]/;

/** Deeper than this (lists in lists, quotes in quotes, links in emphasis…) is cut from the tree: walkers recurse. */
export const MAX_TREE_DEPTH = 100;

export interface ParsedMarkdown {
  tree: Root;
  /** Places the parser was kept from (see markdownGuard), with why, in offsets into the text. */
  limits: ParseLimit[];
}

/** Front matter only counts at the very start of a document: later chunks are parsed without it. */
export function parseMarkdown(text: string, frontMatter = true): Root {
  return parseMarkdownWithLimits(text, frontMatter).tree;
}

/** The tree, parsed in bounded time: constructs the parser is slow on are read as plain text, with a note each. */
export function parseMarkdownWithLimits(text: string, frontMatter = true): ParsedMarkdown {
  const guarded = guardMarkdown(text, frontMatter);
  const gfm = GFM_TRIGGERS.test(guarded.text);
  const p = frontMatter ? (gfm ? withFrontMatter : plainWithFrontMatter) : gfm ? withoutFrontMatter : plain;
  const tree = p.parse(guarded.text) as Root;
  const limits = guarded.limits;
  if (guarded.text !== text) restoreValues(tree, guarded.restore);
  const cut = pruneDeep(tree);
  if (cut) limits.push(cut);
  // micromark drops a leading BOM and counts offsets from the character after it. The SOP model strips the
  // document's own BOM first, but a text can start with a second one: put the positions back on the text.
  if (text.charCodeAt(0) === 0xfeff) shiftPastBom(tree);
  return { tree, limits };
}

const TEXT_FIELDS = ['value', 'url', 'alt', 'title', 'label', 'identifier', 'lang', 'meta'] as const;

/** Puts the characters the guard swapped back into every text the tree holds. */
function restoreValues(tree: Root, restore: (s: string) => string): void {
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const fields = node as unknown as Record<string, unknown>;
    for (const f of TEXT_FIELDS) if (typeof fields[f] === 'string') fields[f] = restore(fields[f] as string);
    if ('children' in node) for (const c of node.children) stack.push(c as Nodes);
  }
}

/** Cuts what is nested deeper than MAX_TREE_DEPTH; the first place cut, as a note. */
function pruneDeep(tree: Root): ParseLimit | undefined {
  let cut: ParseLimit | undefined;
  const stack: Array<[Nodes, number]> = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!('children' in node) || node.children.length === 0) continue;
    if (depth >= MAX_TREE_DEPTH) {
      const p = node.position;
      cut ??= {
        start: p?.start.offset ?? 0,
        end: p?.end.offset ?? 0,
        message: `lists, quotes, links or emphasis nested more than ${MAX_TREE_DEPTH} levels deep; what is inside is not linted`,
      };
      node.children = [];
      continue;
    }
    for (const c of node.children) stack.push([c as Nodes, depth + 1]);
  }
  return cut;
}

function shiftPastBom(node: Nodes): void {
  const p = node.position;
  if (p) {
    for (const point of [p.start, p.end]) {
      if (point.offset !== undefined) point.offset += 1;
      if (point.line === 1) point.column += 1;
    }
  }
  if ('children' in node) for (const child of node.children) shiftPastBom(child as Nodes);
}
