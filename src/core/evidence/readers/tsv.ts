import { extractDelimited } from '../extract/data';
import { dataSummary } from './dataReading';
import type { TextReader } from './reader';

export const tsvReader: TextReader = {
  id: 'tsv',
  kind: 'data',
  input: 'text',
  extensions: ['tsv', 'tab'],
  summarisesLarge: true,
  read: (text, file) => dataSummary(extractDelimited(text, 'tsv', file.partial), file),
};
