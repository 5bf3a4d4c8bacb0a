import { scriptReaderFor } from '../readers';
import type { ScriptFacts } from '../types';
import { extractOtherScript } from './otherScript';
import { analyseScript } from './scriptLimits';

/**
 * Facts from a script's text: how it is run, what it runs, reads and writes, its limits and its
 * exits. `language` comes from classify; the script reader of that language finds the facts.
 */
export function extractScript(text: string, path: string, language: string): ScriptFacts {
  const reader = scriptReaderFor(language);
  if (reader) return analyseScript(text, language, (t) => reader.findFacts(t, path));
  return analyseScript(text, language, (t) => extractOtherScript(t, path, language));
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
