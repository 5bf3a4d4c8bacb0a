import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli, crashReason } from './cli.mjs';
import { promptMessages, readTree, tempWorkspace, writeFiles } from './workspace.mjs';

/**
 * Measurement 2: files and folders whose names say they hold credentials or personal data, each with a
 * unique marker in it. A name counts as read when its marker reaches the prompt or `sop evidence`
 * lists the file as included. Ordinary names (some of them near misses) must be read.
 */

/** Names that must be left out unread. A trailing "/" is a folder; the marker goes in a plain file inside. */
export const SENSITIVE_NAMES = [
  // environment files
  '.env',
  '.env.local',
  '.env.production',
  '.env.development.local',
  'prod.env',
  '.envrc',
  'env.production',
  'env.local',
  '.flaskenv',
  'dotenv',
  '.env.backup',
  '.dev.vars',
  '.env.vault',
  // keys and certificates
  'id_rsa',
  'id_ed25519',
  'id_ecdsa',
  'server.key',
  'server.pem',
  'tls.key',
  'privkey.pem',
  'cert.p12',
  'keystore.jks',
  'release.keystore',
  'ssh_host_ed25519_key',
  'ssh_host_rsa_key',
  'ssh_host_ecdsa_key',
  'deploy_key',
  'deploy-key',
  'private-key.txt',
  'private_key.json',
  'putty.ppk',
  'secring.gpg',
  'private.asc',
  'signing.pfx',
  'master.key',
  'jwtRS256.key',
  'jwt-private.pem',
  '.ssh/authorized_keys',
  '.ssh/config',
  '.gnupg/pubring.kbx',
  // cloud and service credentials
  'credentials',
  'credentials.json',
  'client_secret.json',
  'client_secret_1234-abcd.apps.googleusercontent.com.json',
  'application_default_credentials.json',
  'service-account.json',
  'service_account.json',
  'serviceAccountKey.json',
  'firebase-adminsdk-x1y2z.json',
  'sa-key.json',
  'gcp-key.json',
  'keyfile.json',
  'key.json',
  '.config/gcloud/credentials.db',
  '.config/gcloud/access_tokens.db',
  '.aws/credentials',
  '.aws/config',
  '.azure/accessTokens.json',
  '.azure/msal_token_cache.json',
  'azure-credentials.json',
  '.kube/config',
  'kubeconfig',
  'kubeconfig.yaml',
  'kubeconfig-prod.yml',
  'admin.kubeconfig',
  '.docker/config.json',
  '.dockercfg',
  '.dockerconfigjson',
  // package managers and tools
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.netrc',
  '_netrc',
  '.pgpass',
  '.my.cnf',
  '.mylogin.cnf',
  '.git-credentials',
  '.htpasswd',
  '.vault-token',
  '.s3cfg',
  '.boto',
  '.passwd-s3fs',
  '.config/rclone/rclone.conf',
  'rclone.conf',
  '.config/gh/hosts.yml',
  '.config/hub',
  '.config/glab-cli/config.yml',
  '.composer/auth.json',
  'auth.json',
  '.m2/settings.xml',
  '.m2/settings-security.xml',
  'gradle.properties',
  '.cargo/credentials.toml',
  '.gem/credentials',
  '.bundle/config',
  '.nuget/NuGet/NuGet.Config',
  '.terraformrc',
  'terraform.rc',
  '.terraform.d/credentials.tfrc.json',
  'terraform.tfstate',
  'terraform.tfvars',
  'prod.auto.tfvars',
  '.sbt/credentials',
  '.ivy2/.credentials',
  '.pulumi/credentials.json',
  '.config/heroku/credentials',
  '.databrickscfg',
  '.snowflake/connections.toml',
  '.dbt/profiles.yml',
  'sftp-config.json',
  '.ftpconfig',
  'WinSCP.ini',
  'filezilla/sitemanager.xml',
  '.fetchmailrc',
  '.msmtprc',
  // application secrets
  'wp-config.php',
  'LocalSettings.php',
  'config.inc.php',
  'database.yml',
  'secrets.yml',
  'secrets.json',
  '.secrets',
  'secret.txt',
  'credentials.yml.enc',
  '.streamlit/secrets.toml',
  'vault.yml',
  'group_vars/all/vault.yml',
  'vault-pass.txt',
  '.vault_pass',
  'vault_password_file',
  // tokens and passwords by name
  'token.json',
  'token.pickle',
  'tokens.json',
  'oauth_token.json',
  'access_token.txt',
  'refresh_token.txt',
  'api_token.txt',
  'apikey.txt',
  'api-keys.csv',
  'apikeys.json',
  'pwd.txt',
  'passwords.txt',
  'pass.txt',
  'logins.csv',
  'logins.json',
  'key4.db',
  'Login Data',
  'passwords.kdbx',
  'bitwarden_export.json',
  'lastpass_export.csv',
  '1password-export.1pux',
  'shadow',
  'gshadow',
  'master.passwd',
  '.authinfo',
  'authinfo.gpg',
  // shell and database histories
  '.bash_history',
  '.zsh_history',
  '.sh_history',
  '.histfile',
  '.psql_history',
  '.mysql_history',
  '.sqlite_history',
  '.python_history',
  '.node_repl_history',
  '.rediscli_history',
  '.irb_history',
  '.dbshell',
  'ConsoleHost_history.txt',
  '.local/share/fish/fish_history',
  '.lesshst',
  // personal data, joined words included
  'payroll2024.csv',
  'Payroll_Oct.csv',
  'salary2025.csv',
  'salaries.csv',
  'SalaryReview2024.md',
  'HRhandbook.md',
  'hr-notes.md',
  'medicalleave.txt',
  'medical-certificates.txt',
  'sicknotes2025.txt',
  'passportscan.txt',
  'passport-copies.txt',
  'driverslicense.txt',
  'ssn.txt',
  'staff-ssn.csv',
  'national-insurance-numbers.csv',
  'ni_numbers.csv',
  'taxids.csv',
  'w2-2024.txt',
  'p60-2025.txt',
  'bankdetails.csv',
  'employee-bank-accounts.csv',
  'cardholder-data.csv',
  'credit-cards.csv',
  'background-checks.txt',
  'disciplinary-2024.md',
  'performance-reviews.md',
  'nda-signed.txt',
  'settlement-agreement.md',
  'employmentcontract.txt',
  // folders
  'Human Resources/',
  'HR/',
  'hr-files/',
  'legal2024/',
  'Legal Department/',
  'contracts2024/',
  'contracts/',
  'medicalrecords/',
  'payroll/',
  'Personnel Files/',
  'disciplinary/',
  'passports/',
  'litigation/',
  'immigration/',
  'benefits-enrolment/',
  'pension/',
];

