import type { Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { unified } from 'unified';
import remarkStringify from 'remark-stringify';

/** A piece of inline content: plain text (escaped on output), `code`, or **strong**. */
export type Inline = string | { code: string } | { strong: string } | { link: string; text: string };

export function phrasing(parts: Inline[]): PhrasingContent[] {
  return parts.map((p) => {
    if (typeof p === 'string') return { type: 'text', value: p };
    if ('code' in p) return { type: 'inlineCode', value: p.code };
    if ('strong' in p) return { type: 'strong', children: [{ type: 'text', value: p.strong }] };
    return { type: 'link', url: p.link, children: [{ type: 'text', value: p.text }] };
  });
}

export function heading(depth: 1 | 2 | 3, text: string): Heading {
  return { type: 'heading', depth, children: [{ type: 'text', value: text }] };
}

export function para(...parts: Inline[]): Paragraph {
  return { type: 'paragraph', children: phrasing(parts) };
}

export function item(parts: Inline[], sub: Inline[][] = []): ListItem {
  const children: ListItem['children'] = [para(...parts)];
  if (sub.length)
    children.push(
      list(
        false,
        sub.map((s) => item(s)),
      ),
    );
  return { type: 'listItem', spread: false, children };
}

export function list(ordered: boolean, items: ListItem[]): List {
  return { type: 'list', ordered, start: ordered ? 1 : undefined, spread: false, children: items };
}

export function bullets(lines: Inline[][]): List {
  return list(
    false,
    lines.map((l) => item(l)),
  );
}

const processor = unified().use(remarkStringify, {
  bullet: '-',
  listItemIndent: 'one',
  emphasis: '*',
  strong: '*',
  rule: '-',
  fences: true,
  incrementListMarker: true,
});

export function stringify(children: RootContent[]): string {
  const root: Root = { type: 'root', children };
  return processor.stringify(root);
}
