import { LineIndex } from '../../text/lines';
import type { ExitCondition, ScriptFacts, Threshold } from '../types';

/** Helpers every script language shares: collecting facts without duplicates, and recognising limits. */

export function emptyScriptFacts(language: string): ScriptFacts {
  return { type: 'script', language, commands: [], arguments: [], inputs: [], outputs: [], thresholds: [], exits: [] };
}

export function addUnique(list: string[], value: string | undefined, max = 200): void {
  if (value === undefined) return;
  const v = value.trim();
  if (v && !list.includes(v) && list.length < max) list.push(v.length > 300 ? v.slice(0, 297) + '...' : v);
}

export function addThreshold(facts: ScriptFacts, text: string, line: number): void {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t || facts.thresholds.some((x: Threshold) => x.text === t)) return;
  if (facts.thresholds.length < 100) facts.thresholds.push({ text: t.length > 200 ? t.slice(0, 197) + '...' : t, line });
}

export function addExit(facts: ScriptFacts, exit: ExitCondition): void {
  const text = exit.text.trim().replace(/\s+/g, ' ');
  if (facts.exits.some((x) => x.line === exit.line && x.text === text)) return;
  if (facts.exits.length < 100) facts.exits.push({ ...exit, text: text.length > 240 ? text.slice(0, 237) + '...' : text });
}

/** Names of settings that are limits or tolerances (`--tolerance`, `MAX_REFUNDS`, `$Threshold`). */
export const LIMIT_NAME =
  /(?:tolerance|tol|threshold|limit|max|min|maximum|minimum|margin|cap|ceiling|floor|variance|delta|diff|pct|percent|ratio|retries|retry|timeout|days|hours|minutes|age|amount|count|size)(?:_[a-z]+)?s?$/i;

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

export function isNumberLiteral(s: string): boolean {
  return NUMBER.test(s.trim());
}

/**
 * True when a condition compares against a limit: a number other than 0 (a sign test is not a
 * limit), an UPPER_CASE constant, or a value whose name says it is a limit (`args.tolerance`).
 * Argument-count checks (`len(sys.argv) < 2`, `$# -lt 1`) are usage checks, not limits.
 */
export function comparesAgainstLimit(condition: string): boolean {
  if (/argv|\$#|arguments\.length|\$args\.(?:count|length)/i.test(condition)) return false;
  const ops = /(?:<=|>=|==|!=|<|>|-(?:gt|ge|lt|le|eq|ne)\b)/i;
  if (!ops.test(condition)) return false;
  const operands = condition.split(/<=|>=|===?|!==?|<>|<(?!<)|>(?!>)|\s-(?:gt|ge|lt|le|eq|ne)\s/i).map((s) => s.trim());
  if (operands.length < 2) return false;
  return operands.some((o) => {
    const bare = trimChars(o, '(\t\n\r "\'', ')\t\n\r "\':,;]{').replace(/^\$\(\(|\)\)$/g, '');
    const clauses = bare.split(/\s(?:and|or|&&|\|\|)\s/i);
    return [clauses[0], clauses[clauses.length - 1]].some((x) => {
      const v = trimChars(x, '(\t\n\r ', ')\t\n\r ');
      if (isNumberLiteral(v)) return Number(v) !== 0;
      if (/^[A-Z][A-Z0-9_]{2,}$/.test(v) && !/^(?:TRUE|FALSE|NULL|NONE)$/.test(v)) return true;
      const name = v.match(/(?:args|opts|options|argv|params|config|cfg)\.([A-Za-z_]\w*)$/)?.[1] ?? v.match(/^\$?\{?([A-Za-z_]\w*)\}?$/)?.[1];
      return !!name && LIMIT_NAME.test(name);
    });
  });
}

/** `s` without leading characters from `head` and trailing ones from `tail`: a loop, where `[…]+$` would be quadratic. */
function trimChars(s: string, head: string, tail: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && head.includes(s[a])) a++;
  while (b > a && tail.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

/**
 * Turns a Python f-string or JS template into the path as a person would write it:
 * `{args.month}` and `${opts.month}` become `{month}`; other expressions stay as written.
 */
export function templatePath(body: string): string {
  return body
    .replace(/\$\{([^{}]*)\}/g, (_m, expr: string) => `{${simplifyExpr(expr)}}`)
    .replace(/(?<!\{)\{([^{}]*)\}(?!\})/g, (_m, expr: string) => `{${simplifyExpr(expr)}}`);
}

function simplifyExpr(expr: string): string {
  const e = expr.trim().replace(/[!:][^}]*$/, '');
  const chain = e.match(/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/);
  if (chain) return e.split('.').pop()!;
  const indexed = e.match(/^[A-Za-z_$][\w$.]*\[["']([\w-]+)["']\]$/);
  if (indexed) return indexed[1];
  return e;
}

/** Looks like a file path: has a folder separator or a file extension, and is not a number or an option. */
export function isPathLike(word: string): boolean {
  const w = word.trim();
  if (!w || w.startsWith('-') || /^[\d.,:]+$/.test(w) || (/^[a-z]+:\/\//i.test(w) && !/^(?:s3|gs|az|file):\/\//i.test(w))) return false;
  if (/^\$\{?\w+\}?$/.test(w) || /^\{[^}]*\}$/.test(w)) return false;
  if (/[<>|;&]/.test(w) || /\s{2,}/.test(w)) return false;
  return /[/\\]/.test(w) || /\.[A-Za-z][A-Za-z0-9]{0,5}$/.test(w);
}

/** The header comment of a script: the comment lines at its top, after a shebang, joined. */
export function headerComment(lines: string[], prefix: RegExp): string[] {
  const out: string[] = [];
  let i = 0;
  if (lines[0]?.startsWith('#!')) i = 1;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (/^\s*$/.test(l)) {
      if (out.length > 0) break;
      continue;
    }
    const m = l.match(prefix);
    if (!m) break;
    out.push(l.slice(m[0].length).trim());
  }
  return out.filter((l) => !/^-\*-.*-\*-$/.test(l) && !/^(?:shellcheck|eslint|pylint|type:|noqa)/i.test(l));
}

/** Splits header text into the usage line ("Usage: ...") and the description around it. */
export function usageAndDescription(header: string[]): { usage?: string; description?: string } {
  let usage: string | undefined;
  const kept: string[] = [];
  for (const line of header) {
    const m = line.match(/\busage:\s*(.*)$/i);
    if (m && usage === undefined) {
      usage = m[1].trim() || undefined;
      const before = line.slice(0, m.index).trim();
      if (before) kept.push(before);
      continue;
    }
    kept.push(line);
  }
  const paragraph: string[] = [];
  for (const l of kept) {
    if (!l.trim()) {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(l.trim());
  }
  const description = paragraph.join(' ').replace(/\s+/g, ' ').trim();
  return { usage, description: description ? clip(description, 400) : undefined };
}

export function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 3).trimEnd() + '...' : s;
}

/** 1-based line numbers of offsets into `text`. */
export function lineNumbers(text: string): (offset: number) => number {
  const index = new LineIndex(text);
  return (offset) => index.positionAt(offset).line + 1;
}
