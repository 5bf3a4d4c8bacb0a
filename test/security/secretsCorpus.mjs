import { P } from './prng.mjs';

/**
 * A folder of ordinary work files with fake secrets planted the way people really leave them: in
 * scripts, config, notes, a wiki export, a CSV and e-mails. Every value is drawn from the seeded
 * generator at run time, shaped like the real thing (prefixes are assembled from parts so that this
 * source never holds a vendor-prefixed token). Look-alikes are values that must stay readable.
 */

const b64 = (s) => Buffer.from(s).toString('base64');
const b64url = (s) => Buffer.from(s).toString('base64url');

function luhn(prefix, length, r) {
  let digits = prefix + r.digits(length - prefix.length - 1);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits + ((10 - (sum % 10)) % 10);
}

function iban(country, bban) {
  const rearranged = bban + country + '00';
  const numeric = rearranged.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let mod = 0;
  for (const ch of numeric) mod = (mod * 10 + Number(ch)) % 97;
  return country + String(98 - mod).padStart(2, '0') + bban;
}

/** An armoured block; the label is assembled so that this source holds no key header. */
const armour = (label, body) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
const PRIVATE = P('PRIV', 'ATE KEY');

function pemBody(r, lines = 6) {
  return Array.from({ length: lines }, () => r.b64(64)).join('\n');
}

