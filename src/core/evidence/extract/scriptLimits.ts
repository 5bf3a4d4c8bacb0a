import type { ScriptFacts } from '../types';
import { emptyScriptFacts } from './scriptFacts';

/** Lines this long are generated code; the line-by-line analysis of every language also stays fast below it. */
const MAX_LINE_CHARS = 5000;
/** Scripts are analysed up to this size: real ones are far smaller, and the cost of the facts grows with it. */
const MAX_ANALYSED_CHARS = 256 * 1024;

/**
 * Runs one language's fact finder within the limits every script reader shares: minified code is not
 * analysed, and a very long script only for its first part (the facts say so).
 */
export function analyseScript(text: string, language: string, findFacts: (text: string) => ScriptFacts): ScriptFacts {
  // Minified or generated code (a vendored bundle) says nothing about how the work is done.
  if (longestLine(text) >= MAX_LINE_CHARS) return { ...emptyScriptFacts(language), description: 'minified or generated code: not analysed' };
  if (text.length <= MAX_ANALYSED_CHARS) return findFacts(text);
  const cut = text.lastIndexOf('\n', MAX_ANALYSED_CHARS);
  const facts = findFacts(text.slice(0, cut > 0 ? cut : MAX_ANALYSED_CHARS));
  const note = `Only its first ${MAX_ANALYSED_CHARS / 1024} KB were analysed for these facts.`;
  return { ...facts, description: facts.description ? `${facts.description} (${note})` : note };
}

function longestLine(text: string): number {
  let longest = 0;
  for (let start = 0; start <= text.length;) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    longest = Math.max(longest, stop - start);
    start = stop + 1;
  }
  return longest;
}
