import { extractXlsx, summarizeData } from '../extract/data';
import { sensitiveContent } from '../sensitive';
import type { BytesReader } from './reader';

/** An Excel workbook: the first sheet, summarised; a sheet that holds secrets leaves the file out. */
export const xlsxReader: BytesReader = {
  id: 'xlsx',
  kind: 'data',
  input: 'bytes',
  extensions: ['xlsx'],
  tooLargeHint: 'export the sheet as CSV to include a summary of it',
  read: async (bytes, file) => {
    const x = await extractXlsx(bytes);
    const summary = summarizeData(x.facts);
    const secret = sensitiveContent(summary);
    if (secret) return secret;
    if (x.otherSheets.length > 0) file.note(`${file.path}: read sheet "${x.facts.sheet}"; other sheets not read: ${x.otherSheets.join(', ')}`);
    return { facts: x.facts, text: summary, redactions: x.redactions, summarized: true };
  },
};
