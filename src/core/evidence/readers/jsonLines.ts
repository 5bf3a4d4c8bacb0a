import { extractJson } from '../extract/data';
import { dataSummary, unparsedJson } from './dataReading';
import type { TextReader } from './reader';

export const jsonLinesReader: TextReader = {
  id: 'jsonl',
  kind: 'data',
  input: 'text',
  extensions: ['jsonl', 'ndjson'],
  summarisesLarge: true,
  read: (text, file) => {
    const facts = extractJson(text, true);
    return facts ? dataSummary(facts, file) : unparsedJson(text, file);
  },
};
