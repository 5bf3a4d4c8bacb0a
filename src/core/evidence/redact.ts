/**
 * Replaces secrets in evidence text with `[redacted: <kind>]` before anything is stored or sent to a
 * model. Each pattern is narrow (a vendor prefix, a checksum, a name that says "secret") so that
 * amounts, dates, order ids and git hashes in ordinary prose are left alone.
 */

export interface Redaction {
  text: string;
  /** How many secrets of each kind were replaced. */
  counts: Record<string, number>;
}

type Replacer = (match: string, ...groups: string[]) => string | undefined;

interface SecretPattern {
  kind: string;
  re: RegExp;
  /** Returns the replacement for a match, or undefined to leave it as it is. */
  replace?: Replacer;
}

const mark = (kind: string) => `[redacted: ${kind}]`;

/** A token body that is random rather than words: long enough, with digits and letters mixed. */
function looksRandom(value: string, minLength = 16): boolean {
  if (value.length < minLength) return false;
  if (/^\[redacted: /.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((re) => re.test(value)).length;
  if (classes < 2) return false;
  if (!/\d/.test(value) && !/[a-z][A-Z]|[A-Z]{2}[a-z]/.test(value)) return false;
  return entropy(value) >= 3;
}

function entropy(value: string): number {
  const freq = new Map<string, number>();
  for (const ch of value) freq.set(ch, (freq.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of freq.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** `${DB_PASSWORD}`, `$PASS`, `<password>`, `****`, `%(pw)s`: references and placeholders, not secrets. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return (
    v === '' ||
    /^[$%<{]/.test(v) ||
    /^[*xX.•]+$/.test(v) ||
    /^(?:changeme|password|secret|redacted|none|null|true|false|undefined|your[-_ ].*|example.*|dummy|test|xxx+)$/i.test(v) ||
    /^\[redacted/.test(v) ||
    /^os\.environ|^process\.env|^env\(/.test(v)
  );
}

// Names whose value is a password: any literal value counts, however plain ("hunter2").
const PASSWORD_NAME = /(?:^|[_.-])(?:pass|passwd|password|passphrase|db_?pass)$|password$/i;
// Names whose value is a key or token: only random-looking values count (SORT_KEY=date stays).
const SECRET_NAME = /(?:secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|signing[_-]?key|client[_-]?secret|[_.-]key|[a-z]Key|credentials?)$/;

function secretKindForName(name: string): 'password' | 'secret value' | undefined {
  if (/^pwd$/i.test(name) || /[_.-]pwd$/i.test(name)) return 'password';
  if (PASSWORD_NAME.test(name)) return 'password';
  // SHOP_API_KEY as well as shopApiKey: the camel-case part of the pattern needs the name as written.
  if (SECRET_NAME.test(name) || SECRET_NAME.test(name.toLowerCase()) || /secret|token/i.test(name) || /^api[_-]?key$/i.test(name)) return 'secret value';
  return undefined;
}

function valueIsSecret(kind: 'password' | 'secret value', name: string, value: string): boolean {
  if (isPlaceholder(value)) return false;
  if (kind === 'password') {
    // PWD is also the shell's current folder: only a random-looking value is a password there.
    if (/^pwd$/i.test(name)) return !/^[/~.]/.test(value) && looksRandom(value, 8);
    return value.length >= 4 && !/^\d{1,3}$/.test(value);
  }
  if (/^[/~.]|^https?:\/\//.test(value)) return false;
  return looksRandom(value, 12);
}

const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, TL: 23, TN: 24,
  TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
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

/** The IBAN at the start of `candidate` (spaces between groups allowed), or undefined. */
function ibanAt(candidate: string): string | undefined {
  const length = IBAN_LENGTHS[candidate.slice(0, 2)];
  if (!length) return undefined;
  let compact = '';
  let used = 0;
  for (const ch of candidate) {
    if (compact.length === length) break;
    used++;
    if (ch === ' ') continue;
    compact += ch;
  }
  if (compact.length !== length || !ibanChecksumOk(compact)) return undefined;
  return candidate.slice(0, used);
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
  if (digits.length < 13 || digits.length > 19) return false;
  if (!/^[2-6]/.test(digits)) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  if (seps.size === 1) {
    // How cards are printed: 4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4.
    if (!/^(?:4,4,4,4|4,4,4,4,3|4,6,5|4,6,4)$/.test(raw.split(/[ -]/).map((g) => g.length).join(','))) return false;
  }
  return luhnOk(digits);
}

const PATTERNS: SecretPattern[] = [
  {
    kind: 'private key',
    re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  { kind: 'Anthropic key', re: /(?<![\w-])sk-ant-[A-Za-z0-9_-]{20,}/g },
  {
    kind: 'OpenAI key',
    re: /(?<![\w-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
    replace: (m) => (looksRandom(m.replace(/^sk-(?:proj-|svcacct-|admin-)?/, ''), 20) ? mark('OpenAI key') : undefined),
  },
  { kind: 'Stripe key', re: /(?<![\w-])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|(?<![\w-])whsec_[A-Za-z0-9]{16,}/g },
  { kind: 'GitHub token', re: /(?<![\w-])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { kind: 'Slack token', re: /(?<![\w-])xox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'Slack webhook', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g },
  { kind: 'AWS access key id', re: /(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])/g },
  { kind: 'Google API key', re: /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g },
  { kind: 'JWT', re: /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  {
    kind: 'AWS secret key',
    re: /(aws_secret_access_key["']?\s*[:=]\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    replace: (_m, name, value) => (looksRandom(value, 30) ? name + mark('AWS secret key') : undefined),
  },
  {
    // scheme://user:PASSWORD@host — the user and host stay, they say where the data lives.
    kind: 'password in connection string',
    re: /\b([a-z][a-z0-9+.-]{0,20}:\/\/)([^:/?#@\s'"]{1,200}):([^@\s/'"]{1,200})@/gi,
    replace: (m, scheme, user, password) => (isPlaceholder(password) ? m : `${scheme}${user}:${mark('password in connection string')}@`),
  },
];

/** `NAME=value`, `NAME: value`, `"name": "value"`, `name = 'value'` with a name that says secret or password. */
const ASSIGNMENTS: RegExp[] = [
  // JSON and code with a quoted value: "api_key": "…", api_key = '…', apiKey: "…", $Password = "…"
  /(?<![\w.$-])(["']?)([A-Za-z_$][\w.$-]{0,63})\1([ \t]*(?::|=|:=|=>)[ \t]*)(["'`])([^"'`\n]{1,400})\4/g,
  // env, ini, yaml and shell lines with an unquoted value: API_KEY=…, export TOKEN=…, password: …
  /^([ \t]*(?:export[ \t]+|set[ \t]+|-[ \t]+)?)([A-Za-z_][\w.-]{0,63})([ \t]*[:=][ \t]*)([^\s"'`#][^\s#,;]{0,400})/gm,
  // key=value inside a line: query strings, log lines, CSV cells (…&password=hunter2&…)
  /(?<=[\s,;&?(])()([A-Za-z_][\w.-]{0,63})(=)([^\s"'`#&,;)]{1,400})/g,
];

function redactAssignments(text: string, count: (kind: string) => void): string {
  let out = text.replace(ASSIGNMENTS[0], (m, q: string, name: string, sep: string, quote: string, value: string) => {
    const kind = secretKindForName(name.replace(/^\$/, ''));
    if (!kind || !valueIsSecret(kind, name, value)) return m;
    count(kind);
    return `${q}${name}${q}${sep}${quote}${mark(kind)}${quote}`;
  });
  for (const re of ASSIGNMENTS.slice(1)) {
    out = out.replace(re, (m, lead: string, name: string, sep: string, value: string) => {
      const kind = secretKindForName(name);
      if (!kind || !valueIsSecret(kind, name, value)) return m;
      count(kind);
      return `${lead}${name}${sep}${mark(kind)}`;
    });
  }
  return out;
}

function redactIbans(text: string, count: (kind: string) => void): string {
  return text.replace(/(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,32}/g, (m) => {
    const iban = ibanAt(m);
    if (!iban) return m;
    count('IBAN');
    return mark('IBAN') + m.slice(iban.length);
  });
}

function redactCards(text: string, count: (kind: string) => void): string {
  return text.replace(/(?<![\w.])\d(?:[ -]?\d){12,18}(?![\d]|[.,]\d)/g, (m) => {
    if (!isCardNumber(m)) return m;
    count('card number');
    return mark('card number');
  });
}

export function redactSecrets(text: string): Redaction {
  const counts: Record<string, number> = {};
  const count = (kind: string) => {
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  let out = text;
  for (const p of PATTERNS) {
    out = out.replace(p.re, (m: string, ...groups: unknown[]) => {
      // The last two arguments of a replace callback are the offset and the whole text, not groups.
      const replaced = p.replace ? p.replace(m, ...(groups.slice(0, -2) as string[])) : mark(p.kind);
      if (replaced === undefined || replaced === m) return m;
      count(p.kind);
      return replaced;
    });
  }
  out = redactAssignments(out, count);
  out = redactIbans(out, count);
  out = redactCards(out, count);
  return { text: out, counts };
}

/** Adds the counts of `more` into `into`. */
export function addCounts(into: Record<string, number>, more: Record<string, number>): Record<string, number> {
  for (const [k, n] of Object.entries(more)) into[k] = (into[k] ?? 0) + n;
  return into;
}
