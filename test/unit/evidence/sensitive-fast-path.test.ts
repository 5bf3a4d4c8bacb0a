import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { fcRuns } from '../fcRuns';
import { createSensitiveRules, fullReasonForName, plainlyOrdinary } from '../../../src/core/evidence/sensitive';
import { JOINED_WORDS, PROCESS_WORDS, RECORD_WORDS, SENSITIVE_KINDS, TOPIC_WORDS } from '../../../src/core/evidence/sensitiveNames';

/**
 * The walk decides most names with a cheap check (`plainlyOrdinary`) before the full rules. It may only ever
 * answer "ordinary" for a name the full rules let through: these tests build names from the rule list itself
 * (names, shapes, words, phrases, parts), dressed with prefixes, suffixes, separators and changes of case.
 */

const kinds = SENSITIVE_KINDS;
const exactNames = kinds.flatMap((k) => k.names ?? []).map((n) => n.replace(/\/$/, ''));
const shapes = kinds.flatMap((k) => k.shapes ?? []);
const words = kinds.flatMap((k) => [...(k.words ?? []), ...(k.within ?? []), ...(k.notWithin ?? []), ...(k.notBefore ?? []), ...(k.notAfter ?? [])]);
const phrases = kinds.flatMap((k) => k.phrases ?? []);
const pathEnds = kinds.flatMap((k) => k.paths ?? []).map((p) => p.replace(/\/$/, '').split('/').pop()!);
const otherWords = [...JOINED_WORDS, ...PROCESS_WORDS, ...RECORD_WORDS, ...TOPIC_WORDS, 'report', 'orders', 'note', 'three', 'monkey', 'secretary'];
const extensions = ['', '.md', '.txt', '.csv', '.json', '.py', '.ts', '.docx', '.pdf', '.xlsx', '.yml', '.css', '.key', '.pem', '.log'];
const separators = ['', ' ', '-', '_', '.', '/'];

const separator = fc.constantFrom(...separators.filter((s) => s !== '/'));
const filler = fc.stringMatching(/^[a-zA-Z0-9]{0,6}$/);
/** A phrase as a file name spells it: hyphens, underscores, camel case or run together. */
const phrase = fc.tuple(fc.constantFrom(...phrases), separator, fc.boolean()).map(([p, sep, camel]) =>
  p
    .split(' ')
    .map((w, i) => (camel && i > 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(camel ? '' : sep),
);
const shaped = fc.tuple(fc.constantFrom(...shapes), filler).map(([s, fill]) => s.split('*').join(fill));
const fragment = fc.oneof(
  fc.constantFrom(...exactNames),
  shaped,
  fc.constantFrom(...words),
  phrase,
  fc.constantFrom(...pathEnds),
  fc.constantFrom(...otherWords),
  filler,
);
const recase = (name: string, how: number) =>
  how === 0
    ? name
    : how === 1
      ? name.toUpperCase()
      : how === 2
        ? name.replace(/(^|[-_ .])([a-z])/g, (_m, s: string, c: string) => s + c.toUpperCase())
        : name.toLowerCase();
const fileName = fc
  .tuple(
    filler,
    separator,
    fc.array(fragment, { minLength: 1, maxLength: 3 }),
    separator,
    filler,
    fc.constantFrom(...extensions),
    fc.integer({ min: 0, max: 3 }),
  )
  .map(([before, sep1, parts, sep2, after, ext, how]) => recase(`${before}${before ? sep1 : ''}${parts.join(sep1)}${after ? sep2 : ''}${after}${ext}`, how))
  .filter((n) => n.length > 0 && !n.includes('/'));

describe('evidence: the quick check on sensitive names never lets a sensitive name through', () => {
  it('answers "ordinary" only for names the full rules keep, over names built from the rules themselves', function () {
    this.timeout(20_000);
    fc.assert(
      fc.property(fileName, fc.boolean(), (name, isDir) => {
        if (plainlyOrdinary(name, isDir)) assert.equal(fullReasonForName(name, isDir), undefined, `"${name}" was called ordinary`);
      }),
      fcRuns(20_000),
    );
  });

  it('sends every name, word and phrase of the list, bare and dressed, to the full rules', () => {
    const bare = [...exactNames, ...words, ...phrases.map((p) => p.replace(/ /g, '-')), ...phrases.map((p) => p.replace(/ /g, ''))];
    let leftOut = 0;
    for (const base of bare) {
      for (const name of [base, `${base}.csv`, `my-${base}.json`, base.toUpperCase(), `Old${base.charAt(0).toUpperCase()}${base.slice(1)}.txt`]) {
        for (const isDir of [false, true]) {
          const reason = fullReasonForName(name, isDir);
          if (reason) leftOut++;
          assert.ok(!(reason && plainlyOrdinary(name, isDir)), `"${name}" is left out by the full rules but was called ordinary`);
        }
      }
    }
    // The list must be what is tested: most of these names are sensitive.
    assert.ok(leftOut > bare.length * 3, `only ${leftOut} names were left out`);
  });

  it('leaves out every shape of the list, filled in any way, unless its extension keeps it', () => {
    const shapeKinds = kinds.flatMap((k) => (k.shapes ?? []).map((shape) => ({ shape, keep: k.keepExtensions ?? [] })));
    fc.assert(
      fc.property(fc.constantFrom(...shapeKinds), filler, fc.boolean(), ({ shape, keep }, fill, upper) => {
        // The rules ignore case: so does the test of the extensions that keep a name.
        const name = shape.split('*').join(fill).toLowerCase();
        const dot = name.lastIndexOf('.');
        if (keep.includes(dot > 0 ? name.slice(dot + 1) : '')) return;
        const shown = upper ? name.toUpperCase() : name;
        assert.ok(fullReasonForName(shown, false), `"${shown}" fits ${shape} but was kept`);
        assert.ok(!plainlyOrdinary(shown, false), `"${shown}" fits ${shape} but was called ordinary`);
      }),
      fcRuns(3000),
    );
  });

  it('still decides the common names quickly, and the rules object gives the same answers', () => {
    const ordinary = ['orders-2026-03.csv', 'job_1234.py', 'note-17.md', 'README.md', 'report-q3.html', 'msg-88.eml', 'run_reconciliation.sh'];
    for (const name of ordinary) assert.ok(plainlyOrdinary(name, false), `"${name}" should be decided by the quick check`);
    const rules = createSensitiveRules();
    for (const name of ['.env', 'HRhandbook.md', 'id_rsa', 'payroll-2026.csv', 'Gehälter.xlsx', 'orders.csv']) {
      assert.equal(rules.reasonForChild(`folder/${name}`, name, false), fullReasonForName(name, false), name);
    }
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) plainlyOrdinary(`orders-${i}.csv`, false);
    assert.ok(performance.now() - started < 2000, 'the quick check is slow');
  });

  it('takes a 100,000-character hostile name in bounded time', () => {
    for (const name of ['a'.repeat(100_000), 'passwor'.repeat(14_000), 'hr'.repeat(50_000), `${'-_'.repeat(50_000)}.env`, 'aB1'.repeat(33_000)]) {
      const started = performance.now();
      const quick = plainlyOrdinary(name, false);
      if (quick) assert.equal(fullReasonForName(name, false), undefined);
      assert.ok(performance.now() - started < 2000, `${name.slice(0, 12)}… took too long`);
    }
  });
});
