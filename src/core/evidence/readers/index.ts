import { batchReader } from './batch';
import { csvReader } from './csv';
import { dockerfileReader } from './dockerfile';
import { docxReader } from './docx';
import { emailReader } from './email';
import { goReader } from './go';
import { htmlReader } from './html';
import { imageReader } from './image';
import { javascriptReader } from './javascript';
import { jsonReader } from './json';
import { jsonLinesReader } from './jsonLines';
import { juliaReader } from './julia';
import { luaReader } from './lua';
import { makeReader } from './make';
import { markdownReader } from './markdown';
import { npmReader } from './npm';
import { perlReader } from './perl';
import { phpReader } from './php';
import { plainTextReader } from './plainText';
import { powershellReader } from './powershell';
import { previousSopReader } from './previousSop';
import { pythonReader } from './python';
import type { EvidenceReader, ScriptReader } from './reader';
import { rReader } from './r';
import { rubyReader } from './ruby';
import { shellReader } from './shell';
import { sqlReader } from './sql';
import { tsvReader } from './tsv';
import { typescriptReader } from './typescript';
import { xlsxReader } from './xlsx';

export type { BytesReader, EvidenceReader, Reading, ReadingFile, ScriptReader, TextReader } from './reader';

/**
 * Every evidence format, once. A file goes to the first reader that claims its name (then its
 * extension, then its `#!` line) and accepts it; order matters only where two claim the same files.
 */
export const EVIDENCE_READERS: readonly EvidenceReader[] = [
  shellReader,
  pythonReader,
  javascriptReader,
  typescriptReader,
  powershellReader,
  sqlReader,
  rubyReader,
  perlReader,
  rReader,
  batchReader,
  goReader,
  phpReader,
  luaReader,
  juliaReader,
  makeReader,
  dockerfileReader,
  npmReader,
  csvReader,
  tsvReader,
  jsonReader,
  jsonLinesReader,
  xlsxReader,
  emailReader,
  imageReader,
  docxReader,
  htmlReader,
  previousSopReader,
  markdownReader,
  plainTextReader,
];

export function isScriptReader(reader: EvidenceReader): reader is ScriptReader {
  return reader.kind === 'script' && 'findFacts' in reader;
}

/** The script reader for a language, or for a program that runs it ("bash" → shell). */
export function scriptReaderFor(language: string): ScriptReader | undefined {
  const scripts = EVIDENCE_READERS.filter(isScriptReader);
  return scripts.find((r) => r.language === language) ?? scripts.find((r) => r.interpreters?.includes(language));
}

/** Extensions of files that are scripts (the skill export copies these into scripts/). */
export function scriptExtensions(): Set<string> {
  return new Set(EVIDENCE_READERS.filter((r) => r.kind === 'script').flatMap((r) => r.extensions ?? []));
}
