import { extractOtherScript } from '../extract/otherScript';
import { scriptReader } from './scriptReader';

export const phpReader = scriptReader({
  id: 'php',
  language: 'php',
  extensions: ['php'],
  findFacts: (text, path) => extractOtherScript(text, path, 'php'),
});
