import { posix } from 'node:path';
import { parseSop } from '../sop/model';
import { createHeadingMatcher } from '../sop/sections';
import { declaresSop } from '../sop/sopFiles';
import type { EvidenceKind } from './types';

/**
 * What kind of evidence a file is, from its name and, where the name is not enough, its text: a
 * Markdown file may be notes or last year's SOP, a file without extension may be a script.
 */

export type Reader = 'text' | 'csv' | 'tsv' | 'json' | 'jsonl' | 'xlsx' | 'eml' | 'image' | 'docx' | 'html' | 'markdown';

export interface Classification {
  kind: EvidenceKind;
  /** How the file is read. */
  reader: Reader;
  /** For scripts: shell, python, javascript, typescript, powershell, sql, make, npm, dockerfile, ruby, perl, r, batch. */
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

const SCRIPT_EXTENSIONS: Record<string, string> = {
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell',
  py: 'python', pyw: 'python',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript',
  ts: 'typescript', mts: 'typescript', cts: 'typescript',
  ps1: 'powershell', psm1: 'powershell',
  sql: 'sql', psql: 'sql',
  rb: 'ruby', pl: 'perl', r: 'r', bat: 'batch', cmd: 'batch', mk: 'make',
};

const SCRIPT_NAMES: Record<string, string> = { makefile: 'make', gnumakefile: 'make', dockerfile: 'dockerfile', containerfile: 'dockerfile', justfile: 'make' };

/** JSON files that configure tools rather than hold the work's data. */
const CONFIG_JSON = /^(?:package-lock|tsconfig(?:\..*)?|jsconfig|composer|\.eslintrc|\.prettierrc|\.babelrc|lerna|nx|turbo|angular|vercel|renovate|launch|settings|tasks|extensions|devcontainer|manifest|app|appsettings(?:\..*)?)\.json$/i;

export function extensionOf(path: string): string {
  const base = posix.basename(path);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The kind a file's name says; `text` lets a Markdown file or an extension-less script be recognised. */
export function classify(path: string, text?: string): Classification {
  const base = posix.basename(path);
  const lower = base.toLowerCase();
  const ext = extensionOf(path);

  if (SCRIPT_NAMES[lower] || /^dockerfile\./.test(lower)) return { kind: 'script', reader: 'text', language: SCRIPT_NAMES[lower] ?? 'dockerfile' };
  if (lower === 'package.json') {
    return text !== undefined && hasNpmScripts(text) ? { kind: 'script', reader: 'text', language: 'npm' } : { kind: 'other', reader: 'text' };
  }
  if (SCRIPT_EXTENSIONS[ext]) return { kind: 'script', reader: 'text', language: SCRIPT_EXTENSIONS[ext] };
  switch (ext) {
    case 'csv':
      return { kind: 'data', reader: 'csv' };
    case 'tsv':
    case 'tab':
      return { kind: 'data', reader: 'tsv' };
    case 'json':
      return CONFIG_JSON.test(base) ? { kind: 'other', reader: 'text' } : { kind: 'data', reader: 'json' };
    case 'jsonl':
    case 'ndjson':
      return { kind: 'data', reader: 'jsonl' };
    case 'xlsx':
      return { kind: 'data', reader: 'xlsx' };
    case 'eml':
      return { kind: 'email', reader: 'eml' };
    case 'png':
    case 'jpg':
    case 'jpeg':
    case 'gif':
    case 'webp':
    case 'svg':
      return { kind: 'image', reader: 'image' };
    case 'docx':
      return { kind: 'document', reader: 'docx' };
    case 'html':
    case 'htm':
      return { kind: 'document', reader: 'html' };
    case 'md':
    case 'markdown':
    case 'mdown':
    case 'mkd':
      return { kind: text !== undefined && isPreviousSop(path, text) ? 'previous-sop' : 'document', reader: 'markdown' };
    case 'txt':
    case 'text':
    case 'rst':
    case 'adoc':
    case 'asciidoc':
    case 'org':
      return { kind: 'document', reader: 'text' };
  }
  if (text !== undefined && ext === '') {
    // The first line only, and not all of it: the pattern backtracks over a long line without spaces.
    const first = text.slice(0, 200).split('\n')[0];
    const shebang = first.match(/^#!\s*(?:\S*\/env\s+(?:-S\s+)?)?\S*?([A-Za-z]+)[\d.]*(?:\s|$)/);
    if (shebang) {
      const interp = shebang[1].toLowerCase();
      const language = /^(?:sh|bash|zsh|ksh|dash)$/.test(interp)
        ? 'shell'
        : interp === 'python'
          ? 'python'
          : /^(?:node|deno|bun)$/.test(interp)
            ? 'javascript'
            : /^(?:pwsh|powershell)$/.test(interp)
              ? 'powershell'
              : interp === 'ruby' || interp === 'perl'
                ? interp
                : undefined;
      if (language) return { kind: 'script', reader: 'text', language };
    }
  }
  return { kind: 'other', reader: 'text' };
}

function hasNpmScripts(text: string): boolean {
  try {
    const pkg = JSON.parse(text) as { scripts?: unknown };
    return !!pkg.scripts && typeof pkg.scripts === 'object' && Object.keys(pkg.scripts).length > 0;
  } catch {
    return false;
  }
}

const matcher = createHeadingMatcher();

/**
 * A Markdown file is an SOP written before when its name says so (`*.sop.md`, `refunds-SOP.md`), its
 * front matter says `type: sop`, or it reads like one: at least two parts an SOP has (Purpose,
 * Steps, …) with numbered steps, or four parts without.
 */
export function isPreviousSop(path: string, text: string): boolean {
  const words = posix.basename(path).replace(/\.[^.]+$/, '').split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/);
  if (words.some((w) => /^sops?$/i.test(w))) return true;
  if (declaresSop(text)) return true;
  const doc = parseSop(text, { matcher });
  const kinds = new Set(doc.sections.flatMap((s) => s.kinds));
  const numbered = doc.steps.filter((s) => s.number !== undefined).length;
  return (kinds.size >= 2 && kinds.has('steps') && numbered >= 1) || kinds.size >= 4;
}
