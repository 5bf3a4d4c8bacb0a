import { extractDelimited } from '../extract/data';
import { dataSummary } from './dataReading';
import type { TextReader } from './reader';

export const csvReader: TextReader = {
  id: 'csv',
  kind: 'data',
  input: 'text',
  extensions: ['csv'],
  summarisesLarge: true,
  read: (text, file) => dataSummary(extractDelimited(text, 'csv', file.partial), file),
};
