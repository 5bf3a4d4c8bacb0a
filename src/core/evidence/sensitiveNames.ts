/**
 * The names that say a file or folder holds secrets or personal data, as data: one entry per kind of
 * file, with the reason a person is shown. `sensitive.ts` builds its matchers from this list; to cover
 * a new tool's credential file, add its name here. Matching is case-insensitive.
 */

export interface SensitiveKind {
  reason: string;
  /** Whole names ("wp-config.php"); a trailing "/" means folders only. */
  names?: string[];
  /** Names with `*` wildcards ("*.pem", "id_rsa*", ".*_history"). */
  shapes?: string[];
  /** Extensions that keep a name these shapes match: `env.d.ts` is code, not an environment file. */
  keepExtensions?: string[];
  /** The end of a path: ".config/gh/" (a folder), ".m2/settings.xml" (a file). */
  paths?: string[];
  /** Words of the name once split on separators, case, digits and joined words ("hrhandbook" → hr, handbook). */
  words?: string[];
  /** Word sequences, space-separated ("human resources", "p 60": "P60" splits into p, 60). */
  phrases?: string[];
  /** Parts of a word that count wherever they sit ("adminpasswords"), except in the words of `notWithin`. */
  within?: string[];
  notWithin?: string[];
  /** The words do not count right after one of these words ("#" is any number): "24hr", "rate per hr" are hours. */
  notAfter?: string[];
  /** The words do not count right before one of these: a "credit card statement" is the company's, "credit cards" a list of people's. */
  notBefore?: string[];
  /** A document or script about the thing (password-policy.md, check_passwords.py) is kept: it explains or handles, it does not hold. */
  aboutItKept?: boolean;
  /** A document that pairs the words with a PROCESS_WORDS word (hr-onboarding-checklist.md) is kept: it says how the work is done. */
  processDocsKept?: boolean;
}

const ENV = 'sensitive: environment file';
const KEY = 'sensitive: private key or certificate';
const CREDENTIALS = 'sensitive: credentials or secrets file';
const HISTORY = 'sensitive: shell or database history (typed commands may hold passwords)';
const MAIL = 'sensitive: mail client settings (hold mailbox passwords)';
const DATABASE = 'sensitive: database or data-warehouse connection settings (hold passwords or keys)';
const WEB_APP = 'sensitive: web application settings (hold its database password and keys)';
const CLOUD = 'sensitive: cloud or deployment tool login (holds access tokens)';
const BROWSER = 'sensitive: browser or mail profile (saved passwords, cookies, history)';
const WALLET = 'sensitive: crypto wallet, seed phrase or keystore (controls funds)';
const personal = (what: string) => `sensitive: name says ${what} (personal data)`;
/** A kind of personal record: its process documents (checklists, calendars, plans) are kept. */
const person = (what: string, kind: Omit<SensitiveKind, 'reason'>): SensitiveKind => ({ reason: personal(what), processDocsKept: true, ...kind });

/** Code and documents named like a credential file (`env.ts`, `token.md`): real evidence, and checked by content. */
const CODE_AND_DOCS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs', 'jsx', 'tsx', 'py', 'rb', 'go', 'rs', 'java', 'kt', 'cs', 'sh', 'ps1', 'md', 'markdown', 'rst', 'html'];
/** Style sheets: `tokens.css` holds design tokens. */
const STYLES = ['css', 'scss', 'sass', 'less', 'styl'];
/** What comes after "credit card", "bank account" in the company's own finance evidence (statements, fees, reconciliations). */
const COMPANY_FINANCE = [
  'statement', 'statements', 'reconciliation', 'reconciliations', 'rec', 'recs', 'transactions', 'transaction', 'fees', 'fee', 'charges',
  'expenses', 'expense', 'payments', 'payment', 'payouts', 'settlement', 'settlements', 'refunds', 'chargebacks', 'disputes', 'processing',
  'processor', 'policy', 'feed', 'feeds', 'balance', 'balances', 'terminal', 'surcharge', 'spend', 'limits', 'receipts', 'journal', 'ledger',
];

/** "<qualifier> key": the qualifiers that make a key a secret one (a `keyboard`, `monkey` or `key-dates` is not). */
const pairs = (qualifiers: string[], words: string[]) => qualifiers.flatMap((q) => words.map((w) => `${q} ${w}`));

