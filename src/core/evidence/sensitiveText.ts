/**
 * Text that makes a whole file sensitive whatever its name: a private key saved as `notes.txt`, a
 * kubeconfig called `cluster.yaml`, a copy of `.netrc` or `/etc/shadow`. Redaction hides a secret in
 * ordinary text; these files are nothing but credentials, so they are left out unread instead.
 * Text that says what it holds at its start is left out too: a list headed "Passwords", a table whose
 * header has a password or a social security column, records marked confidential, an environment file
 * copied under an ordinary name. Those checks look only at the first lines.
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
  {
    reason: 'sensitive: holds a private key (WireGuard)',
    markers: ['PrivateKey'],
    all: [/^\[Interface\][ \t]*$/m, /^[ \t]{0,16}PrivateKey[ \t]{0,8}=[ \t]{0,8}[A-Za-z0-9+/]{42,43}=/m],
  },
  {
    reason: 'sensitive: holds a service account key',
    markers: ['service_account'],
    all: [/"type"[ \t]{0,8}:[ \t]{0,8}"service_account"/, /"private_key(?:_id)?"[ \t]{0,8}:/],
  },
  {
    reason: 'sensitive: holds cluster credentials (kubeconfig)',
    markers: ['client-key-data', 'kind: Config'],
    all: [
      /^[ \t]{0,40}(?:client-key-data|(?:- )?(?:token|password|client-key|id-token|refresh-token)):[ \t]{0,8}["']?[^\s"']{8}/m,
      /^(?:clusters|users|contexts):[ \t]*$/m,
    ],
  },
  {
    reason: 'sensitive: holds registry logins (Docker config)',
    markers: ['"auth'],
    all: [/"(?:auths|https:\/\/index\.docker\.io\/v1\/)"[ \t\r\n]{0,40}:/, /"(?:auth|identitytoken)"[ \t]{0,8}:[ \t]{0,8}"[A-Za-z0-9+/=._-]{8}/],
  },
  {
    reason: 'sensitive: holds AWS credentials',
    markers: ['aws_secret_access_key'],
    all: [/^\[[^\]\r\n]{1,100}\][ \t]*\r?$/m, /^[ \t]{0,8}aws_secret_access_key[ \t]{0,8}=[ \t]{0,8}[A-Za-z0-9/+]{40}/m],
  },
  {
    reason: 'sensitive: holds logins (.netrc)',
    markers: ['password'],
    all: [/^[ \t]{0,8}(?:machine[ \t]{1,8}[^\s]{1,253}|default)\s{1,200}login[ \t]{1,8}[^\s]{1,200}\s{1,200}password[ \t]{1,8}[^\s]/m],
  },
  {
    reason: 'sensitive: holds password hashes (htpasswd)',
    markers: ['$apr1$', '$2y$', '$2a$', '$2b$', '{SHA}'],
    all: [/^[^:\s]{1,255}:(?:\$apr1\$[./0-9A-Za-z]{1,8}\$[./0-9A-Za-z]{22}|\$2[aby]\$\d\d\$[./0-9A-Za-z]{53}|\{SHA\}[A-Za-z0-9+/]{27}=)[ \t]*\r?$/m],
  },
  {
    reason: 'sensitive: holds password hashes (shadow)',
    markers: [':$'],
    all: [/^[a-z_][a-z0-9_.-]{0,31}:\$(?:1|5|6|y|gy|7|2[aby]?)\$[^:\s]{8,300}:\d{0,10}:/m],
  },
  {
    reason: 'sensitive: holds password hashes (shadow)',
    markers: [':'],
    everyLine: /^[^:\s]{1,64}:[^:\s]{0,300}:\d{0,10}:\d{0,10}:\d{0,10}:\d{0,10}:\d{0,10}:\d{0,10}:[^:\s]{0,50}$/,
  },
  {
    reason: 'sensitive: holds database passwords (.pgpass)',
    markers: [':'],
    everyLine: /^[^:\s]{1,253}:(?:\d{1,5}|\*):[^:\s]{1,200}:[^:\s]{1,200}:[^\s]{1,500}$/,
  },
  { reason: 'sensitive: encrypted secrets (Ansible Vault)', markers: ['$ANSIBLE_VAULT;'], all: [/^\$ANSIBLE_VAULT;\d\.\d;/m] },
  { reason: 'sensitive: holds a wallet key', markers: ['kdfparams'], all: [/"ciphertext"[ \t]{0,8}:/, /"kdfparams"[ \t]{0,8}:/] },
  {
    // A project nuget.config is ordinary build config unless it carries a feed password in clear (not a %VARIABLE%).
    reason: 'sensitive: holds package feed passwords (NuGet)',
    markers: ['ClearTextPassword'],
    all: [
      /<packageSourceCredentials>/i,
      /key=["']ClearTextPassword["'][^>]{0,200}value=["'][^"'%\s]|value=["'][^"'%\s][^"']{0,500}["'][^>]{0,200}key=["']ClearTextPassword["']/i,
    ],
  },
  { reason: 'sensitive: holds repository passwords (Maven settings)', markers: ['<servers>'], all: [/<server>/, /<password>[ \t]{0,8}[^<$\s]/] },
  { reason: 'sensitive: holds deployment passwords (publish profile)', markers: ['userPWD'], all: [/<publishProfile\b/, /userPWD="[^"\s]/] },
  { reason: 'sensitive: holds saved server logins (FileZilla)', markers: ['<FileZilla3'], all: [/<Pass(?: encoding="base64")?>[^<\s]/] },
  {
    reason: 'sensitive: holds cloud storage logins (rclone)',
    markers: ['type'],
    all: [
      /^\[[^\]\r\n]{1,100}\][ \t]*\r?$/m,
      RCLONE_BACKEND,
      /^(?:pass|password|secret_access_key|token|client_secret|account_key|key)[ \t]{0,8}=[ \t]{0,8}\S/m,
    ],
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
    const line = text
      .slice(at, Math.min(end, at + 2000))
      .replace(/\r$/, '')
      .trim();
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
  return ruleReason(text) ?? privateKeyBlock(text) ?? sensitiveHead(text) ?? envCopy(firstLines(text));
}

function ruleReason(text: string): string | undefined {
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

/**
 * A private key block anywhere in the text, whatever its body: "-----BEGIN … PRIVATE KEY-----", key lines,
 * "-----END". A how-to that quotes only the header, or a placeholder body ("..."), is not a key. Each
 * header is looked at up to the next END, and the search goes on after it, so the scan is linear.
 */
