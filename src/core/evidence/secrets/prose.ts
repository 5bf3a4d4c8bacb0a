import { valueIsSecret } from './assignments';
import type { SecretFinding, SecretRule } from './types';
import { PLAIN_WORDS, inUrlUserinfo, isCodeReference, isPlaceholder, looksRandom } from './values';
import { matchesOf } from './matches';

/**
 * Passwords written in notes and e-mails: "the password for the portal is hunter2", "pw: …", "Passwort: …",
 * "login admin / Winter2026!", "use hunter2 as the password". Scanners skip prose because they only report;
 * we must redact it. A plain lower-case word after "is" ("the password is stored in the vault") stays: only a
 * quoted value, or one with a digit, symbol or inner capital, reads as a password.
 */
export const PASSWORD_WORD = String.raw`(?:password|passwort|kennwort|passphrase|passcode|pass ?word|pwd|pw|mot de passe|contraseña|contrasena|senha|palavra-passe|wachtwoord|lösenord(?:et)?|losenord(?:et)?|passord(?:et)?|adgangskode(?:n)?|salasana|hasło|haslo|heslo|zugangscode|wi-?fi (?:key|code)|wlan-?(?:key|schlüssel)|network key|pre-shared key|psk)`;
// "the key is …" too: only a random-looking value counts there (see looksRandom below), so "the key is in the drawer" stays.
const SECRET_WORD = String.raw`(?:api[ -]?key|access key|secret key|secret|token|app key|license key|key)`;
// "is", in the languages above, optionally followed by a colon or dash ("Your password is: …").
export const CONNECTOR = String.raw`(?:(?:\b(?:is|was|are|ist|lautet|est|es|er|jest|will be|remains|stays|now)\b|(?<=[ \t])(?:é|är)(?=[ \t]))(?:[ \t]*[:\-–](?=[ \t]))?|[:=]|->|→)`;
// An HTML wiki export wraps the value in a tag: `Password: <code>x</code>`.
const VALUE = String.raw`(?:<(?:code|b|strong|kbd|tt|em|span|samp)>)?(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|“([^”\n]{1,200})”|\`([^\`\n]{1,200})\`|([^\s"'\`<>]{1,200}))`;

// Groups: 1 the words between the noun and the connector, 2 the connector, 3–7 the value (quoted ones first).
// The words in between ("for the VPN (ops)", "für das WLAN „Lager“"): prose only, never code or an earlier
// marker, so that a second pass reads the same statements as the first.
export const FILLER = String.raw`(?:[ \t][A-Za-z0-9À-ÿ \t,()/@'’‘‚„“”«»‹›-]{0,59}?)?`;
const PASSWORD_STATEMENT = new RegExp(String.raw`\b${PASSWORD_WORD}\b(${FILLER})[ \t]*(${CONNECTOR})[ \t]*` + VALUE, 'gi');
const SECRET_STATEMENT = new RegExp(String.raw`\b${SECRET_WORD}\b(${FILLER})[ \t]*(${CONNECTOR})[ \t]*` + VALUE, 'gi');
const USE_AS = new RegExp(
  String.raw`\b(?:use|try|enter|type|with)[ \t]+` + VALUE + String.raw`[ \t]+as[ \t]+(?:the[ \t]+|your[ \t]+)?${PASSWORD_WORD}\b`,
  'gi',
);
// "creds: admin / Winter2026!", "login admin:Winter2026!", "user sam pass hunter2"
// "the Wi-Fi is ACME-Guest, the key is …": a key or code in a sentence about a wireless network.
const WIFI_KEY = new RegExp(
  String.raw`\b(?:wi-?fi|wlan|wireless|ssid|wpa2?|hotspot)\b[^\n.;]{0,80}?\b(?:key|code|passphrase)\b[ \t]*(${CONNECTOR})[ \t]*` + VALUE,
  'gi',
);
// "pass: X9!…", "PIN: 4821", "the door code is 4711#": short words that are a secret only before a value shaped like one.
const PASS_STATEMENT = new RegExp(String.raw`(?<![\w.-])pass[ \t]*(?:[:=]|\bis\b)[ \t]*` + VALUE, 'gi');
const PIN_STATEMENT = new RegExp(
  String.raw`(?:\bPIN\b|\b[Pp]in[ -]?(?:[Cc]ode|[Nn]ummer|[Nn]umber)\b|\bcode PIN\b|\b(?:door|alarm|gate|keypad|entry|safe|locker)[ -]code\b)(${FILLER})[ \t]*(${CONNECTOR})[ \t]*(?:<(?:code|b|strong|kbd)>)?["'“]?(\d{4,12}#?)(?!\w)`,
  'g',
);
const CREDENTIAL_PAIR = new RegExp(
  String.raw`(?<![\w./@-])(?:creds|credentials|login|logins)(?:[ \t]*[:=-][ \t]*|[ \t]+)([A-Za-z0-9][A-Za-z0-9._@\\-]{0,59})(?:[ \t]/[ \t]|/|:)[ \t]*([^\s]{4,200})`,
  'gi',
);