export const SENSITIVE_KINDS: SensitiveKind[] = [
  {
    reason: ENV,
    // .dev.vars: Cloudflare Wrangler's local secrets; .Renviron and .rbenv-vars: R's and rbenv's; .envs/: cookiecutter-django's folder.
    names: ['.env', '.envrc', '.flaskenv', 'dotenv', '.dotenv', 'env', '.dev.vars', '.renviron', '.rbenv-vars', '.envs/'],
    shapes: ['.env.*', '*.env', '.env-*', '.dev.vars.*'],
  },
  // env.production is an environment file; env.d.ts, env.py (Alembic) and env.md are code and notes.
  { reason: ENV, shapes: ['env.*'], keepExtensions: CODE_AND_DOCS },
  {
    reason: KEY,
    names: ['.ssh/', '.gnupg/', '.pki/', 'keyfile', 'key', 'key.json', 'key.txt', 'secring.gpg'],
    shapes: [
      '*.pem', '*.key', '*.p12', '*.p8', '*.pfx', '*.pkcs12', '*.keystore', '*.jks', '*.bks', '*.crt', '*.cer', '*.ppk', '*.gpg', '*.pgp', '*.asc', '*.snk',
      'id_rsa*', 'id_dsa*', 'id_ecdsa*', 'id_ed25519*', 'ssh_host_*', 'keyfile.*', '*.key.json', '*.pvk', '*.pkcs8',
      // Kerberos keytabs and tickets log in as their owner.
      '*.keytab', '*.kirbi', 'krb5cc_*',
    ],
    paths: ['sops/age/keys.txt', '.config/borg/', 'microsoft/protect/'],
    phrases: pairs(['private', 'ssh', 'host', 'deploy', 'signing', 'gpg', 'pgp', 'encryption', 'master', 'recovery', 'root'], ['key', 'keys']),
    aboutItKept: true,
  },
  {
    reason: CREDENTIALS,
    names: [
      // Node, Python, Ruby, PHP, Java and Gradle, .NET, Rust, Go (through .netrc)
      '.npmrc', '.yarnrc', '.yarnrc.yml', '.pypirc', 'auth.toml', 'auth.json', 'gradle.properties', 'settings-security.xml', 'local_settings.py',
      'connectionstrings.config', '.sentryclirc',
      // Docker, Kubernetes, Terraform, Ansible, cloud CLIs
      '.dockercfg', '.dockerconfigjson', '.docker/', '.kube/', 'kubeconfig', '.kubeconfig', '.terraformrc', 'terraform.rc', 'vault.yml', 'vault.yaml',
      '.vault_pass', '.vault-pass', '.vault-token', '.aws/', '.azure/', '.s3cfg', '.boto', 'rclone.conf', 'msal_token_cache.json', 'accesstokens.json',
      // hosts, databases, file transfer, web servers, system accounts
      '.netrc', '_netrc', '.pgpass', 'pgpass.conf', '.my.cnf', '.mylogin.cnf', '.gitcookies', '.htpasswd', 'htpasswd', '.htdigest', '.smbcredentials',
      '.authinfo', '.authinfo.gpg', 'sftp-config.json', 'sitemanager.xml', 'recentservers.xml', 'winscp.ini', 'shadow', 'shadow-', 'gshadow', 'gshadow-',
      'wp-config.php', 'token', '.token',
      // mobile signing, language package registries, Kerberos and Windows domain databases, one-time-password seeds
      'keystore.properties', 'key.properties', 'signing.properties', 'pip.conf', 'pip.ini', 'hex.config', '.pause', 'ntds.dit', '.google_authenticator',
      // CI agents, tunnels, remote editing and FTP deploy tools
      'buildkite-agent.cfg', 'ngrok.yml', '.ngrok2/', '.cloudflared/', '.ftpconfig', '.ftppass', '.remote-sync.json', 'ftpsync.settings',
      'wpa_supplicant.conf', '.rclone.conf', '.b2_account_info', 'authinfo2', '.kaggle/', '.twurlrc',
      // password managers, browsers, wallets
      '.password-store/', 'keyrings/', '.lpass/', '.electrum/', 'wallet.dat', 'login data', 'login data for account', 'web data', 'cookies', 'local state',
      'key3.db', 'key4.db', 'cookies.sqlite', 'signons.sqlite',
    ],
    shapes: [
      '*.kdbx', '*.kdb', '*.1pif', '*.1pux', '*.opvault', '*.psafe3', '*.keychain', '*.keychain-db', '*.agilekeychain', '*.tfstate', '*.tfstate.*',
      '*.tfvars', '*.tfvars.json', '*.ovpn', '*.pubxml.user', '*.publishsettings', 'kubeconfig*', '*.kubeconfig', '*passwd*', 'vault-pass*', 'vault_pass*',
      '.vault_pass*', 'utc--*', '*service_account*.json', '*service-account*.json', '*serviceaccount*.json', '*adminsdk*.json',
      '*.nmconnection', '*.token', '*token_cache*', '*token-cache*', '*tokencache*', 'cookiejar*', '*.session', '*.ncx',
    ],
    paths: [
      '.config/gh/', '.config/glab-cli/', '.config/gcloud/', '.config/hub', '.config/netlify/', '.config/stripe/', '.config/rclone/',
      '.config/configstore/', '.m2/settings.xml', '.bundle/config', 'kubernetes/admin.conf',
      // the user-level NuGet.Config holds feed passwords; a project's nuget.config is checked by content
      'nuget/nuget.config', '.vscode/sftp.json', '.subversion/auth/', 'helm/repositories.yaml', '.circleci/cli.yml', '.travis/config.yml',
      'gitlab-runner/config.toml', 'lftp/bookmarks', '.config/tea/', '.config/op/', '.config/ngrok/', '.expo/state.json',
    ],
    words: ['pwd', 'pwds', 'creds', 'logins', 'apikey', 'apikeys', 'keepass', 'lastpass', 'bitwarden', 'keychain', 'keychains', 'keyring', 'keyrings', 'passcode', 'passcodes', 'totp'],
    within: ['password', 'passwd', 'passphrase', 'secret', 'credential'],
    // A secret Santa is an office game.
    notBefore: ['santa'],
    notWithin: ['secretsanta', 'passwordless', 'secretary', 'secretaries', 'secretariat', 'secretarial', 'secretion', 'secretions', 'credentialing', 'credentialed', 'credentialling'],
    phrases: [
      ...pairs(['api', 'access', 'sa', 'gcp', 'aws', 'azure', 'stripe', 'license'], ['key', 'keys']),
      ...pairs(
        ['api', 'access', 'auth', 'refresh', 'bearer', 'bot', 'id', 'oauth', 'session', 'github', 'gh', 'gitlab', 'glab', 'npm', 'pypi', 'slack', 'discord', 'telegram', 'heroku', 'vercel', 'netlify', 'fly', 'cloudflare', 'vault', 'jwt'],
        ['token', 'tokens'],
      ),
      'backup codes', 'recovery codes', 'vault pass', 'key file', 'key files', 'login data', 'pin codes', 'pin numbers', 'door codes', 'alarm codes',
      'cookie jar', 'mfa codes', 'otp codes',
      ...pairs(['admin', 'root', 'wifi', 'db', 'ftp', 'ssh', 'vpn', 'email', 'mail', 'login', 'master', 'server', 'router'], ['pass', 'passes', 'pw', 'pws']),
    ],
    aboutItKept: true,
  },
  {
    reason: MAIL,
    names: ['.mbsyncrc', '.isyncrc', 'getmailrc', '.getmail/', 'ssmtp.conf', '.imapfilter/', 'msmtprc'],
    // .fetchmailrc, .mailrc, .msmtprc, .esmtprc, .offlineimaprc, .muttrc, .neomuttrc
    shapes: ['*mailrc', '*smtprc', '*imaprc', '*muttrc'],
    paths: ['.config/aerc/accounts.conf', '.config/himalaya/'],
  },
  {
    reason: DATABASE,
    names: [
      // Databricks, Snowflake, dbt (profiles.yml is dbt's connection file wherever it sits), ODBC, Postgres services
      '.databrickscfg', '.snowflake/', '.snowsql/', 'connections.toml', '.dbt/', 'profiles.yml', 'profiles.yaml', 'odbc.ini', '.odbc.ini',
      '.pgservice.conf', 'pg_service.conf', 'debian.cnf', 'pgadmin4.db', 'robo3t.json', 'confcons.xml', 'looker.ini', '.clickhouse-client/',
      'cwallet.sso',
    ],
    paths: ['.config/snowflake/', '.mc/config.json'],
  },
  {
    reason: WEB_APP,
    names: [
      // MediaWiki, phpMyAdmin and Roundcube, Joomla, Drupal, TYPO3, Rails, Symfony, TypeORM, Hibernate, Tomcat, Azure Functions
      'localsettings.php', 'config.inc.php', 'configuration.php', 'settings.local.php', 'localconfiguration.php', 'database.yml', 'database.yaml',
      'parameters.yml', 'parameters.yaml', 'ormconfig.json', 'ormconfig.yml', 'hibernate.cfg.xml', 'tomcat-users.xml', 'local.settings.json',
      'dbconfig.php', 'db_config.php', 'db-config.php', 'dbconnect.php', 'db_connect.php', 'db-connect.php', 'settings_local.py',
    ],
    paths: ['sites/default/settings.php', 'app/etc/local.xml', 'application/config/database.php'],
  },
  {
    reason: CLOUD,
    // the CLIs of Oracle, IBM, Alibaba, DigitalOcean, Hetzner, Scaleway, Linode, Vultr, OVH, OpenStack, Pulumi, Terraform, Chef,
    // Cloudflare Wrangler, Vercel, Netlify, Fly, Heroku, Railway, Render, Supabase, Twilio, Serverless, Dropbox, minikube, Talos
    names: [
      '.oci/', '.bluemix/', '.ibmcloud/', '.aliyun/', 'linode-cli', 'vultr-cli.yaml', '.ovh.conf', 'clouds.yaml', 'secure.yaml', 'openrc', '.pulumi/',
      '.terraform/', '.terraform.d/', '.chef/', '.wrangler/', '.vercel/', 'com.vercel.cli/', '.netlify/', '.fly/', '.heroku/', '.railway/', '.render/',
      '.supabase/', '.twilio-cli/', '.serverlessrc', '.dropbox/', '.minikube/', 'talosconfig',
    ],
    shapes: ['*-openrc.sh', '*_openrc.sh'],
    paths: ['.config/doctl/', '.config/hcloud/', '.config/scw/', '.config/heroku/', '.config/linode-cli'],
  },
  {
    reason: BROWSER,
    names: ['.mozilla/', '.thunderbird/', 'places.sqlite', 'formhistory.sqlite'],
    paths: ['.config/google-chrome/', '.config/chromium/', 'default/history'],
  },
  // env.txt, token.json, token.pickle: a token saved by a quickstart script; tokenizer.py and tokens.css are not.
  { reason: CREDENTIALS, shapes: ['token.*'], keepExtensions: CODE_AND_DOCS },
  // pass.txt, pw.txt: a password saved under its shortest name; pass-rates.csv and bypass.sh are not.
  { reason: CREDENTIALS, shapes: ['pass.*', 'pw.*', 'pws.*'], keepExtensions: CODE_AND_DOCS },
  // tokens.json, tokens.db: a token store; tokens.css and tokens.ts are design tokens and code.
  { reason: CREDENTIALS, shapes: ['tokens.*'], keepExtensions: [...CODE_AND_DOCS, ...STYLES] },
  // cookies.txt, cookies.json: exported browser sessions; cookies.md is a note about them.
  { reason: CREDENTIALS, shapes: ['cookies.*'], keepExtensions: CODE_AND_DOCS },
  {
    reason: HISTORY,
    names: [
      '.lesshst', '.viminfo', '.dbshell', '.histfile', 'fish_history', 'consolehost_history.txt', 'repl_history.jl', '.bash_sessions/', '.zsh_sessions/',
      // IPython keeps every line typed in a SQLite file; Octave and pgcli in their own.
      'history.sqlite', '.octave_hist',
    ],
    paths: ['pgcli/history'],
    shapes: ['.*_history', '.*history', '.*_history.*', '*_history'],
  },
  {
    reason: WALLET,
    words: ['mnemonic', 'mnemonics', 'seedphrase', 'seedphrases', 'bip39', 'keystore', 'keystores'],
    phrases: [
      'seed phrase', 'seed phrases', 'seed words', 'recovery phrase', 'recovery phrases', 'secret phrase', 'wallet seed', 'wallet seeds',
      'wallet backup', 'wallet backups', 'wallet key', 'wallet keys', 'wallet export', 'wallet recovery', 'crypto wallet', 'crypto wallets',
      'hardware wallet', 'ledger recovery', 'metamask', 'metamask vault',
    ],
    aboutItKept: true,
  },
  // Other languages: the words are matched with accents removed ("Gehälter" → gehalter, "nómina" → nomina).
  person('payroll', {
    words: [
      'payroll', 'payrolls', 'payslip', 'payslips', 'paystub', 'paystubs', 'wages',
      // German, French, Spanish, Dutch, Italian, Portuguese, Swedish
      'lohn', 'lohnabrechnung', 'lohnabrechnungen', 'lohnzettel', 'lohnliste', 'lohnjournal', 'gehaltsabrechnung', 'gehaltsabrechnungen', 'paie',
      'nomina', 'nominas', 'loonstrook', 'loonstroken', 'loonadministratie', 'loonlijst', 'salarisstrook', 'salarisstroken', 'salarisadministratie',
      'cedolino', 'cedolini', 'holerite', 'holerites', 'contracheque', 'contracheques', 'lonespecifikation', 'lonespecifikationer', 'lonebesked',
    ],
    phrases: [
      'pay slip', 'pay slips', 'pay stub', 'pay stubs', 'busta paga', 'buste paga', 'folha de pagamento', 'recibo de sueldo', 'recibos de sueldo',
      // Polish
      'pasek wyplaty', 'paski wyplat', 'lista plac',
    ],
  }),
  person('salary', {
    words: [
      'salary', 'salaries', 'compensation', 'gehalt', 'gehalter', 'gehaelter', 'gehalts', 'salaire', 'salaires', 'sueldo', 'sueldos', 'salario',
      'salarios', 'salaris', 'salarissen', 'stipendio', 'stipendi', 'wynagrodzenie', 'wynagrodzenia',
    ],
  }),
  person('HR', {
    words: [
      'hr', 'hris', 'hrms', 'personnel', 'disciplinary', 'grievance', 'grievances', 'appraisal', 'appraisals', 'personalakte', 'personalakten',
      'personeelsdossier', 'personeelsdossiers', 'personakt',
    ],
    phrases: [
      'human resources', 'employee records', 'employee files', 'staff records', 'personnel files', 'dossier du personnel', 'dossiers du personnel',
      'expediente personal', 'expedientes de personal', 'fascicolo personale', 'fascicoli personali', 'akta osobowe',
    ],
    notAfter: ['#', 'per'],
  }),
  person('legal', { words: ['legal', 'litigation', 'lawsuit', 'lawsuits', 'nda', 'ndas'] }),
  person('contract', { words: ['contract', 'contracts'] }),
  person('medical', {
    words: [
      'medical', 'patient', 'patients', 'sickness', 'vaccination', 'vaccinations', 'krankmeldung', 'krankmeldungen', 'krankschreibung',
      'krankenschein', 'krankenakte', 'patientenakte', 'arbeitsunfahigkeitsbescheinigung', 'ziekmelding', 'ziekmeldingen', 'ziekteverzuim',
      'sjukintyg', 'sjukanmalan', 'sjukskrivning', 'medicaux',
    ],
    phrases: [
      'sick leave', 'sick note', 'sick notes', 'health records', 'fit note', 'fit notes', 'occupational health', 'arret maladie', 'arrets maladie',
      'arret de travail', 'baja medica', 'bajas medicas', 'historia clinica', 'certificato medico', 'certificati medici', 'cartella clinica',
      'cartelle cliniche', 'atestado medico', 'atestados medicos', 'baixa medica', 'zwolnienie lekarskie', 'zwolnienia lekarskie',
    ],
    // Medical devices, equipment and supplies are products a company sells or buys, not records of people.
    notBefore: ['device', 'devices', 'equipment', 'supplies'],
  }),
  person('passport or ID card', {
    words: [
      'passport', 'passports', 'reisepass', 'reisepasse', 'reisepaesse', 'personalausweis', 'personalausweise', 'ausweis', 'ausweise', 'passeport',
      'passeports', 'pasaporte', 'pasaportes', 'paspoort', 'paspoorten', 'identiteitskaart', 'identiteitskaarten', 'passaporto', 'passaporti',
      'passaporte', 'passaportes', 'paszport', 'paszporty', 'pasport', 'pasporty',
    ],
    phrases: [
      'id scan', 'id scans', 'id card', 'id cards', 'driving licence', 'driving license', 'drivers license', 'driver license', 'drivers licence',
      'carte d identite', 'cartes d identite', 'carta d identita', 'carta di identita', 'carteira de identidade', 'id kaart', 'id kort',
      'dowod osobisty', 'dowody osobiste',
    ],
  }),
  person('national ID numbers', {
    words: ['ssn', 'ssns', 'bsn', 'burgerservicenummer', 'pesel', 'personnummer', 'sozialversicherungsnummer'],
    phrases: ['social security', 'national insurance', 'ni number', 'ni numbers', 'securite sociale', 'seguridad social', 'codice fiscale', 'codici fiscali'],
  }),
  // Spain's DNI; after a number it is Polish for days ("raport-30-dni.csv").
  person('national ID numbers', { words: ['dni'], notAfter: ['#'] }),
  person('tax records', {
    words: ['lohnsteuerbescheinigung'],
    phrases: ['tax return', 'tax returns', 'p 60', 'p 45', 'p 11 d', 'w 2', 'w 4', 'w 9', 'i 9', '1099 nec', '1099 misc', 'w 8 ben', 'avis d imposition'],
  }),
  person('tax IDs', {
    words: ['taxid', 'taxids', 'taxpayer', 'taxpayers', 'itin', 'itins', 'utr', 'utrs', 'aadhaar', 'steuerid', 'steuernummer', 'steueridentifikationsnummer'],
    phrases: [
      'tax id', 'tax ids', 'tax identification', 'tax number', 'tax numbers', 'tax file number', 'tax file numbers', 'taxpayer id', 'taxpayer ids',
      'national id', 'national ids', 'steuer id', 'numero fiscal',
    ],
    aboutItKept: true,
  }),
  person('bank details', {
    words: ['iban', 'ibans'],
    phrases: ['bank details', 'direct deposit', 'direct deposits', 'bank account', 'bank accounts', 'routing numbers', 'sort codes'],
    notBefore: COMPANY_FINANCE,
    aboutItKept: true,
  }),
  person('payment cards', {
    words: ['cardholder', 'cardholders'],
    phrases: ['credit card', 'credit cards', 'debit card', 'debit cards', 'card number', 'card numbers', 'card data', 'card details'],
    notBefore: COMPANY_FINANCE,
    aboutItKept: true,
  }),
  person('PII or data subject requests', {
    // "gdpr" alone names the law (gdpr-training.md); a subject access request holds one person's data.
    words: ['pii', 'dsar', 'dsars'],
    phrases: [
      'personal data', 'personal information', 'personally identifiable', 'subject access', 'subject access request', 'subject access requests',
      'data subject request', 'data subject requests', 'gdpr request', 'gdpr requests', 'gdpr export', 'erasure request', 'erasure requests',
    ],
    aboutItKept: true,
  }),
  person('employment records', {
    words: ['whistleblowing', 'whistleblower', 'dismissal', 'dismissals', 'maternity', 'paternity'],
    phrases: [
      'settlement agreement', 'settlement agreements', 'compromise agreement', 'compromise agreements', 'employment contract', 'employment contracts',
      'contract of employment', 'employment agreement', 'employment agreements', 'offer letter', 'offer letters', 'termination letter',
      'termination letters', 'reference letters', 'exit interview', 'exit interviews', 'emergency contacts', 'next of kin', 'date of birth', 'dates of birth',
    ],
    aboutItKept: true,
  }),
  person('performance reviews', {
    // "site performance review" and "api performance review" are about systems, not people.
    phrases: ['performance review', 'performance reviews', 'performance appraisal', 'performance appraisals', 'performance improvement plan', 'performance improvement plans'],
    notAfter: ['site', 'web', 'website', 'app', 'api', 'system', 'systems', 'database', 'db', 'query', 'server', 'page', 'code', 'network', 'sql'],
    aboutItKept: true,
  }),
  person('immigration', {
    // "visa" alone is a card network (visa-payments.csv); its documents and permits are not.
    words: ['immigration', 'visas'],
    phrases: [
      'visa application', 'visa applications', 'visa documents', 'visa copy', 'visa copies', 'visa scan', 'visa scans', 'work permit', 'work permits',
      'residence permit', 'residence permits', 'right to work', 'green card', 'green cards',
    ],
    aboutItKept: true,
  }),
  person('benefits or pension', {
    words: ['pension', 'pensions', 'superannuation'],
    phrases: [
      'benefits enrolment', 'benefits enrollment', 'benefit enrolment', 'benefit enrollment', 'benefits elections', 'open enrolment', 'open enrollment',
      'health insurance', 'dental insurance', 'life insurance', 'medical insurance', '401 k',
    ],
    aboutItKept: true,
  }),
  person('background checks', {
    phrases: ['background check', 'background checks', 'criminal record', 'criminal records', 'dbs check', 'dbs checks', 'dbs certificate', 'dbs certificates', 'drug test', 'drug tests', 'drug screening'],
  }),
];

