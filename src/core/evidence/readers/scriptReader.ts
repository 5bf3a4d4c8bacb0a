import { analyseScript } from '../extract/scriptLimits';
import type { ScriptReader } from './reader';

/** A script reader from its claims and its language's fact finder, within the limits all scripts share. */
export function scriptReader(spec: Omit<ScriptReader, 'kind' | 'input' | 'read'>): ScriptReader {
  return {
    ...spec,
    kind: 'script',
    input: 'text',
    read: (text, file) => ({ facts: analyseScript(text, spec.language, (t) => spec.findFacts(t, file.path)) }),
  };
}
