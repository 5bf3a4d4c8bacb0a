import { secretKindForName } from './names';
import type { SecretFinding, SecretRule } from './types';
import { MASK_CHAR, PLAIN_WORDS, isPlaceholder, looksLikeLabelledToken, looksRandom } from './values';
import { matchesOf } from './matches';

/**
 * Secrets in tables: a CSV, TSV, Markdown or HTML table whose header names a column password, secret, token,
 * api_key or PIN (every value in that column goes, as in a user import), and a row whose label cell says
 * password, Wi-Fi, PSK, door code or token (as in an onboarding page: "Guest Wi-Fi | tunnel-tunnel-7818",
 * also after HTML is turned into aligned text). Plain words in such cells stay ("see the vault", "Dell").
 */
interface Cell {
  start: number;
  end: number;
  text: string;
}

const MAX_LINE = 2000;
const MAX_ROWS = 5000;

/** Cells of one delimited line, quotes removed; `"a,b"` is one cell. Linear in the line. */
function delimitedCells(line: string, offset: number, delimiter: string): Cell[] {
  const cells: Cell[] = [];
  let i = 0;
  while (i <= line.length) {
    let start = i;
    let end: number;
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      if (close === -1) return [];
      start = i + 1;
      end = close;
      i = close + 1;
      while (i < line.length && line[i] !== delimiter) i++;
    } else {
      const next = line.indexOf(delimiter, i);
      end = next === -1 ? line.length : next;
      i = end;
    }
    const raw = line.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    cells.push({ start: offset + start + lead, end: offset + start + lead + text.length, text });
    i++;
  }
  return cells;
}

/** Cells of a Markdown row (`| a | b |`), an HTML row (`<td>a</td><td>b</td>`) or a delimited line. */
function cellsOf(line: string, offset: number, delimiter: string): Cell[] {
  if (delimiter === '|') {
    const inner = /^([ \t]*\|)(.*?)\|?[ \t]*$/.exec(line);
    return inner ? delimitedCells(inner[2], offset + inner[1].length, '|') : [];
  }
  if (delimiter === '<td>') {
    const cells: Cell[] = [];
    for (const m of matchesOf(/<t[dh](?:[ \t][^>]{0,200})?>([^<]{0,400})<\/t[dh]>/gi, line)) {
      const text = m[1].trim();
      const start = offset + (m.index ?? 0) + m[0].indexOf('>') + 1 + (m[1].length - m[1].trimStart().length);
      cells.push({ start, end: start + text.length, text });
    }
    return cells;
  }
  return delimitedCells(line, offset, delimiter);
}

function delimiterOf(line: string): string | undefined {
  if (/^[ \t]*\|/.test(line)) return '|';
  if (/<t[dh][\s>]/i.test(line)) return '<td>';
  const counts = ['\t', ',', ';'].map((d) => [d, line.split(d).length - 1] as const).filter(([, n]) => n > 0);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]?.[0];
}

