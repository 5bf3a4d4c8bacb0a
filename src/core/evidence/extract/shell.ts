import type { ScriptFacts } from '../types';
import {
  addExit,
  addThreshold,
  addUnique,
  comparesAgainstLimit,
  emptyScriptFacts,
  headerComment,
  isNumberLiteral,
  isPathLike,
  LIMIT_NAME,
  usageAndDescription,
} from './scriptFacts';

/**
 * Facts from shell scripts (sh, bash, zsh), and from any shell command line (npm scripts, Makefile
 * recipes, subprocess calls): the programs run, the files read and written, limits and exits.
 */

interface Word {
  /** The word with quotes removed ("$MONTH" stays as written). */
  text: string;
  raw: string;
}

type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: string } | { kind: 'redir'; op: string };

interface Segment {
  words: Word[];
  redirects: Array<{ op: string; target: Word }>;
  /** The operator before this command (`||`, `&&`, `|`, `;`, ...). */
  before?: string;
}

/** Builtins and keywords: running them is not "running a command" worth listing. */
const BUILTINS = new Set([
  'echo',
  'printf',
  'set',
  'export',
  'local',
  'declare',
  'readonly',
  'typeset',
  'read',
  'shift',
  'return',
  'exit',
  'cd',
  'pushd',
  'popd',
  'test',
  '[',
  '[[',
  ']]',
  'true',
  'false',
  ':',
  'unset',
  'trap',
  'wait',
  'getopts',
  'break',
  'continue',
  'let',
  'eval',
  'exec',
  'shopt',
  'umask',
  'alias',
  'type',
  'command',
  'builtin',
  'sleep',
]);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', 'time', '{', '}', 'esac', 'in']);
const STATEMENTS = new Set(['for', 'case', 'select', 'function']);
/** Programs whose file arguments are not read (they create, remove or list files). */
const NO_READ = new Set([
  'rm',
  'rmdir',
  'mkdir',
  'chmod',
  'chown',
  'touch',
  'ln',
  'ls',
  'kill',
  'which',
  'open',
  'xdg-open',
  'basename',
  'dirname',
  'realpath',
]);
const COPIERS = new Set(['cp', 'mv', 'rsync', 'scp', 'install']);
const INTERPRETERS = /^(?:python\d?(?:\.\d+)?|node|bash|sh|zsh|ksh|ruby|perl|php|Rscript|deno|bun|ts-node|tsx|pwsh|powershell)$/;
const OUTPUT_OPTION = /^--?(?:o|out|output|outfile|output-file|output-document|dest|destination|target|report|save|write)$/i;
const INPUT_OPTION = /^--?(?:i|in|input|infile|input-file|src|source|file|f|data|from|T|upload-file)$/i;

function tokenize(line: string, subs: string[]): Token[] {
  const tokens: Token[] = [];
  let cur: Word | null = null;
  const add = (text: string, raw = text) => {
    cur ??= { text: '', raw: '' };
    cur.text += text;
    cur.raw += raw;
  };
  const flush = () => {
    if (cur) tokens.push({ kind: 'word', word: cur });
    cur = null;
  };
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '#' && !cur) {
      break;
    } else if (c === '\\') {
      add(line[i + 1] ?? '', line.slice(i, i + 2));
      i += 2;
    } else if (c === "'") {
      const j = line.indexOf("'", i + 1);
      const end = j < 0 ? n : j;
      add(line.slice(i + 1, end), line.slice(i, end + 1));
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < n && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < n) {
          text += line[j + 1];
          j += 2;
        } else if (line[j] === '$' && line[j + 1] === '(') {
          const end = matching(line, j + 1);
          if (line[j + 2] !== '(') subs.push(line.slice(j + 2, end));
          text += line.slice(j, end + 1);
          j = end + 1;
        } else text += line[j++];
      }
      add(text, line.slice(i, j + 1));
      i = j + 1;
    } else if (c === '$' && line[i + 1] === '(') {
      const end = matching(line, i + 1);
      if (line[i + 2] !== '(') subs.push(line.slice(i + 2, end));
      add(line.slice(i, end + 1));
      i = end + 1;
    } else if (c === '$' && line[i + 1] === '{') {
      const end = line.indexOf('}', i);
      add(line.slice(i, end < 0 ? n : end + 1));
      i = end < 0 ? n : end + 1;
    } else if (c === '`') {
      const j = line.indexOf('`', i + 1);
      const end = j < 0 ? n : j;
      subs.push(line.slice(i + 1, end));
      add(line.slice(i, end + 1));
      i = end + 1;
    } else if (c === '>' || c === '<' || (c === '&' && line[i + 1] === '>')) {
      // A word of digits just before is a file descriptor (2> errors.log).
      let fd = '';
      if (cur && /^\d$/.test((cur as Word).raw)) {
        fd = (cur as Word).raw;
        cur = null;
      }
      flush();
      const op = stickyMatch(REDIRECT_OP, line, i);
      tokens.push({ kind: 'redir', op: fd + op });
      i += op.length;
    } else if (c === '|' || c === '&' || c === ';' || c === '(' || c === ')') {
      flush();
      const op = stickyMatch(CONTROL_OP, line, i);
      tokens.push({ kind: 'op', op });
      i += op.length;
    } else {
      add(c);
      i++;
    }
  }
  flush();
  return tokens;
}