/** Each definition returns `{ value, parts, text }`: the secret, its random parts, the line(s) holding it. */
function definitions(r) {
  const pw = (n, sym) => r.password(n, sym);
  const d = [];
  const add = (kind, file, make) => d.push({ kind, file, make });

  // --- deploy/deploy.sh: a deploy script with the shortcuts people take
  add('aws-access-key-id', 'deploy/deploy.sh', () => {
    const v = P('AK', 'IA') + r.upperAlnum(16);
    return { value: v, parts: [v.slice(4)], text: `export AWS_ACCESS_KEY_ID=${v}` };
  });
  add('aws-secret-access-key', 'deploy/deploy.sh', () => {
    const v = r.b64(40);
    return { value: v, parts: [v], text: `export AWS_SECRET_ACCESS_KEY=${v}` };
  });
  add('curl -u user:pass', 'deploy/deploy.sh', () => {
    const v = pw(14);
    return { value: v, parts: [v], text: `curl -fsS -u deploy:${v} https://nexus.acme.internal/repository/releases/app-2.4.1.tgz -o /tmp/app.tgz` };
  });
  add('gitlab PRIVATE-TOKEN header', 'deploy/deploy.sh', () => {
    const v = r.alnum(20);
    return { value: v, parts: [v], text: `curl --header "PRIVATE-TOKEN: ${v}" "https://gitlab.acme.internal/api/v4/projects/42/pipeline?ref=main" -X POST` };
  });
  add('sshpass -p', 'deploy/deploy.sh', () => {
    const v = pw(12);
    return { value: v, parts: [v], text: `sshpass -p '${v}' ssh -o StrictHostKeyChecking=no ops@10.20.0.15 'sudo systemctl restart app'` };
  });
  add('mysql -p', 'deploy/deploy.sh', () => {
    const v = pw(13, '!#%*+-=?^_');
    return { value: v, parts: [v], text: `mysql -h db01.acme.internal -u reporting -p${v} sales < sql/refresh_views.sql` };
  });
  add('PGPASSWORD=', 'deploy/deploy.sh', () => {
    const v = pw(15);
    return { value: v, parts: [v], text: `PGPASSWORD=${v} psql -h pg01.acme.internal -U etl -d warehouse -c 'select refresh_marts()'` };
  });
  add('.npmrc _authToken line', 'deploy/deploy.sh', () => {
    const v = r.uuid();
    return { value: v, parts: [v.replace(/-/g, '').slice(0, 32)], text: `echo "//registry.npmjs.org/:_authToken=${v}" > ~/.npmrc` };
  });
  add('sendgrid key as argument', 'deploy/deploy.sh', () => {
    const v = P('S', 'G.') + r.b64url(22) + '.' + r.b64url(43);
    return { value: v, parts: [v.slice(3)], text: `python3 scripts/notify.py --api-key ${v} --to ops@acme.example` };
  });
  add('slack webhook', 'deploy/deploy.sh', () => {
    const a = 'T' + r.upperAlnum(10),
      b = 'B' + r.upperAlnum(10),
      c = r.alnum(24);
    const v = `https://hooks.slack.com/services/${a}/${b}/${c}`;
    return { value: v, parts: [c, a + '/' + b], text: `curl -s -X POST -H 'Content-type: application/json' --data '{"text":"Deploy finished"}' ${v}` };
  });
  add('telegram bot token in URL', 'deploy/deploy.sh', () => {
    const id = r.digits(10),
      t = 'AA' + r.b64url(33);
    const v = `${id}:${t}`;
    return { value: v, parts: [t], text: `curl -s "https://api.telegram.org/bot${v}/sendMessage?chat_id=-100123&text=deployed"` };
  });
  add('discord webhook', 'deploy/deploy.sh', () => {
    const id = r.digits(18),
      t = r.b64url(68);
    const v = `https://discord.com/api/webhooks/${id}/${t}`;
    return { value: v, parts: [t], text: `curl -H 'Content-Type: application/json' -d '{"content":"deploy done"}' ${v}` };
  });
  add('kubeadm join token', 'deploy/deploy.sh', () => {
    const v = `${r.lowerAlnum(6)}.${r.lowerAlnum(16)}`;
    return { value: v, parts: [v.slice(7), v], text: `kubeadm join 10.20.0.10:6443 --token ${v} --discovery-token-ca-cert-hash sha256:${r.hex(64)}` };
  });
  add('git clone https token in URL', 'deploy/deploy.sh', () => {
    const v = r.alnum(20);
    return { value: v, parts: [v], text: `git clone https://oauth2:${v}@gitlab.acme.internal/finance/close-scripts.git` };
  });
  add('wget --password=', 'deploy/deploy.sh', () => {
    const v = pw(12);
    return { value: v, parts: [v], text: `wget --user=reports --password=${v} https://files.acme.internal/exports/latest.csv` };
  });
  add('ldapsearch -w', 'deploy/deploy.sh', () => {
    const v = pw(14);
    return {
      value: v,
      parts: [v],
      text: `ldapsearch -x -H ldaps://dc01.acme.internal -D "cn=svc-sop,ou=svc,dc=acme,dc=internal" -w '${v}' "(memberOf=cn=finance)"`,
    };
  });
  add('docker login -p', 'deploy/deploy.sh', () => {
    const v = r.alnum(32);
    return { value: v, parts: [v], text: `docker login registry.acme.io -u ci-bot -p ${v}` };
  });
  add('--password= flag', 'deploy/deploy.sh', () => {
    const v = pw(16);
    return { value: v, parts: [v], text: `./bin/migrate --host db01 --user app --password=${v} --apply` };
  });
  add('redis://:pw@', 'deploy/deploy.sh', () => {
    const v = pw(18, '_-');
    return { value: v, parts: [v], text: `export REDIS_URL=redis://:${v}@cache01.acme.internal:6379/0` };
  });
  add('digitalocean token', 'deploy/deploy.sh', () => {
    const h = r.hex(64);
    const v = P('do', 'p_v1_') + h;
    return { value: v, parts: [h], text: `doctl auth init --access-token ${v}` };
  });

  // --- deploy/Dockerfile
  add('Dockerfile ENV DB_PASSWORD (space form)', 'deploy/Dockerfile', () => {
    const v = pw(14);
    return { value: v, parts: [v], text: `ENV DB_PASSWORD ${v}` };
  });
  add('Dockerfile ARG NPM_TOKEN default', 'deploy/Dockerfile', () => {
    const v = P('np', 'm_') + r.alnum(36);
    return { value: v, parts: [v.slice(4)], text: `ARG NPM_TOKEN=${v}` };
  });
  add('Dockerfile ENV API key (equals form)', 'deploy/Dockerfile', () => {
    const v = r.hex(32);
    return { value: v, parts: [v], text: `ENV PAYMENTS_API_KEY=${v}` };
  });

  // --- deploy/docker-compose.yml
  add('compose POSTGRES_PASSWORD', 'deploy/docker-compose.yml', () => {
    const v = pw(16);
    return { value: v, parts: [v], text: `      POSTGRES_PASSWORD: "${v}"` };
  });
  add('compose MINIO_ROOT_PASSWORD', 'deploy/docker-compose.yml', () => {
    const v = r.alnum(24);
    return { value: v, parts: [v], text: `      - MINIO_ROOT_PASSWORD=${v}` };
  });

  // --- scripts/backup.py
  add('requests auth tuple', 'scripts/backup.py', () => {
    const v = pw(14);
    return { value: v, parts: [v], text: `resp = requests.get(EXPORT_URL, auth=("backup", "${v}"), timeout=60)` };
  });
  add('stripe live secret key', 'scripts/backup.py', () => {
    const v = P('sk', '_live_') + r.alnum(24);
    return { value: v, parts: [v.slice(8)], text: `stripe.api_key = "${v}"` };
  });
  add('openai project key', 'scripts/backup.py', () => {
    const a = r.b64url(40),
      b = r.b64url(40);
    const v = P('sk-', 'proj-') + a + P('T3Blbk', 'FJ') + b;
    return { value: v, parts: [a, b], text: `client = OpenAI(api_key="${v}")` };
  });
  add('anthropic key', 'scripts/backup.py', () => {
    const a = r.b64url(93);
    const v = P('sk-', 'ant-', 'api03-') + a + 'AA';
    return { value: v, parts: [a], text: `ANTHROPIC_KEY = "${v}"` };
  });
  add('huggingface token', 'scripts/backup.py', () => {
    const a = r.alnum(34);
    const v = P('h', 'f_') + a;
    return { value: v, parts: [a], text: `login(token="${v}")` };
  });
  add('twilio auth token', 'scripts/backup.py', () => {
    const sid = P('A', 'C') + r.hex(32),
      t = r.hex(32);
    return { value: t, parts: [t], text: `twilio_client = Client("${sid}", "${t}")` };
  });
  add('twilio api key', 'scripts/backup.py', () => {
    const h = r.hex(32);
    const v = P('S', 'K') + h;
    return { value: v, parts: [h], text: `TWILIO_API_KEY = "${v}"` };
  });
  add('mailgun key', 'scripts/backup.py', () => {
    const h = r.hex(32);
    const v = P('ke', 'y-') + h;
    return { value: v, parts: [h], text: `MAILGUN = ("api", "${v}")` };
  });
  add('postgres URL with / and @ in password', 'scripts/backup.py', () => {
    const v = r.alnum(5) + '/' + r.alnum(4) + '@' + r.alnum(5);
    return { value: v, parts: [v], text: `DB_URL = "postgresql://svc_reports:${v}@db01.acme.internal:5432/reports"` };
  });
  add('aws key pair (second copy)', 'scripts/backup.py', () => {
    const v = P('AK', 'IA') + r.upperAlnum(16);
    return { value: v, parts: [v.slice(4)], text: `s3 = boto3.client("s3", aws_access_key_id="${v}", aws_secret_access_key=SECRET)` };
  });
  add('python SECRET constant', 'scripts/backup.py', () => {
    const v = r.b64(40);
    return { value: v, parts: [v], text: `SECRET = "${v}"` };
  });
  add('smtp login password', 'scripts/backup.py', () => {
    const v = pw(13);
    return { value: v, parts: [v], text: `smtp.login("reports@acme.example", "${v}")` };
  });
  add('pypi token', 'scripts/backup.py', () => {
    const a = r.b64url(70);
    const v = P('pypi-', 'AgEIcHlwaS5vcmc') + a;
    return { value: v, parts: [a], text: `os.environ["TWINE_PASSWORD"] = "${v}"` };
  });

  // --- scripts/sync_crm.js
  add('generic apiKey const', 'scripts/sync_crm.js', () => {
    const v = r.alnum(32);
    return { value: v, parts: [v], text: `const apiKey = '${v}';` };
  });
  add('notion token', 'scripts/sync_crm.js', () => {
    const a = r.alnum(43);
    const v = P('sec', 'ret_') + a;
    return { value: v, parts: [a], text: `const notion = new Client({ auth: '${v}' });` };
  });
  add('notion ntn token', 'scripts/sync_crm.js', () => {
    const a = r.alnum(46);
    const v = P('nt', 'n_') + a;
    return { value: v, parts: [a], text: `const NOTION_WIKI = '${v}';` };
  });
  add('linear key', 'scripts/sync_crm.js', () => {
    const a = r.alnum(40);
    const v = P('lin', '_api_') + a;
    return { value: v, parts: [a], text: `const linear = new LinearClient({ apiKey: '${v}' });` };
  });
  add('figma token', 'scripts/sync_crm.js', () => {
    const a = r.b64url(40);
    const v = P('fi', 'gd_') + a;
    return { value: v, parts: [a], text: `headers['X-Figma-Token'] = '${v}';` };
  });
  add('shopify admin token', 'scripts/sync_crm.js', () => {
    const a = r.hex(32);
    const v = P('shp', 'at_') + a;
    return { value: v, parts: [a], text: `const shopify = { shop: 'acme-store', accessToken: '${v}' };` };
  });
  add('shopify shared secret', 'scripts/sync_crm.js', () => {
    const a = r.hex(32);
    const v = P('shp', 'ss_') + a;
    return { value: v, parts: [a], text: `const SHOPIFY_SHARED = '${v}';` };
  });
  add('atlassian api token', 'scripts/sync_crm.js', () => {
    const a = r.b64url(180);
    const v = P('ATA', 'TT3') + a;
    return { value: v, parts: [a.slice(0, 60), a.slice(60, 120)], text: `const jira = { email: 'ops@acme.example', token: '${v}' };` };
  });
  add('Authorization Bearer header', 'scripts/sync_crm.js', () => {
    const v = r.b64url(48);
    return { value: v, parts: [v], text: `const res = await fetch(url, { headers: { Authorization: 'Bearer ${v}' } });` };
  });
  add('sentry DSN', 'scripts/sync_crm.js', () => {
    const h = r.hex(32);
    const v = `https://${h}@o${r.digits(6)}.ingest.sentry.io/${r.digits(7)}`;
    return { value: v, parts: [h], text: `Sentry.init({ dsn: '${v}' });` };
  });
  add('mongodb+srv URL', 'scripts/sync_crm.js', () => {
    const v = pw(16, '_-');
    return { value: v, parts: [v], text: `await mongoose.connect('mongodb+srv://crm_sync:${v}@cluster0.ab1cd.mongodb.net/crm');` };
  });
  add('hubspot private app token', 'scripts/sync_crm.js', () => {
    const a = r.uuid();
    const v = P('pat-', 'eu1-') + a;
    return { value: v, parts: [a.replace(/-/g, '').slice(0, 24)], text: `const hubspot = new hubspot.Client({ accessToken: '${v}' });` };
  });
  add('algolia admin key', 'scripts/sync_crm.js', () => {
    const v = r.hex(32);
    return { value: v, parts: [v], text: `const search = algoliasearch('Q1W2E3R4T5', '${v}'); // admin key` };
  });
  add('mapbox secret token', 'scripts/sync_crm.js', () => {
    const a = b64url(`{"u":"acme${r.lower(6)}","a":"${r.lowerAlnum(25)}"}`),
      s = r.b64url(22);
    const v = P('sk', '.eyJ1Ijoi') + a.slice(9) + '.' + s;
    return { value: v, parts: [s, a.slice(12, 40)], text: `mapboxgl.accessToken = '${v}';` };
  });
  add('postman api key', 'scripts/sync_crm.js', () => {
    const a = r.hex(24),
      b = r.hex(34);
    const v = P('PM', 'AK-') + a + '-' + b;
    return { value: v, parts: [a, b], text: `const POSTMAN = '${v}';` };
  });

  // --- scripts/Invoke-MonthlyReport.ps1
  add('powershell ConvertTo-SecureString', 'scripts/Invoke-MonthlyReport.ps1', () => {
    const v = pw(14);
    return { value: v, parts: [v], text: `$secure = ConvertTo-SecureString "${v}" -AsPlainText -Force` };
  });
  add('powershell -Password parameter', 'scripts/Invoke-MonthlyReport.ps1', () => {
    const v = pw(13);
    return { value: v, parts: [v], text: `Connect-Sftp -Host files.acme.internal -User finance -Password '${v}'` };
  });
  add('azure storage connection string', 'scripts/Invoke-MonthlyReport.ps1', () => {
    const k = r.b64(86) + '==';
    const v = `DefaultEndpointsProtocol=https;AccountName=acmereports;AccountKey=${k};EndpointSuffix=core.windows.net`;
    return { value: k, parts: [k.slice(0, 40), k.slice(40, 86)], text: `$conn = "${v}"` };
  });
  add('azure AD client secret', 'scripts/Invoke-MonthlyReport.ps1', () => {
    const a = r.alnum(3),
      b = r.b64url(31).replace(/-/g, '_');
    const v = a + '8Q~' + b;
    return { value: v, parts: [b], text: `$clientSecret = '${v}'` };
  });
  add('azure devops PAT', 'scripts/Invoke-MonthlyReport.ps1', () => {
    const v = r.lowerAlnum(52);
    return { value: v, parts: [v], text: `$env:AZURE_DEVOPS_EXT_PAT = '${v}'` };
  });
  add('Authorization Basic header', 'scripts/Invoke-MonthlyReport.ps1', () => {
    const p = pw(14);
    const v = b64(`svc-report:${p}`);
    return { value: v, parts: [v.slice(12), p], text: `Invoke-RestMethod -Uri $api -Headers @{ Authorization = "Basic ${v}" }` };
  });
  add('azure SAS signature in URL', 'scripts/Invoke-MonthlyReport.ps1', () => {
    const s = r.b64(43);
    const v = encodeURIComponent(s + '=');
    return {
      value: v,
      parts: [s.replace(/[+/]/g, '').slice(0, 30)],
      text: `$blob = "https://acmereports.blob.core.windows.net/exports/oct.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2027-01-01&sig=${v}"`,
    };
  });

  // --- config/app.yaml
  add('yaml api_token', 'config/app.yaml', () => {
    const v = r.alnum(40);
    return { value: v, parts: [v], text: `  api_token: ${v}` };
  });
  add('datadog api key', 'config/app.yaml', () => {
    const v = r.hex(32);
    return { value: v, parts: [v], text: `  dd_api_key: ${v}` };
  });
  add('datadog app key', 'config/app.yaml', () => {
    const v = r.hex(40);
    return { value: v, parts: [v], text: `  dd_app_key: ${v}` };
  });
  add('new relic user key', 'config/app.yaml', () => {
    const a = r.upperAlnum(27);
    const v = P('NR', 'AK-') + a;
    return { value: v, parts: [a], text: `  newrelic_api_key: ${v}` };
  });
  add('new relic license key', 'config/app.yaml', () => {
    const a = r.hex(36);
    const v = a + 'NRAL';
    return { value: v, parts: [a], text: `  license_key: ${v}` };
  });
  add('vault token', 'config/app.yaml', () => {
    const a = r.b64url(90);
    const v = P('hv', 's.') + a;
    return { value: v, parts: [a], text: `  vault_token: ${v}` };
  });
  add('doppler token', 'config/app.yaml', () => {
    const a = r.alnum(43);
    const v = P('dp', '.st.', 'prd.') + a;
    return { value: v, parts: [a], text: `  doppler: ${v}` };
  });
  add('grafana service account token', 'config/app.yaml', () => {
    const a = r.alnum(32),
      h = r.hex(8);
    const v = P('gl', 'sa_') + a + '_' + h;
    return { value: v, parts: [a], text: `  grafana_token: ${v}` };
  });
  add('grafana cloud token', 'config/app.yaml', () => {
    const a = r.b64(80);
    const v = P('gl', 'c_') + a;
    return { value: v, parts: [a], text: `  grafana_cloud: ${v}` };
  });
  add('gitlab personal token', 'config/app.yaml', () => {
    const a = r.b64url(20);
    const v = P('gl', 'pat-') + a;
    return { value: v, parts: [a], text: `  gitlab: ${v}` };
  });
  add('yaml password under db', 'config/app.yaml', () => {
    const v = pw(14);
    return { value: v, parts: [v], text: `  password: "${v}"` };
  });
  add('sentry auth token', 'config/app.yaml', () => {
    const a = r.hex(64);
    const v = P('sntr', 'yu_') + a;
    return { value: v, parts: [a], text: `  sentry_auth_token: ${v}` };
  });
  add('amqp URL password', 'config/app.yaml', () => {
    const v = pw(14, '_-~');
    return { value: v, parts: [v], text: `  broker_url: amqp://sop_worker:${v}@mq01.acme.internal:5672/ops` };
  });

  // --- config/settings.ini
  add('ini password =', 'config/settings.ini', () => {
    const v = pw(14);
    return { value: v, parts: [v], text: `password = ${v}` };
  });
  add('ini smtp_password', 'config/settings.ini', () => {
    const v = pw(12);
    return { value: v, parts: [v], text: `smtp_password = ${v}` };
  });
  add('mailchimp key', 'config/settings.ini', () => {
    const h = r.hex(32);
    const v = `${h}-us14`;
    return { value: v, parts: [h], text: `mailchimp_key = ${v}` };
  });
  add('cloudflare api token', 'config/settings.ini', () => {
    const v = r.b64url(40);
    return { value: v, parts: [v], text: `cf_api_token = ${v}` };
  });
  add('cloudflare global key', 'config/settings.ini', () => {
    const v = r.hex(37);
    return { value: v, parts: [v], text: `cloudflare_global_api_key = ${v}` };
  });
  add('ftp URL with password', 'config/settings.ini', () => {
    const v = pw(12);
    return { value: v, parts: [v], text: `upload_url = ftp://bankfeed:${v}@ftp.bank.example/incoming/` };
  });
  add('zendesk token', 'config/settings.ini', () => {
    const v = r.alnum(40);
    return { value: v, parts: [v], text: `zendesk_api_token = ${v}` };
  });

  // --- config/service.toml
  add('toml secret_key', 'config/service.toml', () => {
    const v = r.b64(50);
    return { value: v, parts: [v], text: `secret_key = "${v}"` };
  });
  add('databricks token', 'config/service.toml', () => {
    const a = r.hex(32);
    const v = P('da', 'pi') + a;
    return { value: v, parts: [a], text: `databricks_token = "${v}"` };
  });
  add('pulumi token', 'config/service.toml', () => {
    const a = r.hex(40);
    const v = P('pu', 'l-') + a;
    return { value: v, parts: [a], text: `pulumi_access_token = "${v}"` };
  });
  add('terraform cloud token', 'config/service.toml', () => {
    const a = r.alnum(14),
      b = r.alnum(67);
    const v = `${a}.${P('atlas', 'v1')}.${b}`;
    return { value: v, parts: [a, b], text: `tfc_token = "${v}"` };
  });
  add('planetscale token', 'config/service.toml', () => {
    const a = r.b64url(43);
    const v = P('psc', 'ale_tkn_') + a;
    return { value: v, parts: [a], text: `planetscale = "${v}"` };
  });
  add('jdbc URL password parameter', 'config/service.toml', () => {
    const v = pw(14);
    return { value: v, parts: [v], text: `jdbc = "jdbc:mysql://db01.acme.internal:3306/erp?user=erp_ro&password=${v}"` };
  });
  add('sonarqube token', 'config/service.toml', () => {
    const a = r.hex(40);
    const v = P('sq', 'u_') + a;
    return { value: v, parts: [a], text: `sonar_token = "${v}"` };
  });
  add('artifactory key', 'config/service.toml', () => {
    const a = r.alnum(69);
    const v = P('AK', 'Cp') + a;
    return { value: v, parts: [a], text: `artifactory = "${v}"` };
  });
  add('age secret key', 'config/service.toml', () => {
    const a = r.upperAlnum(58);
    const v = P('AGE-SECRET-', 'KEY-1') + a;
    return { value: v, parts: [a], text: `age_identity = "${v}"` };
  });

  // --- config/appsettings.json (.NET)
  add('appsettings Value next to …ApiKey', 'config/appsettings.json', () => {
    const v = r.b64(44);
    return { value: v, parts: [v], text: `    { "Name": "PaymentGatewayApiKey", "Value": "${v}" },` };
  });
  add('SQL Server connection string Password=', 'config/appsettings.json', () => {
    const v = pw(14, '!#%*+-=?^_~');
    return { value: v, parts: [v], text: `    "Default": "Server=sql01.acme.internal;Database=Erp;User Id=erp_app;Password=${v};TrustServerCertificate=True"` };
  });
  add('okta api token', 'config/appsettings.json', () => {
    const a = r.b64url(40);
    const v = '00' + a;
    return { value: v, parts: [a], text: `    "OktaApiToken": "${v}",` };
  });

  // --- config/integrations.json (read as data)
  add('json client_secret', 'config/integrations.json', () => {
    const v = r.b64url(32);
    return { value: v, parts: [v], text: `client_secret=${v}` };
  });
  add('gcp api key', 'config/integrations.json', () => {
    const a = r.b64url(35);
    const v = P('AI', 'za') + a;
    return { value: v, parts: [a], text: `maps_key=${v}` };
  });
  add('gcp oauth client secret', 'config/integrations.json', () => {
    const a = r.b64url(28);
    const v = P('GOC', 'SPX-') + a;
    return { value: v, parts: [a], text: `oauth_client_secret=${v}` };
  });
  add('gcp private_key_id', 'config/integrations.json', () => {
    const v = r.hex(40);
    return { value: v, parts: [v], text: `private_key_id=${v}` };
  });
  add('slack bot token', 'config/integrations.json', () => {
    const a = r.alnum(24);
    const v = P('xo', 'xb-') + r.digits(12) + '-' + r.digits(13) + '-' + a;
    return { value: v, parts: [a], text: `slack_bot=${v}` };
  });

  // --- ops/cluster-notes.yaml (a kubeconfig pasted into notes)
  add('kubeconfig client-key-data', 'ops/cluster-notes.yaml', () => {
    const body = r.b64(256);
    const v = b64(armour(`RSA ${PRIVATE}`, body) + '\n');
    return { value: v, parts: [v.slice(48, 120), v.slice(200, 300)], text: `    client-key-data: ${v}` };
  });
  add('kubeconfig user token', 'ops/cluster-notes.yaml', () => {
    const v = r.b64url(64);
    return { value: v, parts: [v], text: `    token: ${v}` };
  });

  // --- notes/2026-10-handover.md (prose)
  add('password in prose', 'notes/2026-10-handover.md', () => {
    const v = pw(12);
    return { value: v, parts: [v], text: `The bank portal password is ${v} until IT rotates it, so do not lock the account.` };
  });
  add('password in prose (pass:)', 'notes/2026-10-handover.md', () => {
    const v = pw(11);
    return { value: v, parts: [v], text: `Supplier site login: user ops@acme.example, pass: ${v}` };
  });
  add('PIN / passphrase in prose', 'notes/2026-10-handover.md', () => {
    const v = `${r.pick(['copper', 'violet', 'harbour', 'meadow'])}-${r.lower(6)}-${r.pick(['lantern', 'orchid', 'saddle'])}-${r.digits(4)}`;
    return { value: v, parts: [v.slice(-12)], text: `For the payroll export zip the passphrase is "${v}" (same as last month).` };
  });
  add('github classic PAT in prose', 'notes/2026-10-handover.md', () => {
    const a = r.alnum(36);
    const v = P('gh', 'p_') + a;
    return { value: v, parts: [a], text: `I used my own token for the release tag: ${v} (revoke after the close).` };
  });
  add('github fine-grained PAT', 'notes/2026-10-handover.md', () => {
    const a = r.alnum(22),
      b = r.alnum(59);
    const v = P('github', '_pat_') + a + '_' + b;
    return { value: v, parts: [a, b], text: `- fine-grained token for the reports repo: \`${v}\`` };
  });
  add('github oauth token', 'notes/2026-10-handover.md', () => {
    const a = r.alnum(36);
    const v = P('gh', 'o_') + a;
    return { value: v, parts: [a], text: `- gh CLI printed ${v} when I logged in` };
  });
  add('github app token', 'notes/2026-10-handover.md', () => {
    const a = r.alnum(36);
    const v = P('gh', 's_') + a;
    return { value: v, parts: [a], text: `- the Action used ${v}` };
  });
  add('JWT', 'notes/2026-10-handover.md', () => {
    const p = b64url(JSON.stringify({ sub: r.uuid(), role: 'service', iat: 1790000000 })),
      s = r.b64url(43);
    const v = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${p}.${s}`;
    return { value: v, parts: [s, p.slice(10, 50)], text: `Service JWT for the reporting API (valid a year): ${v}` };
  });
  add('IBAN in prose', 'notes/2026-10-handover.md', () => {
    const v = iban('GB', 'NWBK' + r.digits(14));
    return { value: v, parts: [v.slice(4)], text: `Refunds go to the customer's account ${v} once the Finance manager signs.` };
  });
  add('card number in prose', 'notes/2026-10-handover.md', () => {
    const v = luhn('4', 16, r);
    return { value: v, parts: [v.slice(4)], text: `Company card for the SaaS renewals: ${v.replace(/(\d{4})(?=\d)/g, '$1 ')} exp 09/28 CVV ${r.digits(3)}` };
  });
  add('stripe restricted key in prose', 'notes/2026-10-handover.md', () => {
    const a = r.alnum(24);
    const v = P('rk', '_live_') + a;
    return { value: v, parts: [a], text: `Read-only Stripe key for the payout export is ${v}.` };
  });
  add('stripe webhook secret', 'notes/2026-10-handover.md', () => {
    const a = r.alnum(32);
    const v = P('wh', 'sec_') + a;
    return { value: v, parts: [a], text: `Webhook signing secret: ${v}` };
  });
  add('slack user token', 'notes/2026-10-handover.md', () => {
    const a = r.hex(32);
    const v = P('xo', 'xp-') + r.digits(12) + '-' + r.digits(12) + '-' + r.digits(13) + '-' + a;
    return { value: v, parts: [a], text: `Slack user token (for the export bot): ${v}` };
  });
  add('slack app-level token', 'notes/2026-10-handover.md', () => {
    const a = r.hex(64);
    const v = P('xa', 'pp-1-') + 'A' + r.upperAlnum(10) + '-' + r.digits(13) + '-' + a;
    return { value: v, parts: [a], text: `The app-level token is ${v}` };
  });
  add('wifi password in prose', 'notes/2026-10-handover.md', () => {
    const v = pw(12);
    return { value: v, parts: [v], text: `Office guest Wi-Fi is ACME-Guest, the key is ${v}.` };
  });
  add('basic auth URL in prose', 'notes/2026-10-handover.md', () => {
    const v = pw(12);
    return { value: v, parts: [v], text: `The printer admin page is http://admin:${v}@192.168.10.20:8080/ if the queue jams.` };
  });
  add('tailscale auth key', 'notes/2026-10-handover.md', () => {
    const a = r.alnum(11),
      b = r.alnum(30);
    const v = P('tskey-', 'auth-') + 'k' + a + '-' + b;
    return { value: v, parts: [b], text: `Tailscale key for the new laptop: ${v}` };
  });

  // --- notes with private keys pasted in
  add('RSA private key in a note', 'notes/server-rebuild.md', () => {
    const body = pemBody(r);
    return {
      value: body,
      parts: body.split('\n'),
      text: `When the VM was rebuilt I pasted the deploy key here so we do not lose it again:\n\n${armour(`RSA ${PRIVATE}`, body)}\n`,
    };
  });
  add('OpenSSH private key in a note', 'notes/bastion-access.md', () => {
    const body = pemBody(r, 5);
    return {
      value: body,
      parts: body.split('\n'),
      text: `Bastion key (the old one, still works):\n\n${armour(`OPENSSH ${PRIVATE}`, body)
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}\n`,
    };
  });
  add('PGP private key block in a note', 'notes/payment-files-handover.txt', () => {
    const body = pemBody(r, 5);
    return {
      value: body,
      parts: body.split('\n'),
      text: `Bank file signing key, for Sam while I am away:\n\n${armour(`PGP ${PRIVATE} BLOCK`, `\n${body}\n=${r.b64(4)}`)}\n`,
    };
  });

  // --- notes/registry-setup.md: a Docker auths blob
  add('docker auths blob', 'notes/registry-setup.md', () => {
    const p = pw(14);
    const v = b64(`ci-bot:${p}`);
    return { value: v, parts: [v.slice(10), p], text: '```json\n{\n  "auths": {\n    "registry.acme.io": {\n      "auth": "' + v + '"\n    }\n  }\n}\n```' };
  });
  add('docker auths identitytoken', 'notes/registry-setup.md', () => {
    const v = r.b64url(48);
    return { value: v, parts: [v], text: `The ECR helper also wrote "identitytoken": "${v}" into the file.` };
  });

  // --- wiki/Payments-Runbook.html (a wiki export)
  add('square access token', 'wiki/Payments-Runbook.html', () => {
    const a = r.b64url(60);
    const v = P('EA', 'AA') + a;
    return { value: v, parts: [a], text: `<tr><td>Square production</td><td><code>${v}</code></td></tr>` };
  });
  add('square oauth secret', 'wiki/Payments-Runbook.html', () => {
    const a = r.b64url(43);
    const v = P('sq0', 'csp-') + a;
    return { value: v, parts: [a], text: `<tr><td>Square OAuth secret</td><td>${v}</td></tr>` };
  });
  add('paypal/braintree access token', 'wiki/Payments-Runbook.html', () => {
    const a = r.lowerAlnum(16),
      b = r.hex(32);
    const v = `access_token$production$${a}$${b}`;
    return { value: v, parts: [b, a], text: `<p>Braintree token: <code>${v}</code></p>` };
  });
  add('facebook page token', 'wiki/Payments-Runbook.html', () => {
    const a = r.alnum(120);
    const v = P('EA', 'AB') + a;
    return { value: v, parts: [a.slice(0, 60)], text: `<p>Ads reporting uses the page token ${v}</p>` };
  });
  add('google oauth access token', 'wiki/Payments-Runbook.html', () => {
    const a = r.b64url(100);
    const v = P('ya', '29.') + a;
    return { value: v, parts: [a.slice(0, 50)], text: `<pre>curl -H "Authorization: Bearer ${v}" https://sheets.googleapis.com/v4/spreadsheets/abc</pre>` };
  });
  add('password in wiki prose', 'wiki/Payments-Runbook.html', () => {
    const v = pw(12);
    return { value: v, parts: [v], text: `<p>The acquirer portal login is <b>finance-ops</b> and the password is <b>${v}</b>.</p>` };
  });
  add('netlify token', 'wiki/Payments-Runbook.html', () => {
    const a = r.alnum(36);
    const v = P('nf', 'p_') + a;
    return { value: v, parts: [a], text: `<li>Status page deploy token: ${v}</li>` };
  });
  add('bitbucket app password', 'wiki/Payments-Runbook.html', () => {
    const a = r.alnum(32);
    const v = P('AT', 'BB') + a;
    return { value: v, parts: [a], text: `<li>Bitbucket app password: ${v}</li>` };
  });

  // --- exports/vendors.csv
  add('IBAN in CSV', 'exports/vendors.csv', () => {
    const v = iban('DE', r.digits(18));
    return { value: v, parts: [v.slice(4)], text: `V-1042,Northwind Supplies GmbH,${v},COBADEFFXXX,EUR` };
  });
  add('second IBAN in CSV', 'exports/vendors.csv', () => {
    const v = iban('FR', r.digits(10) + r.upperAlnum(11) + r.digits(2));
    return { value: v, parts: [v.slice(4)], text: `V-1043,Contoso SARL,${v},BNPAFRPPXXX,EUR` };
  });
  add('card number in CSV', 'exports/vendors.csv', () => {
    const v = luhn('51', 16, r);
    return { value: v, parts: [v.slice(4)], text: `V-1044,Fabrikam Card Services,${v},,USD` };
  });
  add('amex number in CSV', 'exports/vendors.csv', () => {
    const v = luhn('37', 15, r);
    return { value: v, parts: [v.slice(4)], text: `V-1045,Travel card,${v},,GBP` };
  });

  // --- mail: e-mails with credentials in them
  add('temporary password in e-mail', 'mail/2026-10-03-new-starter-access.eml', () => {
    const v = pw(12);
    return { value: v, parts: [v], text: `Your temporary password for the ERP is: ${v}\r\nPlease change it at first login.` };
  });
  add('1password service account token', 'mail/2026-10-03-new-starter-access.eml', () => {
    const a = r.b64url(120);
    const v = P('op', 's_eyJ') + a;
    return { value: v, parts: [a.slice(0, 60)], text: `The vault service account token is ${v}` };
  });
  add('vendor API key in e-mail prose', 'mail/2026-10-05-vendor-onboarding.eml', () => {
    const v = r.alnum(32);
    return { value: v, parts: [v], text: `Your production API key is ${v} - keep it safe.` };
  });
  add('vendor API secret in e-mail', 'mail/2026-10-05-vendor-onboarding.eml', () => {
    const v = r.b64(40);
    return { value: v, parts: [v], text: `API secret: ${v}` };
  });
  add('heroku api key', 'mail/2026-10-05-vendor-onboarding.eml', () => {
    const v = r.uuid();
    return { value: v, parts: [v.replace(/-/g, '').slice(0, 24)], text: `HEROKU_API_KEY=${v}` };
  });
  add('snyk token', 'mail/2026-10-05-vendor-onboarding.eml', () => {
    const v = r.uuid();
    return { value: v, parts: [v.replace(/-/g, '').slice(0, 24)], text: `SNYK_TOKEN=${v}` };
  });
  add('contentful token', 'mail/2026-10-05-vendor-onboarding.eml', () => {
    const a = r.b64url(43);
    const v = P('CFP', 'AT-') + a;
    return { value: v, parts: [a], text: `Contentful management token: ${v}` };
  });
  add('alibaba access key id', 'mail/2026-10-05-vendor-onboarding.eml', () => {
    const a = r.alnum(20);
    const v = P('LT', 'AI') + a;
    return { value: v, parts: [a], text: `AccessKeyId: ${v}` };
  });
  add('gitlab runner token', 'mail/2026-10-05-vendor-onboarding.eml', () => {
    const a = r.b64url(20);
    const v = P('GR13', '48941') + a;
    return { value: v, parts: [a], text: `runner registration: ${v}` };
  });
  add('vault batch token', 'mail/2026-10-05-vendor-onboarding.eml', () => {
    const a = r.b64url(120);
    const v = P('hv', 'b.') + a;
    return { value: v, parts: [a.slice(0, 60)], text: `batch token ${v}` };
  });
  add('aws temporary key id', 'mail/2026-10-05-vendor-onboarding.eml', () => {
    const v = P('AS', 'IA') + r.upperAlnum(16);
    return { value: v, parts: [v.slice(4)], text: `Temporary key ${v} expires at 18:00.` };
  });
  add('npm token in prose', 'mail/2026-10-05-vendor-onboarding.eml', () => {
    const a = r.alnum(36);
    const v = P('np', 'm_') + a;
    return { value: v, parts: [a], text: `publish token ${v}` };
  });
  return d;
}