/** Words that may be joined to a sensitive word without a separator ("hrhandbook", "medicalrecords", "passportscan"). */
export const JOINED_WORDS = [
  'handbook', 'records', 'record', 'scan', 'scans', 'scanned', 'leave', 'data', 'file', 'files', 'list', 'lists', 'report', 'reports', 'docs',
  'documents', 'document', 'info', 'details', 'form', 'forms', 'export', 'exports', 'backup', 'backups', 'summary', 'copy', 'copies', 'notes',
  'archive', 'folder', 'dept', 'department', 'team', 'new', 'old', 'final', 'draft', 'all', 'employee', 'employees', 'staff', 'annual', 'monthly',
  'weekly', 'register', 'review', 'template', 'templates', 'letter', 'letters', 'check', 'checks', 'policy', 'policies', 'admin', 'root', 'user',
  'users', 'wifi', 'database', 'server', 'prod', 'store', 'dump', 'reset', 'codes', 'resources', 'security', 'insurance', 'return', 'returns',
  // German compounds: Lohnliste, Ausweiskopie, Gehaltsliste
  'liste', 'listen', 'daten', 'kopie', 'kopien', 'scan', 'nachweis', 'unterlagen', 'abrechnung', 'abrechnungen', 'overzicht',
];

/**
 * Words that say a document or script is about a secret or a kind of personal record rather than holding one
 * (see `aboutItKept`): right-to-work-policy.md and offer-letter-template.docx are the procedures SOPs are built from.
 */
