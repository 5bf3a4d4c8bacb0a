import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractDelimited, extractJson, extractXlsx, parseAmount, summarizeData } from '../../../src/core/evidence/extract/data';
import { REPO } from '../helpers';
import { xlsx } from './files';

const EXAMPLE = resolve(REPO, 'examples/month-end-close');

describe('evidence: data exports', () => {
  it('bank export (example): columns, row count, first rows and the sum of amounts (not of the running balance)', () => {
    const f = extractDelimited(readFileSync(resolve(EXAMPLE, 'exports/bank-2026-10.csv'), 'utf8'), 'csv');
    assert.deepEqual(f.columns, ['date', 'description', 'amount', 'balance']);
    assert.equal(f.rowCount, 9);
    assert.equal(f.firstRows.length, 5);
    assert.deepEqual(f.firstRows[1], ['2026-10-02', 'STRIPE PAYOUT 8812', '12450.20', '60660.75']);
    assert.deepEqual(f.sums, { amount: 6452.88 });
  });

  it('Stripe payouts (example): sums of gross, fees and net; ids are not summed', () => {
    const f = extractDelimited(readFileSync(resolve(EXAMPLE, 'exports/stripe-payouts-2026-10.csv'), 'utf8'), 'csv');
    assert.deepEqual(f.sums, { gross: 45007.25, fees: 1272.7, net: 43734.55 });
  });

  it('parses quoted fields with commas, quotes and line breaks, CRLF, and a BOM', () => {
    const text = '\uFEFFid,customer,note,amount\r\n1,"Lee, Sam","said ""ok""\r\nthen left","1,234.50"\r\n2,Nair,,-20.00\r\n';
    const f = extractDelimited(text, 'csv');
    assert.deepEqual(f.columns, ['id', 'customer', 'note', 'amount']);
    assert.equal(f.rowCount, 2);
    assert.deepEqual(f.firstRows[0], ['1', 'Lee, Sam', 'said "ok"\r\nthen left', '1,234.50']);
    assert.deepEqual(f.sums, { amount: 1214.5 });
  });

  it('reads semicolon exports with decimal commas, and TSV', () => {
    const semi = extractDelimited('Datum;Betrag;Währung\n01.10.2026;1.234,50;EUR\n02.10.2026;-20,00;EUR\n', 'csv');
    assert.deepEqual(semi.columns, ['Datum', 'Betrag', 'Währung']);
    assert.deepEqual(semi.sums, { Betrag: 1214.5 });
    const tsv = extractDelimited('a\tb\n1\tx,y\n2\tz\n', 'tsv');
    assert.deepEqual(tsv.firstRows, [
      ['1', 'x,y'],
      ['2', 'z'],
    ]);
    assert.deepEqual(tsv.sums, { a: 3 });
  });

  it('skips a preamble above the header row', () => {
    const f = extractDelimited('Account: 12345678\nExported 2026-11-01\ndate,amount,ref\n2026-10-01,10.00,a\n2026-10-02,5.50,b\n', 'csv');
    assert.deepEqual(f.columns, ['date', 'amount', 'ref']);
    assert.deepEqual(f.sums, { amount: 15.5 });
  });

  it('understands the amounts exports write', () => {
    const cases: Array<[string, number | undefined]> = [
      ['1,234.50', 1234.5],
      ['-20.00', -20],
      ['€12', 12],
      ['-€12.30', -12.3],
      ['€-12.30', -12.3],
      ['(45.00)', -45],
      ['20.00-', -20],
      ['12 EUR', 12],
      ['USD 1,000', 1000],
      ['1.234,50', 1234.5],
      ["1'234.50", 1234.5],
      ['1 234,50', 1234.5],
      ['1.234.567', 1234567],
      ['', undefined],
      ['n/a', undefined],
      ['2026-10-01', undefined],
      ['12%', undefined],
      ['007', undefined],
      ['po_8901', undefined],
      ['1,2,3', undefined],
    ];
    for (const [text, value] of cases) assert.equal(parseAmount(text)?.value, value, text);
  });

  it('does not sum a column with text in it, and treats empty cells as empty', () => {
    const f = extractDelimited('name,amount,status\na,10.00,\nb,,x\nc,2.5,y\n', 'csv');
    assert.deepEqual(f.sums, { amount: 12.5 });
  });

  it('JSON: an array of records, an object holding one, an object, and JSON Lines', () => {
    const arr = extractJson('[{"payout":"po_1","net":10.5},{"payout":"po_2","net":2,"extra":true}]', false)!;
    assert.deepEqual(arr.columns, ['payout', 'net', 'extra']);
    assert.equal(arr.rowCount, 2);
    assert.deepEqual(arr.sums, { net: 12.5 });
    const wrapped = extractJson('{"count":2,"data":[{"a":1},{"a":2}]}', false)!;
    assert.equal(wrapped.sheet, 'data');
    assert.deepEqual(wrapped.sums, { a: 3 });
    const obj = extractJson('{"month":"2026-10","tolerance":0.5}', false)!;
    assert.deepEqual(obj.columns, ['month', 'tolerance']);
    assert.deepEqual(obj.firstRows, [['2026-10', '0.5']]);
    const lines = extractJson('{"a":1}\n{"a":2}\nnot json\n', true)!;
    assert.equal(lines.rowCount, 2);
    assert.equal(extractJson('{broken', false), undefined);
  });

  it('XLSX: the first sheet with data, numbers summed, cells redacted, other sheets named', async () => {
    const book = xlsx({
      Payouts: [
        ['payout_id', 'net', 'iban'],
        ['po_1', 12.5, 'DE89370400440532013000'],
        ['po_2', 7.25, ''],
      ],
      Notes: [['checked by Sam']],
    });
    const r = await extractXlsx(new Uint8Array(book));
    assert.equal(r.facts.sheet, 'Payouts');
    assert.deepEqual(r.facts.columns, ['payout_id', 'net', 'iban']);
    assert.equal(r.facts.rowCount, 2);
    assert.deepEqual(r.facts.sums, { net: 19.75 });
    assert.equal(r.facts.firstRows[0][2], '[redacted: IBAN]');
    assert.deepEqual(r.redactions, { IBAN: 1 });
    assert.deepEqual(r.otherSheets, ['Notes']);
  });

  it('summarises for a model: columns, the first rows as a table, sums — never the whole file', () => {
    const rows = ['id,amount', ...Array.from({ length: 500 }, (_, i) => `${i + 1},${(i + 1) * 2}.00`)].join('\n');
    const f = extractDelimited(rows, 'csv');
    const text = summarizeData(f);
    assert.match(text, /^CSV: 500 rows, 2 columns: id, amount/);
    assert.match(text, /\| id \| amount \|/);
    assert.match(text, /Sums: amount 250500/);
    assert.ok(!text.includes('| 6 |'), 'only the first 5 rows');
    assert.ok(text.length < 400);
  });

  it('a cut export says the counts cover the part read', () => {
    const f = extractDelimited('a,b\n1,2\n3,4\n5,', 'csv', true);
    assert.equal(f.rowCount, 2);
    assert.equal(f.partial, true);
    assert.match(summarizeData(f), /at least 2 rows/);
  });
});