/** Ordinary work files, some near misses of the words above, that Draft SOP must read. */
export const ORDINARY_NAMES = [
  'README.md',
  'deploy.sh',
  'backup.py',
  'report.sql',
  'Makefile',
  'meeting-notes.txt',
  'monthly-report.csv',
  'invoices-2024.csv',
  'tokenizer.py',
  'keyboard-shortcuts.md',
  'keynote-outline.md',
  'monkey-test-plan.txt',
  'secretary-schedule.md',
  'password-reset-procedure.md',
  'authors.txt',
  'author-guide.md',
  'environment-setup.md',
  'envelope-template.txt',
  'shadow-it-review.md',
  'history.md',
  'changelog.md',
  'three.md',
  'design-tokens.json',
  'keymap.json',
  'monkeypatch.py',
  'passage-notes.txt',
  'compass.md',
  'kpi-dashboard.sql',
  'hash-check.py',
  'environment.yml',
  'thresholds.yaml',
  'docker-compose.yml',
  'requirements.txt',
  'chrome-setup.md',
  'hreflang-audit.md',
  'contractor-onboarding-checklist.md',
];

/** A marker unlikely to be redacted: plain words and digits, no secret-looking shape. */
const marker = (i) => `namecheck marker river${String(i).padStart(3, '0')} lantern`;

/** Content in the file's own format, holding the marker. */
function contentFor(name, text) {
  const base = name.split('/').pop();
  if (/\.json$/i.test(base)) return JSON.stringify({ note: text, items: [{ id: 1, note: text }] }, null, 2) + '\n';
  if (/\.csv$/i.test(base)) return `note,amount\n${text},10\n${text},20\n`;
  if (/\.(ya?ml)$/i.test(base)) return `note: ${text}\n`;
  if (/\.py$/i.test(base)) return `# ${text}\nprint("ok")\n`;
  if (/\.sh$/i.test(base)) return `#!/bin/sh\n# ${text}\necho ok\n`;
  if (/\.sql$/i.test(base)) return `-- ${text}\nselect 1;\n`;
  if (/\.php$/i.test(base)) return `<?php\n// ${text}\ndefine('DB_NAME', 'shop');\n`;
  if (/^makefile$/i.test(base)) return `# ${text}\nall:\n\techo ok\n`;
  return `${text}\n`;
}

function filesFor(names, offset) {
  return names.map((name, i) => {
    const text = marker(offset + i);
    const path = name.endsWith('/') ? `${name}notes.txt` : name;
    return { name, path, text, content: contentFor(path, text) };
  });
}

