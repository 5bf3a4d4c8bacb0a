import type { ScriptFacts } from '../types';
import { callArgs, callsOf, closeOf, keywordArgs, skipString, stringLiteral } from './codeText';
import { analyzeShellLine } from './shell';
import {
  addExit,
  addThreshold,
  addUnique,
  clip,
  comparesAgainstLimit,
  emptyScriptFacts,
  headerComment,
  isNumberLiteral,
  LIMIT_NAME,
  templatePath,
  usageAndDescription,
} from './scriptFacts';

interface PyLine {
  text: string;
  line: number;
  indent: number;
}

const MAX_LOGICAL_LINE = 5000;

/** Logical lines: brackets and backslashes join physical lines; comments are dropped. */
function pythonLines(text: string): PyLine[] {
  const out: PyLine[] = [];
  let buf = '';
  let depth = 0;
  let line = 1;
  let startLine = 1;
  let indent = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (indent < 0) {
      if (c === ' ' || c === '\t') continue;
      if (c === '\n' || c === '\r') {
        if (c === '\n') line++;
        continue;
      }
      let j = i;
      while (j > 0 && text[j - 1] !== '\n') j--;
      indent = i - j;
      startLine = line;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = skipString(text, i);
      const lit = text.slice(i, end);
      for (const ch of lit) if (ch === '\n') line++;
      buf += lit;
      i = end - 1;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      buf += ' ';
      i++;
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      line++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    if (c === '\n') {
      line++;
      // Brackets left open for thousands of characters are not one statement worth joining.
      if (depth > 0 && buf.length > MAX_LOGICAL_LINE) depth = 0;
      if (depth > 0) {
        buf += ' ';
        continue;
      }
      if (buf.trim()) out.push({ text: buf.trim(), line: startLine, indent });
      buf = '';
      indent = -1;
      continue;
    }
    if (c !== '\r') buf += c;
  }
  if (buf.trim()) out.push({ text: buf.trim(), line: startLine, indent: Math.max(0, indent) });
  return out;
}

