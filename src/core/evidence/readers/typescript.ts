import { extractJavaScript } from '../extract/javascript';
import { scriptReader } from './scriptReader';

export const typescriptReader = scriptReader({
  id: 'typescript',
  language: 'typescript',
  extensions: ['ts', 'mts', 'cts'],
  findFacts: (text, path) => extractJavaScript(text, path, 'typescript'),
});