/** Values that look like secrets to a careless scanner but are the work's own data and must stay. */
function lookalikes(r) {
  const l = [];
  const add = (kind, file, value, text) => l.push({ kind, file, value, text: text ?? value });
  for (let i = 0; i < 6; i++) {
    const sha = r.hex(40);
    add(
      'git commit SHA',
      'notes/release-log.md',
      sha,
      `- ${['2026-10-01', '2026-10-08', '2026-10-15', '2026-10-22', '2026-10-29', '2026-11-02'][i]}: released commit ${sha} (${['fix rounding', 'new bank format', 'VAT column', 'retry export', 'faster sums', 'close Oct'][i]})`,
    );
  }
  for (let i = 0; i < 3; i++) {
    const short = r.hex(7);
    add('short git SHA', 'deploy/deploy.sh', short, `# pinned to ${short} after the October incident`);
  }
  for (let i = 0; i < 5; i++) {
    const u = r.uuid();
    add('UUID (request id)', 'notes/release-log.md', u, `- request ${u} timed out at 02:14 and was retried`);
  }
  for (let i = 0; i < 3; i++) {
    const d = r.hex(64);
    add('docker image digest', 'notes/release-log.md', d, `- image registry.acme.io/close-runner@sha256:${d}`);
  }
  for (let i = 0; i < 5; i++) {
    const h = r.b64(86) + '==';
    add(
      'lockfile integrity hash',
      'package-lock.json',
      h,
      `    "node_modules/${['csv-parse', 'dayjs', 'decimal.js', 'yargs', 'pg'][i]}": { "version": "1.${i}.0", "resolved": "https://registry.npmjs.org/x/-/x-1.${i}.0.tgz", "integrity": "sha512-${h}" },`,
    );
  }
  for (let i = 0; i < 2; i++) {
    const img = b64(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(r.alnum(90))]).toString('latin1'));
    add('base64 PNG image', 'scripts/sync_crm.js', img, `const ${i ? 'LOGO' : 'SPINNER'}_PNG = 'data:image/png;base64,${img}';`);
  }
  for (let i = 0; i < 4; i++) {
    const o = `ORD-2026-${r.digits(6)}`;
    add('order id', 'notes/orders-followup.md', o, `- ${o}: refunded, customer told by e-mail`);
  }
  for (let i = 0; i < 3; i++) {
    const p = P('p', 'o_') + r.alnum(24);
    add('Stripe payout id', 'notes/orders-followup.md', p, `- payout ${p} matched to the bank line of ${r.digits(2)}.${r.digits(2)} EUR`);
  }
  for (let i = 0; i < 2; i++) {
    const t = `1Z${r.upperAlnum(16)}`;
    add('UPS tracking number', 'notes/orders-followup.md', t, `- replacement sent, tracking ${t}`);
  }
  for (let i = 0; i < 2; i++) {
    const s = r.hex(64);
    add('sha256 checksum', 'notes/release-log.md', s, `- ${s}  exports/bank-2026-10.csv`);
  }
  add('invoice number', 'notes/orders-followup.md', `INV-${r.digits(8)}`, undefined);
  add('AWS ARN', 'config/app.yaml', `arn:aws:s3:::acme-close-exports-${r.lower(6)}`, undefined);
  return l;
}

