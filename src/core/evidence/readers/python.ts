import { extractPython } from '../extract/python';
import { scriptReader } from './scriptReader';

export const pythonReader = scriptReader({
  id: 'python',
  language: 'python',
  extensions: ['py', 'pyw'],
  interpreters: ['python'],
  findFacts: extractPython,
});
