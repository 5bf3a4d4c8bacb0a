import type { EvidenceFacts, EvidenceFile, EvidenceKind, ScriptFacts } from '../types';

/**
 * An evidence reader: the files it claims (by extension, name or shebang) and how it reads them.
 * Every reader is listed once in `./index.ts`; classify, collect and the skill export all go by that list.
 */
interface ReaderClaims {
  /** Unique; for scripts the language ("python"), otherwise the format ("csv"). */
  readonly id: string;
  /** What the files it reads are. */
  readonly kind: EvidenceKind;
  /** Lower-case extensions without the dot. */
  readonly extensions?: readonly string[];
  /** Lower-case file names claimed whatever their extension ("makefile", "package.json"). */
  readonly names?: readonly string[];
  /** Lower-case file names claimed by shape ("dockerfile.dev"); bounded patterns only. */
  readonly namePattern?: RegExp;
  /** For scripts: the language facts are read for, shown to the drafter. */
  readonly language?: string;
  /** For scripts without an extension: the programs in a `#!` line that run it ("python", "bash"). */
  readonly interpreters?: readonly string[];
  /**
   * Whether a file it claims is really its kind; `text` is undefined until the file is read.
   * A file no reader accepts is kept as plain text of kind 'other'.
   */
  accepts?(name: string, text: string | undefined): boolean;
}

/** The file being read, as the walk knows it. */
export interface ReadingFile {
  /** Workspace-relative path. */
  path: string;
  /** Lower-case extension without the dot ('' when none). */
  extension: string;
  /** True when only the first part of a larger file was read. */
  partial: boolean;
  /** For a partial read: the sentence that says which part the facts cover. */
  partialNote?: string;
  /** Adds a line to the bundle's notes (e.g. the sheets of a workbook that were not read). */
  note(line: string): void;
}

/** What a reader found: the facts, and the text a model may see when it is not the file's own text. */
export interface Reading {
  facts: EvidenceFacts;
  /** Replaces the (redacted) file text, e.g. a data summary or HTML turned into text. */
  text?: string;
  summarized?: boolean;
  redactions?: Record<string, number>;
  image?: EvidenceFile['image'];
}

/** Reads the decoded, redacted text. Undefined: nothing of its kind in it, the file is kept as plain text. */
export interface TextReader extends ReaderClaims {
  readonly input: 'text';
  /** Data exports larger than the size limit are summarised from their first part instead of left out. */
  readonly summarisesLarge?: boolean;
  read(text: string, file: ReadingFile): Reading | undefined;
}

/** Reads the file's bytes (workbooks, Word, e-mail, images). A string is the reason the file is left out. */
export interface BytesReader extends ReaderClaims {
  readonly input: 'bytes';
  /** Files up to this size are read even above the walk's limit (e-mails carry attachments). */
  readonly maxBytes?: number;
  /** Said after "too large: ..." when a file is over the limit. */
  readonly tooLargeHint?: string;
  read(bytes: Uint8Array, file: ReadingFile): Promise<Reading | string> | Reading | string;
}

export type EvidenceReader = TextReader | BytesReader;

/** A script language: the facts (how it is run, what it runs, reads, writes, its limits and exits). */
export interface ScriptReader extends TextReader {
  readonly kind: 'script';
  readonly language: string;
  findFacts(text: string, path: string): ScriptFacts;
}