const FRAME = {
  'deploy/deploy.sh': (lines) =>
    `#!/usr/bin/env bash\n# Deploys the close scripts to the reporting VM and refreshes the warehouse views.\n# Usage: deploy/deploy.sh [env]\nset -euo pipefail\nENV="\${1:-prod}"\n\n${lines.join('\n')}\n\necho "deployed to $ENV"\n`,
  'deploy/Dockerfile': (lines) =>
    `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n${lines.join('\n')}\nCOPY scripts/ scripts/\nCMD ["python3", "scripts/backup.py"]\n`,
  'deploy/docker-compose.yml': (lines) =>
    `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n${lines.filter((l) => l.includes('POSTGRES')).join('\n')}\n  files:\n    image: minio/minio\n    environment:\n      - MINIO_ROOT_USER=admin\n${lines.filter((l) => !l.includes('POSTGRES')).join('\n')}\n`,
  'scripts/backup.py': (lines) =>
    `#!/usr/bin/env python3\n"""Nightly backup of the month's exports to S3, with a mail to finance when it is done."""\nimport os, smtplib, requests, boto3, stripe\nfrom openai import OpenAI\nfrom twilio.rest import Client\nfrom huggingface_hub import login\n\nEXPORT_URL = "https://files.acme.internal/exports/latest.csv"\n${lines.join('\n')}\n\nif __name__ == "__main__":\n    print("backup done")\n`,
  'scripts/sync_crm.js': (lines) =>
    `// Copies new customers from the shop into the CRM every morning.\nconst url = 'https://crm.acme.example/api/customers';\n${lines.join('\n')}\nmodule.exports = { run: async () => console.log('synced') };\n`,
  'scripts/Invoke-MonthlyReport.ps1': (lines) =>
    `# Builds the monthly report and uploads it to the finance share.\nparam([string]$Month = (Get-Date -Format 'yyyy-MM'))\n$api = 'https://reports.acme.internal/api/build'\n${lines.join('\n')}\nWrite-Host "report for $Month uploaded"\n`,
  'config/app.yaml': (lines) => `# Settings of the close runner\nservice:\n  name: close-runner\n  region: eu-west-1\n${lines.join('\n')}\n`,
  'config/settings.ini': (lines) => `[general]\nowner = finance-ops\nretries = 3\n\n[mail]\nsmtp_host = smtp.acme.example\n${lines.join('\n')}\n`,
  'config/service.toml': (lines) => `[service]\nname = "exports"\nschedule = "0 6 * * *"\n\n[secrets]\n${lines.join('\n')}\n`,
  'config/appsettings.json': (lines) => {
    const conn = lines.filter((l) => l.includes('"Default"'));
    const vars = lines.filter((l) => l.includes('"Name"')).map((l) => l.replace(/,$/, ''));
    const rest = lines.filter((l) => !conn.includes(l) && !l.includes('"Name"'));
    return `{\n  "Logging": { "LogLevel": { "Default": "Information" } },\n  "ConnectionStrings": {\n${conn.join(',\n')}\n  },\n${rest.join('\n')}\n  "Variables": [\n${vars.join(',\n')}\n  ]\n}\n`;
  },
  'config/integrations.json': (lines) =>
    JSON.stringify(
      {
        integrations: lines.map((l) => {
          const [k, v] = l.split('=');
          return { name: k, enabled: true, value: v };
        }),
      },
      null,
      2,
    ) + '\n',
  'ops/cluster-notes.yaml': (lines) =>
    `# Notes on the reporting cluster: kubeconfig as the vendor sent it\napiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.20.0.10:6443\n  name: reporting\nusers:\n- name: admin\n  user:\n    client-certificate-data: ${Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64')}\n${lines.join('\n')}\n`,
  'notes/2026-10-handover.md': (lines) =>
    `# Handover notes, October close\n\nSam is away from 3 to 14 November; these are the things you need.\n\n${lines.join('\n\n')}\n\nCall me if the bank export is late.\n`,
  'notes/server-rebuild.md': (lines) =>
    `# Reporting VM rebuild, 12 October\n\nThe VM was rebuilt from the image; the cron jobs were restored by hand.\n\n${lines.join('\n')}\nThe cron table is in ops/cron.txt.\n`,
  'notes/bastion-access.md': (lines) => `# Bastion access\n\nConnect with ssh -J bastion.acme.internal reporting-vm.\n\n${lines.join('\n')}\n`,
  'notes/payment-files-handover.txt': (lines) =>
    `Signing the bank payment files\n\n${lines.join('\n')}\nImport it with gpg --import and sign with gpg --detach-sign.\n`,
  'notes/registry-setup.md': (lines) =>
    `# Registry login on the build VM\n\nThe build VM pulls from our registry; docker wrote this to ~/.docker/config.json:\n\n${lines.join('\n\n')}\n`,
  'wiki/Payments-Runbook.html': (lines) =>
    `<!DOCTYPE html>\n<html><head><title>Payments Runbook - Confluence</title></head><body>\n<h1>Payments Runbook</h1>\n<p>Exported from the wiki on 2026-10-30.</p>\n<table><tr><th>System</th><th>Credential</th></tr>\n${lines.filter((l) => l.startsWith('<tr>')).join('\n')}\n</table>\n${lines.filter((l) => !l.startsWith('<tr>')).join('\n')}\n</body></html>\n`,
  'exports/vendors.csv': (lines) => `vendor_id,name,iban_or_card,bic,currency\n${lines.join('\n')}\nV-1046,Litware Ltd,,,GBP\n`,
  'mail/2026-10-03-new-starter-access.eml': (lines) =>
    `From: IT Service Desk <it@acme.example>\r\nTo: Sam Lee <sam@acme.example>\r\nSubject: Your access for the month-end close\r\nDate: Fri, 3 Oct 2026 09:12:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHi Sam,\r\n\r\n${lines.join('\r\n\r\n')}\r\n\r\nIT Service Desk\r\n`,
  'mail/2026-10-05-vendor-onboarding.eml': (lines) =>
    `From: Onboarding <onboarding@vendor.example>\r\nTo: Sam Lee <sam@acme.example>\r\nSubject: Your API credentials\r\nDate: Sun, 5 Oct 2026 14:40:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello,\r\n\r\n${lines.join('\r\n')}\r\n\r\nRegards,\r\nOnboarding team\r\n`,
  'notes/release-log.md': (lines) => `# Release log\n\n${lines.join('\n')}\n`,
  'notes/orders-followup.md': (lines) => `# Orders to follow up after the close\n\n${lines.join('\n')}\n`,
  'package-lock.json': (lines) => `{\n  "name": "close-scripts",\n  "lockfileVersion": 3,\n  "packages": {\n${lines.join('\n').replace(/,$/, '')}\n  }\n}\n`,
};

/**
 * `{ files: Map<path, text>, secrets: [{kind, file, value, parts}], lookalikes: [{kind, file, value}] }`.
 */
export function buildSecretsCorpus(r) {
  const secrets = definitions(r).map((def) => {
    const made = def.make();
    return { kind: def.kind, file: def.file, value: made.value, parts: made.parts, text: made.text ?? made.value };
  });
  const looks = lookalikes(r);
  const byFile = new Map();
  for (const item of [...secrets, ...looks]) {
    if (!byFile.has(item.file)) byFile.set(item.file, []);
    byFile.get(item.file).push(item.text);
  }
  const files = new Map();
  for (const [file, lines] of byFile) {
    const frame = FRAME[file];
    if (!frame) throw new Error(`no frame for ${file}`);
    files.set(file, frame(lines));
  }
  return { files, secrets: secrets.map(({ text, ...s }) => s), lookalikes: looks.map(({ text, ...l }) => l) };
}
