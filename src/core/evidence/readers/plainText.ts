import { extractPlainText } from '../extract/document';
import type { TextReader } from './reader';

export const plainTextReader: TextReader = {
  id: 'text',
  kind: 'document',
  input: 'text',
  extensions: ['txt', 'text', 'rst', 'adoc', 'asciidoc', 'org'],
  read: (text) => ({ facts: extractPlainText(text) }),
};
