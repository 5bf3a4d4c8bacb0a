import { compile } from 'html-to-text';

/**
 * HTML (an e-mail body, a saved page, a converted Word file) as plain text: headings kept, images and
 * link targets left out. html-to-text walks the tree recursively and runs out of stack a few
 * thousand tags deep, so HTML nested deeper than `MAX_HTML_DEPTH` is read by a flat scan instead.
 */

export const MAX_HTML_DEPTH = 200;
/**
 * Children of one element that are converted (rows of a table, paragraphs of a page): tables are laid
 * out in quadratic time, and this many paragraphs already fill the whole prompt budget.
 */
const MAX_HTML_CHILDREN = 3000;
/** Headings listed per document, and the HTML of one heading that is read. */
const MAX_HEADINGS = 200;
const MAX_HEADING_HTML = 2000;

/** The text of `html`, and a note when it had to be read without its layout. */
export function readHtml(html: string): { text: string; note?: string } {
  if (htmlDepthOver(html, MAX_HTML_DEPTH)) {
    return { text: stripTags(html), note: `tags nested more than ${MAX_HTML_DEPTH} deep: read as plain text, without headings, lists or tables` };
  }
  const rows = countOf(html.toLowerCase(), '<tr', MAX_TABLE_ROWS + 1);
  if (rows > MAX_TABLE_ROWS) {
    return { text: stripTags(html), note: `tables of more than ${MAX_TABLE_ROWS.toLocaleString('en-US')} rows: read as plain text, one row a line` };
  }
  return { text: convertHtml(html) };
}

/** Table rows laid out as a table; beyond this the layout's cost grows faster than the rows. */
const MAX_TABLE_ROWS = 5000;

function countOf(text: string, needle: string, stopAt: number): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0 && n < stopAt; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** `readHtml`'s text, with its note (if any) as the first line, for a model to read. */
export function htmlToText(html: string): string {
  const r = readHtml(html);
  return r.note ? `(${r.note})\n${r.text}` : r.text;
}

/** The conversion's options, compiled once: compiling them is a good part of converting a short document. */
let converter: ((html: string) => string) | undefined;

function convertHtml(html: string): string {
  converter ??= compile({
    wordwrap: false,
    // A second guard on depth, for nesting the scan below does not count (tags the parser closes late).
    limits: { maxDepth: MAX_HTML_DEPTH * 2, maxChildNodes: MAX_HTML_CHILDREN, ellipsis: '...' },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
  return converter(html).trim();
}

/** Elements that never hold others, or that the parser closes at the next sibling: they add no depth. */
const FLAT = new Set([
  'br',
  'img',
  'hr',
  'meta',
  'link',
  'input',
  'area',
  'base',
  'col',
  'embed',
  'param',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'dt',
  'dd',
  'option',
  '!doctype',
]);

/** True when open tags nest deeper than `limit`: one pass, counting opens and closes; comments skipped. */
export function htmlDepthOver(html: string, limit: number): boolean {
  let depth = 0;
  // The next `>` is remembered: looking it up again for each of many `<a` without one is quadratic.
  let gt = -1;
  for (let i = html.indexOf('<'); i >= 0 && i < html.length; i = html.indexOf('<', i + 1)) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end < 0) return false;
      i = end + 2;
      continue;
    }
    const closing = html[i + 1] === '/';
    const name = tagName(html, closing ? i + 2 : i + 1);
    if (!name || FLAT.has(name)) continue;
    if (closing) depth = Math.max(0, depth - 1);
    else {
      if (gt < i) gt = html.indexOf('>', i);
      if (gt < 0) return false;
      if (html[gt - 1] !== '/' && ++depth > limit) return true;
    }
  }
  return false;
}

function tagName(html: string, from: number): string {
  let end = from;
  while (end < html.length && end - from < 20 && /[A-Za-z0-9!-]/.test(html[end])) end++;
  return /^[A-Za-z!]/.test(html[from] ?? '') ? html.slice(from, end).toLowerCase() : '';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const BLOCK = /^(?:p|div|br|li|tr|h[1-6]|table|ul|ol|section|article|blockquote|pre|hr)$/;

/** Tags removed, scripts and styles dropped, block ends as line breaks, common entities decoded: one pass. */
export function stripTags(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const chunk = html.slice(i, lt < 0 ? html.length : lt);
    out += decodeEntities(chunk);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break;
    const closing = html[lt + 1] === '/';
    const name = tagName(html, closing ? lt + 2 : lt + 1);
    i = gt + 1;
    if (!closing && (name === 'script' || name === 'style')) {
      const end = lower.indexOf(`</${name}`, i);
      i = end < 0 ? html.length : end;
      continue;
    }
    if (BLOCK.test(name)) out += '\n';
  }
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter((l, k, all) => l || (k > 0 && all[k - 1]))
    .join('\n')
    .trim();
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** The text of the h1–h6 headings of an HTML document, found in one pass (headings do not nest). */
export function htmlHeadings(html: string): string[] {
  const out: string[] = [];
  const lower = html.toLowerCase();
  let from = 0;
  while (out.length < MAX_HEADINGS) {
    const open = nextHeadingOpen(lower, from);
    if (open < 0) break;
    const gt = lower.indexOf('>', open);
    if (gt < 0) break;
    const close = lower.indexOf(`</h${lower[open + 2]}`, gt + 1);
    if (close < 0) break;
    const inner = html.slice(gt + 1, Math.min(close, gt + 1 + MAX_HEADING_HTML));
    const text = stripTags(inner).replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
    from = close + 4;
  }
  return out;
}

/** Index of the next `<h1`…`<h6` tag (followed by `>`, space or `/`) at or after `from`, or -1. */
function nextHeadingOpen(lower: string, from: number): number {
  for (let i = lower.indexOf('<h', from); i >= 0; i = lower.indexOf('<h', i + 2)) {
    const level = lower[i + 2];
    const after = lower[i + 3];
    if (level >= '1' && level <= '6' && (after === '>' || after === '/' || after === ' ' || after === '\t' || after === '\n' || after === '\r')) return i;
  }
  return -1;
}
