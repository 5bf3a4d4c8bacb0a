import type { SecretFinding, SecretRule } from './types';
import { looksRandom } from './values';
import { matchesOf } from './matches';

/**
 * Webhook URLs whose path is the credential: anyone holding it can post as the team. The host stays so a
 * reader knows which service was called; the secret path is replaced.
 */
const WEBHOOKS: Array<{ kind: string; re: RegExp }> = [
  { kind: 'Discord webhook', re: /https?:\/\/(?:[\w-]{1,20}\.)?discord(?:app)?\.com\/api\/(?:v\d{1,2}\/)?webhooks\/([0-9]{5,30}\/[A-Za-z0-9_-]{20,120})/g },
  { kind: 'Slack webhook', re: /https?:\/\/hooks\.slack\.com\/((?:services|workflows|triggers)\/[A-Za-z0-9_/-]{10,200})/g },
  { kind: 'Teams webhook', re: /https?:\/\/[\w-]{1,60}\.webhook\.office\.com\/(webhookb2\/[A-Za-z0-9@/_-]{20,400})/g },
  { kind: 'Teams webhook', re: /https?:\/\/outlook\.office(?:365)?\.com\/(webhook\/[A-Za-z0-9@/_-]{20,400})/g },
  { kind: 'Google Chat webhook', re: /https?:\/\/chat\.googleapis\.com\/v1\/spaces\/[A-Za-z0-9_-]{4,40}\/messages\?([^\s"'<>`]{10,400})/g },
  { kind: 'Zapier webhook', re: /https?:\/\/hooks\.zapier\.com\/hooks\/catch\/([0-9]{3,15}\/[A-Za-z0-9]{4,20})/g },
  {
    kind: 'Power Automate webhook',
    re: /https?:\/\/[\w.-]{1,100}\.logic\.azure\.com(?::443)?\/workflows\/[^\s"'<>`?]{1,200}\?[^\s"'<>`]{0,300}?[?&]sig=([A-Za-z0-9%_-]{20,200})/g,
  },
];

/**
 * Any other service's webhook: a URL whose host or a path segment says hook (`hooks.chat.example/services/…`,
 * `example.com/api/webhooks/…`). From its first random-looking segment on, the path is the credential.
 */
const HOOK_URL = /https?:\/\/([^\s"'<>`/?#]{1,253})(\/[^\s"'<>`?#]{1,600})/g;

function genericHookSecrets(text: string, found: SecretFinding[]): void {
  for (const m of matchesOf(HOOK_URL, text)) {
    const [, host, path] = m;
    const segments = path.split('/');
    if (!/hook/i.test(host) && !segments.some((s) => /^(?:web)?hooks?$/i.test(s))) continue;
    let offset = (m.index ?? 0) + m[0].length - path.length;
    for (const segment of segments) {
      if (segment.length >= 12 && looksRandom(segment, 12)) {
        const end = (m.index ?? 0) + m[0].length;
        if (!found.some((f) => f.start < end && f.end > offset)) found.push({ start: offset, end, kind: 'webhook URL' });
        break;
      }
      offset += segment.length + 1;
    }
  }
}

function findWebhooks(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const w of WEBHOOKS) {
    for (const m of matchesOf(w.re, text)) {
      const start = (m.index ?? 0) + m[0].length - m[1].length;
      found.push({ start, end: start + m[1].length, kind: w.kind });
    }
  }
  genericHookSecrets(text, found);
  return found;
}

export const webhooks: SecretRule = { id: 'webhook-url', find: findWebhooks };
