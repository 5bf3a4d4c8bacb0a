import type { SecretFinding, SecretRule } from './types';
import { MASK_CHAR, isCodeReference, isHexDigest, isUuid, looksRandom } from './values';
import { matchesOf } from './matches';

/**
 * A random-looking string shortly after a word that says key, token, secret, password or credential on the
 * same line ("here is the staging token, expires Friday: 8fK2…"): how keys appear in notes, tickets and chat
 * exports. Hashes, UUIDs, paths, public keys and data URLs are left alone, as they are what such lines cite.
 *
 * The window is the eight words after the word, up to the end of its sentence, read in a lookahead so that
 * every such word gets its own window. Counting words rather than characters keeps a second pass stable: a
 * redacted token stays one word, however long its marker.
 */
const NEAR =
  /\b(?:api[ _-]?key|apikey|key|token|secret|password|passwort|passphrase|credentials?|bearer|auth)s?\b(?=(\S{0,400}(?:[^\S\n]{1,20}\S{1,400}){0,8}))/gi;
const CANDIDATE = /(?<![\w+/=.-])[A-Za-z0-9][A-Za-z0-9+/_=.~-]{19,399}(?![\w+/=.-])/g;

function findNearWords(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of matchesOf(NEAR, text)) {
    const tailStart = (m.index ?? 0) + m[0].length;
    const sentenceEnd = m[1].search(/[.;!?](?:\s|$)/);
    const tail = sentenceEnd === -1 ? m[1] : m[1].slice(0, sentenceEnd + 1);
    for (const c of matchesOf(CANDIDATE, tail)) {
      const start = tailStart + (c.index ?? 0);
      const token = c[0].replace(/[.=-]+$/, (t) => (t.includes('=') ? t : ''));
      // The tail is matched on its own: the characters around it in the text decide where a token starts and
      // ends. One glued to an earlier marker was part of a longer token the first time round.
      if (/[\w+/=.$-]/.test(text[start - 1] ?? '') || /base64,$/.test(tail.slice(0, c.index))) continue;
      if (text[start - 1] === ']' || text.startsWith('[' + MASK_CHAR, start + c[0].length)) continue;
      if (/^v?\d{1,4}(?:\.\d{1,6}){1,3}(?:[-+][\w.+-]*)?$/.test(token)) continue;
      // Paths and URL paths: a slash-separated token with a plain lower-case word in it.
      if (token.includes('/') && token.split('/').some((part) => /^[a-z]{4,}$/.test(part))) continue;
      // Host names, file names and paths.
      if ((token.includes('.') && token.includes('/')) || (/^[\w-]+(?:\.[\w-]+)+$/.test(token) && /\.[A-Za-z]{2,6}$/.test(token))) continue;
      // `ssh-ed25519 AAAAC3Nza…`: the public half of a key pair.
      if (
        /^AAAA[A-Z0-9]/.test(token) &&
        /(?:ssh-[a-z0-9]{2,10}|ecdsa-sha2-[a-z0-9]{2,10}|sk-ssh-[\w@.]{2,40})\s$/.test(text.slice(Math.max(0, start - 40), start))
      )
        continue;
      if (isHexDigest(token) || isUuid(token) || /^(?:sha\d{1,3}[-:]|data:|https?:|\/|[\w-]+\.(?:com|org|net|io)\b)/i.test(token)) continue;
      // Code: `t=e.input.charCodeAt`, `options.apiKey`; base64 has `=` only as padding at the end.
      if (/=[^=]/.test(token) || isCodeReference(token)) continue;
      if (/^[a-z]+(?:[-_.][a-z]+)+$/i.test(token) || !looksRandom(token, 20)) continue;
      found.push({ start, end: start + token.length, kind: 'secret value' });
    }
  }
  return found;
}

export const nearSecretWords: SecretRule = { id: 'near-secret-word', find: findNearWords };
