import type { SecretFinding, SecretRule } from './types';
import { isPlaceholder, looksRandom } from './values';
import { matchesOf } from './matches';

/**
 * `scheme://user:password@host`, whatever the password holds (`/`, `@`, `:`, `%40`), `redis://:pw@host`, and
 * tokens given as the user (`https://<token>@github.com`, Sentry DSN keys). The user and host stay: they say
 * where the data lives. The userinfo ends at the first `@` that is followed by something shaped like a host.
 */
const URL_START = /(?<![\w+.-])([a-z][a-z0-9+.-]{1,30}):\/\/([^\s'"<>`]{1,600})/gi;
const HOST_AFTER = /^(?:[A-Za-z0-9._~%-]{1,253}|\[[0-9A-Fa-f:.]{2,60}\])(?::\d{1,5})?(?=[/?#,;)\]&'"|<>\s\\]|$)/;
// `jdbc:oracle:thin:user/password@host:1521/service`
const ORACLE_THIN = /(?<![\w-])thin:([A-Za-z_][\w$#]{0,60})\/([^\s@'"]{1,200})@(?=[A-Za-z0-9(/])/g;

export interface UrlCredential {
  /** Offsets of the password, or of a token given as the user, within the scanned text. */
  start: number;
  end: number;
  kind: string;
}

function kindOfScheme(scheme: string): string {
  return /^(?:https?|ftps?|wss?|git\+https?)$/i.test(scheme) ? 'password in URL' : 'password in connection string';
}

/** The credential inside one `scheme://…` candidate whose authority starts at `authorityStart`. */
export function credentialInUrl(scheme: string, candidate: string, authorityStart: number): UrlCredential | undefined {
  for (let at = candidate.indexOf('@'); at !== -1; at = candidate.indexOf('@', at + 1)) {
    if (!HOST_AFTER.test(candidate.slice(at + 1, at + 300))) continue;
    const userinfo = candidate.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon !== -1) {
      const user = userinfo.slice(0, colon);
      const password = userinfo.slice(colon + 1);
      // `host:8080/path@x` is a port and a path, not a user and a password; `admin:0#Cb…@host` is a password.
      if (/[/?#\s]/.test(user) || /^\d{1,5}(?:[/?]|$)/.test(password)) return undefined;
      if (password === '' || isPlaceholder(password) || /^[*]+$/.test(password)) return undefined;
      return { start: authorityStart + colon + 1, end: authorityStart + at, kind: kindOfScheme(scheme) };
    }
    // No password: a random user is a token (GitHub `https://<token>@github.com`, a Sentry DSN key).
    if (/[/?#\s]/.test(userinfo) || isPlaceholder(userinfo)) return undefined;
    const afterHost = candidate.slice(at + 1, at + 120);
    if (/sentry/i.test(afterHost) && /^[0-9a-f]{32}$/i.test(userinfo)) return { start: authorityStart, end: authorityStart + at, kind: 'Sentry DSN key' };
    if (looksRandom(userinfo, 20)) return { start: authorityStart, end: authorityStart + at, kind: 'token in URL' };
    return undefined;
  }
  return undefined;
}

function findUrlCredentials(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  const re = new RegExp(URL_START.source, 'gi');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const authorityStart = m.index + m[1].length + 3;
    const c = m[2].includes('@') ? credentialInUrl(m[1], m[2], authorityStart) : undefined;
    if (c) found.push(c);
    // Another URL may sit inside this one's text (`?next=ftp://u:p@host`, `…/hook=postgres://u:p@db`):
    // go on from the end of the credential, or from just after this `://`.
    re.lastIndex = c ? c.end : authorityStart;
  }
  for (const m of matchesOf(ORACLE_THIN, text)) {
    if (isPlaceholder(m[2])) continue;
    const start = (m.index ?? 0) + 5 + m[1].length + 1;
    found.push({ start, end: start + m[2].length, kind: 'password in connection string' });
  }
  return found;
}

export const urlCredentials: SecretRule = { id: 'url-credentials', find: findUrlCredentials };
