import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { fcRuns } from '../fcRuns';
import { redactSecrets } from '../../../src/core/evidence/redact';

// Test values are assembled from parts so that no complete secret-looking literal sits in the repository.
const j = (...parts: string[]) => parts.join('');

describe('evidence: redactSecrets', () => {
  const secrets: Array<[string, string, string]> = [
    ['OpenAI key', `OPENAI=${j('sk-', 'proj-', 'Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9')}`, j('sk-', 'proj-Ab3d')],
    ['OpenAI key', `key is ${j('sk-', '3kF9aQ2eZvKYlo2C8cR4T1xW7mN0pB6dH5jL')} ok`, j('sk-', '3kF9')],
    ['Anthropic key', `x = "${j('sk-', 'ant-', 'api03-', 'Zq8Xw7Vu6Ts5Rq4Po3Nm2Lk1Jh0Gf9Ed8Cb7')}"`, j('sk-', 'ant-')],
    ['Stripe key', `STRIPE=${j('sk_', 'live_', '51Hx9aQ2eZvKYlo2C8cR4fakeKeyForTheExample0000')}`, j('sk_', 'live_51')],
    ['Stripe key', j('rk_', 'live_', '51Hx9aQ2eZvKYlo2C8cR4aaaa'), j('rk_', 'live')],
    ['Stripe key', j('sk_', 'test_', '4eC39HqLyjWDarjtT1zdp7dc'), j('sk_', 'test')],
    ['GitHub token', `token: ${j('ghp_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8')}`, j('ghp_', 'A1b2')],
    ['GitHub token', j('github_', 'pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH'), j('github_', 'pat_11')],
    ['GitHub token', j('gho_', '16C7e42F292c6912E7710c838347Ae178B4a'), j('gho_', '16C7')],
    ['Slack token', j('xoxb-', '1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'), j('xoxb-', '12345')],
    ['AWS access key id', `aws_access_key_id = ${j('AKIA', 'IOSFODNN7EXAMPLE')}`, j('AKIA', 'IOSF')],
    ['AWS secret key', `aws_secret_access_key=${j('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY')}`, j('wJalrXUtnFEMI', '/K7MDENG')],
    ['Google API key', j('AIza', 'SyD-1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6'), j('AIza', 'SyD')],
    [
      'JWT',
      `Bearer ${j('eyJ', 'hbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.', 'eyJ', 'zdWIiOiIxMjM0NTY3ODkwIn0', '.', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U')}`,
      j('eyJ', 'hbGci'),
    ],
    ['private key', j('-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq1\nabcdef\n-----END RSA ', 'PRIVATE KEY-----'), 'MIIEowIBAAKCAQEA7bq1'],
    ['private key', j('-----BEGIN ', 'OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n-----END OPENSSH ', 'PRIVATE KEY-----'), 'b3BlbnNzaC1rZXktdjEAAAA'],
    ['password in connection string', 'DATABASE_URL=postgres://finance:S3cr3tPassw0rd@db.internal:5432/ledger', 'S3cr3tPassw0rd'],
    ['password in connection string', 'mongodb+srv://app:hunter2hunter2@cluster0.example.net/test', 'hunter2hunter2'],
    ['secret value', `API_SECRET=${j('Zx9', 'Qw8Er7Ty6Ui5Op4')}`, j('Zx9', 'Qw8')],
    ['secret value', `"api_key": "${j('a1B2c3D4', 'e5F6g7H8i9J0')}"`, j('a1B2c3D4', 'e5F6')],
    ['secret value', `webhookToken: '${j('tok9', 'XvB3nM5qL7wE2rT4')}'`, j('tok9', 'XvB3')],
    ['secret value', `export SERVICE_TOKEN=${j('Ab12', 'Cd34Ef56Gh78')}`, j('Ab12', 'Cd34')],
    ['password', 'PASSWORD=hunter22', 'hunter22'],
    ['password', 'db_password: "correct horse"', 'correct horse'],
    ['password', `$Password = "Winter2026!"`, 'Winter2026!'],
    ['password', `PWD=${j('Qx7', 'Lm2Pz9Rt')}`, j('Qx7', 'Lm2Pz9Rt')],
    ['password', 'GET /login?user=sam&password=hunter22&next=/', 'hunter22'],
    ['secret value', `2026-10-02 INFO calling api with api_key=${j('Zx9', 'Qw8Er7Ty6Ui5Op4')} ok`, j('Zx9', 'Qw8')],
    ['IBAN', 'Pay to DE89 3704 0044 0532 0130 00 by Friday', '3704 0044 0532'],
    ['IBAN', 'iban GB82WEST12345698765432.', 'GB82WEST12345698765432'],
    ['card number', 'card 4111 1111 1111 1111 exp 12/28', '4111 1111 1111 1111'],
    ['card number', 'amex 3782-822463-10005', '3782-822463-10005'],
    ['card number', 'raw 5555555555554444', '5555555555554444'],
  ];

  for (const [kind, input, secret] of secrets) {
    it(`replaces ${kind}: ${input.slice(0, 38).replace(/\n/g, ' ')}…`, () => {
      const r = redactSecrets(input);
      assert.ok(!r.text.includes(secret), `still contains ${secret}: ${r.text}`);
      assert.ok(r.text.includes(`[redacted: ${kind}]`), r.text);
      assert.ok((r.counts[kind] ?? 0) >= 1, JSON.stringify(r.counts));
    });
  }

  it('redacts random values of upper-case *_KEY names as well as camel-case ones, and keeps plain ones', () => {
    const value = 'f8Kd93nVq0LmZx72PwRt5Yb1';
    for (const name of ['SHOP_API_KEY', 'shop_api_key', 'ShopApiKey', 'SIGNING_KEY', 'AWS_ACCESS_KEY']) {
      assert.equal(redactSecrets(`${name}=${value}`).text, `${name}=[redacted: secret value]`, name);
    }
    assert.equal(redactSecrets('SORT_KEY=date').text, 'SORT_KEY=date');
    assert.equal(redactSecrets('PRIMARY_KEY=id').text, 'PRIMARY_KEY=id');
  });

  it('redacts passphrases of words and a number, and keeps header names', () => {
    const phrase = j('Parcel-', 'Heron-', '19');
    assert.equal(
      redactSecrets(`helpdesk login: bruno@shop.example / pw: ${phrase} (shared)`).text,
      'helpdesk login: bruno@shop.example / pw: [redacted: password] (shared)',
    );
    assert.equal(redactSecrets(`Password: ${phrase}`).text, 'Password: [redacted: password]');
    assert.equal(redactSecrets('password: Content-Type').text, 'password: Content-Type');
  });

  it('redacts a key stated in prose, and keeps keys that are words or column names', () => {
    const key = j('9fK2mQ7x', 'Lp4ZrT8w');
    assert.equal(redactSecrets(`The portal key is ${key}.`).text, 'The portal key is [redacted: secret value].');
    for (const plain of ['the key is in the drawer', 'the key is kept by Dana', 'Primary key is customer_id_2024', 'The foreign key is order_id.']) {
      assert.equal(redactSecrets(plain).text, plain);
    }
  });

  it('redacts the secret part of any webhook URL, keeping the host and the ids before it', () => {
    const token = j('x9Yq2Wd7', 'Kp4Lm8Rs');
    assert.equal(
      redactSecrets(`webhook = "https://hooks.chat.example/services/T04ROTA/B07SWAP/${token}"`).text,
      'webhook = "https://hooks.chat.example/services/T04ROTA/B07SWAP/[redacted: webhook URL]"',
    );
    assert.equal(
      redactSecrets(`POST https://erp.example.com/api/webhooks/${token}/deliver`).text,
      'POST https://erp.example.com/api/webhooks/[redacted: webhook URL]',
    );
    for (const plain of ['https://hooks.example.com/docs/getting-started/overview', 'https://github.com/acme/ledger/settings/hooks/123456']) {
      assert.equal(redactSecrets(plain).text, plain);
    }
    const started = Date.now();
    redactSecrets('https://hooks.x/' + 'a/'.repeat(50_000) + ' https://hook.' + 'x'.repeat(50_000));
    assert.ok(Date.now() - started < 2000);
  });

  it('keeps the user and host of a connection string', () => {
    const r = redactSecrets('postgres://finance:S3cr3tPassw0rd@db.internal:5432/ledger');
    assert.equal(r.text, 'postgres://finance:[redacted: password in connection string]@db.internal:5432/ledger');
  });

  it('redacts the decoy .env of the example entirely', () => {
    const env = `DATABASE_URL=postgres://finance:S3cr3tPassw0rd@db.internal:5432/ledger\nSTRIPE_SECRET_KEY=${j('sk_', 'live_', '51Hx9aQ2eZvKYlo2C8cR4fakeKeyForTheExample0000')}\n`;
    const r = redactSecrets(env);
    assert.deepEqual(r.counts, { 'password in connection string': 1, 'Stripe key': 1 });
    assert.ok(!/S3cr3t|51Hx9/.test(r.text));
  });

  const lookAlikes = [
    'Amount 1,234.50 EUR paid on 2026-10-31; balance 48210.55',
    'Order 1001, 1002 and 1003; payout po_8901; invoice INV-2026-0042',
    'Fixed in commit 9f57d8457c8137a73b31865896215655419797f8 (see git log)',
    'sha256 b4e9e309cf07a08bf2f82ae2f61f81f9ee6ec2512a3df7cbf765e2ea4a74715b',
    'Call Marco (+34 600 000 000) or +1 (555) 010-2030',
    'Timestamp 1698765432123 and 20261031123045',
    'A task-list-item and the sk-learn docs; the desk-lamp',
    'SORT_KEY=created_at\nPRIMARY_KEY=id\nCACHE_KEY=v2',
    'password = os.environ["DB_PASSWORD"]\nDB_PASSWORD=${DB_PASSWORD}\npassword: <your password>',
    'PWD=/home/sam/work',
    'postgres://finance:${PGPASSWORD}@db.internal/ledger and https://example.com/a@b',
    'token_url: https://auth.example.com/oauth/token',
    'The API key is stored in the vault; ask Priya for the secret.',
    'Order number 4111 1111 1111 1112 (fails Luhn); phone 0049 30 12345678',
    'DE89 3704 0044 0532 0130 01 is a mistyped IBAN',
    'UUID 123e4567-e89b-12d3-a456-426614174000 and version 1.2.3',
    'Totals: 12450.20 + 9875.00 + 11020.45 + 10388.90 = 43734.55',
    'password_policy: "see wiki"',
    'GET /orders?page=2&sort=date&limit=50&token=abc',
    'count=25, threshold=0.5, retries=3, key=date',
    'DE89 3704 0044 0532 0130 01 2026',
  ];

  for (const text of lookAlikes) {
    it(`leaves alone: ${text.slice(0, 50).replace(/\n/g, ' ')}…`, () => {
      const r = redactSecrets(text);
      assert.equal(r.text, text);
      assert.deepEqual(r.counts, {});
    });
  }

  it('never throws, and redacting twice changes nothing more', () => {
    const pieces = fc.constantFrom(
      'sk-',
      'ant-',
      'sk_live_',
      'ghp_',
      'AKIA',
      'eyJ',
      '.',
      '=',
      ': ',
      '"',
      "'",
      'password',
      'API_KEY',
      '://',
      '@',
      ':',
      'DE89',
      '4111',
      ' ',
      '-',
      '\n',
      'aB3',
      '0000',
      '-----BEGIN PRIVATE KEY-----',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 12 })), { maxLength: 40 }), (parts) => {
        const once = redactSecrets(parts.join(''));
        const twice = redactSecrets(once.text);
        assert.equal(twice.text, once.text);
      }),
      fcRuns(300),
    );
  });

  it('redacts a short labelled password on the same line as a long token, in one call', () => {
    // Replacing the token brings the tab-separated row within reach of the row rule: redaction goes on until nothing is left.
    const line = 'huggingface-cli login --token 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\tPSK (guest)\tHarbour!Hp4Mi';
    const once = redactSecrets(line);
    assert.ok(!once.text.includes('Harbour!Hp4Mi'), once.text);
    assert.ok(!once.text.includes('hf_gZSdILmr'), once.text);
    assert.equal(redactSecrets(once.text).text, once.text);
  });
});
