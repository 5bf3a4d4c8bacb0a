import type { ScriptFacts } from '../types';
import { addExit, addThreshold, addUnique, comparesAgainstLimit, emptyScriptFacts, usageAndDescription } from './scriptFacts';

/**
 * Facts from SQL files: how they are run (a psql/sqlcmd line in the header comment), the tables read
 * and written, parameters (`:month`, `@month`), limits in WHERE/HAVING, and errors raised.
 */

const RUNNERS = /^(?:psql|mysql|sqlite3|duckdb|sqlcmd|bq|snowsql|clickhouse(?:-client)?|mssql-cli|trino|spark-sql)\b/;
const RESERVED = new Set(['select', 'lateral', 'unnest', 'generate_series', 'values', 'dual', 'the', 'a', 'an']);

/** The SQL with comments and string contents blanked (offsets kept), so keywords inside them do not count. */
function codeOnly(sql: string): string {
  return blankBlockComments(sql.replace(/--[^\n]*/g, (m) => ' '.repeat(m.length))).replace(
    /'(?:[^']|'')*'/g,
    (m) => `'${' '.repeat(Math.max(0, m.length - 2))}'`,
  );
}

/** `/* … *\/` blanked by position (an unclosed one runs to the end): a lazy regex retried at every `/*` is quadratic. */
function blankBlockComments(sql: string): string {
  let out = '';
  let from = 0;
  for (let open = sql.indexOf('/*'); open >= 0; open = sql.indexOf('/*', from)) {
    const close = sql.indexOf('*/', open + 2);
    const end = close < 0 ? sql.length : close + 2;
    out += sql.slice(from, open) + sql.slice(open, end).replace(/[^\n]/g, ' ');
    from = end;
  }
  return out + sql.slice(from);
}

