/**
 * Recognises file paths in the three places an SOP mentions them: link targets, commands in code,
 * and prose. Everything here is syntax only; whether a path exists is the workspace index's business.
 */

/** File endings common enough in finished work that a bare "name.ext" in prose is taken for a file. */
const FILE_EXTENSIONS = new Set(
  (
    'csv tsv xlsx xls xlsm ods json jsonl ndjson xml yaml yml toml ini cfg conf env txt md markdown rst pdf doc docx ' +
    'odt rtf ppt pptx key pages numbers eml msg mbox html htm css js mjs cjs ts tsx jsx py ipynb r rmd sql sh bash zsh ps1 ' +
    'psm1 bat cmd rb pl php go rs java kt cs swift scala lua png jpg jpeg gif svg webp bmp tif tiff heic zip gz tgz tar ' +
    '7z rar log out bak parquet avro db sqlite sqlite3 mdb accdb qbo qbx ofx qif iif sav dta sas7bdat tex bib vcf ics pem ' +
    'key crt p12 pfx gpg asc sop lock dockerfile makefile tf hcl gradle properties'
  ).split(' '),
);

const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:|tel:|data:|javascript:|vscode:|command:|#)/i;
const EMAIL = /^[^\s@/]+@[^\s@/]+\.[a-z]{2,}$/i;
const DATE_LIKE = /^(?:\d+[/.\-:]){1,}\d+$|^(?:dd|mm|yyyy|yy|d|m|hh)(?:[/.\-:](?:dd|mm|yyyy|yy|d|m|hh|ss))+$/i;
const WORD_PAIRS = /^[a-z]+\/[a-z]+$/i;

export interface PathToken {
  /** [start, end) in the text that was scanned. */
  start: number;
  end: number;
  value: string;
}

export function isUrlOrEmail(token: string): boolean {
  return URL_LIKE.test(token) || EMAIL.test(token);
}

function extensionOf(token: string): string | undefined {
  const base =
    token
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0 && !/^\.[a-z]/i.test(base)) return undefined;
  const ext = base.slice(dot + 1).toLowerCase();
  return /[a-z]/.test(ext) ? ext : undefined;
}

function looksLikePath(token: string, strict: boolean): boolean {
  if (token.length < 2 || token.length > 400) return false;
  if (isUrlOrEmail(token) || token.includes('@')) return false;
  if (DATE_LIKE.test(token)) return false;
  if (/^[\d.,%/:+-]+$/.test(token)) return false;
  if (/^[A-Za-z]:[\\/]/.test(token) || token.startsWith('\\\\') || token.startsWith('~/')) return true;
  const hasSlash = /[\\/]/.test(token);
  const ext = extensionOf(token);
  if (strict) {
    // Prose: "and/or" and "Node.js" are words, not files.
    if (hasSlash && WORD_PAIRS.test(token) && !token.endsWith('/')) return false;
    if (ext && FILE_EXTENSIONS.has(ext) && !/^[A-Z][a-z]+\.js$/.test(token)) return true;
    if (hasSlash && (token.endsWith('/') || /^\.{1,2}\//.test(token))) return true;
    if (token.startsWith('/') && /^\/[\w.-]+\/[\w.-]+/.test(token)) return true;
    return false;
  }
  if (hasSlash) return !WORD_PAIRS.test(token) || token.endsWith('/') || FILE_EXTENSIONS.has(ext ?? '');
  return ext !== undefined && FILE_EXTENSIONS.has(ext);
}

/** Punctuation that ends a sentence or closes a bracket rather than belonging to the path. */
const TRAILING_CHARS = new Set([...'.,;:!?)]}\'"`']);
const LEADING = /^[('"`[]+/;

/** The run of trailing punctuation at the end of `value` (a loop: a regex anchored at $ rescans every run). */
function trailingPunctuation(value: string): string {
  let i = value.length;
  while (i > 0 && TRAILING_CHARS.has(value[i - 1])) i--;
  return value.slice(i);
}

function clean(raw: string, start: number): PathToken | undefined {
  let value = raw;
  let s = start;
  const lead = value.match(LEADING);
  if (lead && !value.startsWith('[insert')) {
    value = value.slice(lead[0].length);
    s += lead[0].length;
  }
  // Keep a closing } or > that belongs to a template part.
  let trail = trailingPunctuation(value);
  if (trail.startsWith('}') && value.includes('{')) trail = trail.slice(1);
  if (trail) value = value.slice(0, value.length - trail.length);
  if (!value) return undefined;
  return { start: s, end: s + value.length, value };
}

/** Splits a shell command into words, keeping quoted words whole and noting where each begins. */
function shellWords(command: string): Array<{ word: string; start: number }> {
  const words: Array<{ word: string; start: number }> = [];
  const re = /"([^"]*)"|'([^']*)'|(?:<[\w.-]+>|[^\s"'|&;<>()`])+/g;
  for (let m = re.exec(command); m; m = re.exec(command)) {
    if (m[1] !== undefined) words.push({ word: m[1], start: m.index + 1 });
    else if (m[2] !== undefined) words.push({ word: m[2], start: m.index + 1 });
    else words.push({ word: m[0], start: m.index });
  }
  return words;
}

/** Paths inside a command or code span: `python scripts/clean.py --month 10 --out reports/<month>.csv`. */
export function pathsInCommand(command: string): PathToken[] {
  const found: PathToken[] = [];
  for (const { word, start } of shellWords(command)) {
    let w = word;
    let s = start;
    if (w.startsWith('-')) {
      const eq = w.indexOf('=');
      if (eq < 0) continue;
      s += eq + 1;
      w = w.slice(eq + 1);
    } else if (/^[A-Za-z_]\w*=/.test(w)) {
      const eq = w.indexOf('=');
      s += eq + 1;
      w = w.slice(eq + 1);
    }
    if (!w || w.startsWith('$(') || /^\$\w+$/.test(w) || /^%\w+%$/.test(w)) continue;
    const token = clean(w, s);
    if (token && looksLikePath(token.value, false)) found.push(token);
  }
  return found;
}

/** Paths written in running text: "save it to reports/2024-10/summary.xlsx". */
export function pathsInProse(text: string): PathToken[] {
  const found: PathToken[] = [];
  const re = /(?:[A-Za-z]:\\|\\\\|~\/|\.{1,2}\/|\/)?[\w<>{}$*?@~.-]+(?:[\\/][\w<>{}$*?@~.-]+)*[\\/]?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const prev = m.index > 0 ? text[m.index - 1] : ' ';
    if (/[\w@:]/.test(prev)) continue;
    const token = clean(m[0].replace(/\s+$/, ''), m.index);
    if (!token) continue;
    if (looksLikePath(token.value, true)) found.push(token);
  }
  return found;
}

/** Shell-like languages whose fenced blocks hold commands worth checking for paths. */
export const SHELL_FENCES = new Set(['sh', 'bash', 'shell', 'zsh', 'console', 'powershell', 'ps1', 'pwsh', 'cmd', 'bat', 'shell-session']);
