import { posix } from 'node:path';
import { EVIDENCE_READERS, type EvidenceReader } from './readers';
import type { EvidenceKind } from './types';

export { isPreviousSop } from './readers/previousSop';

/**
 * What kind of evidence a file is, from its name and, where the name is not enough, its text: a
 * Markdown file may be notes or last year's SOP, a file without extension may be a script. The
 * evidence readers (./readers) say which files they take; this only asks them in order.
 */

export interface Classification {
  kind: EvidenceKind;
  /** The id of the reader that reads it; 'text' when none does and it is kept as plain text. */
  reader: string;
  /** For scripts: shell, python, javascript, typescript, powershell, sql, make, npm, dockerfile, ruby, ... */
  language?: string;
}

/** Files that cannot be read here, with what to do instead. */
export const UNSUPPORTED: Record<string, string> = {
  xls: 'XLS (old Excel format) is not read: save it as XLSX or CSV to include it',
  xlsm: 'XLSM (Excel with macros) is not read: save it as XLSX or CSV to include it',
  xlsb: 'XLSB (binary Excel) is not read: save it as XLSX or CSV to include it',
  ods: 'ODS spreadsheet is not read: save it as XLSX or CSV to include it',
  doc: 'DOC (old Word format) is not read: save it as DOCX or Markdown to include it',
  odt: 'ODT document is not read: save it as DOCX or Markdown to include it',
  rtf: 'RTF is not read: save it as DOCX or Markdown to include it',
  pdf: 'PDF is not read: copy the text that matters into a note (Markdown or .txt) to include it',
  msg: 'Outlook .msg is not read: save the e-mail as .eml (or drag it out of Outlook as .eml) to include it',
  pptx: 'PowerPoint is not read: export the slides that matter as PDF images or notes to include them',
  ppt: 'PowerPoint is not read: export the slides that matter as images or notes to include them',
  numbers: 'Numbers is not read: export the sheet as CSV to include it',
  heic: 'HEIC images are not read: save the image as PNG or JPEG to include it',
  tiff: 'TIFF images are not read: save the image as PNG to include it',
  tif: 'TIFF images are not read: save the image as PNG to include it',
  bmp: 'BMP images are not read: save the image as PNG to include it',
};

export function extensionOf(path: string): string {
  const base = posix.basename(path);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The kind a file's name says; `text` lets a Markdown file or an extension-less script be recognised. */
export function classify(path: string, text?: string): Classification {
  const reader = findReader(path, text);
  if (!reader) return { kind: 'other', reader: 'text' };
  return reader.language ? { kind: reader.kind, reader: reader.id, language: reader.language } : { kind: reader.kind, reader: reader.id };
}

/** The reader that takes a file: the first to claim its name, else its extension, else (with no extension) its `#!` line. */
export function findReader(path: string, text?: string): EvidenceReader | undefined {
  const base = posix.basename(path);
  const lower = base.toLowerCase();
  const takes = (r: EvidenceReader): boolean => !r.accepts || r.accepts(base, text);
  const byName = EVIDENCE_READERS.find((r) => (r.names?.includes(lower) || r.namePattern?.test(lower)) && takes(r));
  if (byName) return byName;
  const ext = extensionOf(path);
  if (ext) return EVIDENCE_READERS.find((r) => r.extensions?.includes(ext) && takes(r));
  const interpreter = text === undefined ? undefined : shebangInterpreter(text);
  return interpreter ? EVIDENCE_READERS.find((r) => r.interpreters?.includes(interpreter) && takes(r)) : undefined;
}

/** The program a `#!` line names, without path or version ("python" for `#!/usr/bin/env python3`). */
function shebangInterpreter(text: string): string | undefined {
  // The first line only, and not all of it: the pattern backtracks over a long line without spaces.
  const first = text.slice(0, 200).split('\n')[0];
  const shebang = first.match(/^#!\s*(?:\S*\/env\s+(?:-S\s+)?)?\S*?([A-Za-z]+)[\d.]*(?:\s|$)/);
  return shebang ? shebang[1].toLowerCase() : undefined;
}