/** Whether the text after "password is" reads as a password rather than as more prose. */
function readsAsPassword(value: string, quoted: boolean, direct: boolean): boolean {
  if (isPlaceholder(value) || PLAIN_WORDS.test(value)) return false;
  if (quoted) return value.length >= 3;
  if (isCodeReference(value) || value.length < 4 || /^\d{1,3}$/.test(value)) return false;
  if (/^(?:https?:|www\.|\/|~\/|\.\/)/.test(value)) return false;
  // After "password:" any word counts; after "the password is" only one that does not read as a word.
  return direct || /\d/.test(value) || /[a-z][A-Z]/.test(value) || /[^\p{L}\p{N}_.-]/u.test(value);
}

/** Sentence punctuation after a value; `!` and `?` stay, as passwords often end with them. */
function strip(value: string): string {
  return value.replace(/[.,;:)\]]+$/, '');
}

interface StatedValue {
  value: string;
  quoted: boolean;
  start: number;
}

/** The value of a statement that ends the match: groups `first`…`first + 3` are its quoted forms, `first + 4` the bare one. */
function statedValue(m: RegExpMatchArray, first: number): StatedValue {
  const end = (m.index ?? 0) + m[0].length;
  const quoted = m[first] ?? m[first + 1] ?? m[first + 2] ?? m[first + 3];
  if (quoted !== undefined) return { value: quoted, quoted: true, start: end - quoted.length - 1 };
  const bare = m[first + 4];
  return { value: strip(bare), quoted: false, start: end - bare.length };
}

function findProse(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  const add = (start: number, value: string, kind: string) => found.push({ start, end: start + value.length, kind });
  for (const m of matchesOf(PASSWORD_STATEMENT, text)) {
    const v = statedValue(m, 3);
    // `password=x&next=/` in a query string: the value ends at the next parameter.
    if (!v.quoted && m[2] === '=') v.value = strip(v.value.split('&')[0]);
    const direct = m[1].trim() === '' && /^[:=]$/.test(m[2]);
    if (inUrlUserinfo(text, m.index ?? 0)) continue;
    if (!v.quoted && direct && !valueIsSecret('password', 'password', v.value, false, m[2])) continue;
    if (readsAsPassword(v.value, v.quoted, direct)) add(v.start, v.value, 'password');
  }
  for (const m of matchesOf(SECRET_STATEMENT, text)) {
    const v = statedValue(m, 3);
    if (inUrlUserinfo(text, m.index ?? 0) || isPlaceholder(v.value) || (!v.quoted && isCodeReference(v.value))) continue;
    if (looksRandom(v.value, 12)) add(v.start, v.value, 'secret value');
  }
  for (const m of matchesOf(WIFI_KEY, text)) {
    const v = statedValue(m, 2);
    if (readsAsPassword(v.value, v.quoted, false)) add(v.start, v.value, 'password');
  }
  for (const m of matchesOf(PASS_STATEMENT, text)) {
    const v = statedValue(m, 1);
    if (!inUrlUserinfo(text, m.index ?? 0) && readsAsPassword(v.value, v.quoted, false)) add(v.start, v.value, 'password');
  }
  for (const m of matchesOf(PIN_STATEMENT, text)) add((m.index ?? 0) + m[0].length - m[3].length, m[3], 'PIN');
  for (const m of matchesOf(USE_AS, text)) {
    const value = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    if (readsAsPassword(value, m[5] === undefined, false)) add(text.indexOf(value, m.index ?? 0), value, 'password');
  }
  for (const m of matchesOf(CREDENTIAL_PAIR, text)) {
    const value = strip(m[2]);
    if (isPlaceholder(value) || !/[A-Za-z]/.test(value) || !/[\d\W_]/.test(value) || /^\/\//.test(m[2])) continue;
    add((m.index ?? 0) + m[0].length - m[2].length, value, 'password');
  }
  return found;
}

export const prose: SecretRule = { id: 'prose-password', find: findProse };
