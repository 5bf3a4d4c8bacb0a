import { extractMarkdown } from '../extract/document';
import type { TextReader } from './reader';

export const MARKDOWN_EXTENSIONS = ['md', 'markdown', 'mdown', 'mkd'];

export const markdownReader: TextReader = {
  id: 'markdown',
  kind: 'document',
  input: 'text',
  extensions: MARKDOWN_EXTENSIONS,
  read: (text) => ({ facts: extractMarkdown(text) }),
};
