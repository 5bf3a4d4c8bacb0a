import type { ScriptFacts } from '../types';
import { addExit, addThreshold, comparesAgainstLimit, emptyScriptFacts, headerComment, lineNumbers, usageAndDescription } from './scriptFacts';
import { analyzeShellLine } from './shell';

/**
 * Languages without a fact finder of their own (Ruby, Perl, R, batch files, Go, PHP, Lua, Julia): the
 * header, `system`/backtick commands, `if` limits, exits and `die`. `runner` is the command that runs
 * the file, for the usage line ('' when the file runs by itself).
 */
export function extractOtherScript(text: string, path: string, language: string, runner = language === 'batch' ? '' : language): ScriptFacts {
  const facts = emptyScriptFacts(language);
  const lines = text.split(/\r?\n/);
  Object.assign(facts, usageAndDescription(headerComment(lines, /^\s*(?:#+|REM\b|::|\/\/+)/i)));
  const lineOf = lineNumbers(text);
  for (const m of text.matchAll(/\bsystem\s*\(?\s*(["'])(.+?)\1|`([^`\n]+)`|%x\{([^}]+)\}/g)) {
    analyzeShellLine(m[2] ?? m[3] ?? m[4], lineOf(m.index!), facts);
  }
  lines.forEach((line, i) => {
    const cond = conditionOf(line);
    if (cond && comparesAgainstLimit(cond)) addThreshold(facts, cond.trim(), i + 1);
    const exit = line.match(/\b(?:exit|quit)\s*\(?\s*(?:status\s*=\s*)?(\d+)|\bdie\s+(.+?);?$|\bexit\s+\/b\s+(\d+)/i);
    if (exit) {
      const code = exit[1] ?? exit[3];
      if (code === '0') return;
      addExit(facts, { code: code !== undefined ? Number(code) : 1, text: line.trim(), line: i + 1 });
    }
  });
  if (!facts.usage) facts.usage = `${runner ? `${runner} ` : ''}${path}`.trim();
  return facts;
}

/** The condition of an `if`/`unless`/`while` line: the rest of the line without `then`, `do`, `{` or `:` and brackets. */
function conditionOf(line: string): string | undefined {
  const head = /\b(?:if|unless|while)\b\s*\(?/i.exec(line);
  if (!head) return undefined;
  let rest = line.slice(head.index + head[0].length).trimEnd();
  const tail = /(?:then|do|\{|:)$/i.exec(rest.slice(-4));
  if (tail) rest = rest.slice(0, rest.length - tail[0].length).trimEnd();
  if (rest.endsWith(')')) rest = rest.slice(0, -1);
  return rest || undefined;
}
