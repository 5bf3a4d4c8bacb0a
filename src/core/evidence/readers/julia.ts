import { extractOtherScript } from '../extract/otherScript';
import { scriptReader } from './scriptReader';

export const juliaReader = scriptReader({
  id: 'julia',
  language: 'julia',
  extensions: ['jl'],
  findFacts: (text, path) => extractOtherScript(text, path, 'julia'),
});
