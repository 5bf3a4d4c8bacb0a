/**
 * Text that makes a whole file sensitive whatever its name: a private key saved as `notes.txt`, a
 * kubeconfig called `cluster.yaml`, a copy of `.netrc` or `/etc/shadow`. Redaction hides a secret in
 * ordinary text; these files are nothing but credentials, so they are left out unread instead.
 * Every expression is bounded (no unbounded repetition next to an overlapping one) and runs on the
 * whole text, up to the 5 MB a file may have, in linear time.
 */

interface ContentRule {
  reason: string;
  /** Cheap substrings one of which must be present before the expressions run. */
  markers: string[];
  /** All must match somewhere in the text. */
  all?: RegExp[];
  /** Every meaningful line (not blank, not a # comment) among the first few must match. */
  everyLine?: RegExp;
}

const EOL = String.raw`(?:\r?\n|\\n)`;
const PEM_KEY = new RegExp(
  // The header, optional "Proc-Type:"/"Version:" headers, then the start of the base64 body: a header
  // quoted in a how-to is not a key. "\n" also matches an escaped one, as in a service-account JSON.
  String.raw`-----BEGIN (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY(?: BLOCK)?-----[ \t]{0,8}${EOL}(?:[ \t]{0,16}[A-Za-z-]{1,40}:[^\r\n\\]{0,300}${EOL}){0,6}(?:[ \t]{0,16}${EOL})?[ \t"]{0,16}[A-Za-z0-9+/=]{32}`,
);

/** rclone's remote types that log in somewhere: with one of these, `pass`, `token`, `key` lines are that login. */
const RCLONE_BACKEND =
  /^type[ \t]{0,8}=[ \t]{0,8}(?:s3|drive|dropbox|onedrive|sftp|ftp|smb|b2|azureblob|azurefiles|webdav|box|google cloud storage|swift|mega|pcloud|protondrive|storj|koofr|jottacloud|seafile|hidrive|sharefile|mailru|yandex|zoho|opendrive|sugarsync|putio|pikpak)[ \t]*\r?$/m;

