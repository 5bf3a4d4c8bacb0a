import { callArguments, type CallArgument } from './call-arguments';
import type { SecretFinding, SecretRule } from './types';
import { isPlaceholder, looksRandom } from './values';
import { matchesOf } from './matches';

/**
 * Credentials passed to a client in code, where no name says "password" next to the value: login and bind
 * functions (`smtp.login("u", "x")`, `ldap_bind($c, $dn, 'x')`), credential objects (`HTTPBasicAuth("u", "x")`,
 * `new NetworkCredential("u", "x")`), auth tuples (`auth=("u", "x")`) and the key argument of well-known
 * clients (`algoliasearch('APPID', '<admin key>')`). Only string literals count: `login(request)`,
 * `auth=None` and `auth=("u", os.environ["PW"])` name no secret.
 */
type Kind = 'password' | 'secret value';

interface CredentialCall {
  /** Tested against the called name with its qualifiers (`smtp.login`, `Net::SMTP.start`, `new NetworkCredential`). */
  callee: RegExp;
  /** Which argument (from 0) holds the secret. */
  secret: number;
  kind: Kind;
  /** Further condition on the arguments, for names that other code uses too. */
  when?: (args: CallArgument[]) => boolean;
}

const isLiteral = (a: CallArgument | undefined) => a?.literal !== undefined;
const isNumber = (a: CallArgument | undefined) => /^\d{1,5}$/.test(a?.text ?? '');

const CREDENTIAL_CALLS: CredentialCall[] = [
  // smtplib, imaplib, ftplib, Net::FTP, Perl and Ruby clients: login(user, password).
  { callee: /(?:\.|->|::)(?:login|login_cram_md5|auth|authenticate|simple_bind_s|simple_bind|bind_s)$/, secret: 1, kind: 'password' },
  { callee: /(?:\.|->)pass_$/, secret: 0, kind: 'password' },
  // PHP: ftp_login($conn, 'user', 'x'), ldap_bind($ds, $dn, 'x'), mysqli_connect('host', 'user', 'x').
  {
    callee: /^(?:ftp_login|ldap_bind|ssh2_auth_password|imap_open|mysqli_connect|mysql_connect|mysqli_real_connect|new mysqli|new PDO)$/i,
    secret: 2,
    kind: 'password',
  },
  { callee: /^oci_(?:p?connect|new_connect)$/, secret: 1, kind: 'password' },
  // Credential objects: (user, password).
  {
    callee:
      /(?:^|[.:\s])(?:HTTPBasicAuth|HTTPDigestAuth|HTTPProxyAuth|BasicAuth|DigestAuth|NetworkCredential|PasswordAuthentication|UsernamePasswordCredentials|UsernamePasswordAuthenticationToken|PasswordCredential|BasicAuthenticationCredentials|SetBasicAuth|setBasicAuth|basicAuth|withBasicAuth|withDigestAuth|CRAMMD5Auth|basic)$/,
    secret: 1,
    kind: 'password',
  },
  // Go: smtp.PlainAuth("", "user", "x", host), gomail.NewDialer(host, 587, "user", "x").
  { callee: /(?:^|\.)PlainAuth$/, secret: 2, kind: 'password' },
  { callee: /(?:^|\.)NewDialer$/, secret: 3, kind: 'password' },
  // Ruby: Net::SMTP.start(host, port, helo, 'user', 'x', :login).
  { callee: /^Net::SMTP\.start$/, secret: 4, kind: 'password' },
  { callee: /^Net::FTP\.(?:new|open)$/, secret: 2, kind: 'password' },
  // paramiko and DB-API drivers given positional arguments: connect(host, 22, user, x) or connect(host, user, x, db).
  { callee: /\.connect$/, secret: 3, kind: 'password', when: (a) => isNumber(a[1]) && isLiteral(a[2]) },
  {
    callee: /(?:MySQLdb|pymysql|mysql\.connector|pymssql|cx_Oracle|oracledb)\.connect$/,
    secret: 2,
    kind: 'password',
    when: (a) => isLiteral(a[0]) && isLiteral(a[1]),
  },
  // ldap3: Connection(server, 'cn=admin,dc=acme', 'x').
  { callee: /(?:^|\.)Connection$/, secret: 2, kind: 'password', when: (a) => /=/.test(a[1]?.literal?.value ?? '') },
  // Clients whose second argument is an API secret: (application or account id, key).
  {
    callee:
      /(?:^|[.\s])(?:algoliasearch|liteClient|searchClient|SearchClient\.[Cc]reate|Algolia::Search::Client\.create|apiConnect|RestClient|twilio|Twilio|BasicAWSCredentials|AwsBasicCredentials\.create|Credentials|NewStaticCredentials|StaticCredentialsProvider)$/,
    secret: 1,
    kind: 'secret value',
    when: (a) => isLiteral(a[0]),
  },
];

// A call: its name with qualifiers (a leading `.` when called on a result: `get(url).auth(`), then `(`. Each
// segment is bounded, so a long chain of dots costs little.
const CALL = /(?<![\w$])((?:\.|->|::)?(?:new[ \t]+)?[A-Za-z_$][\w$]{0,40}(?:(?:\.|::|->)[A-Za-z_$][\w$]{0,40}){0,4})[ \t]*\(/g;
// Auth tuples and lists: `auth=("u", "x")`, `http_auth: ['u', 'x']`, `:basic_auth => ['u', 'x']`.
const AUTH_PAIR =
  /(?<![\w$])["':]?(?:auth|http_auth|basic_auth|proxy_auth|digest_auth|credentials|creds|login)["']?[ \t]*(?:=>|=|:)[ \t]*[([][ \t]*(?:[rbu]?"[^"\n]{0,200}"|[rbu]?'[^'\n]{0,200}'|[\w.]{1,60})[ \t]*,[ \t]*(?=[rbu]?["'])/g;

function secretAt(arg: CallArgument | undefined, kind: Kind): SecretFinding | undefined {
  const lit = arg?.literal;
  if (!lit) return undefined;
  const v = lit.value;
  if (isPlaceholder(v) || v.length < 4 || /^\d{1,3}$/.test(v)) return undefined;
  if (kind === 'secret value' && !(looksRandom(v, 12) || (/^[0-9a-f]{16,}$/i.test(v) && /\d/.test(v) && /[a-f]/i.test(v)))) return undefined;
  return { start: lit.start, end: lit.start + v.length, kind };
}

function findClientAuth(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of matchesOf(CALL, text)) {
    const callee = m[1];
    const entries = CREDENTIAL_CALLS.filter((c) => c.callee.test(callee));
    if (entries.length === 0) continue;
    const args = callArguments(text, (m.index ?? 0) + m[0].length);
    if (!args) continue;
    for (const c of entries) {
      if (args.length <= c.secret || (c.when && !c.when(args))) continue;
      const f = secretAt(args[c.secret], c.kind);
      if (f) found.push(f);
    }
  }
  for (const m of matchesOf(AUTH_PAIR, text)) {
    // Read from the second element: the first (the user) was matched by the pattern.
    const args = callArguments(text, (m.index ?? 0) + m[0].length);
    const f = secretAt(args?.[0], 'password');
    if (f) found.push(f);
  }
  return found;
}

export const clientAuth: SecretRule = { id: 'client-credentials', find: findClientAuth };
