import { extractHtml } from '../extract/document';
import type { TextReader } from './reader';

export const htmlReader: TextReader = {
  id: 'html',
  kind: 'document',
  input: 'text',
  extensions: ['html', 'htm'],
  read: (text) => extractHtml(text),
};
