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

/**
 * Files known by a bare name without an extension (`VERSION`, `KEYS`, `Makefile`): in a code span they are
 * file mentions like any `name.ext`.
 */
const BARE_FILE_NAMES = new Set(
  (
    'Makefile GNUmakefile Dockerfile Containerfile Jenkinsfile Vagrantfile Gemfile Rakefile Procfile Pipfile Brewfile ' +
    'Justfile Taskfile Caddyfile Earthfile Tiltfile VERSION KEYS LICENSE LICENCE COPYING NOTICE AUTHORS CONTRIBUTORS ' +
    'MAINTAINERS OWNERS OWNERS_ALIASES CODEOWNERS SECURITY_CONTACTS'
  ).split(' '),
);

/** Folder names so common at the top of a project that `src/version` in code is a path, not "stage/release". */
const CONVENTIONAL_FOLDERS = new Set(
  (
    'src lib bin cmd pkg internal docs doc scripts script test tests spec config conf dev tools build dist out app ' +
    'assets data examples hack deploy ci etc include vendor templates reports exports staging site static public'
  ).split(' '),
);

/** URLs written bare in text (`https://…`, `www.…`): their pieces are never file paths. Linear: one bounded scheme per start. */
const BARE_URL = /\b(?:[a-z][a-z0-9+.-]{0,31}:\/\/|www\.)[^\s<>"'`]*/gi;
/** Slash commands a bot acts on in a comment (`/lgtm`, `/approve`, `/label x`): one word after one slash. */
const BOT_COMMAND = /^\/[a-z][\w-]*$/i;
/** A search qualifier or label prefix (`label:do-not-merge/hold`, `repo:owner/name`); not a Windows drive. */
const QUALIFIER = /^[a-z][\w-]+:(?!\/\/)/i;
/** A sed substitution or transliteration (`s/14.0.0/39.0.0/g`, `s|a|b|`, `y/abc/xyz/`). */
const SED_EXPRESSION = /^[sy]([/|#,:@])(?:(?!\1)[^\\]|\\.)*\1(?:(?!\1)[^\\]|\\.)*\1[a-zA-Z0-9]*$/;
/** A percent-encoded character: the token is a piece of a URL (`Firefox%2063.0.dmg`). */
const PERCENT_ENCODED = /%[0-9A-F]{2}/i;
/** Remote-tracking and full git refs (`upstream/release-1.2`, `refs/heads/main`). */
const GIT_REF = /^(?:origin|upstream|refs|remotes|heads|tags)\//;
/** Git subcommands whose bare words name refs, branches or remotes rather than files. */
const GIT_REF_COMMANDS = new Set([
  'checkout',
  'switch',
  'branch',
  'merge',
  'rebase',
  'push',
  'pull',
  'fetch',
  'tag',
  'cherry-pick',
  'reset',
  'revert',
  'remote',
]);

export interface PathToken {
  /** [start, end) in the text that was scanned. */
  start: number;
  end: number;
  value: string;
}

export function isUrlOrEmail(token: string): boolean {
  return URL_LIKE.test(token) || EMAIL.test(token);
}

/** [start, end) of every bare URL in `text`. */
export function urlSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  BARE_URL.lastIndex = 0;
  for (let m = BARE_URL.exec(text); m; m = BARE_URL.exec(text)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/**
 * Words that are shaped like paths but name something else: a bot command, a label or search term, a sed
 * expression, a piece of a URL, or two files offered as alternatives (`Gemfile/Gemfile.lock`).
 */
function isNotAPath(token: string): boolean {
  if (BOT_COMMAND.test(token) || PERCENT_ENCODED.test(token)) return true;
  if (QUALIFIER.test(token) && !/^[A-Za-z]:[\\/]/.test(token)) return true;
  if (token.length <= 400 && SED_EXPRESSION.test(token)) return true;
  const parts = token.split('/');
  if (parts.length === 2 && parts[0] && parts[1]) {
    const [a, b] = parts;
    if (b.startsWith(a + '.')) return true;
    const extA = extensionOf(a);
    if (extA && FILE_EXTENSIONS.has(extA) && FILE_EXTENSIONS.has(extensionOf(b) ?? '')) return true;
  }
  return false;
}

/** `Makefile`, `VERSION`, `KEYS`: a file name with no extension that names the same file in every project. */
export function isBareFileName(token: string): boolean {
  return BARE_FILE_NAMES.has(token);
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
  if (isNotAPath(token)) return false;
  // A web route with its query (`/teams/main/pipelines/x?groups=credentials`) and a bare pattern (`/*`, `/**`).
  if (/\?[\w.-]{1,60}=/.test(token) || /^\/\*{1,2}$/.test(token)) return false;
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
  // Two plain words in code are a path when the first is a usual project folder; `owner/repo` slugs are the rules' call.
  if (hasSlash) return !WORD_PAIRS.test(token) || CONVENTIONAL_FOLDERS.has(token.split('/')[0].toLowerCase());
  return (ext !== undefined && FILE_EXTENSIONS.has(ext)) || isBareFileName(token);
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

/** A word of a shell command, where it begins, whether it was double-quoted, and whether a new command starts with it. */
interface ShellWord {
  word: string;
  start: number;
  doubleQuoted: boolean;
  commandStart: boolean;
}

/** Splits a shell command into words, keeping quoted words whole and noting where each begins. */
function shellWords(command: string): ShellWord[] {
  const words: ShellWord[] = [];
  const re = /"([^"]*)"|'([^']*)'|(?:<[\w.-]+>|[^\s"'|&;<>()`])+/g;
  let previousEnd = 0;
  for (let m = re.exec(command); m; m = re.exec(command)) {
    // A pipe, `&&`, `;`, a bracket or a backtick between two words starts a new command.
    const commandStart = words.length === 0 || /[|&;()`\n]/.test(command.slice(previousEnd, m.index));
    previousEnd = m.index + m[0].length;
    if (m[1] !== undefined) words.push({ word: m[1], start: m.index + 1, doubleQuoted: true, commandStart });
    else if (m[2] !== undefined) words.push({ word: m[2], start: m.index + 1, doubleQuoted: false, commandStart });
    else words.push({ word: m[0], start: m.index, doubleQuoted: false, commandStart });
  }
  return words;
}

/** `linux/amd64`, `darwin/arm64`: a platform, not a folder. */
const PLATFORM = /^[a-z]+\/(?:amd64|arm64|386|arm|armv7|ppc64le|s390x|x86_64|aarch64|riscv64)$/;

/** Paths inside a command or code span: `python scripts/clean.py --month 10 --out reports/<month>.csv`. */
const SQL_STATEMENT = /^(?:select|insert|update|delete|create|alter|drop|with|grant|revoke|truncate|merge)$/i;

export function pathsInCommand(command: string, depth = 0): PathToken[] {
  const found: PathToken[] = [];
  let program = '';
  let gitRefs = false;
  let afterDoubleDash = false;
  let argIndex = 0;
  let sql = false;
  for (const { word, start, doubleQuoted, commandStart } of shellWords(command)) {
    if (commandStart) {
      program = '';
      gitRefs = false;
      afterDoubleDash = false;
      argIndex = 0;
      // `SELECT … WHERE name LIKE 'example.com/acme/repo'`: a statement for a database, not a shell command.
      sql = SQL_STATEMENT.test(word);
    }
    if (sql) continue;
    // A command substitution inside double quotes ("v$(./scripts/version.sh)") is a command of its own.
    if (doubleQuoted && (word.includes('$(') || word.includes('`'))) {
      if (depth < 3) for (const p of pathsInCommand(word.replace(/\$\(/g, '  '), depth + 1)) found.push({ ...p, start: start + p.start, end: start + p.end });
      continue;
    }
    if (!program && /^[A-Za-z_]\w*=/.test(word) === false && !/^(?:sudo|env|time|nohup|exec)$/.test(word)) {
      program = word.replace(/^.*\//, '');
    } else if (program === 'git' && argIndex === 1) {
      gitRefs = GIT_REF_COMMANDS.has(word);
    }
    argIndex++;
    if (word === '--') {
      afterDoubleDash = true;
      continue;
    }
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
    // A path under a variable (`$codehost/repo`, `${OUT}/x.csv`) is relative to a place only a run knows; one under
    // $HOME is in someone's home folder, as with `~`.
    if (!w || w.startsWith('$(') || /^\$\{?(?!HOME\b)\w+\}?(?:\/|$)/.test(w) || /^%\w+%$/.test(w)) continue;
    if (GIT_REF.test(w) || PLATFORM.test(w)) continue;
    // `git checkout -b release-1.2 upstream/release-1.2`: branch and ref names, unless they name a file.
    if (gitRefs && !afterDoubleDash && !FILE_EXTENSIONS.has(extensionOf(w) ?? '')) continue;
    const token = clean(w, s);
    if (token && looksLikePath(token.value, false)) found.push(token);
  }
  return found;
}

/** A Windows path whose folders may hold single spaces, bounded so no run of words is rescanned. */
const WINDOWS_PATH = /\b[A-Za-z]:\\(?:[\w.$~-]+(?: [\w.$~()-]+){0,3}\\){1,20}[\w.$~-]+/g;

const PATH_MARKS = /[./\\~]/;

/** Paths written in running text: "save it to reports/2024-10/summary.xlsx". */
export function pathsInProse(text: string): PathToken[] {
  const found: PathToken[] = [];
  // URLs are not paths; Windows paths may hold spaces ("C:\\Program Files\\helm\\helm.exe"): both are taken first.
  const urls = urlSpans(text);
  WINDOWS_PATH.lastIndex = 0;
  for (let m = WINDOWS_PATH.exec(text); m; m = WINDOWS_PATH.exec(text)) {
    const token = clean(m[0], m.index);
    if (!token) continue;
    found.push(token);
    urls.push([token.start, token.end]);
  }
  urls.sort((a, b) => a[0] - b[0]);
  let u = 0;
  const re = /(?:[A-Za-z]:\\|\\\\|~\/|\.{1,2}\/|\/)?[\w<>{}$*?@~.-]+(?:[\\/][\w<>{}$*?@~.-]+)*[\\/]?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // Most words of prose: no dot, slash or tilde, so no extension, folder or home path (see looksLikePath).
    if (!PATH_MARKS.test(m[0])) continue;
    const prev = m.index > 0 ? text[m.index - 1] : ' ';
    if (/[\w@:]/.test(prev)) continue;
    const token = clean(m[0].replace(/\s+$/, ''), m.index);
    if (!token) continue;
    // Tokens come in order, so one cursor over the URL spans keeps this linear.
    while (u < urls.length && urls[u][1] <= token.start) u++;
    if (u < urls.length && urls[u][0] < token.end) continue;
    // "Add/ Remove": two words offered as alternatives, not a folder.
    if (/^[A-Z][\w-]*\/$/.test(token.value) && /^\s[A-Z]/.test(text.slice(token.end, token.end + 2))) continue;
    if (looksLikePath(token.value, true)) found.push(token);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** A shell prompt at the start of a line: `$ `, `PS C:\\> `, `> `. */
export const PROMPT = /^\s*(?:\$|PS [^>\n]{0,200}>|>)\s+/;
/** A line of `diff`/`git diff` output: hunks, file headers, added and removed lines. */
const DIFF_OUTPUT = /^(?:[+-]|@@ |diff --git |index [0-9a-f]+\.\.)/;

/**
 * Which lines of a shell block are commands. When any line carries a prompt, only prompted lines (and the
 * lines they continue with a trailing backslash) are: the rest is the commands' output. Diff lines never are.
 */
export function commandLines(lines: string[]): boolean[] {
  const prompted = lines.some((l) => PROMPT.test(l));
  let continues = false;
  return lines.map((line) => {
    const isCommand = !DIFF_OUTPUT.test(line) && (!prompted || PROMPT.test(line) || continues);
    continues = isCommand && /\\\s*$/.test(line);
    return isCommand;
  });
}

/** Shell-like languages whose fenced blocks hold commands worth checking for paths. */
export const SHELL_FENCES = new Set(['sh', 'bash', 'shell', 'zsh', 'console', 'powershell', 'ps1', 'pwsh', 'cmd', 'bat', 'shell-session']);