const REDIRECT_OP = /&>>|&>|>>|>&|>\||<<<|<<-|<<|<>|<&|>|</y;
const CONTROL_OP = /\|\||&&|;;|\|&|[|&;()]/y;

/** The operator at `at` (sticky: no copy of the rest of the line per operator). */
function stickyMatch(re: RegExp, line: string, at: number): string {
  re.lastIndex = at;
  return re.exec(line)?.[0] ?? line[at];
}

/** Index of the bracket closing the one at `open`, skipping quoted text. */
function matching(s: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
  const close = pairs[s[open]];
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === "'" || c === '"' || c === '`') {
      const j = s.indexOf(c, i + 1);
      i = j < 0 ? s.length : j;
    } else if (c === s[open]) depth++;
    else if (c === close && --depth === 0) return i;
  }
  return s.length - 1;
}

function segmentsOf(tokens: Token[]): Segment[] {
  const out: Segment[] = [];
  let seg: Segment = { words: [], redirects: [] };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'op') {
      if (seg.words.length > 0 || seg.redirects.length > 0) out.push(seg);
      seg = { words: [], redirects: [], before: t.op };
    } else if (t.kind === 'redir') {
      const next = tokens[i + 1];
      if (next?.kind === 'word') {
        seg.redirects.push({ op: t.op, target: next.word });
        i++;
      }
    } else seg.words.push(t.word);
  }
  if (seg.words.length > 0 || seg.redirects.length > 0) out.push(seg);
  return out;
}

function segmentText(seg: Segment): string {
  return [...seg.words.map((w) => w.raw), ...seg.redirects.map((r) => `${r.op} ${r.target.raw}`)].join(' ');
}

function isAssignment(w: Word): boolean {
  return /^[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=/.test(w.raw);
}

const MAX_SUBSTITUTION_NESTING = 8;

/** What the shell analysis keeps between lines of one script. */
export interface ShellState {
  positional: Map<string, string>;
  /** Conditions of the `if` blocks the current line is in, innermost last. */
  guards: Array<{ text: string; line: number }>;
  lastMessage?: { text: string; line: number };
}

export function newShellState(): ShellState {
  return { positional: new Map(), guards: [] };
}

function fileTarget(w: Word): string | undefined {
  const t = w.text.trim();
  if (!t || /^&?\d$|^-$/.test(t) || /^\/dev\/(?:null|stdout|stderr|tty)$/.test(t)) return undefined;
  return t;
}

function analyzeIo(prog: string, args: Word[], facts: ScriptFacts): void {
  const texts = args.map((a) => a.text);
  if (COPIERS.has(prog) || (/^(?:aws|gsutil|gcloud|azcopy|rclone)$/.test(prog) && texts.some((t) => /^(?:cp|mv|sync|copy|copyto)$/.test(t)))) {
    const start = COPIERS.has(prog) ? 0 : texts.findIndex((t) => /^(?:cp|mv|sync|copy|copyto)$/.test(t)) + 1;
    const plain = texts.slice(start).filter((t) => !t.startsWith('-'));
    if (plain.length >= 2) {
      for (const src of plain.slice(0, -1)) addUnique(facts.inputs, src);
      addUnique(facts.outputs, plain[plain.length - 1]);
    }
    return;
  }
  if (prog === 'tee') {
    for (const t of texts) if (!t.startsWith('-')) addUnique(facts.outputs, t);
    return;
  }
  let skipScript = INTERPRETERS.test(prog);
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    const eq = t.match(/^(--?[\w-]+)=(.+)$/);
    if (eq) {
      if (OUTPUT_OPTION.test(eq[1])) addUnique(facts.outputs, eq[2]);
      else if (INPUT_OPTION.test(eq[1]) && isPathLike(eq[2])) addUnique(facts.inputs, eq[2]);
      continue;
    }
    if (t.startsWith('-') && i + 1 < texts.length && !texts[i + 1].startsWith('-')) {
      const next = texts[i + 1];
      if (skipScript && (t === '-m' || t === '-c')) {
        // python -m module / bash -c "…": the module or command is what runs, not a file read.
        skipScript = false;
        i++;
      } else if (OUTPUT_OPTION.test(t)) {
        addUnique(facts.outputs, next);
        i++;
      } else if (INPUT_OPTION.test(t) || isPathLike(next)) {
        // An option followed by a file (--config settings.yaml) reads it.
        addUnique(facts.inputs, next.replace(/^@/, ''));
        i++;
      } else if (!/^-[A-Za-z]$/.test(t) || !isPathLike(next)) {
        i++;
      }
      continue;
    }
    if (t.startsWith('-')) continue;
    if (skipScript) {
      skipScript = false;
      continue;
    }
    if (!NO_READ.has(prog) && isPathLike(t)) addUnique(facts.inputs, t.replace(/^@/, ''));
  }
}

