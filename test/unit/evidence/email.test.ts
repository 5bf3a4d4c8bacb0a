import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractEmail } from '../../../src/core/evidence/extract/email';
import { ACME, REPO } from '../helpers';

const EXAMPLE = resolve(REPO, 'examples/month-end-close');
const eml = (root: string, rel: string) => new Uint8Array(readFileSync(resolve(root, rel)));

describe('evidence: e-mails', () => {
  it('quoted-printable body (example): decoded, with the € sign and headers', async () => {
    const r = await extractEmail(eml(EXAMPLE, 'emails/2026-11-02-reconciliation-review.eml'));
    assert.equal(r.facts.from, 'Sam Lee <sam@acme.example>');
    assert.equal(r.facts.to, 'Priya Nair <priya@acme.example>');
    assert.equal(r.facts.date, '2026-11-02T16:40:00.000Z');
    assert.equal(r.facts.subject, 'October reconciliation for sign-off');
    assert.match(r.facts.body, /one needed the 0\.50 €\ntolerance \(po_8901, rounding\)/);
    assert.ok(!r.facts.body.includes('=E2=82=AC'));
    assert.match(
      r.text,
      /^From: Sam Lee <sam@acme\.example>\nTo: Priya Nair <priya@acme\.example>\nDate: 2026-11-02T16:40:00\.000Z\nSubject: October reconciliation for sign-off\n\nHi Priya,/,
    );
  });

  it('base64 multipart/alternative (example): the text part, decoded', async () => {
    const r = await extractEmail(eml(EXAMPLE, 'emails/2026-11-03-approved.eml'));
    assert.equal(r.facts.subject, 'Re: October reconciliation for sign-off');
    assert.match(r.facts.body, /^Approved\. Go ahead and post the journal\./);
    assert.match(r.facts.body, /if more than one payout is unmatched, stop and send me the report/);
    assert.ok(!r.facts.body.includes('<p>'));
  });

  it('a plain e-mail without MIME headers (acme)', async () => {
    const r = await extractEmail(eml(ACME, 'emails/2026-10-04-signoff.eml'));
    assert.equal(r.facts.from, 'Priya Nair <priya@acme.example>');
    assert.match(r.facts.body, /approved\. Send it to the board pack/);
  });

  it('an HTML-only body becomes text; cc, encoded subject, Latin-1 charset and attachments are read', async () => {
    const raw = [
      'From: "Müller, Jürgen" <j.mueller@acme.example>',
      'To: Sam Lee <sam@acme.example>',
      'Cc: Priya Nair <priya@acme.example>, ops@acme.example',
      'Date: Wed, 04 Nov 2026 10:00:00 +0100',
      'Subject: =?UTF-8?B?w5xiZXJ3ZWlzdW5nIGdlcHLDvGZ0?=',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="x"',
      '',
      '--x',
      'Content-Type: text/html; charset="iso-8859-1"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<html><body><h1>Zahlung</h1><p>Bitte =FCberweisen Sie an <b>DE89 3704 0044 0532 0130 00</b>.</p><img src=3D"cid:x"></body></html>',
      '--x',
      'Content-Type: text/csv; name="payouts.csv"',
      'Content-Disposition: attachment; filename="payouts.csv"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('id,amount\n1,2\n').toString('base64'),
      '--x--',
      '',
    ].join('\r\n');
    const r = await extractEmail(new Uint8Array(Buffer.from(raw, 'latin1')));
    assert.equal(r.facts.subject, 'Überweisung geprüft');
    assert.equal(r.facts.cc, 'Priya Nair <priya@acme.example>, ops@acme.example');
    assert.equal(r.facts.date, '2026-11-04T09:00:00.000Z');
    assert.match(r.facts.body, /Zahlung/);
    assert.match(r.facts.body, /Bitte überweisen Sie an \[redacted: IBAN\]\./);
    assert.ok(!/<p>|<b>/.test(r.facts.body));
    assert.deepEqual(r.redactions, { IBAN: 1 });
    assert.match(r.text, /Attachments: payouts\.csv \(text\/csv, 14 B\)/);
  });
});
