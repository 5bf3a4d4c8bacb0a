import { valueIsSecret } from './assignments';
import { secretKindForName } from './names';
import type { SecretFinding, SecretRule } from './types';
import { isPlaceholder } from './values';
import { matchesOf } from './matches';

/**
 * Tool-specific places a credential sits that the general `name = value` rule cannot see: `.npmrc` auth lines,
 * the space form of Dockerfile `ENV`, kubeadm join tokens and CA hashes, PowerShell `ConvertTo-SecureString`
 * with a literal, `.netrc` and `.pgpass` lines, SQL `WITH PASSWORD '…'`, AWS secret keys by their setting name, and a Twilio auth token passed next to its account SID.
 */
// The value never ends in `;` or `,`: those end a cell or a statement the line goes on with.
const NPMRC = /(?<![\w-])(?:_authToken|_auth|_password)[ \t]*(?:=|[ \t])[ \t]*["']?([^\s"'$]{5,1999}[^\s"'$;,])/g;
const DOCKER_ENV_SPACE = /^[ \t]{0,20}ENV[ \t]+([A-Za-z_][\w.-]{0,80})[ \t]+([^\s=][^\n]{0,400})$/gm;
const KUBEADM_TOKEN = /\b(?:kubeadm|token)\b[^\n]{0,200}?(?<![\w.])([a-z0-9]{6}\.[a-z0-9]{16})(?![\w.])/g;
const KUBEADM_CA_HASH = /--discovery-token-ca-cert-hash[ \t=]+(sha256:[0-9a-f]{64})/g;
const SECURE_STRING = /ConvertTo-SecureString[ \t]+(?:-String[ \t]+)?(?:"([^"\n]{1,400})"|'([^'\n]{1,400})')/gi;
const AWS_SECRET = /aws_?secret_?access_?key["']?[ \t]*(?:=|:|=>)[ \t]*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi;
// `.netrc`: `machine host login sam password x`; `.pgpass`: `host:port:db:user:password`.
const NETRC = /\b(?:machine|login)[ \t][^\n]{0,200}?\bpassword[ \t]+(\S{1,200})/g;
const PGPASS = /^[\w.*-]{1,100}:(?:\d{1,5}|\*):[\w*-]{1,100}:[\w.@*-]{1,100}:([^\s]{1,200})$/gm;
// SQL: `CREATE USER app WITH PASSWORD 'x'`, `IDENTIFIED BY 'x'`.
const SQL_PASSWORD = /\b(?:PASSWORD|IDENTIFIED[ \t]+BY)[ \t]+(?:'([^'\n]{1,200})'|"([^"\n]{1,200})")/gi;
const TWILIO_PAIR = /(?<![\w-])AC[0-9a-f]{32}(?![\w-])[^\n]{0,120}?(?<![\w-])([0-9a-f]{32})(?![\w-])/g;

function add(found: SecretFinding[], m: RegExpMatchArray, value: string, kind: string, trailing = 0): void {
  const start = (m.index ?? 0) + m[0].length - value.length - trailing;
  found.push({ start, end: start + value.length, kind });
}

function findToolSecrets(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of matchesOf(NPMRC, text)) if (!isPlaceholder(m[1])) add(found, m, m[1], 'npm token');
  for (const m of matchesOf(DOCKER_ENV_SPACE, text)) {
    const kind = secretKindForName(m[1]);
    const value = m[2].trimEnd();
    const unquoted = value.replace(/^(["'])(.*)\1$/, '$2');
    if (!kind || !valueIsSecret(kind, m[1], unquoted, unquoted !== value)) continue;
    const start = (m.index ?? 0) + m[0].length - m[2].length + (unquoted !== value ? 1 : 0);
    found.push({ start, end: start + unquoted.length, kind });
  }
  for (const m of matchesOf(KUBEADM_TOKEN, text)) add(found, m, m[1], 'kubeadm token');
  for (const m of matchesOf(KUBEADM_CA_HASH, text)) add(found, m, m[1], 'kubeadm CA hash');
  for (const m of matchesOf(SECURE_STRING, text)) {
    const value = m[1] ?? m[2];
    if (!isPlaceholder(value)) add(found, m, value, 'password', 1);
  }
  for (const m of matchesOf(NETRC, text)) if (!isPlaceholder(m[1])) add(found, m, m[1], 'password');
  for (const m of matchesOf(PGPASS, text)) if (!isPlaceholder(m[1]) && m[1] !== '*') add(found, m, m[1], 'password');
  for (const m of matchesOf(SQL_PASSWORD, text)) {
    const value = m[1] ?? m[2];
    if (!isPlaceholder(value)) add(found, m, value, 'password', 1);
  }
  for (const m of matchesOf(AWS_SECRET, text)) add(found, m, m[1], 'AWS secret key');
  for (const m of matchesOf(TWILIO_PAIR, text)) add(found, m, m[1], 'Twilio auth token');
  return found;
}

export const toolConfigs: SecretRule = { id: 'tool-config', find: findToolSecrets };
