/**
 * Evidence: the files of a finished piece of work, read into what a drafter may see. Paths in
 * everything below are workspace-relative with forward slashes unless a name says `abs`.
 */

import type { Workspace } from '../workspace/port';

export type EvidenceKind = 'script' | 'data' | 'document' | 'email' | 'image' | 'previous-sop' | 'other';

export interface ExcludedFile {
  path: string;
  /** Why it was left out, in words a person understands ("sensitive: .env file", "binary file", ...). */
  reason: string;
}

export interface Threshold {
  text: string;
  line: number;
}

export interface ExitCondition {
  code?: number;
  /** The condition or message that leads to the exit, as written. */
  text: string;
  line: number;
}

export interface ScriptFacts {
  type: 'script';
  language: string;
  /** How the script is run, from a usage line or shebang, e.g. "python3 scripts/reconcile.py --month 2026-10". */
  usage?: string;
  /** What the script says it does: its docstring, header comment or argparse description. */
  description?: string;
  /** Commands the script runs (other programs, other scripts). */
  commands: string[];
  /** Options and arguments it takes ("--month", "--tolerance"). */
  arguments: string[];
  /** Files it reads and writes (templated paths as written, e.g. "exports/bank-{month}.csv"). */
  inputs: string[];
  outputs: string[];
  thresholds: Threshold[];
  exits: ExitCondition[];
}

export interface DataFacts {
  type: 'data';
  format: 'csv' | 'tsv' | 'json' | 'xlsx';
  columns: string[];
  rowCount: number;
  /** The first few rows, as text cells. */
  firstRows: string[][];
  /** Sums of the numeric columns. */
  sums: Record<string, number>;
  sheet?: string;
  /** True when only the first part of a large export was read: rowCount and sums cover that part. */
  partial?: boolean;
}

export interface EmailFacts {
  type: 'email';
  from: string;
  to: string;
  cc?: string;
  /** ISO 8601. */
  date?: string;
  subject: string;
  body: string;
}

export interface ImageFacts {
  type: 'image';
  format: string;
  width?: number;
  height?: number;
}

export interface DocumentFacts {
  type: 'document';
  headings: string[];
}

export interface PreviousSopFacts {
  type: 'previous-sop';
  title?: string;
  headings: string[];
  steps: string[];
}

export type EvidenceFacts = ScriptFacts | DataFacts | EmailFacts | ImageFacts | DocumentFacts | PreviousSopFacts | { type: 'other' };

export interface EvidenceFile {
  path: string;
  absPath: string;
  kind: EvidenceKind;
  bytes: number;
  mtimeMs: number;
  sha256: string;
  facts: EvidenceFacts;
  /** What a model may read: the file's text, or a summary of it, always after redaction. */
  text: string;
  /** True when `text` is a summary or a cut of the file, not all of it. */
  summarized: boolean;
  /** Secrets replaced in `text`, by kind ("api key", "password in connection string", ...). */
  redactions: Record<string, number>;
  /** For models that accept images: the image itself. */
  image?: { mime: string; base64: string };
  /** The text encoding when it was not UTF-8 ("utf-16le", "windows-1252"). */
  encoding?: string;
}

export interface EvidenceBundle {
  /** Absolute path of the workspace root the paths are relative to. */
  root: string;
  /** What the person selected, workspace-relative. */
  selection: string[];
  included: EvidenceFile[];
  excluded: ExcludedFile[];
  /** What the budget cut or summarised, for the draft's notes. */
  notes: string[];
}

export interface CollectOptions {
  /** The workspace port the files are read through. */
  workspace: Workspace;
  /** Absolute workspace root: links never lead out of it, paths are relative to it. */
  root: string;
  /** Extra sensitive-name globs (gitignore syntax) on top of the built-in ones, which always apply. */
  sensitive?: string[];
  /** Files larger than this are skipped (default 5 MB); data files are summarised from their first part. */
  maxFileBytes?: number;
  /** How many characters of evidence text a model may receive in all (default 120,000). */
  budgetChars?: number;
  /** At most this many files are read (default 2,000); the rest are listed as left out. */
  maxFiles?: number;
  /** Called as files are found, for progress. */
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}
