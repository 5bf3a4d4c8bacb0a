import type { SecretFinding, SecretRule } from './types';
import { MASK_CHAR } from './values';
import { matchesOf } from './matches';

/**
 * What unlocks an account or a device when everything else is lost: BitLocker recovery keys (8 groups of 6
 * digits), wallet seed phrases (12–24 lower-case words after "seed phrase", "mnemonic", …), and the list of
 * one-time codes under a line that says "recovery codes" or "backup codes". The label stays, the material goes.
 */
const BITLOCKER = /(?<![\d-])\d{6}(?:-\d{6}){7}(?![\d-])/g;

// A strong label, or "seed" on a line about a wallet; then a colon, dash or "is" before the words.
const SEED_LABEL =
  /(?:\b(?:secret recovery phrase|recovery phrase|seed phrase|seed words|backup phrase|mnemonic(?: phrase)?|wallet words)\b|\b(?:wallet|crypto|bitcoin|ethereum|bip-?39|metamask|ledger|trezor)\b[^\n]{0,80}?\bseed\b)[^\n:]{0,40}?(?::|\bis\b|[-–=])[ \t]*(?:<code>|["'`])?/gi;
const SEED_WORDS = /^[a-z0-9]{2,12}(?:[ \t]+[a-z0-9]{2,12}){11,24}/;

const CODES_LABEL = /\b(?:recovery|backup|break-glass|scratch|emergency)[ -](?:codes?|keys)\b/gi;
// One code per item: `zi820-kalkc`, `1234 5678`, `a1b2c3d4`; a list marker may stand before it.
const CODE_LINE = /^[ \t]{0,12}(?:[-*•]|\d{1,2}[.)]|<li>)?[ \t]*([a-z0-9]{4,10}(?:[- ][a-z0-9]{4,10}){0,2})[ \t]*(?:<\/li>)?[ \t]*$/i;
const LI_CODE = /<li>[ \t]*([a-z0-9]{4,10}(?:[- ][a-z0-9]{4,10}){0,2})[ \t]*<\/li>/gi;

/** A code rather than a word: it has a digit, or it is two random groups (`kalkc-yvqbw` still has a digit elsewhere in the list). */
const isCode = (v: string) => /\d/.test(v) && /[a-z]|\d{8}|\d{4}[- ]\d{4}/i.test(v) && !/^\d{1,4}$/.test(v);

const shapeOf = (v: string) => v.replace(/[a-z0-9]/gi, 'x');

/** The first code must read as one; the rest of the list only needs its shape (a random group may lack a digit). */
function listAccepts(v: string, first: string | undefined): boolean {
  return first === undefined ? isCode(v) : shapeOf(v) === shapeOf(first) || isCode(v);
}

function findCodesAfter(text: string, from: number, found: SecretFinding[]): void {
  let first: string | undefined;
  // HTML on one line: `<ul><li>code</li>…</ul>` right after the label.
  const window = text.slice(from, from + 2000);
  let inline = 0;
  for (const m of matchesOf(LI_CODE, window)) {
    if ((first === undefined && (m.index ?? 0) > 300) || !listAccepts(m[1], first)) break;
    first ??= m[1];
    const start = from + (m.index ?? 0) + m[0].indexOf(m[1]);
    found.push({ start, end: start + m[1].length, kind: 'recovery code' });
    if (++inline >= 30) break;
  }
  if (inline > 0) return;
  // One code per line, a blank line allowed before the list, up to 30 lines.
  // The list starts on a line after the label's, which ends within 300 characters.
  const labelEnd = text.slice(from, from + 300).indexOf('\n');
  if (labelEnd === -1) return;
  from += labelEnd;
  // Only short lines can hold one code each; a longer one ends the list, so each step looks 100 characters ahead.
  const lineEnd = (after: number) => {
    const nl = text.slice(after, after + 100).indexOf('\n');
    return nl === -1 ? (text.length - after <= 100 ? text.length : -1) : after + nl;
  };
  let at = lineEnd(from);
  let seen = 0;
  for (let i = 0; at !== -1 && at < text.length && i < 32; i++) {
    const next = lineEnd(at + 1);
    if (next === -1) break;
    const line = text.slice(at + 1, next);
    const m = CODE_LINE.exec(line);
    if (m && listAccepts(m[1], first)) {
      first ??= m[1];
      const start = at + 1 + line.indexOf(m[1]);
      found.push({ start, end: start + m[1].length, kind: 'recovery code' });
      seen++;
    } else if (line.trim() !== '' || seen > 0) break;
    at = next;
  }
}

function findRecoveryMaterial(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of matchesOf(BITLOCKER, text)) found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, kind: 'recovery key' });
  for (const m of matchesOf(SEED_LABEL, text)) {
    const from = (m.index ?? 0) + m[0].length;
    const words = SEED_WORDS.exec(text.slice(from, from + 400));
    // Mostly dictionary words: at least 12 of them only letters.
    if (!words || words[0].includes(MASK_CHAR) || words[0].split(/[ \t]+/).filter((w) => /^[a-z]{3,8}$/.test(w)).length < 12) continue;
    found.push({ start: from, end: from + words[0].length, kind: 'seed phrase' });
  }
  for (const m of matchesOf(CODES_LABEL, text)) findCodesAfter(text, (m.index ?? 0) + m[0].length, found);
  return found;
}

export const recoveryMaterial: SecretRule = { id: 'recovery-material', find: findRecoveryMaterial };
