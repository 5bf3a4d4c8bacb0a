import type { SecretFinding, SecretRule } from './types';
import { matchesOf } from './matches';

/**
 * PEM private keys (RSA, EC, OpenSSH, PGP, encrypted PKCS#8; also with `\n` escapes inside JSON) and PuTTY
 * key files. The END line is looked up once per text, so many BEGIN lines without an END cost linear time.
 */
const BEGIN = /-----BEGIN[ A-Z0-9]{0,40} PRIVATE KEY(?: BLOCK)?-----/g;
const END = /-----END[ A-Z0-9]{0,40} PRIVATE KEY(?: BLOCK)?-----/g;
// When the END line is missing: the key body is the run of base64, header and escape characters that follows.
const BODY = /[A-Za-z0-9+/=\r\n\\:,.-]{0,20000}/y;
const PUTTY = /PuTTY-User-Key-File-\d: [^\n]{1,80}\n[\s\S]{0,6000}?Private-Lines: \d{1,3}\r?\n(?:[A-Za-z0-9+/=]{1,200}(?:\r?\n|$)){1,200}/g;

function findPrivateKeys(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  let nextEnd: { start: number; end: number } | undefined | null;
  let lastCovered = 0;
  for (const m of matchesOf(BEGIN, text)) {
    const start = m.index ?? 0;
    if (start < lastCovered) continue;
    if (nextEnd !== null && (nextEnd === undefined || nextEnd.start < start)) {
      END.lastIndex = start;
      const e = END.exec(text);
      nextEnd = e ? { start: e.index, end: e.index + e[0].length } : null;
    }
    let end: number;
    if (nextEnd && nextEnd.start - start <= 20000) end = nextEnd.end;
    else {
      BODY.lastIndex = start + m[0].length;
      end = start + m[0].length + (BODY.exec(text)?.[0].length ?? 0);
    }
    found.push({ start, end, kind: 'private key' });
    lastCovered = end;
  }
  for (const m of matchesOf(PUTTY, text)) {
    found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].trimEnd().length, kind: 'private key' });
  }
  return found;
}

export const privateKeys: SecretRule = { id: 'private-key', find: findPrivateKeys };