export async function measureNames(cli) {
  const ws = tempWorkspace('names');
  const folder = 'handover';
  const sensitive = filesFor(SENSITIVE_NAMES, 0);
  const ordinary = filesFor(ORDINARY_NAMES, 500);
  writeFiles(
    join(ws, folder),
    [...sensitive, ...ordinary].map((f) => [f.path, f.content]),
  );
  const work = join(ws, folder);
  const [prompt, evidence] = await Promise.all([
    runCli(cli, ['prompt', '--workspace', ws, work], { cwd: ws }),
    runCli(cli, ['evidence', '--format', 'json', '--workspace', ws, work], { cwd: ws }),
  ]);
  const problems = [prompt, evidence]
    .map((run) => crashReason(run) ?? (run.code !== 0 ? `exit ${run.code}: ${run.stderr.trim().split('\n')[0]}` : undefined))
    .filter(Boolean);
  const text = promptMessages(prompt.stdout).user;
  let included = new Set();
  try {
    included = new Set(JSON.parse(evidence.stdout).included.map((f) => f.path));
  } catch {
    problems.push('sop evidence --format json did not print JSON');
  }
  const isRead = (f) => text.includes(f.text) || included.has(`${folder}/${f.path}`);
  const read = sensitive.filter(isRead).map((f) => f.name);
  const markerInPrompt = sensitive.filter((f) => text.includes(f.text)).length;
  const ordinaryLeftOut = ordinary.filter((f) => !isRead(f)).map((f) => f.name);
  const links = await measureLinks(cli);
  return {
    links,
    sensitiveNames: sensitive.length,
    read: read.length,
    markerInPrompt,
    ordinaryNames: ordinary.length,
    ordinaryLeftOut: ordinaryLeftOut.length,
    readList: read,
    ordinaryLeftOutList: ordinaryLeftOut,
    problems,
  };
}

/** Harmless names that are links to sensitive files elsewhere in the workspace: [link, target, target text]. */
const LINKS = [
  ['handover/scripts/setup-notes.sh', '.env', 'DB_URL=postgres://app@db/app # linkcheck marker env'],
  ['handover/scripts/profile.py', '.aws/credentials', '[default]\n# linkcheck marker aws'],
  ['handover/scripts/staff.txt', 'HR/salaries.txt', 'linkcheck marker hr: Jane Doe 52,000'],
  ['handover/scripts/hosts.sh', '.config/gh/hosts.yml', 'github.com:\n  user: sam # linkcheck marker gh'],
  ['handover/scripts/history.sh', '.bash_history', 'ls # linkcheck marker history'],
  ['handover/docs', 'Human Resources', 'linkcheck marker folder'],
];

/**
 * Links with ordinary names that lead to sensitive files, read by `sop prompt` and copied by `sop skill`;
 * plus a personal-data table named in an SOP, which the skill export must not copy as is.
 */
async function measureLinks(cli) {
  const ws = tempWorkspace('links');
  writeFiles(
    ws,
    LINKS.map(([, target, text]) => [target === 'Human Resources' ? `${target}/notes.txt` : target, text + '\n']),
  );
  for (const [link, target] of LINKS) {
    mkdirSync(dirname(join(ws, link)), { recursive: true });
    symlinkSync(join(ws, target), join(ws, link));
  }
  // Personal data under ordinary names, used as a template and as a long reference: the export copies both kinds.
  const people = Array.from({ length: 40 }, (_, i) => `Employee ${i + 1},${40000 + i * 750},QQ${String(100000 + i * 7919).slice(0, 6)}C`);
  writeFiles(ws, [
    ['handover/run.sh', '#!/bin/sh\necho run\n'],
    ['handover/templates/new-starter-template.csv', `name,salary,ni_number\n${people.join('\n')}\n`],
    ['handover/staff-directory.md', `# Staff directory\n\n${people.map((p) => `- ${p.replace(/,/g, ' | ')}`).join('\n')}\n`],
    [
      'sops/handover.sop.md',
      `---\ntitle: Handover\ntype: sop\nstatus: approved\nowner: Sam Lee (Operations assistant)\napprover: Priya Nair (Finance manager)\n---\n\n# Handover\n\n## Steps\n\n${LINKS.map(([l], i) => `${i + 1}. Run \`${l}\` (mechanical).`).join('\n')}\n${LINKS.length + 1}. Fill in \`handover/templates/new-starter-template.csv\` using \`handover/staff-directory.md\` (mechanical).\n${LINKS.length + 2}. Send it to Priya Nair (Finance manager) for sign-off.\n`,
    ],
  ]);
  const [prompt, skill] = await Promise.all([
    runCli(cli, ['prompt', '--workspace', ws, join(ws, 'handover')], { cwd: ws }),
    runCli(cli, ['skill', '--force', '--out', join(ws, 'skill-out'), '--workspace', ws, join(ws, 'sops/handover.sop.md')], { cwd: ws }),
  ]);
  const user = promptMessages(prompt.stdout).user;
  const copied = readTree(join(ws, 'skill-out'))
    .map((f) => f.text)
    .join('\n');
  const markers = LINKS.map(([link, , text]) => ({ link, marker: text.match(/linkcheck marker \w+/)[0] }));
  return {
    tried: LINKS.length,
    readByPrompt: markers.filter((m) => user.includes(m.marker)).map((m) => m.link),
    copiedBySkill: markers.filter((m) => copied.includes(m.marker)).map((m) => m.link),
    personalDataCopied: /QQ\d{6}C/.test(copied),
    problems: [crashReason(prompt), crashReason(skill)].filter(Boolean),
  };
}