/** The program a command runs, without a leading path (`./scripts/x.sh` stays, `/usr/bin/psql` is `psql`). */
function programOf(word: string): string {
  return /^\.{0,2}\//.test(word) && !word.startsWith('/') ? word : word.replace(/^.*\//, '');
}

/**
 * Reads one logical shell line into `facts`. Used for shell scripts line by line, and on its own for
 * npm scripts, Makefile recipes and commands that other languages run.
 */
export function analyzeShellLine(
  line: string,
  lineNo: number,
  facts: ScriptFacts,
  state: ShellState = newShellState(),
  recordCommands = true,
  nesting = 0,
): void {
  const subs: string[] = [];
  const segments = segmentsOf(tokenize(line, subs));
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    let words = seg.words;
    while (words.length > 0 && isAssignment(words[0])) {
      assignment(words[0], lineNo, facts, state);
      words = words.slice(1);
    }
    while (words.length > 0 && KEYWORDS.has(words[0].raw)) words = words.slice(1);
    for (const r of seg.redirects) {
      const target = fileTarget(r.target);
      if (!target || r.op.startsWith('<<')) continue;
      if (r.op.includes('<')) addUnique(facts.inputs, target);
      else addUnique(facts.outputs, target);
    }
    if (words.length === 0) continue;
    const cmd = words[0].text;
    const args = words.slice(1);
    if (STATEMENTS.has(cmd) || /\(\)$/.test(cmd)) break;
    if (cmd === 'exit') {
      exitAt(segments, s, args[0]?.text, lineNo, facts, state);
      continue;
    }
    if (cmd === 'set' && args.some((a) => /^-[a-z]*e[a-z]*$/.test(a.text) || a.text === 'errexit')) {
      addExit(facts, { text: `${segmentText({ words, redirects: [] })}: stops at the first command that fails`, line: lineNo });
      continue;
    }
    if (/^(?:export|readonly|declare|local|typeset)$/.test(cmd)) {
      for (const a of args) if (isAssignment(a)) assignment(a, lineNo, facts, state);
      continue;
    }
    if (cmd === 'getopts' && args[0]) {
      for (const m of args[0].text.matchAll(/([A-Za-z0-9])/g)) addUnique(facts.arguments, `-${m[1]}`);
      continue;
    }
    if (cmd === 'echo' || cmd === 'printf') {
      const message = args
        .filter((a) => !/^-[neE]+$/.test(a.text))
        .map((a) => a.text)
        .join(' ');
      if (message) state.lastMessage = { text: message, line: lineNo };
      continue;
    }
    if (BUILTINS.has(cmd)) continue;
    if (recordCommands) addUnique(facts.commands, segmentText({ words, redirects: seg.redirects }));
    analyzeIo(programOf(cmd), args, facts);
  }
  // $( $( … ) ) nested deeper than real scripts go is not followed: each level re-reads the rest of the line.
  if (nesting < MAX_SUBSTITUTION_NESTING) for (const sub of subs) analyzeShellLine(sub, lineNo, facts, state, recordCommands, nesting + 1);
}

function assignment(w: Word, lineNo: number, facts: ScriptFacts, state: ShellState): void {
  const eq = w.text.indexOf('=');
  const name = w.text.slice(0, eq).replace(/\+$/, '');
  const value = w.text.slice(eq + 1);
  const pos = value.match(/^\$\{?([1-9])(?:[:?}]|:-|$)/);
  if (pos) state.positional.set(pos[1], name);
  const fallback = value.match(/^\$\{\w+:?[-=]([^}]*)\}$/)?.[1];
  const number = isNumberLiteral(value) ? value : fallback !== undefined && isNumberLiteral(fallback) ? fallback : undefined;
  // Upper-case settings are limits unless they are 0/1 switches (DRY_RUN=1).
  const limit = LIMIT_NAME.test(name) || (/^[A-Z][A-Z0-9_]+$/.test(name) && !/^[01]$/.test(number ?? ''));
  if (number !== undefined && limit && !/^(?:IFS|OPTIND)$/.test(name)) {
    addThreshold(facts, `${name}=${value}`, lineNo);
  }
}

