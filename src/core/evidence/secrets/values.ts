import { matchesOf } from './matches';

/** Judging a candidate value: is it a secret, a placeholder, or an ordinary word that only sits near one? */

export const markerFor = (kind: string) => `[redacted: ${kind}]`;

/** Stands in for the characters of an earlier `[redacted: …]` marker while rules scan the text again. */
export const MASK_CHAR = '\u2591';

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const freq = new Map<string, number>();
  for (const ch of value) freq.set(ch, (freq.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of freq.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Identifiers and file names made of words (`documentsAboutItKept`, `PuTTY-User-Key-File-2`,
 * `sopBuilder.audience`): most of their letters sit in runs that read as words, and digits are few.
 */
export function readsAsWords(value: string): boolean {
  let wordChars = 0;
  for (const w of matchesOf(/[A-Z]?[a-z]{2,}|[A-Z]{2,}(?![a-z])/g, value)) wordChars += w[0].length;
  const letters = value.replace(/[^A-Za-z]/g, '').length;
  // Digits in one or two runs are a date or a number (`export_20261002_final`); random tokens scatter them.
  const digitRuns = value.match(/\d+/g)?.length ?? 0;
  return letters > 0 && wordChars / letters >= 0.75 && wordChars / value.length >= 0.5 && digitRuns <= 2;
}

/** A token body that is random rather than words: long enough, with digits and letters mixed. */
export function looksRandom(value: string, minLength = 16): boolean {
  if (value.length < minLength || value.includes(MASK_CHAR) || readsAsWords(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((re) => re.test(value)).length;
  if (classes < 2) return false;
  if (!/\d/.test(value) && !/[a-z][A-Z]|[A-Z]{2}[a-z]/.test(value)) return false;
  return entropy(value) >= 3;
}

const PLACEHOLDER_WORDS =
  /^(?:changeme|change_me|password|passwort|secret|redacted|none|null|nil|true|false|undefined|required|optional|string|empty|hidden|your[-_ ].*|my[-_]?(?:password|secret|token|key)|example.*|sample.*|dummy|placeholder|test|tbd|todo|n\/a|xxx+|\.\.\.+)$/i;

// printf and Python conversions (`%s`, `%-8d`, `%(pw)s`), Windows and template variables (`%DB_PASS%`, `%{pw}`).
const FORMAT_PART = /%(?:\([\w.-]{1,40}\))?[-+ #0]{0,3}\d{0,3}(?:\.\d{1,3})?[sdifrxXeEgGcu]|%[A-Za-z_][\w.-]{0,40}%|%\{[^}\n]{1,60}\}|%%/g;

/**
 * A value made only of format conversions and punctuation (`%s`, `%(pw)s`, `%s:%s`, `%DB_PASS%`). A password that
 * merely begins with `%` (`%k9Tq…`, `%dK9x…`) keeps letters or digits outside any conversion and is not one.
 */
function isFormatPlaceholder(v: string): boolean {
  return v.startsWith('%') && v.length <= 200 && !/[\p{L}\p{N}]/u.test(v.replace(FORMAT_PART, ''));
}

/**
 * `${DB_PASSWORD}`, `$PASS`, `<password>`, `****`, `%(pw)s`, `{{ secrets.X }}`, `os.environ[...]`,
 * `process.env.X`: references to a secret kept elsewhere, which a reader needs to see.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["'`]|["'`]$/g, '');
  return (
    v === '' ||
    v.includes(MASK_CHAR) ||
    /^[$<{[]/.test(v) ||
    isFormatPlaceholder(v) ||
    /\$\{|\{\{|%\(|%[A-Z_]{2,40}%/.test(v) ||
    /^[*xX.•_#-]+$/.test(v) ||
    PLACEHOLDER_WORDS.test(v) ||
    /^(?:os\.environ|os\.getenv|getenv\(|process\.env|import\.meta\.env|env\(|ENV\[|System\.getenv|Environment\.GetEnvironmentVariable|secrets\.|vars\.|config\.|settings\.|Deno\.env)/.test(
      v,
    )
  );
}

/**
 * `args.password`, `cfg.get("x")`, `getPassword()`, `vscode.CancellationToken`: code that fetches or names
 * the secret, not the secret itself. Segments of tokens carry digits or random case; these read as words.
 */
export function isCodeReference(value: string): boolean {
  const chain = /^[A-Za-z_$][\w$]{0,60}(?:(?:\??\.|::|->)[A-Za-z_$][\w$]{0,60}){0,8}/.exec(value)?.[0] ?? '';
  if (chain === '') return false;
  const rest = value.slice(chain.length);
  if (/^(?:\??\.)?[([]/.test(rest)) return true;
  return (
    rest.replace(/[,;)]+$/, '') === '' &&
    /[.:>]/.test(chain) &&
    chain.split(/\??\.|::|->/).every((s) => /^[A-Za-z_$][A-Za-z_$]*$/.test(s) && (readsAsWords(s) || s.length <= 3))
  );
}

/** `password=password`, `token=api_token`: the value is a variable named after the secret. */
export function isVariableNamedLikeSecret(value: string): boolean {
  return /^[a-z_][a-z0-9_]{0,40}$/.test(value) && /pass|pwd|secret|token|key|cred|auth/.test(value) && !/\d/.test(value);
}

/**
 * A base64 or base64url key whose letters happen to fall in word-like runs (`Wen/ozaRtkBeLumHoxpiQ+Darv…`): both
 * cases, a digit, no plain word between separators and a high entropy tell it from a path or an identifier.
 */
export function looksLikeBase64Key(value: string): boolean {
  if (value.length < 24 || value.length > 400 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return false;
  if (!/\d/.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value)) return false;
  // Paths and identifiers: parts between separators that are plain lower-case words (`my_export_key_v2`).
  if (value.split(/[/_-]/).some((part) => /^[a-z]{4,}$/.test(part))) return false;
  return entropy(value) >= (value.length >= 32 ? 4.2 : 4);
}

/** Pure hex of a commit or content hash: 7–40 or 64/128 hex digits. */
export function isHexDigest(value: string): boolean {
  return /^(?:[0-9a-f]{7,40}|[0-9a-f]{64}|[0-9a-f]{128})$/i.test(value);
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Base64 that decodes to `user:password`, as in Basic auth and Docker `auths` blobs. */
export function isBase64Credential(value: string): boolean {
  if (!/^[A-Za-z0-9+/]{8,2000}={0,2}$/.test(value) || value.length % 4 === 1) return false;
  try {
    const decoded = atob(value.padEnd(value.length + ((4 - (value.length % 4)) % 4), '='));
    return /^[\x20-\x7e]{1,200}:[\x20-\x7e]{1,800}$/.test(decoded);
  } catch {
    return false;
  }
}

/** Whether `index` lies in the user part of a URL (`https://x-access-token:…@host`): the URL rule owns it. */
export function inUrlUserinfo(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 100), index);
  return /:\/\/[^\s/@'"]*$/.test(before);
}

/** Replaces earlier markers by a same-length run of MASK_CHAR, so that their words do not read as evidence. */
export function maskMarkers(text: string): string {
  if (!text.includes('[redacted: ')) return text;
  return text.replace(/\[redacted: [^\]\n]{1,80}\]/g, (m) => '[' + MASK_CHAR.repeat(m.length - 2) + ']');
}

/** Words that follow "password:" in notes without being one: "Password: sent separately". */
export const PLAIN_WORDS =
  /^(?:stored|kept|saved|managed|rotated|required|needed|set|reset|changed|expired|the|a|an|in|on|at|for|not|now|same|shared|sent|provided|available|unchanged|different|correct|wrong|missing|empty|blank|below|above|attached|here|there|encrypted|hashed|unknown|secure|strong|weak|optional|invalid|valid|ok)$/i;

/**
 * A generated salt or key that mixes punctuation in (`u$m}]9m4O5qO,e{k:w6v)E?…`): long, with letters, digits and
 * symbols scattered and a high entropy. Placeholders such as `put your unique phrase here` read as words.
 */
export function looksLikeGeneratedPhrase(value: string): boolean {
  if (value.length < 16 || value.length > 400 || /\s{2}/.test(value) || value.includes(MASK_CHAR)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9\s]/].filter((re) => re.test(value)).length;
  return classes >= 3 && !/^[a-z ]+$/i.test(value) && entropy(value) >= 3.8;
}

/** A token that is a secret when a label names it: random-looking, a long hex string, a UUID or a base64 key. */
export function looksLikeLabelledToken(value: string): boolean {
  if (value.length < 16 || value.includes(MASK_CHAR)) return false;
  if (looksRandom(value, 16) || isUuid(value) || looksLikeBase64Key(value)) return true;
  if (/^[0-9a-f]{16,128}$/i.test(value)) return /\d/.test(value) && /[a-f]/i.test(value);
  // Both cases and a digit in one run of letters and digits (`4duPECAnnDcvpUOA0iRz`), however word-like its runs.
  return /^[A-Za-z0-9]{16,200}$/.test(value) && /\d/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && entropy(value) >= 3.5;
}
