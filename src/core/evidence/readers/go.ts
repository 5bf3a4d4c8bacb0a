import { extractOtherScript } from '../extract/otherScript';
import { scriptReader } from './scriptReader';

/** Go programs are run with `go run`; their facts come from the generic script reading. */
export const goReader = scriptReader({
  id: 'go',
  language: 'go',
  extensions: ['go'],
  findFacts: (text, path) => extractOtherScript(text, path, 'go', 'go run'),
});
