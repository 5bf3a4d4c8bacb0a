import { extractJavaScript } from '../extract/javascript';
import { scriptReader } from './scriptReader';

export const javascriptReader = scriptReader({
  id: 'javascript',
  language: 'javascript',
  extensions: ['js', 'mjs', 'cjs'],
  interpreters: ['node', 'deno', 'bun'],
  findFacts: (text, path) => extractJavaScript(text, path, 'javascript'),
});
