import { parseSop, type SopDocument } from '../../sop/model';
import { createHeadingMatcher } from '../../sop/sections';
import { forgetAlso } from '../../text/memo';
import type { DocumentFacts, PreviousSopFacts } from '../types';
import { refuseArchive } from './archive';
import { htmlHeadings, htmlToText } from './html';

/** Notes and documents (Markdown, text, reStructuredText, HTML, Word), and SOPs written before. */

/** One heading matcher for every note: building it costs more than parsing a short note. */
const matcher = createHeadingMatcher();

let lastNote: { text: string; doc: SopDocument } | undefined;
forgetAlso(() => (lastNote = undefined));

/**
 * A Markdown note parsed as an SOP. The note that was just asked whether it is an SOP written before is read
 * next with the same text: the one parse serves both (a parse is most of the cost of reading a note).
 */
export function parseNote(text: string): SopDocument {
  if (lastNote?.text !== text) lastNote = { text, doc: parseSop(text, { matcher }) };
  return lastNote.doc;
}

export function extractMarkdown(text: string): DocumentFacts {
  return { type: 'document', headings: parseNote(text).headings.map((h) => h.text) };
}

/** Plain text and reStructuredText: headings are lines underlined with === or ---, or AsciiDoc `= Title` lines. */
export function extractPlainText(text: string): DocumentFacts {
  const lines = text.split(/\r?\n/);
  const headings: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    const next = lines[i + 1]?.trim() ?? '';
    if (l && /^([=\-~^*#])\1{2,}$/.test(next) && next.length >= Math.min(l.length, 3) && !/^([=\-~^*#])\1+$/.test(l)) headings.push(l);
    else if (/^={1,6}\s+\S/.test(l)) headings.push(l.replace(/^=+\s+/, ''));
  }
  return { type: 'document', headings: headings.slice(0, 200) };
}

export function extractHtml(html: string): { facts: DocumentFacts; text: string } {
  return { facts: { type: 'document', headings: htmlHeadings(html) }, text: htmlToText(html) };
}

/**
 * A Word document's text and headings. Linked files are never read; images are left out. Throws, with
 * the reason in words, for a document that expands too far or nests too deep to read.
 */
export async function extractDocx(bytes: Uint8Array): Promise<{ facts: DocumentFacts; text: string }> {
  const refused = refuseArchive(bytes, 'DOCX');
  if (refused) throw new Error(refused);
  // The Word reader (with its zip and XML libraries) loads with the first .docx, not with the other readers.
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { externalFileAccess: false, convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    );
    html = result.value;
  } catch (e) {
    if (e instanceof RangeError) throw new Error('DOCX nests tables or lists too deeply to read: not read; save the text as .txt to include it');
    throw e;
  }
  return extractHtml(html);
}

export function extractPreviousSop(text: string): PreviousSopFacts {
  const doc = parseNote(text);
  return {
    type: 'previous-sop',
    ...(doc.title ? { title: doc.title.text } : {}),
    headings: doc.headings.map((h) => h.text),
    steps: doc.steps.map((s) => s.text),
  };
}