// A header cell is a short name (`api_key`, `Client secret`, `PIN`), never a sentence.
const HEADER_CELL = /^["'`*_]{0,2}[\p{L}\d_.()#/-]{1,30}(?: [\p{L}\d_.()#/-]{1,30}){0,2}["'`*_:]{0,3}$/u;

export type ColumnKind = 'password' | 'secret value' | 'PIN';

/** What a column named `header` holds when it is a secret (`password`, `api_key`, `PIN`), else undefined. */
export function secretColumnKind(header: string): ColumnKind | undefined {
  const name = header.replace(/^["'`*_]+|["'`*_:]+$/g, '').trim();
  if (name.length === 0 || name.length > 40) return undefined;
  if (/^(?:pin|pin[ _-]?code|pincode)$/i.test(name)) return 'PIN';
  const kind = secretKindForName(name.replace(/[\s-]+/g, '_'));
  return kind ?? (/^(?:psk|wi-?fi key|wpa key|community(?: string)?)$/i.test(name) ? 'password' : undefined);
}

/** Whether a cell of such a column holds a value to hide, rather than a placeholder or a note. */
export function secretCellFits(kind: ColumnKind, v: string): boolean {
  if (v.length === 0 || v.includes(MASK_CHAR) || isPlaceholder(v) || PLAIN_WORDS.test(v)) return false;
  if (kind === 'PIN') return /^\d{4,12}[#*]?$/.test(v);
  if (kind === 'secret value') return looksLikeLabelledToken(v) || looksRandom(v, 12);
  return v.length >= 3 && !/^(?:https?:|\/|~\/)/.test(v) && !/^[A-Za-z]+(?:[ \t]+[A-Za-z]+){2,}$/.test(v);
}

// A word that a secret column's header or a row's label holds; lines without one are skipped unread.
const CELL_HINT = /pass|pwd|pw|secret|token|key|pin|psk|auth|cred|communit|sig|sas|pat|wi-?fi|wlan|wpa|code|kennwort|senha|contrase/i;

// A row whose first cell names what the value cell holds.
const ROW_LABEL =
  /\b(?:passwor[dt]|kennwort|passphrase|passcode|psk|pre-?shared key|wi-?fi|wlan|wpa2?|community(?: string)?|(?:door|alarm|gate|keypad|safe|entry|access|locker)[ -]?code|pin(?: code)?|api[ _-]?key|token|secret|key)\b/i;

function rowLabelKind(label: string): ColumnKind | undefined {
  const m = ROW_LABEL.exec(label);
  if (!m || label.length > 60 || /[<>="{}]/.test(label)) return undefined;
  const word = m[0].toLowerCase();
  if (/code$|^pin/.test(word)) return 'PIN';
  if (/key$|token|secret/.test(word) && !/shared key|wi-?fi/.test(label.toLowerCase())) return 'secret value';
  return 'password';
}

/** A row's value as a password: one token with a digit or a symbol (`tunnel-tunnel-7818`), not a word or an address. */
function rowValueFits(kind: ColumnKind, v: string): boolean {
  if (!secretCellFits(kind, v) || /\s/.test(v)) return false;
  if (kind !== 'password') return true;
  return v.length >= 6 && /\d|[^\w.-]/.test(v) && !/^[\w.+-]+@[\w-]+\./.test(v) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(v);
}

interface Line {
  text: string;
  start: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let at = 0;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    lines.push({ text: text.slice(at, end).replace(/\r$/, ''), start: at });
    if (nl === -1) break;
    at = nl + 1;
  }
  return lines;
}

function findTableCells(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  if (!/[,;\t|]|<t[dh]|[ ]{2}/i.test(text)) return found;
  const lines = linesOf(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.text.length > MAX_LINE || !CELL_HINT.test(line.text)) continue;
    const delimiter = delimiterOf(line.text);
    const cells = delimiter ? cellsOf(line.text, line.start, delimiter) : [];
    const secretColumns = cells.length >= 2 && cells.every((c) => HEADER_CELL.test(c.text)) ? cells.map((c) => secretColumnKind(c.text)) : [];
    if (delimiter && secretColumns.some((k) => k !== undefined)) {
      // A header: the rows below with as many cells (a Markdown rule row skipped) give up that column's values.
      let j = i + 1;
      for (; j < lines.length && j <= i + MAX_ROWS; j++) {
        const row = lines[j].text;
        if (row.length > MAX_LINE || (delimiter !== '<td>' && delimiterOf(row) !== delimiter)) break;
        if (/^[ \t]*\|?[ \t]*:?-{3,}/.test(row)) continue;
        const values = cellsOf(row, lines[j].start, delimiter);
        if (delimiter === '<td>' && values.length === 0) {
          if (/<\/table>/i.test(row)) break;
          continue;
        }
        // A row may end in a delimiter the header does not ("a;b;c;"): its empty last cells are not columns.
        while (values.length > cells.length && values[values.length - 1].text === '') values.pop();
        if (values.length !== cells.length) break;
        secretColumns.forEach((kind, c) => {
          const v = values[c];
          if (kind && v && secretCellFits(kind, v.text)) found.push({ start: v.start, end: v.end, kind: kind === 'PIN' ? 'PIN' : kind });
        });
      }
      i = j - 1;
      continue;
    }
    // A row labelled by its first cell, in a Markdown, HTML or tab-separated table; text turned from HTML aligns
    // the cells with blanks. Comma-separated prose and code are not tables of labels.
    const rowCells = cells.length >= 2 && delimiter !== ',' && delimiter !== ';' ? cells : alignedCells(line);
    if (rowCells.length < 2) continue;
    const kind = rowLabelKind(rowCells[0].text);
    const value = rowCells[rowCells.length - 1];
    if (kind && rowValueFits(kind, value.text)) found.push({ start: value.start, end: value.end, kind: kind === 'PIN' ? 'PIN' : kind });
  }
  return found;
}

/** `Guest Wi-Fi (Office-Guest)   tunnel-tunnel-7818`: a label and one value, apart by a tab or 2+ blanks. */
function alignedCells(line: Line): Cell[] {
  const m = /^([ \t]{0,4})(\S(?:[^\t\n]{0,78}?\S)?)(?:\t+|[ ]{2,}\t*)(\S{1,200})[ \t]*$/.exec(line.text);
  if (!m || /[ ]{2}|\t/.test(m[2])) return [];
  const labelStart = line.start + m[1].length;
  const valueStart = line.start + m[0].trimEnd().length - m[3].length;
  return [
    { start: labelStart, end: labelStart + m[2].length, text: m[2] },
    { start: valueStart, end: valueStart + m[3].length, text: m[3] },
  ];
}

export const tableCells: SecretRule = { id: 'table-cell', find: findTableCells };
