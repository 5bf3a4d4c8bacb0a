import type { ScriptFacts } from '../types';
import { blankComments, blocksOf, callArgs, callsOf, closeOf, guardOf, stringLiteral } from './codeText';
import { analyzeShellLine } from './shell';
import {
  addExit,
  addThreshold,
  addUnique,
  comparesAgainstLimit,
  emptyScriptFacts,
  isNumberLiteral,
  lineNumbers,
  templatePath,
  usageAndDescription,
} from './scriptFacts';

/** Facts from JavaScript and TypeScript scripts (node, zx, commander, yargs). */

function jsValue(expr: string, vars: Map<string, string>): string | undefined {
  const e = expr.trim().replace(/\s+as\s+\w+$/, '');
  const lit = stringLiteral(e);
  if (lit) return lit.quote === '`' ? templatePath(lit.body) : lit.body;
  if (/^[A-Za-z_$][\w$]*$/.test(e)) return vars.get(e);
  const argv = e.match(/^process\.argv\[(\d+)\]$/);
  if (argv) return `{process.argv[${argv[1]}]}`;
  const attr = e.match(/^(?:argv|args|opts|options|params|config|program\.opts\(\))\.(\w+)$/);
  if (attr) return `{${attr[1]}}`;
  const join = e.match(/^(?:path\.)?(?:join|resolve)\s*\(/);
  if (join) {
    return callArgs(e, join[0].length - 1)
      .filter((a) => !/^(?:__dirname|process\.cwd\(\)|import\.meta\.dirname)$/.test(a))
      .map((a) => jsValue(a, vars) ?? `{${a}}`)
      .join('/');
  }
  if (/\s\+\s/.test(e)) {
    const parts = e.split(/\s\+\s/);
    if (parts.some((p) => stringLiteral(p))) return parts.map((p) => jsValue(p, vars) ?? `{${p.trim()}}`).join('');
  }
  return undefined;
}

const READS = /\b(?:fs\.|fsp\.|fs\.promises\.|fse\.)?(readFileSync|readFile|createReadStream|readJson|readJsonSync|readJSON|readJSONSync|parseFile)\s*\(/g;
const WRITES =
  /\b(?:fs\.|fsp\.|fs\.promises\.|fse\.)?(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|outputFile|outputFileSync|writeJson|writeJsonSync|writeJSON)\s*\(/g;
const COPIES = /\b(?:fs\.|fsp\.|fs\.promises\.|fse\.)?(copyFileSync|copyFile|cpSync|cp|renameSync|rename|copy|copySync|move|moveSync)\s*\(/g;
const RUNS = /\b(?:child_process\.|cp\.)?(execSync|exec|spawnSync|spawn|execFileSync|execFile|execaSync|execa|execaCommandSync|execaCommand)\s*\(/g;

export function extractJavaScript(text: string, path: string, language: string): ScriptFacts {
  const facts = emptyScriptFacts(language);
  const code = blankComments(text, 'c');
  const lineOf = lineNumbers(text);
  const vars = new Map<string, string>();

  const header = leadingComment(text);
  const { usage, description } = usageAndDescription(header);
  facts.usage = usage;
  facts.description = description;

  for (const m of code.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*[\w<>[\]| ]+)?=\s*([^;\n]+)/g)) {
    const value = jsValue(m[2], vars);
    if (value !== undefined) vars.set(m[1], value);
    if (/^[A-Z][A-Z0-9_]*$/.test(m[1]) && isNumberLiteral(m[2].trim().replace(/_/g, ''))) addThreshold(facts, `${m[1]} = ${m[2].trim()}`, lineOf(m.index!));
  }

  const firstArg = (open: number) => callArgs(code, open)[0];
  for (const c of callsOf(code, READS)) addUnique(facts.inputs, jsValue(firstArg(c.open) ?? '', vars));
  for (const c of callsOf(code, WRITES)) addUnique(facts.outputs, jsValue(firstArg(c.open) ?? '', vars));
  for (const c of callsOf(code, COPIES)) {
    const [src, dst] = callArgs(code, c.open);
    if (!src || !dst) continue;
    addUnique(facts.inputs, jsValue(src, vars));
    addUnique(facts.outputs, jsValue(dst, vars));
  }
  for (const c of callsOf(code, RUNS)) {
    const [first, second] = callArgs(code, c.open);
    const cmd = jsValue(first ?? '', vars);
    if (!cmd) continue;
    const rest = second?.startsWith('[') ? callArgs(second, 0).map((a) => jsValue(a, vars) ?? `{${a}}`) : [];
    analyzeShellLine([cmd, ...rest.map((a) => (/\s/.test(a) ? `"${a}"` : a))].join(' '), lineOf(c.index), facts);
  }
  for (const m of code.matchAll(/\$`([^`]*)`/g)) analyzeShellLine(templatePath(m[1]), lineOf(m.index!), facts);

  for (const m of code.matchAll(/\bprocess\.argv\[(\d+)\]/g)) addUnique(facts.arguments, `process.argv[${m[1]}]`);
  for (const m of code.matchAll(/\.(?:option|requiredOption)\s*\(\s*['"`](-[^'"`]+)['"`]/g)) {
    addUnique(facts.arguments, m[1].match(/--[\w-]+/)?.[0] ?? m[1].match(/-\w/)?.[0]);
  }
  for (const m of code.matchAll(/\.(?:option|options)\s*\(\s*['"`]([A-Za-z][\w-]*)['"`]\s*,/g)) addUnique(facts.arguments, `--${m[1]}`);
  for (const m of code.matchAll(/\.(?:positional|argument)\s*\(\s*['"`]([^'"`]+)['"`]/g)) addUnique(facts.arguments, /^[<[]/.test(m[1]) ? m[1] : `<${m[1]}>`);
  const parseArgs = code.match(/\bparseArgs\s*\(/);
  if (parseArgs) {
    const body = code.slice(parseArgs.index!, closeOf(code, parseArgs.index! + parseArgs[0].length - 1, 100_000));
    for (const m of body.matchAll(/(?<![\w-])['"]?([A-Za-z][\w-]*)['"]?\s*:\s*\{\s*type\s*:/g)) addUnique(facts.arguments, `--${m[1]}`);
  }
  for (const m of code.matchAll(/\bprocess\.env(?:\.([A-Z_][A-Z0-9_]*)|\[\s*['"]([A-Z_][A-Z0-9_]*)['"]\s*\])/g))
    addUnique(facts.arguments, `$${m[1] ?? m[2]} (environment)`);

  for (const m of firstMatches(code, /\b(?:if|while)\s*\(/g, 2000)) {
    const open = m.index! + m[0].length - 1;
    const cond = code.slice(open + 1, closeOf(code, open));
    for (const clause of cond.split(/&&|\|\|/)) if (comparesAgainstLimit(clause)) addThreshold(facts, clause.trim(), lineOf(m.index!));
  }
  // Bounded repetitions: \s* next to a class holding spaces backtracks quadratically across blank runs.
  for (const m of code.matchAll(/\.(?:filter|find|some|every|findIndex)\s{0,20}\(\s{0,20}\(?[\w$, {}]{0,200}\)?\s{0,20}=>\s{0,20}([^;\n]{1,200})/g)) {
    const body = arrowBody(m[1]);
    if (comparesAgainstLimit(body)) addThreshold(facts, body, lineOf(m.index!));
  }

  const blocks = blocksOf(code);
  const lines = code.split('\n');
  const messages = [...code.matchAll(/\bconsole\.(?:error|log|warn)\s*\(/g)].map((m) => ({
    pos: m.index!,
    text: jsValue(callArgs(code, m.index! + m[0].length - 1)[0] ?? '', vars),
  }));
  const exitAt = (pos: number, code_: number | undefined, what?: string) => {
    const lineNo = lineOf(pos);
    const guard = guardOf(blocks, pos, lines[lineNo - 1] ?? '');
    if (code_ === 0 && !guard) return;
    const message = what ? undefined : messages.filter((x) => x.pos < pos && x.pos >= (guard?.start ?? pos - 400) && x.text).pop()?.text;
    const parts = [guard?.text, what, message ? `"${message}"` : undefined].filter(Boolean) as string[];
    addExit(facts, { code: code_, text: parts.join(' — ') || 'exits', line: lineNo });
  };
  for (const c of callsOf(code, /\bprocess\.(exit)\s*\(/g)) {
    const arg = callArgs(code, c.open)[0];
    exitAt(c.index, arg === undefined ? 0 : /^\d+$/.test(arg) ? Number(arg) : undefined);
  }
  for (const m of code.matchAll(/\bprocess\.exitCode\s*=\s*(\d+)/g)) exitAt(m.index!, Number(m[1]));
  for (const m of code.matchAll(/\bthrow\s+new\s+(\w+)\s*\(/g)) {
    const msg = jsValue(callArgs(code, m.index! + m[0].length - 1)[0] ?? '', vars);
    exitAt(m.index!, undefined, `throw ${m[1]}${msg ? `: ${msg}` : ''}`);
  }
  if (!facts.usage) facts.usage = [language === 'typescript' ? 'npx tsx' : 'node', path].join(' ');
  return facts;
}

/** The first `max` matches: each one here costs a bracket scan, and facts keep a hundred at most. */
function* firstMatches(text: string, re: RegExp, max: number): Generator<RegExpExecArray> {
  let n = 0;
  for (const m of text.matchAll(re)) {
    if (n++ >= max) return;
    yield m as RegExpExecArray;
  }
}

/** An arrow function's expression body: up to the `)` or `,` that ends the call it is passed to. */
function arrowBody(s: string): string {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return s.slice(0, i).trim();
      depth--;
    } else if (c === ',' && depth === 0) return s.slice(0, i).trim();
  }
  return s.trim();
}

/** The comment at the top of a JS file (after a shebang): `//` lines or one block comment. */
function leadingComment(text: string): string[] {
  const body = text.replace(/^#!.*\n/, '').trimStart();
  if (body.startsWith('/*')) {
    const end = body.indexOf('*/');
    return body
      .slice(2, end < 0 ? body.length : end)
      .split(/\r?\n/)
      .map((l) =>
        l
          .replace(/^\s*\*+ ?/, '')
          .replace(/^\*+/, '')
          .trim(),
      );
  }
  const out: string[] = [];
  for (const l of body.split(/\r?\n/)) {
    const m = l.match(/^\s*\/\/+\s?(.*)$/);
    if (!m) break;
    out.push(m[1]);
  }
  return out;
}
