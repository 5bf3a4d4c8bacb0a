import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { collectEvidence } from '../../../src/core/evidence/collect';
import { createSensitiveRules, sensitiveContent } from '../../../src/core/evidence/sensitive';
import type { EvidenceBundle } from '../../../src/core/evidence/types';
import { toPosix } from '../../../src/core/workspace/paths';
import { docx, tempDir } from './files';

/**
 * Which names are left out unread and which are kept. A folder ends in "/". Decisions on look-alikes:
 * - Words count whole or joined to other known words (`hrhandbook`, `medicalrecords`), never as any
 *   substring: three.md, shrink.sh, chrome-setup.md keep their "hr"; monkey.csv and keyboard.md their "key".
 * - A key or token is secret with a qualifier (private key, api_token, deploy_key) or alone (key.json,
 *   token.json); tokenizer.py, design-tokens.json and token-usage-report.csv are kept.
 * - password/secret/credential count inside a word (adminpassword.txt) except in passwordless, secretary,
 *   secretariat, credentialing; a document or script *about* them (password-policy.md,
 *   secret-rotation-runbook.md, check_passwords.py) is kept, and still goes through the content check and
 *   redaction; a data or config file with the same words (password-reset.csv) is left out.
 * - Known false positives, accepted: i9-benchmark.md and w2w-transfer.csv read as tax forms (I-9, W-2).
 * - contracts/ are legal documents; contractors and their invoices are business evidence.
 * - "hr" after a number or "per" is hours (24hr-support-rota.md).
 * - appsettings*.json are the app's configuration (kept, redacted); secrets.json, *.pubxml.user,
 *   local_settings.py and gradle.properties hold the secrets and are left out.
 * - Web apps' own settings files that hold the database password are left out by name (LocalSettings.php,
 *   config.inc.php, database.yml, sites/default/settings.php); generic config.php and settings.php are kept.
 * - profiles.yml is dbt's connection file wherever it sits (a project copy often has a password in clear):
 *   left out; dbt_project.yml and models' schema.yml are kept. .pgservice.conf may hold password= and is
 *   left out; tnsnames.ora, freetds.conf, .jupyter/, .firebaserc and google-services.json hold no secret: kept.
 * - NuGet: the user-level NuGet.Config by name; a project nuget.config only by content, when it holds a
 *   <packageSourceCredentials> ClearTextPassword that is not a %VARIABLE% (an encrypted Password only works
 *   for the Windows account that wrote it).
 * - tokens.json and tokens.db are token stores (accepted: a Style Dictionary tokens.json is left out too);
 *   tokens.css and design-tokens.json are kept. pass.txt is a password; pass-fail-report.csv is not.
 * - "credit card", "bank account" count unless the company's own finance follows (statement, fees,
 *   reconciliation, payments…): credit-cards.csv and employee-bank-accounts.csv are left out,
 *   credit-card-statement.csv, bank-reconciliation.csv, card-payments-export.csv and tax-rates.csv kept.
 *   "visa" alone is the card network (visa-payments.csv); visas/ and visa-scans/ are immigration papers.
 * - Every personal-data word is kept in a DOCUMENT (md, txt, docx, html, pdf…) whose name pairs it with a
 *   process word (checklist, calendar, schedule, process, procedure, guide, how-to, template, plan, planning,
 *   headcount, onboarding, offboarding, demo, training, runbook): hr-onboarding-checklist.md,
 *   payroll-calendar-2026.md say how the work is done (and are still content-checked and redacted). Not kept:
 *   data files (payroll-calendar-2026.csv), bare topic names (payroll.md), names that also say records, scan,
 *   copy, export, dump, backup or data (payroll-export-process.md), a process word that is part of the
 *   sensitive phrase (performance-improvement-plan-jane.docx), and a department's policies and handbook
 *   (HR-policies.md, sick-leave-policy.md, HRhandbook.md, which the issue found read): they are the
 *   department's own papers, with its people's contacts, pay bands and cases. Revisited and kept strict.
 * - For the narrower record kinds (tax IDs, bank and card details, PII, employment records, performance
 *   reviews, immigration, benefits and pension) a document or script *about* them is kept more widely (any
 *   topic word: format, validation, redaction…): iban-format.md, pii-redaction.py; performance-reviews.md,
 *   pension-contributions.csv hold the records.
 * - Other languages' words (Gehalt, Lohnabrechnung, fiche de paie, nómina, loonstrook, busta paga, holerite,
 *   lönespecifikation, PESEL…) are matched with accents removed; only unambiguous ones: "loon", "lön" (lon =
 *   longitude), "paga", "nie", "nip", "cpf" alone are not words; "dni" after a number is Polish days;
 *   compounds are split only into known words, so Alkoholgehalt and Lohnfertigung are kept. Italian "nomina"
 *   (appointment) reads as Spanish payroll: accepted.
 * - Crypto wallets: seed/recovery phrases, mnemonics, keystores, wallet backups; "wallet" alone (a product
 *   design, a digital wallet feature) and "seed" alone (database seed data) are kept.
 * - "secret santa" is an office game; "medical device(s)", equipment and supplies are products, not records.
 * - .env.example stays left out: people paste real values into it.
 *   "account numbers" (often the chart of accounts) and "disability" (accessibility) are not personal words.
 * - A "performance review" of a site, API or system, a server "retirement plan" and "benefits realisation" are kept.
 */
