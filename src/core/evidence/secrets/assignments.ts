import { secretKindForName, type SecretNameKind } from './names';
import type { SecretFinding, SecretRule } from './types';
import {
  PLAIN_WORDS,
  inUrlUserinfo,
  isBase64Credential,
  isCodeReference,
  isPlaceholder,
  isVariableNamedLikeSecret,
  looksLikeBase64Key,
  looksRandom,
  readsAsWords,
} from './values';

/**
 * `NAME=value`, `name: value`, `"name": "value"`, `name = 'value'`, `$Password = "…"`, `password="x"` kwargs,
 * XML attributes, query strings and log lines: a setting whose name says password, key, token or secret.
 * One pattern covers env, YAML, JSON, INI, TOML, Java properties, PowerShell and code, since they differ only in
 * quoting and in the separator.
 */
const ASSIGNMENT =
  /(?<![\w$.@-])(["'`]?)((?:\$(?:env:)?)?[A-Za-z_@][\w.@-]{0,80})\1[ \t]*(:=|=>|:|=)[ \t]*(?:[rbuf]?"([^"\n]{0,400})"|[rbuf]?'([^'\n]{0,400})'|`([^`\n]{0,400})`|([^\s"'`<>;,&)\]}]{0,400}))/g;

// What may stand before a setting at the start of a line: `export `, `set `, `- `, Dockerfile `ENV `.
const LINE_LEAD = /^[ \t]{0,40}(?:(?:export|set|setx|ENV|ARG|local|readonly|declare(?: -x)?)[ \t]+|-[ \t]+)?$/;

/** Whether only a line lead stands between the start of the line and `index` (looks back 60 characters at most). */
export function startsLine(text: string, index: number): boolean {
  const from = Math.max(0, index - 61);
  const before = text.slice(from, index);
  const nl = before.lastIndexOf('\n');
  if (nl === -1 && from > 0) return false;
  return LINE_LEAD.test(before.slice(nl + 1));
}

export function valueIsSecret(kind: SecretNameKind, name: string, value: string, quoted: boolean, separator = '='): boolean {
  const v = value.trim();
  // `!vault |`, `!Ref DbPassword`, `!secret db_password`: YAML tags that fetch the value; `!Xk9…` is a password.
  if (isPlaceholder(v) || /^!{1,2}(?:[A-Za-z_:]{1,40}|Base64)(?:\s|$)/.test(v) || v.includes('://')) return false;
  // `Content-Type`, `X-Forwarded-For`: a header name, not a value; a passphrase of words and a number (`Parcel-Heron-19`) is one.
  const headerName = /^[A-Z][a-zA-Z]+-[A-Z]\w+/.test(v) && readsAsWords(v) && !/(?:^|-)\d+(?:-|$)/.test(v);
  if (!quoted && (isCodeReference(v) || isVariableNamedLikeSecret(v) || headerName)) return false;
  // Code, not a literal: `getPassword: function (…) {`, `token: await fetchToken()`, `key: new Key(…)`.
  if (
    !quoted &&
    /^(?:function|async|await|new|return|this|self|lambda|def|fn|yield|typeof|static|public|private|readonly|string|number|boolean)\b|[{(]$|=>/.test(v)
  )
    return false;
  if (v.toLowerCase() === name.replace(/^\$/, '').toLowerCase()) return false;
  if (/^(?:\/|~\/|\.{1,2}\/|[A-Za-z]:\\)[\w./\\ -]*$/.test(v)) return false;
  if (kind === 'password') {
    // "Password: sent separately" in a note: words after a colon, with no digit or symbol, are prose.
    if (!quoted && separator === ':' && (PLAIN_WORDS.test(v.split(/\s/)[0]) || (/\s/.test(v) && /^[A-Za-z\s]+$/.test(v)))) return false;
    // PWD is also the shell's current folder: only a random-looking value is a password there.
    if (name === 'PWD') return looksRandom(v, 8);
    return v.length >= 4 && !/^\d{1,3}$/.test(v);
  }
  return (
    looksRandom(v, 12) || looksLikeBase64Key(v) || isBase64Credential(v) || (v.length >= 16 && /^[0-9a-f-]+$/i.test(v) && /\d/.test(v) && /[a-f]/i.test(v))
  );
}

/**
 * At a line start, a password runs to the next blank (`PGPASSWORD=1%gs&%66 psql`: `&` and `;` inside it too) and,
 * when blanks stand around the separator, to the end of the line (INI and YAML allow spaces), less a comment.
 */
function lineStartValue(text: string, valueStart: number, kind: SecretNameKind, toLineEnd: boolean): number {
  let tokenEnd = valueStart;
  const limit = Math.min(text.length, valueStart + 400);
  while (tokenEnd < limit && !/\s/.test(text[tokenEnd])) tokenEnd++;
  // A trailing comma or semicolon ends a YAML flow item or a statement, and `&&` the command, not the value.
  let end = tokenEnd;
  while (end > valueStart + 1 && /[,;&]/.test(text[end - 1])) end--;
  const token = text.slice(valueStart, end);
  // Connection strings (`Password=x;Server=y`) stop at the next setting.
  const nextSetting = /;[ \t]{0,3}[A-Za-z][\w ]{0,30}=/.exec(token);
  if (nextSetting) return valueStart + nextSetting.index;
  if (kind !== 'password' || !toLineEnd) return end;
  const lineEnd = text.indexOf('\n', tokenEnd);
  const rest = text.slice(tokenEnd, lineEnd === -1 ? Math.min(text.length, tokenEnd + 200) : Math.min(lineEnd, tokenEnd + 200));
  if (/[=:(){}]/.test(rest) || /^\s*$/.test(rest)) return end;
  const comment = rest.search(/\s[#;]/);
  return tokenEnd + (comment === -1 ? rest.trimEnd().length : rest.slice(0, comment).trimEnd().length);
}

// Words that say where a password is or what happens to it, rather than being one: "see the vault", "ask ops".
const ABOUT_WORDS =
  /^(?:see|ask|use|via|from|to|of|is|by|with|and|or|if|when|the|a|an|in|on|at|for|not|now|here|there|below|above|stored|kept|saved|managed|rotated|required|needed|set|reset|changed|expired|shared|sent|provided|available|unchanged|encrypted|hashed|unknown|attached|same|vault|keepass|keeper|bitwarden|lastpass|manager|ticket|wiki|email|mail|separately|later|team|admin|it|ops|please|check|contact|env|environment|variable|file|secret|secrets|password|prompt|stdin|as|default|generated|random)$/;

/**
 * A passphrase of plain words in a config file (`  password: correct horse battery staple`, `db_password: …`),
 * told from a note's "Password: see the vault" by its lower-case key, indented or joined with `_`, `.` or `-`,
 * and by having no word that says where the password is.
 */
function isConfigPassphrase(text: string, index: number, name: string, value: string): boolean {
  if (!/^[a-z][a-z0-9_.-]{0,60}$/.test(name) || !/^[a-z]{2,20}(?:[ -][a-z]{2,20}){1,7}$/.test(value)) return false;
  const indent = /(?:^|\n)([ \t]*)$/.exec(text.slice(Math.max(0, index - 40), index))?.[1] ?? '';
  if (!/[_.-]/.test(name) && indent.length < 2) return false;
  return value.split(/[ -]/).every((w) => !ABOUT_WORDS.test(w));
}

/** The end of the word starting at `start`, up to `limit`, less a trailing `,`, `;` or `&`. */
function firstWordEnd(text: string, start: number, limit: number): number {
  let end = start;
  while (end < limit && !/\s/.test(text[end])) end++;
  while (end > start + 1 && /[,;&]/.test(text[end - 1])) end--;
  return end;
}

function findAssignments(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  const re = new RegExp(ASSIGNMENT.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[2];
    const quotedValue = m[4] ?? m[5] ?? m[6];
    const quoted = quotedValue !== undefined;
    let value = quoted ? quotedValue : m[7];
    const valueStart = m.index + m[0].length - value.length - (quoted ? 1 : 0);
    const kind = secretKindForName(name);
    let end = valueStart + value.length;
    // `PGPASSWORD=x psql …` ends at the space; `password = a b c` (INI) and `password: a b` (YAML) run on.
    const separator = m[0].slice(m[1].length * 2 + name.length, m[0].length - (quoted ? value.length + 2 : value.length));
    const spaced = /[ \t]/.test(separator);
    if (kind && !quoted && startsLine(text, m.index) && (spaced || kind === 'password')) {
      end = lineStartValue(text, valueStart, kind, spaced);
      value = text.slice(valueStart, end);
    }
    // The first word decides (`password = l&nE__Mk!3F` as much as `PGPASSWORD=&c%3#eic psql`), not the regex's cut.
    const firstToken = quoted ? value : text.slice(valueStart, Math.max(valueStart + m[7].length, firstWordEnd(text, valueStart, end)));
    const literal = kind && valueIsSecret(kind, name, firstToken, quoted, m[3]) && valueIsSecret(kind, name, value, quoted, m[3]);
    const passphrase = kind === 'password' && !quoted && m[3] === ':' && startsLine(text, m.index) && isConfigPassphrase(text, m.index, name, value);
    if ((literal || passphrase) && !inUrlUserinfo(text, m.index)) {
      found.push({ start: valueStart, end, kind });
      continue;
    }
    // Not a secret: its value may hold settings of its own (`conn = "Server=…;Password=…"`), so look inside.
    re.lastIndex = valueStart;
  }
  return found;
}

export const assignments: SecretRule = { id: 'assignment', find: findAssignments };
