import { extractOtherScript } from '../extract/otherScript';
import { scriptReader } from './scriptReader';

export const luaReader = scriptReader({
  id: 'lua',
  language: 'lua',
  extensions: ['lua'],
  findFacts: (text, path) => extractOtherScript(text, path, 'lua'),
});
