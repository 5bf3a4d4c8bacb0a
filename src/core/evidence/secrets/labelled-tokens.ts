import type { SecretFinding, SecretRule } from './types';
import { entropy, isHexDigest, isPlaceholder, isUuid, looksLikeLabelledToken } from './values';
import { matchesOf } from './matches';

/**
 * Keys with no vendor prefix that only their label gives away: "twilio auth token 7da1…" in a code comment,
 * `X-Postmark-Server-Token: <uuid>`, `GenieKey <uuid>`, "server token <uuid>", and an API key passed as the user
 * of Basic auth (`curl -u <key>:X` for Freshdesk, `-u <key>:` with an empty password). The label must stand right
 * before the value, so that an order's UUID next to the word "order" or a commit hash stays.
 */
const LABEL = String.raw`(?<![A-Za-z0-9])(?:(?:api|auth|access|server|secret|private|integration|write|account|app|bot|personal|service|admin|client|signing|webhook)[ _-]?(?:token|key|secret)|token|secret|apikey|api-?key|GenieKey|passwor[dt])`;
const LABELLED = new RegExp(
  LABEL + String.raw`(?![\w-])["'\`]?[ \t]{0,3}(?:[:=]|\bis\b|\bwas\b)?[ \t]{0,3}["'\`]?([A-Za-z0-9][A-Za-z0-9+/_=.~-]{15,199})(?![\w+/=~-])`,
  'gi',
);
// A service's name a few words before a random token ("PagerDuty events: u+y_qs…"); as a service name also comes
// before its ticket and commit ids, only a random-looking token counts here, not a UUID or a hex digest.
const SERVICE_NEAR =
  /\b(?:twilio|pagerduty|opsgenie|postmark|freshdesk|zendesk|mailgun|segment|okta|auth0|intercom|hubspot|airtable|sendgrid|datadog|algolia|mailchimp|klaviyo|pusher|mixpanel|amplitude|zapier|make\.com)\b(?:[ \t]{1,3}[A-Za-z][\w()-]{0,20}){0,3}[ \t]{0,3}[:=-]?[ \t]{0,3}["'`]?([A-Za-z0-9+][A-Za-z0-9+/_=.~-]{15,199})(?![\w+/=~-])/gi;
// `curl -u <key>:X` and `curl -u <key>:`: the user part is the secret, the password a dummy.
const KEY_AS_USER = /(?<![\w-])(?:-u|--user)[ \t]*(?:=[ \t]*)?(["']?)([A-Za-z0-9][A-Za-z0-9_+/.=-]{15,199}):X?\1(?=[\s;|&)]|$)/dg;

function findLabelledTokens(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of matchesOf(LABELLED, text)) {
    const token = m[1].replace(/[.]+$/, '');
    if (isPlaceholder(token) || !looksLikeLabelledToken(token)) continue;
    const start = (m.index ?? 0) + m[0].length - m[1].length;
    found.push({ start, end: start + token.length, kind: 'secret value' });
  }
  for (const m of matchesOf(SERVICE_NEAR, text)) {
    const token = m[1].replace(/[.]+$/, '');
    if (isPlaceholder(token) || isUuid(token) || isHexDigest(token) || !looksLikeLabelledToken(token)) continue;
    if (token.includes('/') || /^[a-z]+(?:[-_.][a-z0-9]+)+$/i.test(token)) continue;
    const start = (m.index ?? 0) + m[0].length - m[1].length;
    found.push({ start, end: start + token.length, kind: 'secret value' });
  }
  for (const m of matchesOf(KEY_AS_USER, text)) {
    // The shape of the command says "key": any long mixed string counts, except a user name of joined words.
    const key = m[2];
    const mixed = /\d/.test(key) && /[A-Za-z]/.test(key) && entropy(key) >= 3.5 && !/^[a-z]+(?:[._-][a-z0-9]+)+$/i.test(key);
    if (!mixed && !looksLikeLabelledToken(key)) continue;
    const [start, end] = m.indices?.[2] ?? [0, 0];
    if (end > start) found.push({ start, end, kind: 'secret value' });
  }
  return found;
}

export const labelledTokens: SecretRule = { id: 'labelled-token', find: findLabelledTokens };
