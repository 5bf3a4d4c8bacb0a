import type { SecretFinding, SecretRule } from './types';
import { matchesOf } from './matches';

/** IBANs and card numbers, each confirmed by its checksum so that order ids and invoice references stay. */

const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

function ibanChecksumOk(iban: string): boolean {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/** The length of the IBAN at the start of `candidate` (spaces between groups allowed), or 0. */
function ibanLengthAt(candidate: string): number {
  const length = IBAN_LENGTHS[candidate.slice(0, 2)];
  if (!length) return 0;
  let compact = '';
  let used = 0;
  for (const ch of candidate) {
    if (compact.length === length) break;
    used++;
    if (ch === ' ') continue;
    compact += ch;
  }
  return compact.length === length && ibanChecksumOk(compact) ? used : 0;
}

function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card numbers: 13–19 digits, either run together or in groups with one kind of separator. */
function isCardNumber(raw: string): boolean {
  const seps = new Set(raw.replace(/\d/g, ''));
  if (seps.size > 1) return false;
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits) || /^(\d)\1+$/.test(digits)) return false;
  // How cards are printed: 4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4.
  if (
    seps.size === 1 &&
    !/^(?:4,4,4,4|4,4,4,4,3|4,6,5|4,6,4)$/.test(
      raw
        .split(/[ -]/)
        .map((g) => g.length)
        .join(','),
    )
  )
    return false;
  return luhnOk(digits);
}

function findPaymentDetails(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of matchesOf(/(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,32}/g, text)) {
    const used = ibanLengthAt(m[0]);
    if (used > 0) found.push({ start: m.index ?? 0, end: (m.index ?? 0) + used, kind: 'IBAN' });
  }
  for (const m of matchesOf(/(?<![\w.])\d(?:[ -]?\d){12,18}(?![\d]|[.,]\d)/g, text)) {
    if (isCardNumber(m[0])) found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, kind: 'card number' });
  }
  return found;
}

export const paymentDetails: SecretRule = { id: 'payment-details', find: findPaymentDetails };
