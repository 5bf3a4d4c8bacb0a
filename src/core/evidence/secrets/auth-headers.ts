import type { SecretFinding, SecretRule } from './types';
import { inUrlUserinfo, isBase64Credential, isCodeReference, isPlaceholder, looksRandom, readsAsWords } from './values';
import { matchesOf } from './matches';

/**
 * `Authorization: Basic|Bearer|Token …` in any syntax: curl `-H`, HTTP dumps, JSON, YAML, PowerShell
 * hashtables, Python dicts. The scheme word stays so a reader knows what kind of login it was.
 */
const AUTHORIZATION =
  /(?<![\w-])(?:Proxy-)?Authori[sz]ation(?:["'`][ \t]*(?::|=>|=|,)|[ \t]*[:=])[ \t]*(?:[rbuf]?["'`])?[ \t]*(?:([A-Za-z][\w-]{1,30})[ \t]+)?([^\s"'`,;)}\]]{1,2000})/gi;
/** `Bearer <token>` and `Basic <base64>` wherever they stand, e.g. `"Bearer " + …` lines already resolved in a log. */
const BARE_SCHEME = /(?<![\w-])(Bearer|Basic|Token|Bot|SSWS|GenieKey)[ \t]+([A-Za-z0-9._~+/=-]{12,2000})/g;
// Headers that carry a key or token on their own, whatever the tool: GitLab, Vault, API gateways.
const TOKEN_HEADER =
  /(?<![\w-])(PRIVATE-TOKEN|JOB-TOKEN|DEPLOY-TOKEN|X-(?:[A-Za-z]{1,20}-){0,3}(?:Api-?Key|Token|Auth-?Token|Access-?Token|Secret|Auth|Key|Password)|Api-?Key|Ocp-Apim-Subscription-Key|apikey)(?:["'`][ \t]*(?::|=>|=|,)|[ \t]*:)[ \t]*["'`]?[ \t]*([^\s"'`,;)}\]]{4,2000})/gi;

function kindOfScheme(scheme: string | undefined, credential: string): string {
  const s = (scheme ?? '').toLowerCase();
  if (s === 'basic' || (!scheme && isBase64Credential(credential))) return 'basic auth credentials';
  if (s === 'bearer') return 'bearer token';
  return 'authorization token';
}

function findAuthHeaders(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of matchesOf(AUTHORIZATION, text)) {
    const credential = m[2];
    if (
      isPlaceholder(credential) ||
      isCodeReference(credential) ||
      credential.length < 6 ||
      /^(?:Bearer|Basic|Token|Digest|Negotiate|NTLM|Bot)$/i.test(credential)
    )
      continue;
    if (/^(?:Digest|Negotiate|NTLM)$/i.test(m[1] ?? '')) continue;
    // "Authorization: pending approval" in prose: a credential is not a short plain word.
    if (credential.length < 8 || (/^[A-Za-z-]+$/.test(credential) && credential.length < 20)) continue;
    const start = (m.index ?? 0) + m[0].length - credential.length;
    found.push({ start, end: start + credential.length, kind: kindOfScheme(m[1], credential) });
  }
  for (const m of matchesOf(BARE_SCHEME, text)) {
    const credential = m[2];
    const isBasic = m[1] === 'Basic';
    if (isPlaceholder(credential) || (isBasic ? !isBase64Credential(credential) : !looksRandom(credential, 16) && !/^eyJ/.test(credential))) continue;
    const start = (m.index ?? 0) + m[0].length - credential.length;
    found.push({ start, end: start + credential.length, kind: kindOfScheme(m[1], credential) });
  }
  for (const m of matchesOf(TOKEN_HEADER, text)) {
    const credential = m[2];
    if (isPlaceholder(credential) || isCodeReference(credential) || inUrlUserinfo(text, m.index ?? 0)) continue;
    // A header that exists to carry a token: mixed case with a digit is enough, even if its letters form word-like runs.
    const tokenShaped = /^[A-Za-z0-9_.~+/=-]{16,}$/.test(credential) && /[A-Z]/.test(credential) && /[a-z]/.test(credential) && /\d/.test(credential);
    if (!looksRandom(credential, 12) && !tokenShaped && !(/^[A-Za-z0-9_-]{20,}$/.test(credential) && !readsAsWords(credential))) continue;
    const start = (m.index ?? 0) + m[0].length - credential.length;
    found.push({ start, end: start + credential.length, kind: 'API token header' });
  }
  return found;
}

export const authHeaders: SecretRule = { id: 'authorization-header', find: findAuthHeaders };
