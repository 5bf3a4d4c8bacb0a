import { valueIsSecret } from './assignments';
import { secretKindForName } from './names';
import type { SecretFinding, SecretRule } from './types';
import { isPlaceholder } from './values';
import { matchesOf } from './matches';

/**
 * Passwords and tokens given on a command line: `--password=x`, `--password x`, `-Password "x"`,
 * `-Ddb.password=x`, `curl -u user:pass`, `mysql -pSECRET`, `sshpass -p x`, `openssl … pass:x`,
 * `zip -P x`, `net use … /user:sam x`, `aws configure set aws_secret_access_key x`. A bare `-p` means a
 * password only for the tools that read it so; elsewhere it is a port or "make parents" and stays.
 */
// A bare value may hold `&` (`--password=Wg&9x`) but stops at `&&` and at a lone `&` before a blank.
const VALUE = String.raw`(?:"([^"\n]{1,400})"|'([^'\n]{1,400})'|((?:[^\s"'\`;|&<>)]|&(?![&\s])){1,400}))`;
// After blanks, a word starting with `-` is the next flag (`--batch --passphrase x`), never this one's value.
const LONG_FLAG = new RegExp(String.raw`(?<![\w-])(--?[A-Za-z][\w-]{1,60})(?:=|[ \t]+(?!-))` + VALUE, 'g');
const JAVA_PROPERTY = new RegExp(String.raw`(?<![\w-])-D([A-Za-z_][\w.-]{0,80})=` + VALUE, 'g');
const USER_PASS = new RegExp(
  String.raw`(?<![\w-])(?:-u|--user|-a|--auth|--proxy-user|--http-user)[ \t]*(?:=[ \t]*)?(["']?)([^\s:"'@]{1,100}):([^\s"']{1,300})\1`,
  'g',
);
const GLUED_P = new RegExp(
  String.raw`\b(?:sshpass|mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlsh|mariadb|mariadb-dump|7z|7za|rar|unrar)\b[^\n|;&]{0,300}?[ \t]-p` + VALUE,
  'g',
);
const SPACED_P = new RegExp(
  String.raw`\b(?:sshpass|docker[ \t]+login|podman[ \t]+login|az[ \t]+login|oc[ \t]+login|helm[ \t]+registry[ \t]+login|unzip|zip)\b[^\n|;&]{0,300}?[ \t]-[pP][ \t]+` +
    VALUE,
  'g',
);
const OPENSSL_PASS = new RegExp(String.raw`(?<![\w-])-(?:pass|passin|passout|password|k)[ \t]+pass:` + VALUE, 'g');
const WINDOWS_USER = new RegExp(String.raw`(?<![\w-])(?:/user|/u):[^\s]{1,100}[ \t]+` + VALUE, 'gi');
const WINDOWS_PASS = new RegExp(String.raw`(?<![\w-])/(?:pass|password|p):` + VALUE, 'gi');
const AWS_CONFIGURE = new RegExp(String.raw`\baws[ \t]+configure[ \t]+set[ \t]+([\w.]{1,80})[ \t]+` + VALUE, 'g');

type Groups = (string | undefined)[];

function valueOf(groups: Groups, from: number): { value: string; quoted: boolean } {
  const quoted = groups[from] ?? groups[from + 1];
  return quoted !== undefined ? { value: quoted, quoted: true } : { value: groups[from + 2] ?? '', quoted: false };
}

function push(found: SecretFinding[], m: RegExpMatchArray, value: string, quoted: boolean, kind: string): void {
  const start = (m.index ?? 0) + m[0].length - value.length - (quoted ? 1 : 0);
  found.push({ start, end: start + value.length, kind });
}

function findCliSecrets(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of matchesOf(LONG_FLAG, text)) {
    const kind = secretKindForName(m[1]);
    const { value, quoted } = valueOf(m, 2);
    // `--no-password host`, `--ask-password host`: switches, followed by an ordinary argument.
    if (!kind || /^-/.test(value) || /^-{1,2}(?:no|ask|prompt|read|with|use|require|show|hide|skip|reset|change)-/i.test(m[1])) continue;
    // A flag name alone says "token"; its value is the token whatever it looks like, unless it is a file or a reference.
    if (!valueIsSecret('password', m[1], value, quoted)) continue;
    if (kind === 'secret value' && value.length < 8) continue;
    // openssl `-pass pass:x`: the source word stays; `env:VAR` and `file:path` name where the secret is.
    if (/^(?:env|file|fd):/.test(value)) continue;
    const source = /^pass:/.exec(value)?.[0] ?? '';
    const start = (m.index ?? 0) + m[0].length - value.length - (quoted ? 1 : 0) + source.length;
    found.push({ start, end: start + value.length - source.length, kind: kind === 'password' ? 'password' : 'secret value' });
  }
  for (const m of matchesOf(JAVA_PROPERTY, text)) {
    const kind = secretKindForName(m[1]);
    const { value, quoted } = valueOf(m, 2);
    if (kind && valueIsSecret(kind, m[1], value, quoted)) push(found, m, value, quoted, kind);
  }
  for (const m of matchesOf(USER_PASS, text)) {
    const password = m[3];
    // `docker run -u 1000:1000` is a user and group id.
    // `az login -u http://app-id`: a URL, not user and password.
    if (isPlaceholder(password) || password.length < 3 || /^\d+$/.test(password) || password.startsWith('//')) continue;
    const start = (m.index ?? 0) + m[0].length - password.length - m[1].length;
    found.push({ start, end: start + password.length, kind: 'password' });
  }
  for (const re of [GLUED_P, SPACED_P, OPENSSL_PASS, WINDOWS_USER, WINDOWS_PASS]) {
    for (const m of matchesOf(re, text)) {
      const { value, quoted } = valueOf(m, 1);
      // A bare `-x` or `/x` is the next switch; quoted, it is the password (`-p '-Dk9…'`).
      if (isPlaceholder(value) || value.length < 3 || (!quoted && /^[-/]/.test(value))) continue;
      push(found, m, value, quoted, 'password');
    }
  }
  for (const m of matchesOf(AWS_CONFIGURE, text)) {
    const kind = secretKindForName(m[1]);
    const { value, quoted } = valueOf(m, 2);
    if (kind && valueIsSecret(kind, m[1], value, quoted)) push(found, m, value, quoted, kind === 'password' ? 'password' : 'AWS secret key');
  }
  return found;
}

export const cliFlags: SecretRule = { id: 'command-line-secret', find: findCliSecrets };
