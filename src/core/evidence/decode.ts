/**
 * Bytes to text: UTF-8 (with or without BOM), UTF-16 (BOM, or the telltale zero bytes of Excel's
 * "Unicode text"), and Windows-1252 for older exports that are not valid UTF-8. Real binaries are
 * recognised and named, never decoded into noise.
 */

export type Decoded = { text: string; encoding: string } | { binary: string };

const MAGIC: Array<[number[], string]> = [
  [[0x25, 0x50, 0x44, 0x46], 'PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'ZIP archive or Office file'],
  [[0x1f, 0x8b], 'gzip archive'],
  [[0x42, 0x5a, 0x68], 'bzip2 archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], '7-Zip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'RAR archive'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'old Office file (doc, xls or msg)'],
  [[0x7f, 0x45, 0x4c, 0x46], 'program'],
  [[0x4d, 0x5a], 'Windows program'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'SQLite database'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG image'],
  [[0xff, 0xd8, 0xff], 'JPEG image'],
];

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

/** Looks like UTF-16 without a BOM: in ASCII-heavy text every other byte is zero. */
function utf16Without(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  if (oddZero > half * 0.7 && evenZero < half * 0.05) return 'utf-16le';
  if (evenZero > half * 0.7 && oddZero < half * 0.05) return 'utf-16be';
  return undefined;
}

/**
 * `partial`: the bytes are the first part of a larger file, so a character cut at the end is not an
 * encoding error.
 */
export function decodeText(bytes: Uint8Array, partial = false): Decoded {
  if (bytes.length >= 3 && startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes.length >= 2 && startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes.length >= 2 && startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  for (const [sig, name] of MAGIC) if (startsWith(bytes, sig)) return { binary: name };
  const utf16 = utf16Without(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };

  const head = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of head) {
    if (b === 0) return { binary: 'binary data' };
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  if (head.length > 0 && control / head.length > 0.02) return { binary: 'binary data' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial }), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: exports from older systems are Windows-1252 (a superset of Latin-1 for text).
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

// 0x80–0x9F of Windows-1252 (€, ‚, „, …, ‘, ’, “, ”, –, —, ™, …); undefined bytes stay as they are.
const CP1252_HIGH =
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

/** Done by hand: some Node versions decode the "windows-1252" label as plain Latin-1, losing € and quotes. */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b)));
  }
  return out;
}