const LEFT_OUT = [
  // the names the issue found read
  'kubeconfig',
  'kubeconfig.yaml',
  'wp-config.php',
  'env.production',
  '.flaskenv',
  'dotenv',
  'etc/ssh/ssh_host_ed25519_key',
  'deploy_key',
  'private-key.txt',
  'sa-key.json',
  'gcp-key.json',
  'service_account.json',
  'token.json',
  'api_token.txt',
  'apikey.txt',
  'auth.json',
  '.s3cfg',
  '.boto',
  '.config/gh/hosts.yml',
  '.composer/auth.json',
  '.m2/settings.xml',
  'gradle.properties',
  '.terraformrc',
  'vault.yml',
  '.dockerconfigjson',
  'shadow',
  '.bash_history',
  '.zsh_history',
  '.psql_history',
  '.mysql_history',
  '.sqlite_history',
  '.python_history',
  '.node_repl_history',
  '.rediscli_history',
  '.lesshst',
  'AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine/ConsoleHost_history.txt',
  'pwd.txt',
  'logins.csv',
  'vault-pass.txt',
  'payroll2024.csv',
  'salary2025.csv',
  'HRhandbook.md',
  'medicalleave.txt',
  'passportscan.txt',
  'Human Resources/',
  'legal2024/',
  'contracts2024/',
  'medicalrecords/',
  // environment files
  '.env',
  '.env.local',
  '.env.production',
  '.env.example',
  'prod.env',
  '.envrc',
  'env',
  '.env-staging',
  // keys and certificates
  'id_rsa',
  'id_rsa.pub',
  'id_ed25519',
  '.ssh/config',
  '.ssh/',
  'server.key',
  'cert.pem',
  'client.p12',
  'keystore.jks',
  'release.keystore',
  'signing.pfx',
  'putty.ppk',
  'secring.gpg',
  'config/master.key',
  'ssh_host_rsa_key',
  '.gnupg/pubring.kbx',
  'key.json',
  'keyfile.json',
  'private_key.pem',
  'ssh-keys/',
  'deploy-keys/',
  'SSHKey.txt',
  'hostkeys.txt',
  // ecosystems: Node, Python, Ruby, PHP, Rust, Java, .NET, Rails, Django
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  'pypoetry/auth.toml',
  '.gem/credentials',
  '.bundle/config',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.m2/settings-security.xml',
  'Properties/PublishProfiles/Prod.pubxml.user',
  'MyApp.PublishSettings',
  'secrets.json',
  'connectionStrings.config',
  'config/credentials.yml.enc',
  'config/secrets.yml',
  'mysite/local_settings.py',
  // Docker, Kubernetes, Terraform, Ansible, clouds and their CLIs
  '.docker/config.json',
  '.dockercfg',
  '.kube/config',
  'admin.kubeconfig',
  'etc/kubernetes/admin.conf',
  'terraform.tfstate',
  'terraform.tfstate.backup',
  'prod.tfvars',
  'secrets.auto.tfvars',
  '.terraform.d/credentials.tfrc.json',
  'terraform.rc',
  'group_vars/all/vault.yml',
  '.vault_pass',
  '.vault-token',
  '.aws/credentials',
  '.aws/config',
  '.azure/accessTokens.json',
  'msal_token_cache.json',
  '.config/gcloud/',
  'application_default_credentials.json',
  'client_secret_1234.apps.googleusercontent.com.json',
  '.config/glab-cli/config.yml',
  '.config/hub',
  '.config/netlify/config.json',
  '.fly/config.yml',
  '.config/stripe/config.toml',
  'rclone.conf',
  '.sentryclirc',
  'john_accessKeys.csv',
  'github-token.txt',
  'slack_bot_token.txt',
  'refresh_token.json',
  // hosts, databases, transfer tools, system accounts
  '.netrc',
  '_netrc',
  '.pgpass',
  '.my.cnf',
  '.mylogin.cnf',
  '.git-credentials',
  '.gitcookies',
  '.htpasswd',
  '.htdigest',
  'gshadow',
  'master.passwd',
  'etc/passwd',
  '.smbcredentials',
  'sftp-config.json',
  'FileZilla/sitemanager.xml',
  'WinSCP.ini',
  'client.ovpn',
  // password managers, browsers, wallets
  'vault.kdbx',
  '1PasswordExport.1pux',
  'bitwarden_export_20241001.json',
  'Chrome/Default/Login Data',
  'Cookies',
  'key4.db',
  'logins.json',
  'wallet.dat',
  'UTC--2024-01-01T00-00-00.000Z--5aaeb6053f3e94c9b9a09f33669435e7ef1beaed',
  '.password-store/',
  '.local/share/keyrings/',
  // more histories
  '.irb_history',
  '.pry_history',
  '.zhistory',
  '.histfile',
  '.local/share/fish/fish_history',
  '.viminfo',
  '.dbshell',
  '.Rhistory',
  '.julia/logs/repl_history.jl',
  '.bash_sessions/',
  // words for secrets
  'passwords.xlsx',
  'admin-passwords.txt',
  'adminpassword.txt',
  'WifiPasswords.md',
  'db_passwd.txt',
  'my-secret-notes.md',
  'client_secret.json',
  'credentials.json',
  'aws_creds.txt',
  'api-keys.md',
  'APIKey.txt',
  'backup-codes.txt',
  'recovery_codes.txt',
  'db_password.py',
  'set_admin_password.sh',
  'password-reset.csv',
  'password-policy/',
  // personal data
  'payroll/',
  'Payroll_Q3.xlsx',
  'payslips-2024/',
  'wages.csv',
  'salaries.xlsx',
  'hr/',
  'HR-policies.md',
  'HRPolicies.docx',
  'HR-policies.csv',
  'hris-export.csv',
  'personnel-files/',
  'disciplinary-notes.md',
  'grievance-log.csv',
  'legal/',
  'NDAs/',
  'nda-acme.docx',
  'litigation-hold.md',
  'contracts/',
  'vendor-contracts/',
  'contract_acme_2024.md',
  'medical/',
  'patients.csv',
  'sick-leave-2024.csv',
  'passports/',
  'id-scans/',
  'drivers-license.png',
  'ssn-list.csv',
  'social_security_numbers.csv',
  'national-insurance.csv',
  'NI_numbers.xlsx',
  'tax-return-2023.md',
  'taxreturns/',
  'P60_2024.png',
  'p45.txt',
  'W2-2024.csv',
  'w-9-forms/',
  'I-9/',
  '1099-NEC/',
  'bank-details.csv',
  'bankdetails.xlsx',
  'direct-deposit-form.docx',
  'background-checks/',
  'employee-records/',
  'employeerecords.csv',
  'staff_records/',
  'humanresources/',
  'HumanResources/',
  'socialsecurity.csv',
  'nationalinsurance.csv',
  'appraisals-2024/',
  // the names the attack harness still found read
  '.dev.vars',
  'acme-firebase-adminsdk-x1y2z-0123456789.json',
  '.nuget/NuGet/NuGet.Config',
  '.databrickscfg',
  '.snowflake/connections.toml',
  '.dbt/profiles.yml',
  '.ftpconfig',
  '.fetchmailrc',
  '.msmtprc',
  'LocalSettings.php',
  'config.inc.php',
  'database.yml',
  'tokens.json',
  'pass.txt',
  'taxids.csv',
  'employee-bank-accounts.csv',
  'cardholder-data.csv',
  'credit-cards.csv',
  'performance-reviews.md',
  'settlement-agreement.md',
  'employmentcontract.txt',
  'immigration/',
  'benefits-enrolment/',
  'pension/',
  // environment files of more tools
  '.dev.vars.staging',
  '.Renviron',
  '.rbenv-vars',
  '.envs/',
  // mail clients
  'msmtprc',
  '.mailrc',
  '.offlineimaprc',
  '.muttrc',
  '.neomuttrc',
  '.mbsyncrc',
  'etc/ssmtp/ssmtp.conf',
  '.getmail/getmailrc',
  '.config/aerc/accounts.conf',
  // database and data-warehouse clients
  'AppData/Roaming/NuGet/NuGet.Config',
  '.snowsql/config',
  '.config/snowflake/config.toml',
  'analytics/profiles.yml',
  'odbc.ini',
  '.pgservice.conf',
  'pg_service.conf',
  'etc/mysql/debian.cnf',
  'pgadmin4.db',
  'robo3t.json',
  'confCons.xml',
  'looker.ini',
  'cwallet.sso',
  // web applications' settings
  'configuration.php',
  'sites/default/settings.php',
  'settings.local.php',
  'config/database.yml',
  'app/config/parameters.yml',
  'app/etc/local.xml',
  'ormconfig.json',
  'hibernate.cfg.xml',
  'conf/tomcat-users.xml',
  'local.settings.json',
  'dbconfig.php',
  'application/config/database.php',
  // token stores and passwords under short names
  'tokens.db',
  'youtube.token',
  'msal_token_cache.bin',
  'TokenCache.dat',
  'cookies.txt',
  'cookiejar',
  'telegram.session',
  '.google_authenticator',
  'pw.txt',
  'wifi-pass.txt',
  'door-codes.txt',
  'pin-codes.csv',
  'passcodes.txt',
  // cloud, deployment and transfer tools
  '.pulumi/credentials.json',
  '.oci/config',
  '.config/doctl/config.yaml',
  '.wrangler/config/default.toml',
  '.vercel/project.json',
  '.netlify/state.json',
  '.fly/',
  '.heroku/',
  '.railway/config.json',
  '.config/hcloud/cli.toml',
  '.config/scw/config.yaml',
  'clouds.yaml',
  'admin-openrc.sh',
  '.terraform/',
  '.terraform.d/',
  '.chef/knife.rb',
  '.kaggle/kaggle.json',
  '.config/configstore/firebase-tools.json',
  '.mc/config.json',
  '.serverlessrc',
  'talosconfig',
  '.minikube/',
  'ngrok.yml',
  '.cloudflared/',
  '.rclone.conf',
  '.b2_account_info',
  '.vscode/sftp.json',
  '.remote-sync.json',
  '.ftppass',
  '.subversion/auth/',
  '.config/helm/repositories.yaml',
  '.circleci/cli.yml',
  'etc/gitlab-runner/config.toml',
  'keystore.properties',
  'android/key.properties',
  'pip.conf',
  '.hex/hex.config',
  'ntds.dit',
  'http.keytab',
  'krb5cc_1000',
  'office-wifi.nmconnection',
  'wpa_supplicant.conf',
  '.config/sops/age/keys.txt',
  '.config/op/',
  // histories and browser profiles
  '.ipython/profile_default/history.sqlite',
  '.config/pgcli/history',
  '.octave_hist',
  '.mongosh/mongosh_repl_history',
  'Chrome/Default/History',
  'places.sqlite',
  '.mozilla/',
  '.thunderbird/',
  // personal data by category
  'tax-ids.csv',
  'taxpayer-ids.xlsx',
  'national-id-numbers.csv',
  'bankaccounts.csv',
  'ibans.csv',
  'card-numbers.txt',
  'PerformanceReview2025.docx',
  'performance-improvement-plans/',
  'offer-letters/',
  'exit-interviews.csv',
  'emergency-contacts.xlsx',
  'whistleblowing-reports/',
  'maternity-leave.csv',
  'visas/',
  'right-to-work-checks/',
  'work-permits/',
  'benefits-enrollment-2025.csv',
  'open-enrollment/',
  'health-insurance-claims.csv',
  'pension-contributions.csv',
  '401k-elections.csv',
  'superannuation.xlsx',
  'dbs-checks/',
  'drug-tests.csv',
  'occupational-health/',
  'vaccinations.csv',
  'compensation-bands.csv',
  'offer-letter-jane-doe.docx',
  'iban-list.txt',
  // the red team's names, crypto wallets, PII and data subject requests
  'wallet-seed-phrase.txt',
  'customer_pii_export.csv',
  'gdpr_subject_access_request_2291.md',
  'seedphrase.txt',
  'metamask-vault.json',
  'recovery-phrase.md',
  'mnemonic.txt',
  'wallet-backup-2026.json',
  'validator.keystore',
  'dsar-2291/',
  'PII/',
  'personal-data-export.xlsx',
  'erasure-requests.csv',
  'subject-access-requests/',
  // payroll and HR in other languages
  'Lohnabrechnung_2026_03.csv',
  'fiche_de_paie_mars_2026.csv',
  'nomina_marzo_2026.csv',
  'loonstrook_maart_2026.csv',
  'Personalausweis_Kopie.txt',
  'Gehälter_2026.xlsx',
  'Gehaltsabrechnung-Mai.pdf',
  'Lohnliste.csv',
  'Personalakte_Müller/',
  'Krankmeldung_März.pdf',
  'Reisepass-Scan.jpg',
  'Ausweiskopie.pdf',
  'Steuer-ID.txt',
  'bulletin_de_salaire_2026-03.pdf',
  'salaires-2026.xlsx',
  "carte d'identité.jpg",
  'passeport-scan.png',
  'arrêt maladie mars.pdf',
  'sueldos-2026.csv',
  'DNI-copia.pdf',
  'pasaporte.jpg',
  'baja-médica-marzo.pdf',
  'salarisoverzicht-2026.xlsx',
  'paspoort.pdf',
  'ziekmeldingen-2026.csv',
  'busta-paga-marzo.pdf',
  'stipendi-2026.xlsx',
  'codice-fiscale.txt',
  'holerite-marco.pdf',
  'contracheque-2026-03.pdf',
  'lönespecifikation-mars.pdf',
  'personnummer.csv',
  'paszport.jpg',
  'PESEL-lista.csv',
  'payroll-calendar-2026.csv',
  'payroll-export-process.md',
  'performance-improvement-plan-jane.docx',
  'HRhandbook.docx',
  '2024-ssn-list.csv',
  'sick-leave-policy.md',
  'payroll-guidelines.md',
];