export const TOPIC_WORDS = [
  'policy', 'policies', 'reset', 'resets', 'rotation', 'rotate', 'rotating', 'requirements', 'strength', 'guide', 'guidelines', 'design', 'faq',
  'howto', 'setup', 'manager', 'management', 'practices', 'training', 'awareness', 'check', 'checker', 'redact', 'redaction', 'mask', 'masking',
  'scan', 'scanner', 'generator', 'validate', 'validator', 'validation', 'audit', 'procedure', 'procedures', 'process', 'template', 'templates',
  'questions', 'format', 'handbook',
];

/** Documents and scripts, for `aboutItKept`; data and config files with the same words are left out. */
export const ABOUT_EXTENSIONS = ['md', 'markdown', 'txt', 'rst', 'adoc', 'org', 'html', 'htm', 'docx', 'pdf', 'py', 'sh', 'ps1', 'js', 'ts', 'rb'];

/**
 * Words that say a document is how the work is done (for `processDocsKept`): hr-onboarding-checklist.md,
 * payroll-calendar-2026.md. A department's policies and handbook are not among them: they are its own papers,
 * with its people's contacts, pay bands and cases (the issue found HRhandbook.md read).
 */
export const PROCESS_WORDS = [
  'checklist', 'checklists', 'calendar', 'calendars', 'schedule', 'schedules', 'timeline', 'process', 'processes', 'procedure', 'procedures', 'guide',
  'guides', 'howto', 'how', 'template', 'templates', 'planning', 'plan', 'plans', 'headcount', 'onboarding',
  'offboarding', 'demo', 'demos', 'training', 'runbook', 'playbook', 'workflow', 'faq', 'sop', 'sops', 'overview', 'roadmap',
  // German, French, Spanish, Italian, Portuguese
  'checkliste', 'anleitung', 'vorlage', 'planung', 'kalender', 'leitfaden', 'calendrier', 'modele', 'calendario', 'plantilla',
  'procedimiento', 'procedura', 'modelo',
];

/** Words that say a document holds the records themselves, whatever process word is beside them (payroll-export-process.md stays out). */
export const RECORD_WORDS = ['records', 'record', 'scan', 'scans', 'copy', 'copies', 'dump', 'dumps', 'export', 'exports', 'backup', 'backups', 'data', 'kopie', 'daten'];

/** Documents, for `processDocsKept`: data files (csv, xlsx, json) with the same words are left out. */
export const DOCUMENT_EXTENSIONS = ['md', 'markdown', 'txt', 'rst', 'adoc', 'org', 'html', 'htm', 'docx', 'doc', 'odt', 'rtf', 'pdf', 'pptx'];
