import { CONNECTOR, FILLER, PASSWORD_WORD } from './prose';
import type { SecretFinding, SecretRule } from './types';
import { MASK_CHAR, PLAIN_WORDS, isPlaceholder } from './values';
import { matchesOf } from './matches';

/**
 * A password written on the line after its label ("the password for the old host is\nX9!…", YAML-ish
 * "password:\n  X9!…"), or broken across two lines ("… is Oarb\nleFR!17"). Only a line that holds one token
 * shaped like a password counts: a digit or a symbol, no plain word, so "Password:\nsee the vault" stays.
 */
// Groups: 1 the connector, 2 the first half of a value on the label's line, 3 the token on the next line. The
// first half never ends in a colon: "… ledger VPN password:" is a label that ends its line, read as such even when
// the filler could reach it from an earlier "password" on the same line.
const SPLIT_VALUE = new RegExp(
  String.raw`\b${PASSWORD_WORD}\b(?:${FILLER})[ \t]{0,20}(${CONNECTOR})?[ \t]{0,20}(?:(\S{1,99}[^\s:])[ \t]{0,20})?\r?\n[ \t]{0,20}(\S{3,200})[ \t]{0,20}(?=\r?\n|$)`,
  'dgi',
);

/** One token that reads as a password rather than as a word, a reference or a URL. */
function passwordShaped(token: string): boolean {
  if (token.includes(MASK_CHAR) || isPlaceholder(token) || PLAIN_WORDS.test(token)) return false;
  if (/^(?:https?:|www\.|\/|~\/|\.\/|[\w.+-]+@[\w-]+\.)/.test(token) || /^[\p{L}]+[.,;:!?]?$/u.test(token)) return false;
  return /\d/.test(token) && /[^\d.,:;-]/.test(token);
}

function findSplitValues(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of matchesOf(SPLIT_VALUE, text)) {
    const rest = m.indices?.[3];
    const next = m[3];
    if (!rest || !passwordShaped(next) || /[:=]$/.test(next)) continue;
    const first = m.indices?.[2];
    if (!first) {
      // The label ends its line ("… is", "password:"): the next line is the value.
      if (next.length >= 4) found.push({ start: rest[0], end: rest[1], kind: 'password' });
      continue;
    }
    // A value begun after "is" or ":" and continued on the next line, unless the first line ends a sentence. A
    // marker there is a value an earlier pass replaced whole: had its second half been one, that pass would have
    // replaced it too, so the next line is left as it was (a second pass changes nothing).
    if (m[1] === undefined || /^[\p{L}]+[.!?]$/u.test(m[2]) || m[2].includes(MASK_CHAR)) continue;
    found.push({ start: first[0], end: first[1], kind: 'password' });
    found.push({ start: rest[0], end: rest[1], kind: 'password' });
  }
  return found;
}

export const splitValues: SecretRule = { id: 'split-value', find: findSplitValues };
