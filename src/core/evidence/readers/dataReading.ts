import { summarizeData } from '../extract/data';
import type { DataFacts } from '../types';
import type { Reading, ReadingFile } from './reader';

/** A data export becomes its summary (columns, rows, sums), saying when only its first part was read. */
export function dataSummary(facts: DataFacts, file: ReadingFile): Reading {
  if (file.partial) facts.partial = true;
  return { facts, text: summarizeData(facts, file.partialNote), summarized: true };
}

/**
 * JSON that does not parse: kept as plain text when whole; when only its first part was read (and so
 * cannot parse), its first characters are shown as data, saying why.
 */
export function unparsedJson(text: string, file: ReadingFile): Reading | undefined {
  if (!file.partial) return undefined;
  const facts: DataFacts = { type: 'data', format: 'json', columns: [], rowCount: 0, firstRows: [], sums: {}, partial: true };
  return { facts, text: `JSON: ${file.partialNote} It could not be parsed from that part; its first characters:\n${text.slice(0, 4000)}`, summarized: true };
}