function exitAt(segments: Segment[], s: number, codeText: string | undefined, lineNo: number, facts: ScriptFacts, state: ShellState): void {
  const code = codeText !== undefined && /^\d+$/.test(codeText) ? Number(codeText) : codeText === undefined ? 0 : undefined;
  // `cmd || exit 1`, `[ -f x ] || { echo ...; exit 2; }`: the guard is the command before the ||.
  let guard: string | undefined;
  for (let k = s; k > 0; k--) {
    const op = segments[k].before;
    if (op === '||' || op === '&&') {
      const prev = segmentText(segments[k - 1]);
      guard = op === '||' ? `unless ${prev}` : `if ${prev}`;
      break;
    }
    if (op === ';' && segments[k - 1].words[0]?.raw !== '{' && !segmentText(segments[k - 1]).match(/^(?:echo|printf)\b/)) break;
  }
  const inner = state.guards[state.guards.length - 1];
  if (!guard && inner) guard = inner.text;
  if (!guard && code === 0) return;
  const since = inner?.line ?? lineNo;
  const message = state.lastMessage && state.lastMessage.line >= since ? state.lastMessage.text : undefined;
  const text = [guard ?? 'exits', message ? `"${message}"` : undefined].filter(Boolean).join(' — ');
  addExit(facts, { code, text, line: lineNo });
}

const MAX_LOGICAL_LINE = 5000;

/** A line ending in one backslash (not an escaped one) continues on the next. */
function continues(line: string): boolean {
  return line.endsWith('\\') && !line.endsWith('\\\\');
}

