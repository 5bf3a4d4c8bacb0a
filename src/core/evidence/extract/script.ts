import type { ScriptFacts } from '../types';
import { extractDockerfile, extractMakefile, extractNpmScripts } from './commandFiles';
import { extractJavaScript } from './javascript';
import { extractPowerShell } from './powershell';
import { extractPython } from './python';
import { analyzeShellLine, extractShell } from './shell';
import { extractSql } from './sql';
import { addExit, addThreshold, comparesAgainstLimit, emptyScriptFacts, headerComment, lineNumbers, usageAndDescription } from './scriptFacts';

/**
 * Facts from a script's text: how it is run, what it runs, reads and writes, its limits and its
 * exits. One extractor per language; `language` comes from classify.
 */
export function extractScript(text: string, path: string, language: string): ScriptFacts {
  // Minified or generated code (a vendored bundle) says nothing about how the work is done.
  if (longestLine(text) >= MAX_LINE_CHARS) return { ...emptyScriptFacts(language), description: 'minified or generated code: not analysed' };
  if (text.length <= MAX_ANALYSED_CHARS) return extractByLanguage(text, path, language);
  const cut = text.lastIndexOf('\n', MAX_ANALYSED_CHARS);
  const facts = extractByLanguage(text.slice(0, cut > 0 ? cut : MAX_ANALYSED_CHARS), path, language);
  const note = `Only its first ${MAX_ANALYSED_CHARS / 1024} KB were analysed for these facts.`;
  return { ...facts, description: facts.description ? `${facts.description} (${note})` : note };
}

function extractByLanguage(text: string, path: string, language: string): ScriptFacts {
  switch (language) {
    case 'shell':
    case 'bash':
    case 'zsh':
      return extractShell(text, path, 'shell');
    case 'python':
      return extractPython(text, path);
    case 'javascript':
    case 'typescript':
      return extractJavaScript(text, path, language);
    case 'powershell':
      return extractPowerShell(text, path);
    case 'sql':
      return extractSql(text, path);
    case 'make':
      return extractMakefile(text);
    case 'npm':
      return extractNpmScripts(text);
    case 'dockerfile':
      return extractDockerfile(text);
    default:
      return extractOther(text, path, language);
  }
}

/** Lines this long are generated code; the line-by-line analysis below also stays fast below it. */
const MAX_LINE_CHARS = 5000;
/** Scripts are analysed up to this size: real ones are far smaller, and the cost of the facts grows with it. */
const MAX_ANALYSED_CHARS = 256 * 1024;

function longestLine(text: string): number {
  let longest = 0;
  for (let start = 0; start <= text.length; ) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    longest = Math.max(longest, stop - start);
    start = stop + 1;
  }
  return longest;
}

/** Ruby, Perl, R, batch files: the header, `system`/backtick commands, `if` limits, exits and `die`. */
function extractOther(text: string, path: string, language: string): ScriptFacts {
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
  if (!facts.usage) facts.usage = `${language === 'batch' ? '' : `${language} `}${path}`.trim();
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

/** The facts as a few lines of text, for when a script's own text is cut to fit the budget. */
export function describeScriptFacts(f: ScriptFacts): string {
  const out: string[] = [];
  if (f.description) out.push(`What it does: ${f.description}`);
  if (f.usage) out.push(`Usage: ${f.usage}`);
  if (f.arguments.length) out.push(`Arguments: ${f.arguments.join(', ')}`);
  if (f.commands.length) out.push(`Runs: ${f.commands.join(' ; ')}`);
  if (f.inputs.length) out.push(`Reads: ${f.inputs.join(', ')}`);
  if (f.outputs.length) out.push(`Writes: ${f.outputs.join(', ')}`);
  if (f.thresholds.length) out.push(`Limits: ${f.thresholds.map((t) => `${t.text} (line ${t.line})`).join('; ')}`);
  if (f.exits.length) out.push(`Stops: ${f.exits.map((e) => `${e.code !== undefined ? `exit ${e.code} ` : ''}${e.text} (line ${e.line})`).join('; ')}`);
  return out.join('\n');
}