/** What a path expression says, as a person would write the path: f"exports/bank-{args.month}.csv" → "exports/bank-{month}.csv". */
function pyValue(expr: string, vars: Map<string, string>): string | undefined {
  const e = expr.trim();
  const lit = stringLiteral(e);
  if (lit) return lit.prefix.includes('f') ? templatePath(lit.body) : lit.body;
  if (/^[A-Za-z_]\w*$/.test(e)) return vars.get(e);
  const argv = e.match(/^sys\.argv\[(\d+)\]$/);
  if (argv) return `{sys.argv[${argv[1]}]}`;
  const attr = e.match(/^(?:args|opts|options|ns|params|cfg|config)\.(\w+)$/);
  if (attr) return `{${attr[1]}}`;
  const call = e.match(/^(?:os\.path\.join|(?:pathlib\.)?Path|PurePath|os\.path\.expanduser|os\.path\.abspath|str)\s*\(/);
  if (call) {
    const args = callArgs(e, call[0].length - 1);
    const parts = args.map((a) => pyValue(a, vars) ?? `{${a}}`);
    let joined = parts.join('/');
    const rest = e.slice(closeOf(e, call[0].length - 1) + 1).trim();
    if (rest.startsWith('/'))
      joined +=
        '/' +
        rest
          .slice(1)
          .split('/')
          .map((p) => pyValue(p, vars) ?? `{${p.trim()}}`)
          .join('/');
    return joined;
  }
  if (/^[\w.]+\s*\/\s*/.test(e) || /\s\/\s/.test(e)) {
    const parts = splitTop(e, '/');
    if (parts.length > 1) return parts.map((p) => pyValue(p, vars) ?? `{${p.trim()}}`).join('/');
  }
  if (/\s\+\s/.test(e)) {
    const parts = splitTop(e, '+');
    if (parts.length > 1 && parts.some((p) => stringLiteral(p))) return parts.map((p) => pyValue(p, vars) ?? `{${p.trim()}}`).join('');
  }
  const fmt = e.match(/^([rRuU]?(?:"[^"]*"|'[^']*'))\.format\(/);
  if (fmt) return stringLiteral(fmt[1])?.body;
  return undefined;
}

function splitTop(e: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e[i];
    if (c === '"' || c === "'") i = skipString(e, i) - 1;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === sep && depth === 0) {
      parts.push(e.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(e.slice(start).trim());
  return parts;
}

const READERS =
  /\b(?:pd\.|pandas\.|np\.|numpy\.|polars\.|pl\.)?(read_csv|read_excel|read_json|read_parquet|read_table|read_fwf|read_feather|loadtxt|genfromtxt|load_workbook|ExcelFile|connect)\s*\(/g;
const WRITERS = /\.(to_csv|to_excel|to_json|to_parquet|to_html|to_markdown|to_feather|savefig|write_csv|write_parquet)\s*\(|\b(ExcelWriter)\s*\(/g;
const COMMANDS = /\b(?:subprocess\.)?(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)\s*\(|\bos\.(system|popen)\s*\(/g;

function modeWrites(mode: string | undefined): boolean {
  return !!mode && /[wax+]/.test(mode);
}

export function extractPython(text: string, path: string): ScriptFacts {
  const facts = emptyScriptFacts('python');
  const lines = pythonLines(text);
  const vars = new Map<string, string>();
  const required: string[] = [];

  const first = lines.find((l) => !/^(?:from\s+__future__|#)/.test(l.text));
  const doc = first ? stringLiteral(first.text) : undefined;
  const header = doc ? doc.body.split(/\r?\n/) : headerComment(text.split(/\r?\n/), /^\s*#+/);
  const { usage, description } = usageAndDescription(header);
  facts.usage = usage;
  facts.description = description;

  for (let idx = 0; idx < lines.length; idx++) {
    const { text: t, line, indent } = lines[idx];

    const assign = t.match(/^([A-Za-z_]\w*)\s*(?::\s*[\w[\], .]+)?=(?!=)\s*(.+)$/);
    if (assign) {
      const value = pyValue(assign[2], vars);
      if (value !== undefined) vars.set(assign[1], value);
      if (indent === 0 && /^[A-Z][A-Z0-9_]*$/.test(assign[1]) && /\d/.test(assign[2]) && assign[2].length <= 40) {
        const num = assign[2].match(/^(?:Decimal|float|int)?\(?\s*["']?(-?[\d_.]+)["']?\s*\)?$/);
        if (num && isNumberLiteral(num[1].replace(/_/g, ''))) addThreshold(facts, `${assign[1]} = ${assign[2]}`, line);
      }
    }

    for (const c of callsOf(t, /\b(?:\w+\.)?(ArgumentParser)\s*\(/g)) {
      const { keywords } = keywordArgs(callArgs(t, c.open));
      const desc = keywords.get('description');
      const lit = desc && stringLiteral(desc);
      if (lit && !facts.description) facts.description = clip(lit.body.replace(/\s+/g, ' ').trim(), 400);
      const u = keywords.get('usage');
      const ulit = u && stringLiteral(u);
      if (ulit && !facts.usage) facts.usage = ulit.body.replace(/%\(prog\)s/g, path).trim();
    }

    for (const c of callsOf(t, /\b(?:\w+\.)?(add_argument|option|argument)\s*\(/g)) {
      const { positional, keywords } = keywordArgs(callArgs(t, c.open));
      const names = positional.map((a) => stringLiteral(a)?.body).filter((n): n is string => !!n);
      if (names.length === 0) continue;
      const long = names.find((n) => n.startsWith('--')) ?? names[0];
      addUnique(facts.arguments, long);
      const isOption = long.startsWith('-');
      if (!isOption || keywords.get('required') === 'True') required.push(isOption ? `${long} <${long.replace(/^-+/, '')}>` : `<${long}>`);
      const def = keywords.get('default');
      const dest = long.replace(/^-+/, '').replace(/-/g, '_');
      if (def !== undefined && isNumberLiteral(def) && LIMIT_NAME.test(dest)) addThreshold(facts, `${long} default ${def}`, line);
    }

    for (const m of t.matchAll(/\bsys\.argv\[(\d+)\]/g)) addUnique(facts.arguments, `sys.argv[${m[1]}]`);
    for (const m of t.matchAll(/\bos\.(?:environ(?:\.get)?\s*[[(]|getenv\s*\()\s*["'](\w+)["']/g)) addUnique(facts.arguments, `$${m[1]} (environment)`);

    for (const c of callsOf(t, /\b(open)\s*\(/g)) {
      // Only the text just before the call is looked at: slicing from the line start per call is quadratic.
      const lead = t.slice(Math.max(0, c.index - 400), c.index);
      if (/\.\s*$/.test(lead) && !/(?:io|codecs|gzip|bz2)\.\s*$/.test(lead)) {
        // Path(x).open("w") and the like
        const before = lead.match(/Path\s*\(([^()]*)\)\s*\.\s*$/);
        if (!before) continue;
        const { positional, keywords } = keywordArgs(callArgs(t, c.open));
        const mode = stringLiteral(positional[0] ?? keywords.get('mode') ?? '')?.body;
        addUnique(modeWrites(mode) ? facts.outputs : facts.inputs, pyValue(before[1], vars));
        continue;
      }
      const { positional, keywords } = keywordArgs(callArgs(t, c.open));
      const target = pyValue(positional[0] ?? keywords.get('file') ?? '', vars);
      const mode = stringLiteral(positional[1] ?? keywords.get('mode') ?? '')?.body;
      addUnique(modeWrites(mode) ? facts.outputs : facts.inputs, target);
    }
    for (const m of t.matchAll(/Path\s*\(([^()]{0,300}(?:\([^()]{0,300}\)[^()]{0,300})?)\)\s*\.\s*(read_text|read_bytes|write_text|write_bytes)\s*\(/g)) {
      addUnique(m[2].startsWith('read') ? facts.inputs : facts.outputs, pyValue(m[1], vars));
    }
    for (const c of callsOf(t, READERS)) {
      const { positional, keywords } = keywordArgs(callArgs(t, c.open));
      const arg = positional[0] ?? keywords.get('filepath_or_buffer') ?? keywords.get('io') ?? keywords.get('filename') ?? keywords.get('database');
      if (arg) addUnique(facts.inputs, pyValue(arg, vars));
    }
    for (const c of callsOf(t, WRITERS)) {
      const { positional, keywords } = keywordArgs(callArgs(t, c.open));
      const arg = positional[0] ?? keywords.get('path_or_buf') ?? keywords.get('excel_writer') ?? keywords.get('fname') ?? keywords.get('path');
      if (arg) addUnique(facts.outputs, pyValue(arg, vars));
    }
    for (const c of callsOf(t, /\b(?:wb|workbook|book)\.(save)\s*\(/g)) {
      const arg = callArgs(t, c.open)[0];
      if (arg) addUnique(facts.outputs, pyValue(arg, vars));
    }
    for (const c of callsOf(t, /\bshutil\.(copy|copy2|copyfile|copytree|move)\s*\(/g)) {
      const [src, dst] = callArgs(t, c.open);
      if (src) addUnique(facts.inputs, pyValue(src, vars));
      if (dst) addUnique(facts.outputs, pyValue(dst, vars));
    }

    for (const c of callsOf(t, COMMANDS)) {
      const first = callArgs(t, c.open)[0];
      if (!first) continue;
      let command: string | undefined;
      if (first.startsWith('[')) {
        command = callArgs(first, 0)
          .map((a) => pyValue(a, vars) ?? `{${a}}`)
          .map((a) => (/\s/.test(a) ? `"${a}"` : a))
          .join(' ');
      } else command = pyValue(first, vars);
      if (command) analyzeShellLine(command, line, facts);
    }

    conditions(t).forEach((cond) => {
      for (const clause of splitTop(cond.replace(/\s(?:and|or)\s/g, '\u0000'), '\u0000')) {
        if (comparesAgainstLimit(clause)) addThreshold(facts, clause, line);
      }
    });

    exitOf(lines, idx, vars, facts);
  }
  if (!facts.usage) {
    const interp = text.match(/^#!\s*(?:\S*\/env\s+)?\S*?(python[\d.]*)/)?.[1] ?? 'python3';
    facts.usage = [interp, path, ...required].join(' ');
  }
  return facts;
}

/** Conditions of `if`, `elif`, `while`, `assert`, and of inline `... if cond` in comprehensions. */
function conditions(t: string): string[] {
  const out: string[] = [];
  const head = t.match(/^(?:if|elif|while)\s+/);
  if (head) out.push(t.slice(head[0].length, topColon(t, head[0].length)).trim());
  const assertion = t.match(/^assert\s+(.+)$/);
  if (assertion) out.push(splitTop(assertion[1], ',')[0]);
  for (const m of t.matchAll(/\sif\s+/g)) {
    if (m.index === undefined || (head && m.index < 3)) continue;
    let depth = 0;
    // An inline condition is short: looking further would make a line of `if (` quadratic.
    let end = Math.min(t.length, m.index + m[0].length + 400);
    for (let i = m.index + m[0].length; i < end; i++) {
      const c = t[i];
      if (c === '"' || c === "'") i = skipString(t, i) - 1;
      else if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) {
        if (depth === 0) {
          end = i;
          break;
        }
        depth--;
      } else if (depth === 0 && (t.startsWith(' else ', i) || t.startsWith(' for ', i) || c === ',')) {
        end = i;
        break;
      }
    }
    out.push(t.slice(m.index + m[0].length, end).trim());
  }
  return out;
}

/** The first `:` outside brackets and strings (the end of an `if` condition). */
function topColon(t: string, from: number): number {
  let depth = 0;
  for (let i = from; i < t.length; i++) {
    const c = t[i];
    if (c === '"' || c === "'") i = skipString(t, i) - 1;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ':' && depth === 0) return i;
  }
  return t.length;
}

function stripTrailingColon(s: string): string {
  return s.replace(/:\s*$/, '').trim();
}

/** `if x > 3:` → ['if x > 3:', 'if', 'x > 3'], without a lazy regular expression (quadratic on long runs of spaces). */
function blockHead(text: string): [string, string, string] | undefined {
  const m = text.match(/^(if|elif|else|except|while|for|with|try)\b/);
  if (!m) return undefined;
  let rest = text.slice(m[0].length).trim();
  if (rest.endsWith(':')) rest = rest.slice(0, -1).trimEnd();
  return [text, m[1], rest];
}

/** Logical lines looked back over for an exit's guard and message: a file of exits must not cost lines². */
const LOOK_BACK = 200;

function lastBefore(lines: PyLine[], before: number, stop: number, test: (l: PyLine) => boolean): PyLine | undefined {
  for (let k = before - 1; k >= stop; k--) if (test(lines[k])) return lines[k];
  return undefined;
}

/** sys.exit(N), raise, assert: with the `if` that leads there and the message printed just before. */
function exitOf(lines: PyLine[], idx: number, vars: Map<string, string>, facts: ScriptFacts): void {
  const { text: t, line, indent } = lines[idx];
  let code: number | undefined;
  let message: string | undefined;
  let what: string | undefined;
  const exitCall = t.match(/\b(?:sys\.exit|exit|quit|os\._exit)\s*\(|\braise\s+SystemExit\s*\(?/);
  const raise = t.match(/^raise\s+([A-Za-z_][\w.]*)\s*(\()?/);
  const assertion = t.match(/^assert\s+(.+)$/);
  if (exitCall) {
    const open = t.indexOf('(', exitCall.index!);
    const arg = open >= 0 && open < exitCall.index! + exitCall[0].length + 1 ? callArgs(t, open)[0] : undefined;
    if (arg === undefined) code = 0;
    else if (/^\d+$/.test(arg)) code = Number(arg);
    else if (stringLiteral(arg)) {
      code = 1;
      message = pyValue(arg, vars);
    } else return;
  } else if (raise && raise[1] !== 'SystemExit') {
    const args = raise[2] ? callArgs(t, t.indexOf('(', raise.index!)) : [];
    const msg = args[0] ? pyValue(args[0], vars) : undefined;
    what = `raise ${raise[1]}${msg ? `: ${msg}` : ''}`;
  } else if (assertion) {
    const [cond, msg] = splitTop(assertion[1], ',');
    what = `assert ${cond}${msg ? `: ${pyValue(msg, vars) ?? msg}` : ''}`;
  } else return;

  let guard: string | undefined;
  let guardIdx = -1;
  const stop = Math.max(0, idx - LOOK_BACK);
  for (let k = idx - 1, want = indent; k >= stop; k--) {
    const l = lines[k];
    if (l.indent >= want) continue;
    want = l.indent;
    if (/^(?:def|class|async\s+def)\b/.test(l.text)) break;
    const m = blockHead(l.text);
    if (!m) continue;
    if (m[1] === 'if' || m[1] === 'elif') guard = `if ${l.text.slice(m[1].length, topColon(l.text, m[1].length)).trim()}`;
    else if (m[1] === 'else') {
      const ifLine = lastBefore(lines, k, stop, (x) => x.indent === l.indent && /^(?:if|elif)\b/.test(x.text));
      guard = ifLine ? `otherwise (not ${stripTrailingColon(ifLine.text)})` : 'otherwise';
    } else if (m[1] === 'except') guard = `on error${m[2] ? ` ${m[2].replace(/\s+as\s+\w+$/, '')}` : ''}`;
    else continue;
    guardIdx = k;
    break;
  }
  if (/^if\s/.test(t)) guard = `if ${t.slice(3, topColon(t, 3)).trim()}`;
  if (exitCall && !message) {
    for (let k = idx - 1; k > guardIdx && k >= stop; k--) {
      const l = lines[k];
      if (l.indent !== indent) continue;
      const printed = l.text.match(/^(?:print|(?:log|logger|logging)\.(?:error|warning|critical|info|exception))\s*\(/);
      if (printed) {
        const first = callArgs(l.text, printed[0].length - 1)[0];
        message = first ? pyValue(first, vars) : undefined;
        break;
      }
    }
  }
  if (exitCall && code === 0 && !guard) return;
  if (guard && /__name__/.test(guard) && code === undefined && !message) return;
  const parts = [guard, what, message ? `"${message}"` : undefined].filter(Boolean) as string[];
  addExit(facts, { code, text: parts.join(' — ') || 'exits', line });
}
