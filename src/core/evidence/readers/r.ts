import { extractOtherScript } from '../extract/otherScript';
import { scriptReader } from './scriptReader';

export const rReader = scriptReader({
  id: 'r',
  language: 'r',
  extensions: ['r'],
  findFacts: (text, path) => extractOtherScript(text, path, 'r'),
});
