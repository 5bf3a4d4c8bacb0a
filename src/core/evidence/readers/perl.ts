import { extractOtherScript } from '../extract/otherScript';
import { scriptReader } from './scriptReader';

export const perlReader = scriptReader({
  id: 'perl',
  language: 'perl',
  extensions: ['pl'],
  interpreters: ['perl'],
  findFacts: (text, path) => extractOtherScript(text, path, 'perl'),
});