const KEPT = [
  'README.md',
  'Makefile',
  'package.json',
  'package-lock.json',
  'pyproject.toml',
  'requirements.txt',
  'Dockerfile',
  'docker-compose.yml',
  'reconcile_payouts.py',
  'keyboard.md',
  'keyboard-shortcuts.md',
  'monkey.csv',
  'monkey-patch.js',
  'tokenizer.py',
  'tokenize.ts',
  'three.md',
  'three-way-match.md',
  'chrome-setup.md',
  'chrome.txt',
  'shrink.sh',
  'shrinkage-report.csv',
  'thread-dump-analysis.md',
  'throughput.csv',
  'christmas-rota.xlsx',
  'chris-notes.md',
  'hrefs.txt',
  'shredder-log.csv',
  'synchronize.sh',
  'legalese-glossary.md',
  'illegal-characters.md',
  'contractor-invoices.csv',
  'contractors.csv',
  'contracting-guide.md',
  'secretary-notes.md',
  'secretariat-minutes.md',
  'passwordless-login-design.md',
  'password-policy.md',
  'password-reset-procedure.md',
  '1password-setup.md',
  'ssh-key-setup.md',
  'api-key-rotation.md',
  'secret-rotation-runbook.md',
  'secrets-management.md',
  'key-dates.md',
  'key-accounts.csv',
  'keys/',
  'turnkey-install.sh',
  'hotkeys.json',
  'keynote-outline.md',
  'token-bucket-rate-limiter.py',
  'token-usage-report.csv',
  'design-tokens.json',
  'tokens.css',
  'env.d.ts',
  'vite-env.d.ts',
  'migrations/env.py',
  'environment.ts',
  'environments/',
  'envelope-template.docx',
  'envoy.yaml',
  'environment.yml',
  'settings.py',
  'appsettings.json',
  'appsettings.Development.json',
  'appsettings.Production.json',
  'web.config',
  'config.yaml',
  'history.md',
  'CHANGELOG.md',
  'order_history.csv',
  'change-history.csv',
  'authors.md',
  'oauth-flow.md',
  'authentication.md',
  'authorize.sh',
  'login-page.md',
  'login.html',
  'credentialing-process.md',
  '24hr-support-rota.md',
  'rate-per-hr.csv',
  'health-check.sh',
  'healthcheck.py',
  'session-notes.md',
  'host-inventory.csv',
  'master-data.csv',
  'private-notes.md',
  'deploy.sh',
  'cookie-policy.md',
  'state.json',
  'wallet-design.md',
  'visa-payments.csv',
  'bank-2026-10.csv',
  'bank-reconciliation.md',
  'tax-calendar.md',
  'vat-return-q3.csv',
  'returns-policy.md',
  'stripe-payouts-2026-10.csv',
  'exports/',
  'scripts/fetch_exports.sh',
  'out/reconciliation-2026-10.csv',
  'emails/2026-11-03-approved.eml',
  'sops/vendor-onboarding.md',
  'security-review.md',
  'insurance-renewals.csv',
  'human-factors.md',
  'private/',
  'hosts.yml',
  'settings.xml',
  'config.json',
  '.config/',
  'ssl/',
  'certificates/',
  '.bundle/',
  'pay-runs.md',
  'keepalive.sh',
  'check_passwords.py',
  'redact_secrets.py',
  'secrets-audit.md',
  'employee-handbook.md',
  'staff-list.csv',
  'customers.csv',
  'outpatient-clinic-rota.csv',
  'paralegal-notes.md',
  'history/',
  'known_hosts',
  'accesslog.csv',
  // the company's own finance evidence beside the personal-data words
  'bank-reconciliation.csv',
  'card-payments-export.csv',
  'tax-rates.csv',
  'credit-card-statement-2026-10.csv',
  'creditcardstatement.csv',
  'credit-card-fees.csv',
  'bank-account-reconciliation.xlsx',
  'bank-statement-2026-10.csv',
  'settlement-report-2026-10.csv',
  'stripe-settlements.csv',
  'visa-fees.csv',
  'chart-of-accounts.csv',
  'accounts-payable.csv',
  'iban-validator.py',
  // other near misses
  'site-performance-review.md',
  'api-performance-review.md',
  'performance-report.csv',
  'server-retirement-plan.md',
  'benefits-realisation-plan.md',
  'enrollment-api.md',
  'tokens.ts',
  'pass-fail-report.csv',
  'boarding-pass.pdf',
  'bypass.sh',
  'compass.md',
  'passage-notes.txt',
  'tnsnames.ora',
  'freetds.conf',
  '.jupyter/jupyter_notebook_config.py',
  '.firebaserc',
  'firebase.json',
  'google-services.json',
  'Pulumi.prod.yaml',
  'dbt_project.yml',
  'models/schema.yml',
  'profiles/',
  'user-profiles.csv',
  'config.php',
  'settings.php',
  'nuget.config',
  'snowflake/',
  'snowflake-queries.sql',
  'rclone-sync.sh',
  'network-diagram.md',
  'workflow.md',
  'exit-codes.md',
  'card-reader-setup.md',
  'green-energy-report.md',
  'session-store.ts',
  // documents about a kind of personal record, not the records
  'pension-fund-report-template.md',
  'right-to-work-policy.md',
  'offer-letter-template.docx',
  'performance-review-process.md',
  'exit-interview-questions.md',
  'whistleblowing-policy.md',
  'iban-format.md',
  'tax-id-validation.py',
  'visa-application-guide.md',
  'account-numbers-mapping.csv',
  'disability-access.md',
  // the red team's ordinary names, and process documents beside personal-data words
  'secret-santa-2026.md',
  'SecretSanta.md',
  'hr-onboarding-checklist.md',
  'payroll-calendar-2026.md',
  'medical-device-demo-script.md',
  'personnel-planning-headcount.md',
  'hr-offboarding-process.docx',
  'payroll-run-procedure.md',
  'salary-review-timeline.md',
  'legal-review-guide.pdf',
  'contract-approval-workflow.md',
  'sick-leave-training.md',
  'payrollcalendar.md',
  'hr-training-plan.pptx',
  'gdpr-training.md',
  'gdpr-compliance-checklist.md',
  'pii-redaction.py',
  'personal-data-policy.md',
  'medical-devices-catalog.csv',
  'medical-equipment-inventory.xlsx',
  'passport-renewal-how-to.md',
  'Lohnabrechnung-Checkliste.md',
  // look-alikes in other languages and near the crypto words
  'alkoholgehalt-messung.csv',
  'Lohnfertigung-Angebote.csv',
  'Personalplanung_2026.xlsx',
  'Firmenausweis-Bestellung.md',
  'raport-30-dni.csv',
  'nominal-ledger.csv',
  'salarian-notes.md',
  'loon-sightings.csv',
  'seed-data.sql',
  'db/seeds/',
  'wallet-design.md',
  'apple-wallet-passes.md',
  'keystore-setup-guide.md',
  'paginas-web.md',
  'passage-plan.md',
  'pasta-recipes.md',
];

