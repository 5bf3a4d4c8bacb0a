import { inflateRawSync } from 'node:zlib';

/**
 * DOCX and XLSX files are ZIP archives: a few kilobytes can expand to gigabytes (a "zip bomb"), and
 * the readers inflate whole parts in memory. Before a reader sees one, its central directory is read
 * (sizes, entry count) and every entry is inflated with a cap on its output, because the declared
 * sizes can lie. The reason it is refused, or undefined when it is safe to read.
 */

export const ARCHIVE_LIMITS = {
  totalBytes: 50 * 1024 * 1024,
  entryBytes: 25 * 1024 * 1024,
  entries: 5000,
  /** Expanded size over archive size: Office XML compresses 5–20 times, bombs thousands of times. */
  ratio: 100,
  /** Below this expanded size a high ratio is harmless (a tiny, repetitive sheet). */
  ratioFloorBytes: 1024 * 1024,
} as const;

/**
 * The XML part a reader parses whole, by kind: mammoth takes about a second per MB of document XML
 * (and ~70 MB of memory per MB), read-excel-file a third of that. Far more text than a prompt holds.
 */
export const XML_PART_LIMITS: Record<string, number> = { DOCX: 4 * 1024 * 1024, XLSX: 10 * 1024 * 1024 };

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_U32 = 0xffffffff;

function mb(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.max(0.1, bytes / 1024 ** 2)
    .toFixed(1)
    .replace(/\.0$/, '')} MB`;
}

function clipName(name: string): string {
  return name.length > 40 ? `…${name.slice(-39)}` : name;
}

/** Why the archive is not read, or undefined. `kind` names it in the reason ("DOCX", "XLSX"). */
export function refuseArchive(bytes: Uint8Array, kind: string): string | undefined {
  const hint = kind === 'XLSX' ? 'export the sheet as CSV to include it' : 'save the text as .txt to include it';
  const bomb = (what: string) => `${kind} ${what}: not read; it may be a zip bomb or a very large document — ${hint}`;
  let entries: ZipEntry[];
  try {
    entries = centralDirectory(bytes);
  } catch (e) {
    if (e instanceof TooMany) return bomb(`holds ${e.count.toLocaleString('en-US')} parts (limit ${ARCHIVE_LIMITS.entries.toLocaleString('en-US')})`);
    return `${kind} is not a readable ZIP archive (${(e as Error).message}): not read; open and save it again in Word or Excel to include it`;
  }
  const L = ARCHIVE_LIMITS;
  const declared = entries.reduce((n, e) => n + e.size, 0);
  if (declared > L.totalBytes) return bomb(`expands to ${mb(declared)} (limit ${mb(L.totalBytes)})`);
  const partLimit = (e: ZipEntry) => (/\.xml$/i.test(e.name) ? Math.min(L.entryBytes, XML_PART_LIMITS[kind] ?? L.entryBytes) : L.entryBytes);
  const over = entries.find((e) => e.size > partLimit(e));
  if (over) return bomb(`has a part (${clipName(over.name)}) of ${mb(over.size)} (limit ${mb(partLimit(over))})`);
  let total = 0;
  for (const e of entries) {
    const cap = Math.min(partLimit(e), L.totalBytes - total);
    const actual = expandedSize(bytes, e, cap);
    if (actual === undefined) return bomb(`part ${clipName(e.name)} expands beyond ${mb(cap)}, more than it declares`);
    total += actual;
  }
  if (total > L.ratioFloorBytes && total > L.ratio * bytes.byteLength)
    return bomb(`expands ${Math.round(total / bytes.byteLength)} times, to ${mb(total)} (limit ${L.ratio} times)`);
  return undefined;
}

class TooMany extends Error {
  constructor(readonly count: number) {
    super('too many entries');
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The entries listed in the central directory (names, methods, sizes), without inflating anything. */
function centralDirectory(bytes: Uint8Array): ZipEntry[] {
  const dv = view(bytes);
  const n = bytes.byteLength;
  let eocd = -1;
  // The end record is 22 bytes plus a comment of at most 65,535.
  for (let i = n - 22; i >= Math.max(0, n - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end of central directory');
  let count = dv.getUint16(eocd + 10, true);
  let offset = dv.getUint32(eocd + 16, true);
  if ((count === 0xffff || offset === MAX_U32) && eocd >= 20 && dv.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    const at = Number(dv.getBigUint64(eocd - 12, true));
    if (at + 56 > n || dv.getUint32(at, true) !== ZIP64_EOCD) throw new Error('damaged ZIP64 directory');
    count = Number(dv.getBigUint64(at + 32, true));
    offset = Number(dv.getBigUint64(at + 48, true));
  }
  if (count > ARCHIVE_LIMITS.entries) throw new TooMany(count);
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > n || dv.getUint32(p, true) !== CENTRAL) throw new Error('damaged central directory');
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const entry: ZipEntry = {
      name: new TextDecoder().decode(bytes.subarray(p + 46, Math.min(n, p + 46 + nameLen))),
      method: dv.getUint16(p + 10, true),
      compressedSize: dv.getUint32(p + 20, true),
      size: dv.getUint32(p + 24, true),
      localOffset: dv.getUint32(p + 42, true),
    };
    zip64Sizes(dv, p + 46 + nameLen, Math.min(n, p + 46 + nameLen + extraLen), entry);
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Sizes and offsets too large for 32 bits are in the ZIP64 extra field, in this order. */
function zip64Sizes(dv: DataView, from: number, to: number, e: ZipEntry): void {
  for (let q = from; q + 4 <= to;) {
    const id = dv.getUint16(q, true);
    const len = dv.getUint16(q + 2, true);
    if (id === 0x0001) {
      let r = q + 4;
      const next = () => {
        const v = r + 8 <= q + 4 + len && r + 8 <= to ? Number(dv.getBigUint64(r, true)) : MAX_U32;
        r += 8;
        return v;
      };
      if (e.size === MAX_U32) e.size = next();
      if (e.compressedSize === MAX_U32) e.compressedSize = next();
      if (e.localOffset === MAX_U32) e.localOffset = next();
      return;
    }
    q += 4 + len;
  }
}

/** The entry's real expanded size, found by inflating it with output capped at `cap`; undefined beyond the cap. */
function expandedSize(bytes: Uint8Array, e: ZipEntry, cap: number): number | undefined {
  const dv = view(bytes);
  if (e.localOffset + 30 > bytes.byteLength || dv.getUint32(e.localOffset, true) !== LOCAL) return 0;
  const start = e.localOffset + 30 + dv.getUint16(e.localOffset + 26, true) + dv.getUint16(e.localOffset + 28, true);
  const data = bytes.subarray(start, Math.min(bytes.byteLength, start + e.compressedSize));
  if (e.method === 0) return data.byteLength <= cap ? data.byteLength : undefined;
  if (e.method !== 8) return 0;
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, cap) }).byteLength;
  } catch (err) {
    // Output over the cap is a RangeError; a damaged stream is left for the reader to report.
    return err instanceof RangeError ? undefined : 0;
  }
}