export function extractSql(text: string, path: string): ScriptFacts {
  const facts = emptyScriptFacts('sql');
  const lines = text.split(/\r?\n/);
  const header: string[] = [];
  for (const l of lines) {
    const m = l.match(/^\s*--\s?(.*)$/);
    if (!m) {
      if (l.trim() === '' && header.length === 0) continue;
      break;
    }
    if (RUNNERS.test(m[1].trim()) && !facts.usage) facts.usage = m[1].trim();
    else header.push(m[1]);
  }
  const ud = usageAndDescription(header);
  facts.usage ??= ud.usage;
  facts.description = ud.description;
  if (facts.usage) analyzeRunner(facts.usage, path, facts);

  const code = codeOnly(text);
  const codeLines = code.split('\n');
  const table = '((?:"[^"]+"|`[^`]+`|\\[[^\\]]+\\]|[A-Za-z_][\\w$]*)(?:\\.(?:"[^"]+"|`[^`]+`|\\[[^\\]]+\\]|[A-Za-z_][\\w$]*))*)';
  const add = (list: string[], name: string) => {
    if (!RESERVED.has(name.toLowerCase())) addUnique(list, `table ${name}`);
  };
  for (const m of code.matchAll(new RegExp(`\\b(?:FROM|JOIN)\\s+${table}`, 'gi'))) add(facts.inputs, m[1]);
  for (const m of code.matchAll(
    new RegExp(
      `\\b(?:INSERT\\s+(?:INTO\\s+)?|UPDATE\\s+|DELETE\\s+FROM\\s+|MERGE\\s+INTO\\s+|CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMP(?:ORARY)?\\s+)?(?:TABLE|VIEW|MATERIALIZED\\s+VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?|TRUNCATE\\s+(?:TABLE\\s+)?)${table}`,
      'gi',
    ),
  )) {
    add(facts.outputs, m[1]);
  }
  // COPY … FROM 'file' and \copy … to 'file' name files, which matter more than tables.
  for (const m of text.matchAll(/\\?copy\s+[^;']{0,400}?\b(from|to)\s+'([^']+)'/gi)) {
    if (/^stdin$|^stdout$/i.test(m[2])) continue;
    addUnique(m[1].toLowerCase() === 'from' ? facts.inputs : facts.outputs, m[2]);
  }
  // [ \t]*, not \s*: at every line start \s* would run across all the blank lines that follow.
  for (const m of text.matchAll(/^[ \t]*\\(?:i|ir|include)[ \t]+(\S+)/gim)) addUnique(facts.commands, `\\i ${m[1]}`);
  for (const m of text.matchAll(/^[ \t]*\\o[ \t]+(\S+)/gim)) addUnique(facts.outputs, m[1]);

  for (const m of code.matchAll(/(?<![:\w]):(?:'|")?([A-Za-z_]\w*)/g)) addUnique(facts.arguments, `:${m[1]}`);
  for (const m of code.matchAll(/(?<![@\w])@([A-Za-z_]\w*)/g)) addUnique(facts.arguments, `@${m[1]}`);
  for (const m of code.matchAll(/\$\{(\w+)\}|\{\{\s*(\w+)\s*\}\}/g)) addUnique(facts.arguments, m[1] ?? m[2]);

  codeLines.forEach((line, i) => {
    const original = lines[i] ?? line;
    for (const c of conditions(line)) {
      const clause = original.slice(c.start + c.keyword.length, c.end).trim();
      if (comparesAgainstLimit(line.slice(c.bodyStart, c.end))) addThreshold(facts, `${c.keyword.toUpperCase()} ${clause}`, i + 1);
    }
    if (/\\set\s+ON_ERROR_STOP\s+(?:on|1|true)/i.test(original)) addExit(facts, { text: `${original.trim()}: psql stops at the first error`, line: i + 1 });
    const raise = original.match(/\b(RAISE\s+EXCEPTION|THROW|RAISERROR|SIGNAL\s+SQLSTATE)\b\s*(.*)$/i);
    if (raise) {
      const guard = ifGuard(codeLines.slice(Math.max(0, i - 3), i + 1).join(' '));
      addExit(facts, {
        text: [guard ? `if ${guard.trim()}` : undefined, `${raise[1].toUpperCase()} ${raise[2].trim().replace(/;$/, '')}`].filter(Boolean).join(' — '),
        line: i + 1,
      });
    }
  });
  if (!facts.usage) facts.usage = `psql -f ${path}`;
  return facts;
}

function analyzeRunner(usage: string, path: string, facts: ScriptFacts): void {
  for (const m of usage.matchAll(/(?:^|\s)(?:-f|--file|-i)\s+(\S+)/g)) {
    const file = m[1].replace(/^["']|["']$/g, '');
    if (file !== path && !path.endsWith('/' + file)) addUnique(facts.inputs, file);
  }
  for (const m of usage.matchAll(/(?:^|\s)(?:-o|--output)\s+(\S+)/g)) addUnique(facts.outputs, m[1].replace(/^["']|["']$/g, ''));
  for (const m of usage.matchAll(/(?:^|\s)(?:-v|--set|--variable)\s+(\w+)=/g)) addUnique(facts.arguments, `:${m[1]}`);
}

/**
 * Where a condition that starts at `from` ends: before the whitespace that precedes the first of `stops` (a
 * keyword preceded by whitespace, or `;`), or at the end of the line. A scan, not a lazy `.+?` with a
 * `\s+` look-ahead, which is quadratic on long runs of spaces.
 */
function conditionEnd(line: string, from: number, stops: RegExp): number {
  stops.lastIndex = from;
  for (let m = stops.exec(line); m; m = stops.exec(line)) {
    if (m[0] === ';') return m.index;
    let start = m.index;
    while (start > from && /\s/.test(line[start - 1])) start--;
    if (start < m.index) return start;
    stops.lastIndex = m.index + 1;
  }
  return line.length;
}

const CONDITION_KEYWORD = /\b(WHERE|HAVING|AND|OR|ON|WHEN|IF)\b\s+/gi;
const CONDITION_STOP = /\b(?:AND|OR|THEN|GROUP|ORDER|LIMIT)\b|;/gi;

/** The conditions in a line of SQL: `WHERE amount > 100`, `AND days > 30`, each up to the next keyword or `;`. */
function conditions(line: string): Array<{ keyword: string; start: number; bodyStart: number; end: number }> {
  const found: Array<{ keyword: string; start: number; bodyStart: number; end: number }> = [];
  CONDITION_KEYWORD.lastIndex = 0;
  for (let m = CONDITION_KEYWORD.exec(line); m; m = CONDITION_KEYWORD.exec(line)) {
    const bodyStart = m.index + m[0].length;
    if (bodyStart >= line.length) break;
    const end = conditionEnd(line, bodyStart + 1, CONDITION_STOP);
    found.push({ keyword: m[1], start: m.index, bodyStart, end });
    CONDITION_KEYWORD.lastIndex = end;
  }
  return found;
}

/** The condition of `IF … THEN` in a few lines of procedural SQL. */
function ifGuard(text: string): string | undefined {
  const m = /\bIF\s+/i.exec(text);
  if (!m) return undefined;
  const bodyStart = m.index + m[0].length;
  const end = conditionEnd(text, bodyStart + 1, /\bTHEN\b/gi);
  return end < text.length ? text.slice(bodyStart, end) : undefined;
}