describe('evidence: sensitive names', () => {
  const rules = createSensitiveRules();

  it(`leaves out ${LEFT_OUT.length} names that say secrets, credentials or personal data, each with a reason`, () => {
    const read = LEFT_OUT.filter((n) => !rules.reasonFor(n));
    assert.deepEqual(read, [], `read although sensitive: ${read.join(', ')}`);
    for (const n of LEFT_OUT) assert.match(rules.reasonFor(n)!, /^sensitive: /);
  });

  it(`keeps ${KEPT.length} look-alikes that are ordinary business evidence`, () => {
    const out = KEPT.map((n) => [n, rules.reasonFor(n)]).filter(([, r]) => r);
    assert.deepEqual(out, [], `left out although ordinary: ${out.map(([n, r]) => `${n} (${r})`).join(', ')}`);
  });

  it('gives the same answer for a child as for its full path, name by name as the walk asks', () => {
    for (const n of [...LEFT_OUT, ...KEPT]) {
      const isDir = n.endsWith('/');
      const rel = n.replace(/\/$/, '');
      const parts = rel.split('/');
      // The walk asks about each folder on the way down, then the entry itself.
      let walked: string | undefined;
      for (let i = 0; i < parts.length && !walked; i++) {
        walked = rules.reasonForChild(parts.slice(0, i + 1).join('/'), parts[i], i < parts.length - 1 || isDir);
      }
      assert.equal(walked, rules.reasonFor(n), n);
    }
  });

  it('says why, in the words of the kind of file', () => {
    assert.equal(rules.reasonFor('.env.production'), 'sensitive: environment file');
    assert.equal(rules.reasonFor('deploy_key'), 'sensitive: private key or certificate');
    assert.equal(rules.reasonFor('.config/gh/hosts.yml'), 'sensitive: credentials or secrets file');
    assert.equal(rules.reasonFor('.psql_history'), 'sensitive: shell or database history (typed commands may hold passwords)');
    assert.equal(rules.reasonFor('HRhandbook.md'), 'sensitive: name says HR (personal data)');
    assert.equal(rules.reasonFor('medicalrecords/'), 'sensitive: name says medical (personal data)');
    assert.equal(rules.reasonFor('P60_2024.png'), 'sensitive: name says tax records (personal data)');
    assert.equal(rules.reasonFor('Human Resources/'), 'sensitive: name says HR (personal data)');
    assert.equal(rules.reasonFor('.fetchmailrc'), 'sensitive: mail client settings (hold mailbox passwords)');
    assert.equal(rules.reasonFor('.dbt/profiles.yml'), 'sensitive: database or data-warehouse connection settings (hold passwords or keys)');
    assert.equal(rules.reasonFor('LocalSettings.php'), 'sensitive: web application settings (hold its database password and keys)');
    assert.equal(rules.reasonFor('.oci/config'), 'sensitive: cloud or deployment tool login (holds access tokens)');
    assert.equal(rules.reasonFor('credit-cards.csv'), 'sensitive: name says payment cards (personal data)');
    assert.equal(rules.reasonFor('taxids.csv'), 'sensitive: name says tax IDs (personal data)');
    assert.equal(rules.reasonFor('settlement-agreement.md'), 'sensitive: name says employment records (personal data)');
    assert.equal(rules.reasonFor('wallet-seed-phrase.txt'), 'sensitive: crypto wallet, seed phrase or keystore (controls funds)');
    assert.equal(rules.reasonFor('customer_pii_export.csv'), 'sensitive: name says PII or data subject requests (personal data)');
    assert.equal(rules.reasonFor('Personalausweis_Kopie.txt'), 'sensitive: name says passport or ID card (personal data)');
    assert.equal(rules.reasonFor('fiche_de_paie_mars_2026.csv'), 'sensitive: name says payroll (personal data)');
    // A Mac writes "ä" as "a" and a combining mark: the same word either way.
    assert.equal(rules.reasonFor('Geha\u0308lter.xlsx'), 'sensitive: name says salary (personal data)');
    assert.equal(rules.reasonFor('Gehälter.xlsx'), 'sensitive: name says salary (personal data)');
  });

  it('lets settings add patterns but never take the built-in ones away', () => {
    const mine = createSensitiveRules(['board-minutes/', '!.env', '!*.pem', '!payroll*']);
    assert.equal(mine.reasonFor('board-minutes/2026-10.md'), 'sensitive: matches "board-minutes/" (your sensitive-files setting)');
    assert.equal(mine.reasonForChild('docs/board-minutes', 'board-minutes', true), 'sensitive: matches "board-minutes/" (your sensitive-files setting)');
    assert.equal(mine.reasonFor('.env'), 'sensitive: environment file');
    assert.equal(mine.reasonFor('certs/server.pem'), 'sensitive: private key or certificate');
    assert.equal(mine.reasonForChild('payroll2024.csv', 'payroll2024.csv', false), 'sensitive: name says payroll (personal data)');
    assert.equal(createSensitiveRules.length, 0, 'no second parameter: the defaults cannot be replaced');
  });

  it('judges 20,000 distinct names in well under a second, and odd or huge names without error', () => {
    const started = Date.now();
    for (let i = 0; i < 20_000; i++) rules.reasonForChild(`exports/q${i}/file-${i}-report.csv`, `file-${i}-report.csv`, false);
    assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
    const hostile = ['...', '', '/', 'a'.repeat(100_000), 'hr'.repeat(50_000), `${'medical'.repeat(7)}x`, '*'.repeat(100_000), `${'ab'.repeat(50_000)}.env`];
    const t0 = Date.now();
    for (const n of hostile) {
      rules.reasonFor(n);
      rules.reasonForChild(n, n, false);
    }
    assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms`);
    assert.equal(rules.reasonFor(`${'ab'.repeat(50_000)}.env`), 'sensitive: environment file');
  });
});

const PEM = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDqvXGJmnRXYF3P9d5tPQ1uJm6bJSdQ4m9v3l3QxkR2LwAAAJgq1nQwKtZ0',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');

const SECRET_TEXTS: Array<[string, string, string]> = [
  ['an OpenSSH key in notes', `Server notes\n\nThe key for the box:\n${PEM}\n`, 'sensitive: holds a private key'],
  [
    'an encrypted RSA key',
    '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\nMIIEowIBAAKCAQEAx4kQ0h2sfMLRZb1qOJmzyT7qE3Jp\n',
    'sensitive: holds a private key',
  ],
  [
    'a PGP private key block',
    '-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF8xYbEBCADJq1Zb3m8kz0L5tQ4m9v3l3QxkR2LwAAAJgq\n',
    'sensitive: holds a private key',
  ],
  [
    'a service-account JSON',
    '{\n  "type": "service_account",\n  "project_id": "acme-finance",\n  "private_key_id": "4f1c2b",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n"\n}\n',
    'sensitive: holds a private key',
  ],
  ['a PuTTY key', 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ops@acme\nPublic-Lines: 2\n', 'sensitive: holds a private key (PuTTY)'],
  [
    'an age key',
    `# created: 2026-10-01\n# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\nAGE-SECRET-KEY-1${'QYQSZQGPV3Q8FQ2YJ5S6K4M4N7R2W0X9C3D5E8F7G6H4J2K3L5M7N9'.slice(0, 58).padEnd(58, 'Q')}\n`,
    'sensitive: holds a private key (age)',
  ],
  [
    'a WireGuard config',
    '[Interface]\nAddress = 10.0.0.2/24\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n\n[Peer]\nEndpoint = vpn.acme.example:51820\n',
    'sensitive: holds a private key (WireGuard)',
  ],
  [
    'a kubeconfig',
    'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://k8s.acme.internal:6443\n  name: prod\nusers:\n- name: admin\n  user:\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=\n',
    'sensitive: holds cluster credentials (kubeconfig)',
  ],
  [
    'a kubeconfig with a token',
    'apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: eyJhbGciOiJSUzI1NiIsImtpZCI6IjRmM2EifQ.e30.c2lnbmF0dXJl\n',
    'sensitive: holds cluster credentials (kubeconfig)',
  ],
  [
    'a Docker config',
    '{\n  "auths": {\n    "registry.acme.example": { "auth": "ZGVwbG95OlMzY3IzdFBhc3N3MHJk" }\n  }\n}\n',
    'sensitive: holds registry logins (Docker config)',
  ],
  [
    'AWS credentials',
    '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    'sensitive: holds AWS credentials',
  ],
  ['a .netrc', 'machine api.heroku.com\n  login ops@acme.example\n  password 0c9a2e7d-41f5-4a1b-9e3f-7d1c6b2a8e50\n', 'sensitive: holds logins (.netrc)'],
  ['a one-line .netrc', 'machine git.acme.example login deploy password hunter2-Prod\n', 'sensitive: holds logins (.netrc)'],
  [
    '.pgpass lines',
    '# ledger databases\ndb.internal:5432:ledger:finance:S3cr3tPassw0rd\n*:*:reporting:readonly:r3ad0nly!\n',
    'sensitive: holds database passwords (.pgpass)',
  ],
  ['htpasswd lines', 'admin:$apr1$ZjTqBB3f$IF9gdYAGlMrs2fuINjHsz.\n', 'sensitive: holds password hashes (htpasswd)'],
  ['a bcrypt htpasswd line', `ops:$2y$10$${'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0'}\n`, 'sensitive: holds password hashes (htpasswd)'],
  [
    'shadow lines',
    'root:$6$xyz12345$Wc9s0pQ1lUu6zQ2m3n4b5v6c7x8z9a0s1d2f3g4h5j6k7l8:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n',
    'sensitive: holds password hashes (shadow)',
  ],
  [
    'a locked-only shadow file',
    'root:*:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\nbin:!:19700:0:99999:7:::\n',
    'sensitive: holds password hashes (shadow)',
  ],
  [
    'an Ansible vault',
    '$ANSIBLE_VAULT;1.1;AES256\n62313365396662343061393464336163383764373764613633653634306231386433626436623361\n',
    'sensitive: encrypted secrets (Ansible Vault)',
  ],
  [
    'a nuget.config with a feed password',
    '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <add key="acme" value="https://pkgs.acme.example/nuget/v3/index.json" />\n  </packageSources>\n  <packageSourceCredentials>\n    <acme>\n      <add key="Username" value="build" />\n      <add key="ClearTextPassword" value="Nov-Feed-2026!" />\n    </acme>\n  </packageSourceCredentials>\n</configuration>\n',
    'sensitive: holds package feed passwords (NuGet)',
  ],
  [
    'a Maven settings.xml with a password',
    '<settings>\n  <servers>\n    <server>\n      <id>acme-releases</id>\n      <username>deploy</username>\n      <password>Rel3ase-2026</password>\n    </server>\n  </servers>\n</settings>\n',
    'sensitive: holds repository passwords (Maven settings)',
  ],
  [
    'a publish profile',
    '<publishData>\n  <publishProfile profileName="acme-web - Web Deploy" publishMethod="MSDeploy" userName="$acme-web" userPWD="qXk2vN8rT4wY6zB1cD3eF5gH7jK9mL0p" />\n</publishData>\n',
    'sensitive: holds deployment passwords (publish profile)',
  ],
  [
    'FileZilla saved sites',
    '<?xml version="1.0" encoding="UTF-8"?>\n<FileZilla3 version="3.66.0">\n  <Servers>\n    <Server>\n      <Host>files.acme.example</Host>\n      <User>reports</User>\n      <Pass encoding="base64">UjNwb3J0cy0yMDI2</Pass>\n    </Server>\n  </Servers>\n</FileZilla3>\n',
    'sensitive: holds saved server logins (FileZilla)',
  ],
  [
    'an rclone config',
    '[archive]\ntype = s3\nprovider = AWS\naccess_key_id = AKIAIOSFODNN7EXAMPLE\nsecret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n[nas]\ntype = sftp\nhost = nas.acme.internal\npass = Zb3fQ9kXr2Lm\n',
    'sensitive: holds cloud storage logins (rclone)',
  ],
  [
    'a .git-credentials copy',
    'https://sam:ghp_4fG7hJ2kL9mN3pQ6rS8tV1wX5yZ0aB2cD4eF@github.com\nhttps://deploy:glpat-xY7zW2vU9tS4rQ1pO6nM@gitlab.acme.example\n',
    'sensitive: holds git logins (.git-credentials)',
  ],
  // a key block with a short body, and text whose heading or table header says what it holds
  [
    'an OpenSSH key block with a short body',
    'Handover\n\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXkt9\n-----END OPENSSH PRIVATE KEY-----\n',
    'sensitive: holds a private key',
  ],
  [
    'a note headed "# Passwords" that lists values',
    '# Passwords\n\nAll service account passwords for the new starter:\n\nsvc-backup: Tq7#mW2!pL\n',
    'sensitive: a list of passwords (its heading says so and it lists values)',
  ],
  [
    'a list under "Admin logins"',
    'Admin logins:\n- router – R0uter!2026\n- NAS – nas-Adm1n\n',
    'sensitive: a list of passwords (its heading says so and it lists values)',
  ],
  [
    'German "Zugangsdaten" with a bare value',
    '## Zugangsdaten\n\nWLAN-Büro\nH4fen-Sommer-77\n',
    'sensitive: a list of passwords (its heading says so and it lists values)',
  ],
  ['a username,password CSV', 'username,password\nadmin,Winter-2026!\n', 'sensitive: a table of logins with a "password" column'],
  [
    'a CSV with a client secret column',
    '"app";"client_id";"Client Secret"\n"crm";"abc";"9f8e7d"\n',
    'sensitive: a table of logins with a "clientsecret" column',
  ],
  ['a CSV of logins with a short "pass" column', 'site\tuser\tpass\nshop\tops\tq1w2e3\n', 'sensitive: a table of logins with a "pass" column'],
  [
    'a CSV of SSNs, dates of birth and addresses',
    'name,date_of_birth,ssn,home_address\nJane Roe,1990-01-01,078-05-1120,1 Main St\n',
    'personal data: a table with a "social security number" column',
  ],
  [
    'a pipe table of people and birth dates',
    '| Name | Date of birth | Team |\n|---|---|---|\n| Ana | 1988-02-03 | Ops |\n',
    'personal data: a table with a "date of birth" column',
  ],
  [
    'a CSV with national insurance numbers',
    'Employee;NI Number;Start\nDana;QQ123456C;2026-01-05\n',
    'personal data: a table with a "national insurance number" column',
  ],
  [
    'confidential medical records',
    '# Employee medical records – CONFIDENTIAL\n\nPatient diagnosis notes: asthma\n',
    'sensitive: says it holds confidential medical records (personal data)',
  ],
  [
    'confidential salaries',
    'Salaries 2026\nStrictly private and confidential\n\nDana 52,000\n',
    'sensitive: says it holds confidential staff records (personal data)',
  ],
  [
    'an environment file copy',
    'DB_PASSWORD=Q7mWp2xL9\nSTRIPE_SECRET_KEY=sk_test_x\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\n',
    'sensitive: a copy of an environment file (KEY=value lines with secrets)',
  ],
  [
    'an exported environment with comments',
    '# prod\nexport API_TOKEN="t0k-9f8e7d6c"\nexport DB_PASS=\'Pg-2026-ledger\'\nexport REGION=eu-west-1\n',
    'sensitive: a copy of an environment file (KEY=value lines with secrets)',
  ],
  [
    'a wallet keystore',
    '{"address":"5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","crypto":{"cipher":"aes-128-ctr","ciphertext":"d172bf743a674da9","kdf":"scrypt","kdfparams":{"n":262144}}}',
    'sensitive: holds a wallet key',
  ],
];

/** Text that talks about keys and logins without holding one. */
const ORDINARY_TEXTS: Array<[string, string]> = [
  ['a how-to quoting a key header', 'A private key file starts with -----BEGIN OPENSSH PRIVATE KEY----- and must never be pasted into chat.\n'],
  ['a runbook about .netrc', '# Heroku login\n\nRun `heroku login`; it writes your machine entry to ~/.netrc. Never share the password line.\n'],
  ['a CSV with times', 'start,end,ticket\n09:30,10:15,OPS-12\n10:15,11:00,OPS-13\n'],
  ['YAML config', 'clusters:\n  - name: prod\n    region: eu-west-1\nusers:\n  - name: finance\n'],
  ['an INI without AWS secrets', '[default]\nregion = eu-west-1\noutput = json\n'],
  ['a passwd file (no hashes)', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n'],
  ['a JSON export with auth words', '{"author":"Dana","authored":"2026-10-02","auths":3}\n'],
  ['a log', '2026-10-31 23:59:01 INFO close finished: 412 payouts matched, 0 unmatched\n'],
  [
    'a nuget.config that takes its password from the environment',
    '<configuration>\n  <packageSourceCredentials>\n    <acme>\n      <add key="Username" value="build" />\n      <add key="ClearTextPassword" value="%ACME_FEED_PASSWORD%" />\n    </acme>\n  </packageSourceCredentials>\n</configuration>\n',
  ],
  [
    'a Maven settings.xml with the password from the environment',
    '<settings>\n  <servers>\n    <server>\n      <id>acme</id>\n      <password>${env.MAVEN_PASSWORD}</password>\n    </server>\n  </servers>\n</settings>\n',
  ],
  ['an INI report config with type and key', '[report]\ntype = csv\nkey = invoice_id\n\n[output]\npath = out/\n'],
  ['a list of links with ports', 'https://docs.acme.example:443/close\nhttps://wiki.acme.example/finance\n'],
  ['a how-to with a placeholder key block', 'Paste it like this:\n-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n'],
  ['a password policy headed "Passwords"', '# Passwords\n\nUse the password manager. Never write passwords down.\nRotate them every 90 days.\n'],
  ['a password reset how-to', '# How to reset passwords\n\n1. Open https://id.acme.example/reset2\n'],
  ['a users CSV with password dates, not passwords', 'UserPrincipalName,PasswordLastSet,PasswordNeverExpires\ndana@acme.example,2026-10-01,False\n'],
  ['a results CSV with a "pass" column', 'student,score,pass\nAna,71,yes\n'],
  ['a token-usage CSV', 'date,model,prompt_tokens,completion_tokens\n2026-10-01,gpt,1200,300\n'],
  ['a header row with no data under it (a template)', 'username,password\n'],
  ['a CSV of birthdays without names', 'team,birthday_count\nOps,3\n'],
  ['a medical-records policy marked confidential', '# Handling patient records – policy (confidential)\n\nOnly the nurse opens the cabinet.\n'],
  ['an env template with placeholders', 'DB_PASSWORD=changeme\nAPI_KEY=<your-api-key>\nSECRET_TOKEN=${SECRET_TOKEN}\nREGION=eu-west-1\n'],
  [
    'a shell script that exports two secrets among commands',
    '#!/bin/sh\nexport DB_PASSWORD=Q7mWp2xL9\nexport API_TOKEN=t0k-9f8e7d6c\npsql -c "select 1"\npg_dump ledger > out.sql\ngzip out.sql\nrsync out.sql.gz backup:/\n',
  ],
  ['settings with non-secret names', 'REGION=eu-west-1\nMAX_TOKENS=4096\nBYPASS_CACHE=true\nLOG_LEVEL=info\n'],
  [
    'a handover note with a table of secrets under its heading (left to redaction)',
    '# Handover\n\n| System | User | Secret |\n|---|---|---|\n| PagerDuty | api | u+y_qsWgKUubWkcc |\n',
  ],
  ['a git SHA and a UUID', 'Deployed 9fceb02d0ae598e95dc970b74767f19372d61af8 as 123e4567-e89b-12d3-a456-426614174000\n'],
];

describe('evidence: sensitive content', () => {
  for (const [what, text, reason] of SECRET_TEXTS) {
    it(`leaves out ${what}`, () => assert.equal(sensitiveContent(text), reason));
  }
  for (const [what, text] of ORDINARY_TEXTS) {
    it(`keeps ${what}`, () => assert.equal(sensitiveContent(text), undefined));
  }

  it('finds a key at the end of a large note, and answers fast on 100,000-character adversarial text', () => {
    assert.equal(sensitiveContent(`${'Monthly close notes.\n'.repeat(20_000)}\n${PEM}\n`), 'sensitive: holds a private key');
    const hostile = [
      '-----BEGIN '.repeat(10_000),
      `-----BEGIN PRIVATE KEY-----\n${'Proc-Type: x\n'.repeat(8_000)}`,
      `-----BEGIN ${'A '.repeat(50_000)}PRIVATE KEY-----`,
      'machine a login b '.repeat(6_000),
      `machine ${'x'.repeat(100_000)}`,
      `machine a\n${' '.repeat(100_000)}login`,
      ':'.repeat(100_000),
      `a:${'$'.repeat(100_000)}`,
      `root:$6$${'a'.repeat(100_000)}`,
      `[${'x'.repeat(100_000)}`,
      `aws_secret_access_key = ${'A'.repeat(100_000)}\n[default`,
      `"auths": ${' '.repeat(100_000)}`,
      `"auth"${' '.repeat(100_000)}:`,
      `client-key-data:${' '.repeat(100_000)}`,
      `PuTTY-User-Key-File-${'1'.repeat(100_000)}`,
      `${'x:'.repeat(50_000)}\n`.repeat(2),
      'PrivateKey = '.repeat(8_000),
      `<packageSourceCredentials> key="ClearTextPassword"${' '.repeat(100_000)}`,
      `<packageSourceCredentials> value="a${'a'.repeat(100_000)}`,
      `<packageSourceCredentials> ${'value="a" '.repeat(10_000)}ClearTextPassword`,
      `<servers><server>${'<password>'.repeat(10_000)}`,
      `<publishProfile userPWD="${' '.repeat(100_000)}`,
      `<FileZilla3 ${'<Pass>'.repeat(15_000)}`,
      `[a]\ntype = s3${' '.repeat(100_000)}\npass`,
      `${'[x]\ntype = ftp\n'.repeat(6_000)}`,
      `https://${'a:'.repeat(50_000)}@\n`,
      `https://a:${'b'.repeat(100_000)}@\n`,
      '-----BEGIN PRIVATE KEY-----\n-----END '.repeat(3_000),
      `-----BEGIN PRIVATE KEY-----\n${'a'.repeat(100_000)}\n-----END `,
      `# Passwords\n${'- a: b'.repeat(20_000)}`,
      `${'a,'.repeat(50_000)}\n1`,
      `${'|'.repeat(100_000)}\n`,
      `${'A_B'.repeat(33_000)}=x\nB=y`,
      'KEY_TOKEN=x\n'.repeat(9_000),
      `confidential ${'patient '.repeat(12_000)}`,
    ];
    for (const text of hostile) {
      const t0 = Date.now();
      sensitiveContent(text);
      assert.ok(Date.now() - t0 < 500, `${Date.now() - t0} ms on ${JSON.stringify(text.slice(0, 30))}…`);
    }
  });
});

describe('evidence: collecting a folder with credential files at any depth and behind harmless links', () => {
  const fs = createNodeWorkspace('/');
  let root: string;
  let b: EvidenceBundle;
  const write = (rel: string, content: string | Buffer) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), content);
  };
  const reasonOf = (path: string) => b.excluded.find((e) => e.path === path)?.reason;

  before(async () => {
    root = toPosix(tempDir('sop-sensitive-'));
    write('README.md', '# Month-end close\n\nScripts and notes from the October close.\n');
    write('scripts/deploy.sh', '#!/bin/sh\nset -eu\nrsync -a out/ reports@files.acme.example:/close/\n');
    write('notes/close-notes.md', '# Close notes\n\nMatched 412 payouts; 3 were late.\n');
    write('notes/server-notes.txt', `Box: ledger-01\n\n${PEM}\n`);
    write('notes/handover.docx', docx([['Heading1', 'Handover'], ...PEM.split('\n').map((line): [string, string] => ['', line])]));
    write(
      'config/cluster.yaml',
      'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://k8s.acme.internal:6443\nusers:\n- name: admin\n  user:\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktMARKER1\n',
    );
    write('config/app.yaml', 'report_dir: out\ntolerance: 0.50\n');
    write('backup/home/ops/.aws/credentials', '[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYMARKER2\n');
    write('backup/home/ops/.config/gh/hosts.yml', 'github.com:\n    oauth_token: gho_MARKER3aaaaaaaaaaaaaaaaaaaaaaaaaaaa\n');
    write('backup/home/ops/.psql_history', "ALTER USER finance PASSWORD 'MARKER4-pw';\n");
    write('backup/home/ops/notes/hosts-list', 'machine db.acme.example login finance password MARKER5-pw\n');
    write('backup/etc/ssh/ssh_host_ed25519_key', 'MARKER6\n');
    write('Human Resources/HRhandbook.md', '# Handbook MARKER7\n');
    write('exports/payroll2024.csv', 'name,salary\nDana,MARKER8\n');
    symlinkSync(`${root}/backup/home/ops/.aws/credentials`, `${root}/notes/reference.md`);
    symlinkSync(`${root}/backup/home/ops/.psql_history`, `${root}/scripts/queries.sql`);
    symlinkSync(`${root}/Human Resources`, `${root}/shared`);
    symlinkSync(`${root}/backup/home/ops/notes/hosts-list`, `${root}/notes/links.txt`);
    b = await collectEvidence([root], { workspace: fs, root });
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('reads the ordinary files', () => {
    assert.deepEqual(
      b.included.map((f) => f.path),
      ['README.md', 'config/app.yaml', 'notes/close-notes.md', 'scripts/deploy.sh'],
    );
  });

  it('lists every credential file as left out, with a reason, whatever its depth or the link that leads to it', () => {
    assert.equal(reasonOf('notes/server-notes.txt'), 'sensitive: holds a private key');
    assert.equal(reasonOf('notes/handover.docx'), 'sensitive: holds a private key');
    assert.equal(reasonOf('config/cluster.yaml'), 'sensitive: holds cluster credentials (kubeconfig)');
    assert.equal(reasonOf('backup/home/ops/.aws/'), 'sensitive: credentials or secrets file');
    assert.equal(reasonOf('backup/home/ops/.config/gh/'), 'sensitive: credentials or secrets file');
    assert.equal(reasonOf('backup/home/ops/.psql_history'), 'sensitive: shell or database history (typed commands may hold passwords)');
    assert.equal(reasonOf('backup/home/ops/notes/hosts-list'), 'sensitive: holds logins (.netrc)');
    assert.equal(reasonOf('backup/etc/ssh/ssh_host_ed25519_key'), 'sensitive: private key or certificate');
    assert.equal(reasonOf('Human Resources/'), 'sensitive: name says HR (personal data)');
    assert.equal(reasonOf('exports/payroll2024.csv'), 'sensitive: name says payroll (personal data)');
    assert.equal(reasonOf('notes/reference.md'), 'sensitive: credentials or secrets file (the link leads to backup/home/ops/.aws/credentials)');
    assert.equal(
      reasonOf('scripts/queries.sql'),
      'sensitive: shell or database history (typed commands may hold passwords) (the link leads to backup/home/ops/.psql_history)',
    );
    assert.equal(reasonOf('shared'), 'sensitive: name says HR (personal data) (the link leads to Human Resources)');
  });

  it('checks the content of a file reached only through a link with a harmless name', async () => {
    const notes = await collectEvidence([`${root}/notes`], { workspace: fs, root });
    assert.equal(notes.excluded.find((e) => e.path === 'notes/links.txt')?.reason, 'sensitive: holds logins (.netrc)');
    assert.ok(!JSON.stringify(notes).includes('MARKER5'));
  });

  it('keeps none of their text in any evidence file', () => {
    const all = JSON.stringify(b);
    for (const marker of ['MARKER1', 'MARKER2', 'MARKER3', 'MARKER4', 'MARKER5', 'MARKER6', 'MARKER7', 'MARKER8', 'OPENSSH', 'b3BlbnNzaC1rZXkt']) {
      assert.ok(!all.includes(marker), marker);
    }
  });
});
