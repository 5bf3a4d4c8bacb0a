import { parse as parseCsv } from 'csv-parse/sync';
import type { DataFacts } from '../types';
import { addCounts, redactSecrets } from '../redact';
import { secretCellFits, secretColumnKind } from '../secrets/table-cells';
import { markerFor } from '../secrets/values';
import { refuseArchive } from './archive';

/**
 * Data exports (CSV, TSV, JSON, XLSX) read into columns, a row count, the first rows and the sums of
 * numeric columns. A model sees a compact summary, never the whole export.
 */

export interface DataResult {
  facts: DataFacts;
  /** The summary a model sees. */
  text: string;
  redactions: Record<string, number>;
}

const FIRST_ROWS = 5;

/** An amount as exports write it: "1,234.50", "1.234,50", "-20.00", "€12", "(45.00)", "20.00-", "12 EUR". */
export function parseAmount(cell: string): { value: number; decimals: number } | undefined {
  let v = cell.trim().replace(/[\u00a0\u202f\u2009]/g, ' ');
  if (!v || v.length > 30) return undefined;
  let negative = false;
  if (/^\(.*\)$/.test(v)) {
    negative = true;
    v = v.slice(1, -1).trim();
  }
  const sign = () => {
    const m = v.match(/^([-+\u2212])\s*/);
    if (m) {
      if (m[1] !== '+') negative = !negative;
      v = v.slice(m[0].length);
    }
  };
  sign();
  v = v
    .replace(/^(?:[A-Z]{3}\s?|[€$£¥₹])/, '')
    .replace(/(?:\s?[A-Z]{3}|\s?[€$£¥₹])$/, '')
    .trim();
  sign();
  if (/\d-$/.test(v)) {
    negative = !negative;
    v = v.slice(0, -1);
  }
  if (!/^\d[\d ,.']*$/.test(v) || !/\d$/.test(v)) return undefined;
  // Leading zeros mark codes (account numbers, postcodes), not amounts.
  if (/^0\d/.test(v)) return undefined;
  let normalized: string;
  const hasComma = v.includes(',');
  const hasDot = v.includes('.');
  const grouped = (sep: string) => new RegExp(`^\\d{1,3}(?:${sep}\\d{3})+$`);
  if (/[ ']/.test(v)) {
    const m = v.match(/^(\d{1,3}(?:[ ']\d{3})+)(?:([.,])(\d+))?$/);
    if (!m) return undefined;
    normalized = m[1].replace(/[ ']/g, '') + (m[3] ? `.${m[3]}` : '');
  } else if (hasComma && hasDot) {
    const decimal = v.lastIndexOf(',') > v.lastIndexOf('.') ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    const [intPart, frac] = v.split(decimal);
    if (v.split(decimal).length !== 2 || !grouped(thousands === '.' ? '\\.' : ',').test(intPart)) return undefined;
    normalized = `${intPart.split(thousands).join('')}.${frac}`;
  } else if (hasComma) {
    if (grouped(',').test(v)) normalized = v.replace(/,/g, '');
    else if (/^\d+,\d+$/.test(v)) normalized = v.replace(',', '.');
    else return undefined;
  } else if (hasDot) {
    if (/^\d{1,3}(?:\.\d{3}){2,}$/.test(v)) normalized = v.replace(/\./g, '');
    else if (/^\d+\.\d+$/.test(v)) normalized = v;
    else return undefined;
  } else normalized = v;
  const value = Number(normalized);
  if (!Number.isFinite(value)) return undefined;
  const decimals = normalized.includes('.') ? normalized.split('.')[1].length : 0;
  return { value: negative ? -value : value, decimals };
}

/** Columns whose numbers are identifiers, calendar parts or running balances: summing them means nothing. */
const NOT_SUMMED =
  /(?:^|[_\s.-])(?:id|ids|no|nr|num|number|code|zip|postcode|postal|phone|year|month|day|week|sku|ref|reference|account|iban|invoice|version|rank|row|index|balance)$|[a-z]Id$|ID$|^#$/i;
const EMPTYISH = /^(?:|-|–|—|n\/a|na|null|none)$/i;

function sumsOf(columns: string[], rows: unknown[][]): Record<string, number> {
  const sums: Record<string, number> = {};
  columns.forEach((name, c) => {
    if (name === '' || NOT_SUMMED.test(name.trim())) return;
    let total = 0;
    let decimals = 0;
    let seen = 0;
    for (const row of rows) {
      const cell = row[c];
      if (typeof cell === 'number') {
        total += cell;
        seen++;
        decimals = Math.max(decimals, Math.min(4, (String(cell).split('.')[1] ?? '').length));
        continue;
      }
      // A nested value is not an amount (and String() of it recurses without limit).
      if (typeof cell === 'object' && cell !== null) return;
      const text = cell === undefined || cell === null ? '' : String(cell).trim();
      if (EMPTYISH.test(text)) continue;
      const n = parseAmount(text);
      if (!n) return;
      total += n.value;
      decimals = Math.max(decimals, n.decimals);
      seen++;
    }
    if (seen > 0) sums[name] = Number(total.toFixed(decimals));
  });
  return sums;
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime())
      ? ''
      : cell
          .toISOString()
          .replace(/T00:00:00\.000Z$/, '')
          .replace(/\.000Z$/, 'Z');
  if (typeof cell === 'object') return compactJson(cell);
  return String(cell);
}

/** Levels of a nested JSON value shown in a cell; deeper ones become `{…}` / `[…]`. */
const CELL_DEPTH = 8;
const CELL_CHARS = 400;

/**
 * A JSON value as JSON text, cut at `CELL_DEPTH` levels and about `CELL_CHARS` characters:
 * JSON.stringify recurses without limit and overflows the stack on deeply nested exports.
 */
export function compactJson(value: unknown, depth = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const isArray = Array.isArray(value);
  if (depth >= CELL_DEPTH) return isArray ? '[…]' : '{…}';
  let out = isArray ? '[' : '{';
  const keys = isArray ? undefined : Object.keys(value);
  const count = keys ? keys.length : (value as unknown[]).length;
  for (let i = 0; i < count; i++) {
    if (out.length > CELL_CHARS) {
      out += ',…';
      break;
    }
    const v = keys ? (value as Record<string, unknown>)[keys[i]] : (value as unknown[])[i];
    out += (i > 0 ? ',' : '') + (keys ? `${JSON.stringify(keys[i])}:` : '') + compactJson(v, depth + 1);
  }
  return out + (isArray ? ']' : '}');
}

/** The summary a model sees: what the export is, its columns, the first rows as a table, the sums. */
export function summarizeData(facts: DataFacts, note?: string): string {
  const kind = facts.format.toUpperCase();
  const rows = `${facts.partial ? 'at least ' : ''}${facts.rowCount} row${facts.rowCount === 1 ? '' : 's'}`;
  const lines = [
    `${kind}${facts.sheet ? ` (sheet "${facts.sheet}")` : ''}: ${rows}, ${facts.columns.length} column${facts.columns.length === 1 ? '' : 's'}: ${facts.columns.join(', ')}`,
  ];
  if (note) lines.push(note);
  if (facts.firstRows.length > 0 && facts.columns.length > 0) {
    const cell = (s: string) => (s.length > 40 ? s.slice(0, 37) + '...' : s).replace(/\|/g, '\\|').replace(/\s+/g, ' ');
    lines.push(`First ${facts.firstRows.length} row${facts.firstRows.length === 1 ? '' : 's'}:`);
    lines.push(`| ${facts.columns.map(cell).join(' | ')} |`);
    lines.push(`|${facts.columns.map(() => ' --- ').join('|')}|`);
    for (const r of facts.firstRows) lines.push(`| ${facts.columns.map((_, i) => cell(r[i] ?? '')).join(' | ')} |`);
  }
  const sums = Object.entries(facts.sums);
  if (sums.length > 0) lines.push(`Sums${facts.partial ? ' (of the rows read)' : ''}: ${sums.map(([k, v]) => `${k} ${v}`).join('; ')}`);
  return lines.join('\n');
}

function sniffDelimiter(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const outside = first.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t', '|'].map((d) => ({ d, n: outside.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].n > 0 ? counts[0].d : ',';
}

function table(format: DataFacts['format'], records: unknown[][], partial: boolean, sheet?: string): DataFacts {
  // Exports often start with a few lines of preamble ("Account: …"): the header is the first row as
  // wide as most rows.
  const freq = new Map<number, number>();
  for (const r of records.slice(0, 30)) freq.set(r.length, (freq.get(r.length) ?? 0) + 1);
  const common = [...freq.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
  const headerAt = Math.max(
    0,
    records.slice(0, 30).findIndex((r) => r.length === common && r.some((c) => cellText(c).trim())),
  );
  const header = (records[headerAt] ?? []).map((c, i) => cellText(c).trim() || `column ${i + 1}`);
  const body = records.slice(headerAt + 1).filter((r) => r.some((c) => cellText(c).trim()));
  // Every value of a column named password, secret, token, api_key or PIN is hidden, whatever it looks like.
  const secretColumns = header.map(secretColumnKind);
  const shown = (i: number, cell: unknown) => {
    const text = cellText(cell);
    const kind = secretColumns[i];
    return kind && !text.includes('[redacted: ') && secretCellFits(kind, text.trim()) ? markerFor(kind) : text;
  };
  return {
    type: 'data',
    format,
    columns: header,
    rowCount: body.length,
    firstRows: body.slice(0, FIRST_ROWS).map((r) => header.map((_, i) => shown(i, r[i]))),
    // A sum of one row's PIN is the PIN: secret columns are not summed.
    sums: sumsOf(
      header.map((h, i) => (secretColumns[i] ? '' : h)),
      body,
    ),
    ...(sheet ? { sheet } : {}),
    ...(partial ? { partial: true } : {}),
  };
}

/** CSV or TSV text (already redacted); `partial` when it is the first part of a larger file. */
export function extractDelimited(text: string, format: 'csv' | 'tsv', partial = false): DataFacts {
  let body = text.replace(/^\uFEFF/, '');
  // A cut file ends in the middle of a row: drop that last line.
  if (partial) body = body.slice(0, Math.max(0, body.lastIndexOf('\n')));
  const records = parseCsv(body, {
    delimiter: format === 'tsv' ? '\t' : sniffDelimiter(body),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  }) as string[][];
  return table(format, records, partial);
}

/** Lines that are not JSON are skipped; after this many the rest of the file is not tried (each failure costs). */
const MAX_BAD_JSON_LINES = 1000;

function jsonLinesOf(text: string): unknown[] {
  const records: unknown[] = [];
  let bad = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as unknown);
    } catch {
      if (++bad >= MAX_BAD_JSON_LINES) break;
    }
  }
  return records;
}

/** JSON (an array of records, an object holding one, or an object) or JSON Lines; undefined when it does not parse. */
export function extractJson(text: string, jsonLines: boolean): DataFacts | undefined {
  let value: unknown;
  try {
    value = jsonLines ? jsonLinesOf(text) : (JSON.parse(text.replace(/^\uFEFF/, '')) as unknown);
  } catch {
    return undefined;
  }
  let records: unknown[] | undefined;
  let sheet: string | undefined;
  if (Array.isArray(value)) records = value;
  else if (value && typeof value === 'object') {
    const arrays = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => Array.isArray(v) && v.some((x) => x && typeof x === 'object' && !Array.isArray(x)),
    );
    arrays.sort((a, b) => (b[1] as unknown[]).length - (a[1] as unknown[]).length);
    if (arrays.length > 0) {
      records = arrays[0][1] as unknown[];
      sheet = arrays[0][0];
    }
  }
  if (records) {
    const objects = records.filter((r): r is Record<string, unknown> => !!r && typeof r === 'object' && !Array.isArray(r));
    if (objects.length === 0) return table('json', [['value'], ...records.map((r) => [r])], false, sheet);
    const columns: string[] = [];
    for (const o of objects.slice(0, 200)) for (const k of Object.keys(o)) if (!columns.includes(k)) columns.push(k);
    return { ...table('json', [columns, ...objects.map((o) => columns.map((c) => o[c]))], false), ...(sheet ? { sheet } : {}) };
  }
  const obj = (value ?? {}) as Record<string, unknown>;
  const columns = typeof value === 'object' && value ? Object.keys(obj) : ['value'];
  const row = typeof value === 'object' && value ? columns.map((c) => cellText(obj[c])) : [cellText(value)];
  return { type: 'data', format: 'json', columns, rowCount: 1, firstRows: [row.map((c) => (c.length > 200 ? c.slice(0, 197) + '...' : c))], sums: {} };
}

/** Rows of a sheet that can become its header or first rows (see `table`); only these are shown, so only these are redacted. */
const SHOWN_ROWS = 40;

/**
 * The first sheet with data of an XLSX workbook, the cells shown redacted. Throws, with the reason in
 * words, for a workbook that expands too far to read.
 */
export async function extractXlsx(bytes: Uint8Array): Promise<{ facts: DataFacts; otherSheets: string[]; redactions: Record<string, number> }> {
  const refused = refuseArchive(bytes, 'XLSX');
  if (refused) throw new Error(refused);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  // The workbook reader loads with the first .xlsx, not with the other readers.
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  const sheets = await readXlsxFile(buffer);
  const chosen = sheets.find((s) => s.data.some((r) => r.some((c) => c !== null && cellText(c).trim()))) ?? sheets[0];
  const redactions: Record<string, number> = {};
  const rows = (chosen?.data ?? []).map((r, i) =>
    r.map((c) => {
      if (typeof c !== 'string') return c;
      // Cells further down are only counted and summed, never shown.
      if (i >= SHOWN_ROWS) return c;
      const red = redactSecrets(c);
      addCounts(redactions, red.counts);
      return red.text;
    }),
  );
  const facts = table('xlsx', rows as unknown[][], false, chosen?.sheet);
  return { facts, otherSheets: sheets.filter((s) => s !== chosen).map((s) => s.sheet), redactions };
}
