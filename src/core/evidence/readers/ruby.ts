import { extractOtherScript } from '../extract/otherScript';
import { scriptReader } from './scriptReader';

export const rubyReader = scriptReader({
  id: 'ruby',
  language: 'ruby',
  extensions: ['rb'],
  interpreters: ['ruby'],
  findFacts: (text, path) => extractOtherScript(text, path, 'ruby'),
});