const KEY_HEADER = /-----BEGIN (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY(?: BLOCK)?-----/g;
const KEY_LINE = /^[ \t"]{0,16}[A-Za-z0-9+/=]{8,200}[ \t",]{0,16}$/;
const MAX_KEY_BODY = 64 * 1024;

function privateKeyBlock(text: string): string | undefined {
  if (!text.includes('PRIVATE KEY')) return undefined;
  KEY_HEADER.lastIndex = 0;
  for (let m = KEY_HEADER.exec(text); m; m = KEY_HEADER.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('-----END ', start);
    if (end < 0) return undefined;
    const body = text.slice(start, Math.min(end, start + MAX_KEY_BODY));
    if (body.split(/\r?\n|\\n/).some((line) => KEY_LINE.test(line) && /\d/.test(line))) return 'sensitive: holds a private key';
    KEY_HEADER.lastIndex = end;
  }
  return undefined;
}

/** How much of the start of a file its heading and table header are looked for in. */
const HEAD_CHARS = 4000;
const HEAD_LINES = 12;
const MAX_HEAD_LINE = 300;

/** The first meaningful lines, headings included, trimmed and cut to a bounded length. */
function headLines(text: string): string[] {
  const head = text.slice(0, HEAD_CHARS);
  const lines: string[] = [];
  for (const raw of head.split('\n')) {
    const line = raw.trim().slice(0, MAX_HEAD_LINE);
    if (line && !/^[-=|: \t]+$/.test(line)) lines.push(line);
    if (lines.length >= HEAD_LINES) break;
  }
  return lines;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** "# Passwords", "Admin logins:", "Zugangsdaten": a heading that says the document lists secrets. */
const SECRETS_HEADING =
  /^(?:[a-z0-9-]{1,30} ){0,4}(?:passwords|password list|passwoerter|passworter|kennworter|zugangsdaten|credentials|logins|login details|mots de passe|contrasenas|wachtwoorden|secrets)$/;
/** A heading that says the text explains rather than lists. */
const EXPLAINS =
  /\b(?:how|policy|policies|procedure|process|guide|guidelines|checklist|template|training|handbook|calendar|rotation|reset|management|requirements|faq|best practices)\b/;

/** A value as a listed secret looks: one token of 6+ characters with a digit or a symbol (not prose). */
function looksLikeValue(token: string): boolean {
  return token.length >= 6 && token.length <= 200 && !/\s/.test(token) && /[0-9!@#$%^&*_+=?~]/.test(token) && !/^https?:/.test(token);
}

function passwordList(lines: string[]): string | undefined {
  const heading = fold(lines[0] ?? '').replace(/^[#*=\s]+|[*:=\s]+$/g, '');
  if (!SECRETS_HEADING.test(heading) || EXPLAINS.test(heading)) return undefined;
  for (const line of lines.slice(1)) {
    const cells = line
      .replace(/^(?:[-*+]|\d{1,3}[.)])[ \t]{1,4}/, '')
      .split(/[:=|\t]| [-–] /)
      .map((c) => c.trim())
      .filter(Boolean);
    const last = cells[cells.length - 1];
    if (last && (cells.length > 1 || !line.includes(' ')) && looksLikeValue(last))
      return 'sensitive: a list of passwords (its heading says so and it lists values)';
  }
  return undefined;
}

/** Column names, normalised to letters and digits ("Date of birth" → dateofbirth). */
const SECRET_COLUMN =
  /(?:password|passwd|passphrase|secret|apikey|secretkey|privatekey|accesstoken|authtoken|apitoken|refreshtoken|bearertoken|sessiontoken|pwd)$/;
/** Short column names that are a secret only beside an account column (a "pass" column of exam results is not). */
const LOGIN_SECRET = new Set(['pass', 'token', 'pin', 'key']);
const ACCOUNT = new Set(['user', 'username', 'login', 'email', 'account', 'userid', 'useremail', 'host', 'service', 'url', 'site', 'system']);
/** Columns that identify a person on their own, with the name a person is shown (as approval copies word it). */
const PERSONAL_ID = new Map<string, string>([
  ...['ssn', 'socialsecurity', 'socialsecuritynumber', 'socialsecurityno'].map((c): [string, string] => [c, 'social security number']),
  ...['nationalinsurance', 'nationalinsurancenumber', 'nationalinsuranceno', 'nino', 'ninumber'].map((c): [string, string] => [c, 'national insurance number']),
  ...['taxid', 'tin', 'taxpayerid', 'taxnumber', 'itin', 'utr', 'steuerid', 'codicefiscale'].map((c): [string, string] => [c, 'tax ID']),
  ...['passport', 'passportnumber', 'passportno'].map((c): [string, string] => [c, 'passport number']),
  ...['nationalid', 'nationalidnumber', 'idnumber', 'idcardnumber', 'bsn', 'pesel', 'personnummer', 'dni', 'aadhaar'].map((c): [string, string] => [
    c,
    'national ID number',
  ]),
  ...['driverslicense', 'driverslicensenumber', 'driverlicensenumber'].map((c): [string, string] => [c, "driver's licence number"]),
  ['nhsnumber', 'NHS number'],
  ...['cardnumber', 'creditcardnumber', 'ccnumber', 'cvv', 'cvc'].map((c): [string, string] => [c, 'payment card number']),
]);
const BIRTH = new Set(['dateofbirth', 'dob', 'birthdate', 'birthday', 'geburtsdatum', 'datedenaissance', 'fechadenacimiento']);
const PERSON = new Set([
  'name',
  'fullname',
  'firstname',
  'lastname',
  'surname',
  'givenname',
  'forename',
  'employee',
  'employeename',
  'address',
  'homeaddress',
  'street',
  'postcode',
  'zip',
  'zipcode',
  'email',
  'phone',
]);
const COLUMN_NAME = /^[\p{L}\d _./()#-]{1,40}$/u;

/**
 * A table that starts the text (CSV, TSV, a pipe table) whose header says secrets or personal identifiers, with a
 * row under it. A table further down a note is left to redaction: the note around it is evidence.
 */
function tableHeader(lines: string[]): string | undefined {
  if (lines.length >= 2) {
    const line = lines[0];
    const delimiter = [',', ';', '\t', '|'].reduce((best, d) => (line.split(d).length > line.split(best).length ? d : best), ',');
    const cells = line.split(delimiter).map((c) => c.trim().replace(/^["']|["']$/g, ''));
    if (delimiter === '|' && cells[0] === '') cells.shift();
    if (delimiter === '|' && cells[cells.length - 1] === '') cells.pop();
    if (cells.length < 2 || !cells.every((c) => COLUMN_NAME.test(c))) return undefined;
    const columns = cells.map((c) => fold(c).replace(/[^a-z0-9]/g, ''));
    const secret = columns.find((c) => SECRET_COLUMN.test(c) || (LOGIN_SECRET.has(c) && columns.some((o) => ACCOUNT.has(o))));
    if (secret) return `sensitive: a table of logins with a "${secret}" column`;
    const id = columns.find((c) => PERSONAL_ID.has(c));
    if (id) return `personal data: a table with a "${PERSONAL_ID.get(id)}" column`;
    if (columns.some((c) => BIRTH.has(c)) && columns.some((c) => PERSON.has(c))) return 'personal data: a table with a "date of birth" column';
  }
  return undefined;
}

const CONFIDENTIAL = /\b(?:confidential|vertraulich|confidentiel|confidencial|riservat[oa]|strictly private)\b/;
const MEDICAL_RECORDS =
  /\b(?:medical records?|medical history|patients?|diagnos[ie]s|health records?|sick notes?|krankenakte|patientenakte|dossiers? medica(?:l|ux)|historia clinica|cartella clinica)\b/;
const STAFF_RECORDS = /\b(?:personnel files?|employee records?|staff records?|disciplinary|grievances?|salary|salaries|payroll|personalakte)\b/;

/** A heading or first lines that mark the text as confidential medical or staff records. */
function confidentialRecords(lines: string[]): string | undefined {
  const top = fold(lines.slice(0, 3).join('\n'));
  if (!CONFIDENTIAL.test(top) || EXPLAINS.test(top)) return undefined;
  if (MEDICAL_RECORDS.test(top)) return 'sensitive: says it holds confidential medical records (personal data)';
  if (STAFF_RECORDS.test(top)) return 'sensitive: says it holds confidential staff records (personal data)';
  return undefined;
}

/** Headings and table headers at the start of the text that say what it holds. */
function sensitiveHead(text: string): string | undefined {
  const lines = headLines(text);
  return passwordList(lines) ?? tableHeader(lines) ?? confidentialRecords(lines);
}

const ENV_LINE = /^(?:export[ \t]{1,4})?([A-Z][A-Z0-9_]{0,80})[ \t]{0,4}=[ \t]{0,4}(.*)$/;
const SECRET_NAME = /(?:^|_)(?:PASSWORD|PASSWD|PWD|PASS|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTH)(?:_|$)/;
const PLACEHOLDER =
  /^(?:changeme|change_me|change-me|x{3,}|\*{1,}|\.{3}|<[^>]{0,100}>|\$\{?[A-Za-z_][A-Za-z0-9_]{0,80}\}?|%[A-Za-z_]{1,80}%|your[-_ ].{0,200}|todo|tbd|none|null|example.{0,200}|dummy|placeholder|redacted|secret|password|true|false|\d{1,12})$/i;

/** An environment file under an ordinary name: mostly KEY=value lines, two or more of them secrets with values. */
function envCopy(lines: string[]): string | undefined {
  let assignments = 0;
  let secrets = 0;
  for (const line of lines) {
    const m = ENV_LINE.exec(line);
    if (!m) continue;
    assignments++;
    const value = m[2].trim().replace(/^["']|["']$/g, '');
    if (SECRET_NAME.test(m[1]) && value.length >= 6 && !PLACEHOLDER.test(value)) secrets++;
  }
  return lines.length >= 2 && assignments >= lines.length * 0.6 && secrets >= 2
    ? 'sensitive: a copy of an environment file (KEY=value lines with secrets)'
    : undefined;
}
