import { posix } from 'node:path';
import { declaresSop } from '../../sop/sopFiles';
import { extractPreviousSop, parseNote } from '../extract/document';
import { MARKDOWN_EXTENSIONS } from './markdown';
import type { TextReader } from './reader';

/** Markdown that is an SOP written before: listed ahead of the Markdown reader, which takes the rest. */
export const previousSopReader: TextReader = {
  id: 'previous-sop',
  kind: 'previous-sop',
  input: 'text',
  extensions: MARKDOWN_EXTENSIONS,
  accepts: (name, text) => text !== undefined && isPreviousSop(name, text),
  read: (text) => ({ facts: extractPreviousSop(text) }),
};

/**
 * A Markdown file is an SOP written before when its name says so (`*.sop.md`, `refunds-SOP.md`), its
 * front matter says `type: sop`, or it reads like one: at least two parts an SOP has (Purpose,
 * Steps, …) with numbered steps, or four parts without.
 */
export function isPreviousSop(path: string, text: string): boolean {
  const words = posix
    .basename(path)
    .replace(/\.[^.]+$/, '')
    .split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/);
  if (words.some((w) => /^sops?$/i.test(w))) return true;
  if (declaresSop(text)) return true;
  const doc = parseNote(text);
  const kinds = new Set(doc.sections.flatMap((s) => s.kinds));
  const numbered = doc.steps.filter((s) => s.number !== undefined).length;
  return (kinds.size >= 2 && kinds.has('steps') && numbered >= 1) || kinds.size >= 4;
}