/** Logical lines: continuations joined, heredoc bodies skipped, each with its first line's number. */
export function shellLines(text: string): Array<{ text: string; line: number }> {
  const raw = text.split(/\r\n|\r|\n/);
  const out: Array<{ text: string; line: number }> = [];
  for (let i = 0; i < raw.length; i++) {
    const start = i;
    let line = raw[i];
    const parts = [line];
    let length = line.length;
    // Joined lines stop at MAX_LOGICAL_LINE: the per-line analysis is built for lines, not whole files.
    while (continues(parts[parts.length - 1]) && i + 1 < raw.length && length < MAX_LOGICAL_LINE) {
      parts[parts.length - 1] = parts[parts.length - 1].slice(0, -1);
      parts.push(raw[++i].trim());
      length += parts[parts.length - 1].length + 1;
    }
    line = parts.join(' ');
    out.push({ text: line, line: start + 1 });
    const heredoc = line.match(/<<-?\s*(['"]?)([A-Za-z_]\w*)\1/);
    if (heredoc && !/<<</.test(line)) {
      while (i + 1 < raw.length && raw[i + 1].trim() !== heredoc[2]) i++;
      i++;
    }
  }
  return out;
}

/** `echo "usage: x.sh <month>" >&2` → `x.sh <month>`. */
function usageOfEcho(body: string): string | undefined {
  const m = body.match(/^(?:echo|printf)\s+["']?usage:/i);
  if (!m) return undefined;
  let rest = body.slice(m[0].length).trim();
  if (rest.endsWith('>&2')) rest = rest.slice(0, -3).trimEnd();
  if (rest.endsWith('"') || rest.endsWith("'")) rest = rest.slice(0, -1);
  return rest || undefined;
}

/**
 * The conditions of `[ … ]`, `[[ … ]]` and `(( … ))` tests on a line, found by scanning forward: a
 * lazy regular expression (`\[\s+(.+?)\s+\]`) takes quadratic time on long lines of spaces.
 */
function testConditions(body: string): string[] {
  const out: string[] = [];
  const close = /\s\]/g;
  for (let i = body.indexOf('['); i >= 0; i = body.indexOf('[', i + 1)) {
    const start = body[i + 1] === '[' ? i + 2 : i + 1;
    if (!/\s/.test(body[start] ?? '')) continue;
    close.lastIndex = start + 1;
    const end = close.exec(body);
    if (!end) break;
    out.push(body.slice(start, end.index + 1).trim());
    i = end.index + 1;
  }
  for (let i = body.indexOf('(('); i >= 0; i = body.indexOf('((', i + 2)) {
    const end = body.indexOf('))', i + 3);
    if (end < 0) break;
    out.push(body.slice(i + 2, end).trim());
    i = end;
  }
  return out;
}

/** `if cond; then rest` / `elif cond` → [keyword, condition, rest after `then`]. */
function ifThen(body: string): [string, string, string, string | undefined] | undefined {
  const head = body.match(/^(if|elif)\s+/);
  if (!head || head[0].length === body.length) return undefined;
  const afterHead = body.slice(head[0].length);
  const then = /;\s*then\b/.exec(afterHead);
  if (!then) return [body, head[1], afterHead.trimEnd(), undefined];
  const cond = afterHead.slice(0, then.index).trimEnd();
  if (!cond) return undefined;
  return [body, head[1], cond, afterHead.slice(then.index + then[0].length)];
}

export function extractShell(text: string, path: string, language = 'shell'): ScriptFacts {
  const facts = emptyScriptFacts(language);
  const lines = text.split(/\r\n|\r|\n/);
  const { usage, description } = usageAndDescription(headerComment(lines, /^\s*#+/));
  facts.description = description;
  facts.usage = usage;
  const state = newShellState();
  let inCase = 0;
  for (const { text: line, line: no } of shellLines(text)) {
    let body = line.trim();
    if (!body || body.startsWith('#')) continue;
    const usageEcho = usageOfEcho(body);
    if (usageEcho && !facts.usage) facts.usage = usageEcho.replace(/\$\{?0\}?|\$\(basename\s+"?\$0"?\)/g, path).trim();
    for (const cond of testConditions(body)) if (comparesAgainstLimit(cond)) addThreshold(facts, cond, no);
    if (/^case\b.*\bin\b/.test(body)) inCase++;
    if (/^esac\b/.test(body)) inCase = Math.max(0, inCase - 1);
    if (inCase > 0) {
      const arm = body.match(/^\(?\s*((?:"[^"]*"|'[^']*'|[^\s()|"'])+(?:\s*\|\s*(?:"[^"]*"|'[^']*'|[^\s()|"'])+)*)\s*\)\s*(.*)$/);
      if (arm && !/^case\b/.test(body)) {
        for (const p of arm[1].split('|')) {
          const opt = p.trim().replace(/^["']|["']$/g, '');
          if (/^--?[A-Za-z]/.test(opt)) addUnique(facts.arguments, opt.replace(/=?\*$/, ''));
        }
        body = arm[2];
      }
    }
    if (/^(?:function\s+)?[\w-]+\s*\(\)\s*\{?\s*$/.test(body)) continue;
    const ifMatch = ifThen(body);
    if (ifMatch) {
      const cond = `if ${ifMatch[2].replace(/;\s*$/, '')}`;
      if (ifMatch[1] === 'elif') state.guards.pop();
      state.guards.push({ text: cond, line: no });
      analyzeShellLine(ifMatch[2], no, facts, state, true);
      const rest = ifMatch[3] ?? '';
      const closes = /(?:^|;)\s*fi\s*$/.test(rest);
      analyzeShellLine(rest.replace(/(?:^|;)\s*fi\s*$/, ''), no, facts, state);
      if (closes) state.guards.pop();
      continue;
    }
    if (/^else\b/.test(body)) {
      const top = state.guards.pop();
      state.guards.push({ text: top ? `otherwise (not ${top.text})` : 'otherwise', line: no });
      body = body.replace(/^else\b\s*/, '');
    }
    const closes = /^fi\b/.test(body) || /;\s*fi\s*$/.test(body);
    analyzeShellLine(body.replace(/^fi\b\s*;?|;\s*fi\s*$/g, ''), no, facts, state);
    if (closes) state.guards.pop();
  }
  for (const m of text.matchAll(/\$\{?([1-9@*])(?![0-9])/g)) {
    const n = m[1];
    const name = state.positional.get(n);
    addUnique(facts.arguments, name ? `$${n} (${name})` : n === '@' || n === '*' ? '$@ (all arguments)' : `$${n}`);
  }
  if (!facts.usage) facts.usage = synthesizedUsage(lines[0], path, state);
  return facts;
}

function synthesizedUsage(shebang: string | undefined, path: string, state: ShellState): string {
  const interp = shebang?.match(/^#!\s*(?:\S*\/env\s+)?\S*?([\w.-]+)(?:\s|$)/)?.[1] ?? 'bash';
  const positional = [...state.positional.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([, name]) => `<${name}>`);
  return [interp, path, ...positional].join(' ');
}
