import { extractShell } from '../extract/shell';
import { scriptReader } from './scriptReader';

export const shellReader = scriptReader({
  id: 'shell',
  language: 'shell',
  extensions: ['sh', 'bash', 'zsh', 'ksh'],
  interpreters: ['sh', 'bash', 'zsh', 'ksh', 'dash'],
  findFacts: (text, path) => extractShell(text, path, 'shell'),
});
