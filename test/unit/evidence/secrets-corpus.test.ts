import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { fcRuns } from '../fcRuns';
import type { SecretLintRuleCreator, SecretLintRulePresetCreator } from '@secretlint/types';
import { extractDelimited, extractJson } from '../../../src/core/evidence/extract/data';
import { redactSecrets } from '../../../src/core/evidence/redact';
import { secretlintFindings, secretlintRuleIds } from '../../../src/core/evidence/secrets/secretlint';
import { LOOK_ALIKES, SECRET_CASES } from '../../fixtures/secrets/cases';

/** Every run of 8 characters of the secret: none of them may survive, so no useful part of it leaks. */
function partsOf(secret: string): string[] {
  if (secret.length <= 8) return [secret];
  const parts: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) parts.push(secret.slice(i, i + 8));
  return parts;
}

function elapsed(run: () => void): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

describe('evidence: secrets corpus', () => {
  it('plants at least 100 secret formats in at least 12 syntaxes', () => {
    assert.ok(SECRET_CASES.length >= 260, `${SECRET_CASES.length} cases`);
    assert.ok(new Set(SECRET_CASES.map((c) => c.kind)).size >= 100);
    assert.ok(new Set(SECRET_CASES.map((c) => c.syntax)).size >= 12);
    assert.ok(LOOK_ALIKES.length >= 80, `${LOOK_ALIKES.length} look-alikes`);
  });

  for (const c of SECRET_CASES) {
    it(`redacts ${c.kind} (${c.syntax})`, () => {
      const once = redactSecrets(c.line);
      for (const part of partsOf(c.secret)) {
        assert.ok(!once.text.includes(part), `"${part}" of the secret survived:\n${once.text}`);
      }
      assert.match(once.text, /\[redacted: [^\]]+\]/);
      assert.equal(redactSecrets(once.text).text, once.text, 'redacting twice changed the text again');
    });
  }

  it('keeps the names, users and hosts around a secret', () => {
    const r = redactSecrets('DATABASE_URL=postgres://app:pa/ss@w0rd@db.internal:5432/ledger');
    assert.equal(r.text, 'DATABASE_URL=postgres://app:[redacted: password in connection string]@db.internal:5432/ledger');
    assert.equal(redactSecrets('redis://:R3disPw0rdX@cache.internal:6379/0').text, 'redis://:[redacted: password in connection string]@cache.internal:6379/0');
    assert.equal(redactSecrets('ENV DB_PASSWORD Dock9fKq2LmZ').text, 'ENV DB_PASSWORD [redacted: password]');
    assert.equal(redactSecrets('curl -u admin:Zq8Xw7Vu6Ts5 https://ci.internal').text, 'curl -u admin:[redacted: password] https://ci.internal');
    assert.equal(
      redactSecrets('Authorization: Basic ' + Buffer.from('sam:Hunter22x').toString('base64')).text,
      'Authorization: Basic [redacted: basic auth credentials]',
    );
    assert.equal(redactSecrets('PGPASSWORD=Pg9fKq2LmZ psql -h db.internal -U report').text, 'PGPASSWORD=[redacted: password] psql -h db.internal -U report');
    assert.equal(
      redactSecrets('GET /login?user=sam&password=hunter22&next=/ HTTP/1.1').text,
      'GET /login?user=sam&password=[redacted: password]&next=/ HTTP/1.1',
    );
    assert.equal(
      redactSecrets('openssl enc -in a.csv -out a.enc -pass pass:Enc9fKq2LmZ').text,
      'openssl enc -in a.csv -out a.enc -pass pass:[redacted: password]',
    );
  });

  it('keeps the tool, the user and the call around a credential', () => {
    assert.equal(
      redactSecrets(`ldapsearch -x -D "cn=admin,dc=acme" -w 'Ld9!fKq2LmZ' "(cn=finance)"`).text,
      `ldapsearch -x -D "cn=admin,dc=acme" -w '[redacted: password]' "(cn=finance)"`,
    );
    assert.equal(
      redactSecrets(`smbclient //files01/finance -U 'ACME\\svc%Smb9fKq2LmZ'`).text,
      `smbclient //files01/finance -U 'ACME\\svc%[redacted: password]'`,
    );
    assert.equal(
      redactSecrets('resp = requests.get(url, auth=("backup", "Rq9!fKq2LmZ"), timeout=60)').text,
      'resp = requests.get(url, auth=("backup", "[redacted: password]"), timeout=60)',
    );
    assert.equal(
      redactSecrets('new NetworkCredential("svc_report", "Nc9!fKq2LmZ", "ACME")').text,
      'new NetworkCredential("svc_report", "[redacted: password]", "ACME")',
    );
    assert.equal(
      redactSecrets('Your temporary password for the ERP is: Tp9!fKq2L\nPlease change it.').text,
      'Your temporary password for the ERP is: [redacted: password]\nPlease change it.',
    );
    assert.equal(redactSecrets('The PIN for the corporate card is 482193.').text, 'The PIN for the corporate card is [redacted: PIN].');
    assert.equal(redactSecrets('expect "Password:"\nsend "Ex9fKq2LmZ\\r"').text, 'expect "Password:"\nsend "[redacted: password]\\r"');
  });

  for (const { name, text } of LOOK_ALIKES) {
    it(`leaves alone: ${name}`, () => {
      const r = redactSecrets(text);
      assert.equal(r.text, text);
      assert.deepEqual(r.counts, {});
    });
  }

  it('redacts in one pass what a second pass would find: three shapes the mixed-evidence property found', () => {
    const cases: Array<[string, string]> = [
      // A label that ends its line, after an earlier "password" on the same line.
      [
        'mysql -u report --password Tq7Lm2Vx9Ks4 ledger, then the VPN password:\n    Hv4Rt8Wq2Zp!\n',
        'mysql -u report --password [redacted: password] ledger, then the VPN password:\n    [redacted: password]\n',
      ],
      // An npm auth line pasted into a CSV row: the token stops before the next cell.
      [
        'host;pwd;site\nkiosk2;Pb7!Kx2Lm9Qw;Leeds //registry.npmjs.org/:_authToken=Qm9vbXRva2VuMTIzNDU2Nzg5MA; ',
        'host;pwd;site\nkiosk2;[redacted: password];Leeds //registry.npmjs.org/:_authToken=[redacted: npm token]; ',
      ],
      // A value replaced whole, then a line that is not its second half.
      ['password = [redacted: PyPI token]\ncard_holder,last4,PIN\n', 'password = [redacted: PyPI token]\ncard_holder,last4,PIN\n'],
    ];
    for (const [text, expected] of cases) {
      const once = redactSecrets(text).text;
      assert.equal(once, expected);
      assert.equal(redactSecrets(once).text, once, 'a second pass changed the text');
    }
  });

  it('counts each secret once, under its most specific kind', () => {
    const r = redactSecrets(`STRIPE_SECRET_KEY=${['sk_', 'live_', 'Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1'].join('')}\nDB_PASSWORD=Winter2026!`);
    assert.deepEqual(r.counts, { 'Stripe key': 1, password: 1 });
  });

  it('does not let a secretlint-disable comment in the evidence switch redaction off', () => {
    const r = redactSecrets(`// secretlint-disable\nconst key = "${['sk_', 'live_', 'Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1'].join('')}";`);
    assert.ok(!r.text.includes('Zx9Qw8Er7Ty6'), r.text);
  });

  describe('the secretlint driver', () => {
    const rule = (
      id: string,
      file: (content: string, report: (start: number, end: number, value: string) => void) => void | Promise<void>,
    ): SecretLintRuleCreator<unknown> => ({
      messages: { FOUND: { en: (props?: { TOKEN?: string }) => `found ${props?.TOKEN}` } },
      meta: { id, type: 'scanner', recommended: true, supportedContentTypes: ['text'] },
      create(context) {
        const t = context.createTranslator(this.messages);
        return {
          file: (source) => file(source.content, (start, end, value) => context.report({ message: t('FOUND', { TOKEN: value }), range: [start, end] })),
        };
      },
    });
    const preset = (rules: SecretLintRuleCreator<unknown>[]): SecretLintRulePresetCreator => ({
      meta: { id: 'test-preset', type: 'preset', recommended: true },
      rules,
      create(context) {
        for (const r of rules) context.registerRule(r);
      },
    });
    const text = 'deploy_token = Zq8Xw7Vu6Ts5Rq4Po3Nm';
    const value = 'Zq8Xw7Vu6Ts5Rq4Po3Nm';

    it('runs the recommended preset without its comment filter', () => {
      const ids = secretlintRuleIds();
      assert.ok(ids.length >= 20, ids.join(', '));
      assert.ok(ids.includes('@secretlint/secretlint-rule-privatekey'));
      assert.ok(!ids.includes('@secretlint/secretlint-rule-filter-comments'));
    });

    it('keeps the reports of working rules when another rule throws or turns asynchronous', () => {
      const found = secretlintFindings(
        text,
        preset([
          rule('throws', () => {
            throw new Error('broken rule');
          }),
          rule('async', async (content, report) => report(0, content.length, content)),
          rule('works', (content, report) => report(content.indexOf(value), content.length, value)),
        ]),
      );
      assert.deepEqual(
        found.map((f) => text.slice(f.start, f.end)),
        [value],
      );
    });

    it('moves a range that starts at the setting name onto the reported value', () => {
      // As secretlint's AWS and npm rules do: the range starts at the match, its length is the value's.
      const found = secretlintFindings(text, preset([rule('offset', (_content, report) => report(0, value.length, value))]));
      assert.deepEqual(
        found.map((f) => text.slice(f.start, f.end)),
        [value],
      );
    });

    it('narrows a connection string report to its password', () => {
      const url = 'mongodb://app:Pw9fKq2LmZx7@db.internal:27017/shop';
      const found = secretlintFindings(url, preset([rule('uri', (content, report) => report(0, content.length, content))]));
      assert.deepEqual(
        found.map((f) => url.slice(f.start, f.end)),
        ['Pw9fKq2LmZx7'],
      );
    });
  });

  describe('bounded time on hostile text (100k characters each, < 2 s)', () => {
    const n = 100_000;
    const hostile: Array<[string, string]> = [
      ['one long word', 'a'.repeat(n)],
      ['random-looking run', 'aB3'.repeat(n / 3)],
      ['vendor prefixes', 'sk-aB3'.repeat(n / 6)],
      ['Slack segments', 'xoxb-' + 'a-'.repeat(n / 2)],
      ['SendGrid dots', 'SG.' + 'a_'.repeat(n / 2)],
      ['BEGIN lines without END', '-----BEGIN PRIVATE KEY-----\n'.repeat(n / 28)],
      ['URL with many @', 'https://u:' + 'p@'.repeat(n / 2)],
      ['many URLs', 'a://b:c@'.repeat(n / 8)],
      ['assignments', 'password='.repeat(n / 9)],
      ['unterminated quotes', '"api_key": "'.repeat(n / 12)],
      ['password prose', 'the password for the '.repeat(n / 21)],
      ['credential words', 'token key secret '.repeat(n / 17)],
      ['Authorization headers', 'Authorization: Bearer '.repeat(n / 22)],
      ['XML elements', '<password>'.repeat(n / 10)],
      ['name fields', '{"Name": "ApiKey", '.repeat(n / 19)],
      ['flags', '--password '.repeat(n / 11)],
      ['mysql -p', 'mysql ' + ' -p'.repeat(n / 3)],
      ['digits', '4111 '.repeat(n / 5)],
      ['IBAN shape', 'DE89 '.repeat(n / 5)],
      ['base64 run', 'QUJD'.repeat(n / 4)],
      ['spaces', ' '.repeat(n)],
      ['newlines and colons', ':\n'.repeat(n / 2)],
      ['hex', '0123456789abcdef'.repeat(n / 16)],
      ['markers', '[redacted: password]'.repeat(n / 20)],
      ['settings separated by semicolons', 'a=b;'.repeat(n / 4)],
      ['opening quotes', 'a="'.repeat(n / 3)],
      ['hash prefixes', 'sha256:'.repeat(n / 7)],
      ['password line of words', 'password = ' + 'x '.repeat(n / 2)],
      ['GitHub app token dots', 'ghs_1_' + 'a.'.repeat(n / 2)],
      ['1Password prefix', 'ops_ey' + 'A'.repeat(n)],
      ['PEM body without END', '-----BEGIN PRIVATE KEY-----\n' + 'A'.repeat(n)],
      ['Mongo URL of colons', 'mongodb://' + 'a:'.repeat(n / 2)],
      ['curl -u colons', 'curl -u ' + 'a:'.repeat(n / 2)],
      ['PuTTY header', 'PuTTY-User-Key-File-2: x\n' + 'a\n'.repeat(n / 2)],
      ['Twilio SIDs', 'AC0123456789abcdef0123456789abcdef '.repeat(n / 35)],
      ['Telegram shapes', 'bot123456:AA'.repeat(n / 12)],
      ['name and value fields', '- name: DB_PASSWORD\n  value'.repeat(n / 28)],
      ['tool flags without a value', 'ldapsearch' + ' -w'.repeat(n / 3)],
      ['a tool and a long command', 'sqlcmd ' + 'x '.repeat(n / 2)],
      ['Samba user of percent signs', 'smbclient -U ' + 'a%'.repeat(n / 2)],
      ['Oracle logins', 'sqlplus a/'.repeat(n / 10)],
      ['htpasswd arguments', 'htpasswd -b ' + 'a '.repeat(n / 2)],
      ['net user arguments', 'net user ' + 'a '.repeat(n / 2)],
      ['chpasswd colons', 'echo ' + 'a:'.repeat(n / 2) + ' | chpasswd'],
      ['expect prompts', 'password: send '.repeat(n / 15)],
      ['login calls that never close', 'smtp.login("a", '.repeat(n / 16)],
      ['a long call chain', 'a.'.repeat(n / 2) + 'login('],
      ['nested brackets', 'ftp.login(' + '(['.repeat(n / 2)],
      ['auth tuples', 'auth=("u", '.repeat(n / 11)],
      ['Wi-Fi words', 'Wi-Fi key '.repeat(n / 10)],
      ['PIN statements', 'PIN is 1234'.repeat(n / 11)],
      ['pass statements', 'pass: '.repeat(n / 6)],
      ['format conversions', '%s'.repeat(n / 2)],
      ['password starting with %', 'password=%' + 'a%'.repeat(n / 2)],
      ['Twitter-like run of A', 'A'.repeat(n)],
      ['Doppler dots', 'dp.st.' + 'a.'.repeat(n / 2)],
      ['ampersands after a password', 'PGPASSWORD=' + '&'.repeat(n)],
      ['password is: prose', 'the password is: '.repeat(n / 17)],
      ['labels before long runs', 'auth token ' + 'aB3-'.repeat(n / 4)],
      ['curl -u keys without a colon', 'curl -u ' + 'aB3'.repeat(n / 3)],
      ['table rows of pipes', '| password |'.repeat(n / 12)],
      ['CSV header then ragged rows', 'user,password\n' + 'a,b,c\n'.repeat(n / 6)],
      ['CSV rows under a password header', 'user,password\n' + 'a,"b\n'.repeat(n / 6)],
      ['HTML cells', '<tr><td>Wi-Fi</td><td>'.repeat(n / 22)],
      ['aligned label lines', 'Wi-Fi key' + ' '.repeat(n)],
      ['recovery code labels', 'recovery codes\n'.repeat(n / 15)],
      ['recovery code label before list items', 'backup codes<li>a1b2c</li>'.repeat(n / 26)],
      ['BitLocker digit groups', '123456-'.repeat(n / 7)],
      ['seed labels and words', 'seed phrase: ' + 'word '.repeat(n / 5)],
      ['wallet words without an end', 'wallet seed ' + 'a'.repeat(n)],
      ['password label then newlines', 'password:\n'.repeat(n / 10)],
      ['password split lines', 'password is a1\n'.repeat(n / 16)],
      ['typographic quotes after Kennwort', 'Kennwort „' + '“'.repeat(n)],
      ['requirepass directives', 'requirepass \n'.repeat(n / 13)],
      ['SNMP community names', 'snmp_community'.repeat(n / 14)],
      ['sp_addlogin quotes', "sp_addlogin '" + "a','".repeat(n / 4)],
      ['net use shares', 'net use \\\\' + 'a\\'.repeat(n / 2)],
      ['schtasks switches', 'schtasks ' + '/RU a '.repeat(n / 6)],
      ['service names before words', 'pagerduty ' + 'ab '.repeat(n / 3)],
      ['service names repeated', 'twilio:'.repeat(n / 7)],
      ['define salts', "define('AUTH_SALT', '" + '$}]'.repeat(n / 3)],
    ];
    for (const [name, text] of hostile) {
      it(name, () => {
        let r = { text: '', counts: {} };
        const ms = elapsed(() => (r = redactSecrets(text)));
        assert.ok(ms < 2000, `${name}: ${ms.toFixed(0)} ms`);
        assert.equal(typeof r.text, 'string');
      });
    }
  });

  it('redacts 1 MB of mixed evidence in linear time', function () {
    const block = SECRET_CASES.map((c) => c.line).join('\n') + '\n' + LOOK_ALIKES.map((l) => l.text).join('\n') + '\n';
    const text = block.repeat(Math.ceil(1_000_000 / block.length)).slice(0, 1_000_000);
    const ms = elapsed(() => redactSecrets(text));
    const small = text.slice(0, 250_000);
    const msSmall = elapsed(() => redactSecrets(small));
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms for 1 MB`);
    assert.ok(ms < msSmall * 8 + 200, `not linear: ${ms.toFixed(0)} ms for 1 MB vs ${msSmall.toFixed(0)} ms for 250 kB`);
  });

  it('redacts mixed evidence once: a second pass changes nothing', () => {
    const lines = fc.constantFrom(...SECRET_CASES.map((c) => c.line), ...LOOK_ALIKES.map((l) => l.text));
    const glue = fc.constantFrom('\n', ' ', ', ', '; ', '\t', '&', '"');
    fc.assert(
      fc.property(fc.array(fc.tuple(lines, glue), { maxLength: 6 }), (parts) => {
        const once = redactSecrets(parts.map(([l, g]) => l + g).join(''));
        assert.equal(redactSecrets(once.text).text, once.text);
      }),
      fcRuns(150),
    );
  });

  it('hides a column named password or PIN in the first rows of a data summary', () => {
    const json = extractJson(
      JSON.stringify([
        { user: 'sam', pin: '4821', note: 'ok' },
        { user: 'dana', pin: '9034', note: 'ok' },
      ]),
      false,
    );
    assert.deepEqual(json?.firstRows, [
      ['sam', '[redacted: PIN]', 'ok'],
      ['dana', '[redacted: PIN]', 'ok'],
    ]);
    assert.deepEqual(json?.sums, {}, 'a sum of PINs would give a single PIN away');
    const csv = extractDelimited(redactSecrets('login,Password,site\nkiosk1,Winter2026,Leeds\nkiosk2,********,York\n').text, 'csv');
    assert.deepEqual(csv.firstRows, [
      ['kiosk1', '[redacted: password]', 'Leeds'],
      ['kiosk2', '********', 'York'],
    ]);
  });

  it('never throws, whatever it is given', () => {
    for (const text of ['', '\u0000', '\ud800', '[redacted: ', '-----BEGIN PRIVATE KEY-----', 'a://@', '=', '"', 'Authorization:']) {
      assert.equal(typeof redactSecrets(text).text, 'string');
    }
  });
});