const CONTENT_RULES: ContentRule[] = [
  { reason: 'sensitive: holds a private key', markers: ['PRIVATE KEY'], all: [PEM_KEY] },
  { reason: 'sensitive: holds a private key (PuTTY)', markers: ['PuTTY-User-Key-File-'], all: [/^PuTTY-User-Key-File-\d: /m] },
  { reason: 'sensitive: holds a private key (age)', markers: ['AGE-SECRET-KEY-1'], all: [/AGE-SECRET-KEY-1[0-9A-Z]{58}/] },
  { reason: 'sensitive: holds a private key (WireGuard)', markers: ['PrivateKey'], all: [/^\[Interface\][ \t]*$/m, /^[ \t]{0,16}PrivateKey[ \t]{0,8}=[ \t]{0,8}[A-Za-z0-9+/]{42,43}=/m] },
  { reason: 'sensitive: holds a service account key', markers: ['service_account'], all: [/"type"[ \t]{0,8}:[ \t]{0,8}"service_account"/, /"private_key(?:_id)?"[ \t]{0,8}:/] },
  {
    reason: 'sensitive: holds cluster credentials (kubeconfig)',
    markers: ['client-key-data', 'kind: Config'],
    all: [/^[ \t]{0,40}(?:client-key-data|(?:- )?(?:token|password|client-key|id-token|refresh-token)):[ \t]{0,8}["']?[^\s"']{8}/m, /^(?:clusters|users|contexts):[ \t]*$/m],
  },
  {
    reason: 'sensitive: holds registry logins (Docker config)',
    markers: ['"auth'],
    all: [/"(?:auths|https:\/\/index\.docker\.io\/v1\/)"[ \t\r\n]{0,40}:/, /"(?:auth|identitytoken)"[ \t]{0,8}:[ \t]{0,8}"[A-Za-z0-9+/=._-]{8}/],
  },
  { reason: 'sensitive: holds AWS credentials', markers: ['aws_secret_access_key'], all: [/^\[[^\]\r\n]{1,100}\][ \t]*\r?$/m, /^[ \t]{0,8}aws_secret_access_key[ \t]{0,8}=[ \t]{0,8}[A-Za-z0-9/+]{40}/m] },
  {
    reason: 'sensitive: holds logins (.netrc)',
    markers: ['password'],
    all: [/^[ \t]{0,8}(?:machine[ \t]{1,8}[^\s]{1,253}|default)\s{1,200}login[ \t]{1,8}[^\s]{1,200}\s{1,200}password[ \t]{1,8}[^\s]/m],
  },
  { reason: 'sensitive: holds password hashes (htpasswd)', markers: ['$apr1$', '$2y$', '$2a$', '$2b$', '{SHA}'], all: [/^[^:\s]{1,255}:(?:\$apr1\$[./0-9A-Za-z]{1,8}\$[./0-9A-Za-z]{22}|\$2[aby]\$\d\d\$[./0-9A-Za-z]{53}|\{SHA\}[A-Za-z0-9+/]{27}=)[ \t]*\r?$/m] },
  { reason: 'sensitive: holds password hashes (shadow)', markers: [':$'], all: [/^[a-z_][a-z0-9_.-]{0,31}:\$(?:1|5|6|y|gy|7|2[aby]?)\$[^:\s]{8,300}:\d{0,10}:/m] },
  { reason: 'sensitive: holds password hashes (shadow)', markers: [':'], everyLine: /^[^:\s]{1,64}:[^:\s]{0,300}:\d{0,10}:\d{0,10}:\d{0,10}:\d{0,10}:\d{0,10}:\d{0,10}:[^:\s]{0,50}$/ },
  { reason: 'sensitive: holds database passwords (.pgpass)', markers: [':'], everyLine: /^[^:\s]{1,253}:(?:\d{1,5}|\*):[^:\s]{1,200}:[^:\s]{1,200}:[^\s]{1,500}$/ },
  { reason: 'sensitive: encrypted secrets (Ansible Vault)', markers: ['$ANSIBLE_VAULT;'], all: [/^\$ANSIBLE_VAULT;\d\.\d;/m] },
  { reason: 'sensitive: holds a wallet key', markers: ['kdfparams'], all: [/"ciphertext"[ \t]{0,8}:/, /"kdfparams"[ \t]{0,8}:/] },
  {
    // A project nuget.config is ordinary build config unless it carries a feed password in clear (not a %VARIABLE%).
    reason: 'sensitive: holds package feed passwords (NuGet)',
    markers: ['ClearTextPassword'],
    all: [/<packageSourceCredentials>/i, /key=["']ClearTextPassword["'][^>]{0,200}value=["'][^"'%\s]|value=["'][^"'%\s][^"']{0,500}["'][^>]{0,200}key=["']ClearTextPassword["']/i],
  },
  { reason: 'sensitive: holds repository passwords (Maven settings)', markers: ['<servers>'], all: [/<server>/, /<password>[ \t]{0,8}[^<$\s]/] },
  { reason: 'sensitive: holds deployment passwords (publish profile)', markers: ['userPWD'], all: [/<publishProfile\b/, /userPWD="[^"\s]/] },
  { reason: 'sensitive: holds saved server logins (FileZilla)', markers: ['<FileZilla3'], all: [/<Pass(?: encoding="base64")?>[^<\s]/] },
  {
    reason: 'sensitive: holds cloud storage logins (rclone)',
    markers: ['type'],
    all: [/^\[[^\]\r\n]{1,100}\][ \t]*\r?$/m, RCLONE_BACKEND, /^(?:pass|password|secret_access_key|token|client_secret|account_key|key)[ \t]{0,8}=[ \t]{0,8}\S/m],
  },
  // A .git-credentials copy: nothing but URLs with a login and password.
  { reason: 'sensitive: holds git logins (.git-credentials)', markers: ['@'], everyLine: /^https?:\/\/[^\s:/@]{1,200}:[^\s@]{1,500}@[^\s@]{1,300}$/ },
];

/** How many meaningful lines a whole-file shape (.pgpass, shadow) is checked on: enough to tell, cheap on big files. */
const SHAPE_LINES = 20;

function firstLines(text: string): string[] {
  const lines: string[] = [];
  let at = 0;
  while (lines.length < SHAPE_LINES && at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const line = text.slice(at, Math.min(end, at + 2000)).replace(/\r$/, '').trim();
    if (line && !line.startsWith('#')) lines.push(line);
    at = end + 1;
  }
  return lines;
}

/**
 * Why a file's text makes the whole file sensitive whatever its name (a private key saved as `notes.txt`),
 * or undefined. Callers check this before any of the text is used, and leave the file out unread.
 */
export function sensitiveContent(text: string): string | undefined {
  let lines: string[] | undefined;
  for (const rule of CONTENT_RULES) {
    if (!rule.markers.some((m) => text.includes(m))) continue;
    if (rule.all && rule.all.every((re) => re.test(text))) return rule.reason;
    if (rule.everyLine) {
      lines ??= firstLines(text);
      const shape = rule.everyLine;
      if (lines.length > 0 && lines.every((l) => shape.test(l))) return rule.reason;
    }
  }
  return undefined;
}
