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

/**
 * GFM tables, task lists, strikethrough and footnotes. GFM's autolink literals are left out on purpose:
 * they are the costliest GFM extension, and the SOP model recognises bare URLs and e-mail addresses
 * itself (it only needs to know they are not file paths).
 */
function remarkSopGfm(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmStrikethrough(), gfmTaskListItem(), gfmFootnote());
  (data.fromMarkdownExtensions ??= []).push(
    gfmTableFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
    gfmFootnoteFromMarkdown(),
  );
}

const withFrontMatter = unified().use(remarkParse).use(remarkSopGfm).use(remarkFrontmatter, ['yaml']);
const withoutFrontMatter = unified().use(remarkParse).use(remarkSopGfm);
const plainWithFrontMatter = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);
const plain = unified().use(remarkParse);

/** GFM's constructs all start with one of these: without them, CommonMark alone parses the same tree, faster. */
const GFM_TRIGGERS = /[|~]|\[\^|\[[ xX]\]/;

/** Front matter only counts at the very start of a document: later chunks are parsed without it. */
export function parseMarkdown(text: string, frontMatter = true): Root {
  const gfm = GFM_TRIGGERS.test(text);
  const p = frontMatter ? (gfm ? withFrontMatter : plainWithFrontMatter) : gfm ? withoutFrontMatter : plain;
  const tree = p.parse(text) as Root;
  // micromark drops a leading BOM and counts offsets from the character after it. The SOP model strips the
  // document's own BOM first, but a text can start with a second one: put the positions back on the text.
  if (text.charCodeAt(0) === 0xfeff) shiftPastBom(tree);
  return tree;
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
