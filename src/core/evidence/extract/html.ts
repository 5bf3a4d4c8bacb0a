import { convert } from 'html-to-text';

/** HTML (an e-mail body, a saved page, a converted Word file) as plain text: headings kept, images and link targets left out. */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  }).trim();
}

/** The text of the h1–h6 headings of an HTML document. */
export function htmlHeadings(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>/gi)) {
    const text = htmlToText(m[1]).replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  return out;
}
