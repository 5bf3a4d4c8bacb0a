import { strict as assert } from 'node:assert';
import { parseSop, ParseCache } from '../../src/core/sop/model';
import { SECTION_KINDS } from '../../src/core/sop/sections';
import { peopleOf, approverCandidates } from '../../src/core/sop/people';
import { fixtureText, textAt } from './helpers';

describe('SOP model', () => {
  describe('a complete SOP (monthly sales report)', () => {
    const text = fixtureText('sops/monthly-sales-report.sop.md');
    const doc = parseSop(text);

    it('reads the title and front matter', () => {
      assert.equal(doc.title?.text, 'Monthly sales report');
      assert.equal(doc.frontMatter.data.owner, 'Sam Lee (Operations assistant)');
      assert.equal(doc.frontMatter.data.status, 'draft');
      assert.equal(
        textAt(text, doc.rangeOf(doc.frontMatter.keys.get('approver')!.start, doc.frontMatter.keys.get('approver')!.end)),
        'approver: Priya Nair (Finance manager)',
      );
    });

    it('finds all ten parts, each with its heading range', () => {
      const kinds = doc.sections.flatMap((s) => s.kinds);
      assert.deepEqual([...kinds].sort(), [...SECTION_KINDS].sort());
      const steps = doc.sectionsOf('steps')[0];
      assert.equal(textAt(text, steps.heading.range), '## Steps');
      assert.equal(steps.empty, false);
    });

    it('lists the numbered steps in order with their text', () => {
      assert.deepEqual(
        doc.steps.map((s) => s.number),
        [1, 2, 3, 4, 5],
      );
      assert.match(doc.steps[1].text, /^Run python3 scripts\/clean_sales\.py --month 2026-10\./);
      assert.ok(textAt(text, doc.steps[2].range).startsWith('3. Run `bash scripts/build_report.sh'));
    });

    it('finds the approval gates: the approver line and step 4', () => {
      assert.deepEqual(
        doc.gates.map((g) => [g.section?.kinds[0], g.match.phrase]),
        [
          ['owner', 'signs off'],
          ['steps', 'for sign-off'],
        ],
      );
      assert.match(doc.gates[1].sentence.text, /^Send the summary to Priya Nair for sign-off/);
    });

    it('finds paths in links, code spans and commands, with exact ranges', () => {
      const values = doc.paths.map((p) => `${p.source}:${p.value}`);
      for (const v of [
        'code:exports/<month>/shopify-orders.csv',
        'link:../scripts/',
        'link:../templates/board-pack-email.md',
        'code:exports/YYYY-MM/shopify-orders.csv',
        'code:scripts/clean_sales.py',
        'code:exports/2026-10/orders-clean.csv',
        'code:scripts/build_report.sh',
        'code:reports/2026-10/summary.csv',
      ]) {
        assert.ok(values.includes(v), `${v} not in ${values.join(', ')}`);
      }
      for (const p of doc.paths) assert.equal(textAt(text, p.range), p.value.replace(/^\.\//, ''), p.value);
      assert.ok(!values.some((v) => v.includes('priya@acme.example')), 'e-mail addresses are not paths');
      assert.ok(!values.some((v) => v.endsWith(':--month')), 'flags are not paths');
    });

    it('knows who owns and approves it', () => {
      assert.deepEqual(approverCandidates(doc).slice(0, 2), ['Priya Nair (Finance manager)', 'Sam Lee (Operations assistant)']);
      const withoutFrontMatter = parseSop(text.replace(/^---[\s\S]*?\n---\n/, ''));
      assert.deepEqual(peopleOf(withoutFrontMatter), [
        { name: 'Sam Lee (Operations assistant)', role: 'owner', from: 'owner-section' },
        { name: 'Priya Nair (Finance manager)', role: 'approver', from: 'owner-section' },
      ]);
    });
  });

  describe('a Purpose/Responsibilities/Procedure style SOP', () => {
    const doc = parseSop(fixtureText('sops/vendor-onboarding.md'));
    it('maps numbered corporate headings to the SOP parts', () => {
      const byHeading = Object.fromEntries(doc.sections.map((s) => [s.heading.text, s.kinds.join(',')]));
      assert.deepEqual(byHeading, {
        '1. Purpose': 'why',
        '2. Scope': 'why',
        '3. Responsibilities': 'owner',
        '4. Prerequisites': 'inputs',
        '5. Procedure': 'steps',
        '6. Business rules': 'decisions',
        '7. Verification': 'quality',
        '8. Exceptions': 'failures',
        '9. Escalation': 'escalation',
        '10. Deliverables': 'output',
      });
      assert.equal(doc.steps.length, 4);
    });
  });

  describe('messy Markdown (setext headings, emoji, step headings, tables, task lists)', () => {
    const text = fixtureText('sops/archive/2024-stock-count.md');
    const doc = parseSop(text);
    it('takes the setext title and finds the parts under emoji and punctuation', () => {
      assert.equal(doc.title?.text, 'Stock count (quarterly)');
      const kinds = new Set(doc.sections.flatMap((s) => s.kinds));
      for (const k of ['why', 'trigger', 'owner', 'inputs', 'steps', 'quality', 'failures', 'escalation', 'output', 'decisions'])
        assert.ok(kinds.has(k as never), k);
    });
    it('reads steps written as "### Step N" headings', () => {
      assert.deepEqual(
        doc.steps.map((s) => s.number),
        [1, 2, 3],
      );
    });
    it('finds a gate inside a table cell', () => {
      assert.ok(doc.gates.some((g) => g.sentence.where === 'table-cell' && /get approval from the Finance manager/.test(g.sentence.text)));
    });
  });

  describe('line endings and byte order marks', () => {
    const lf = '# T\n\n## Steps\n\n1. Run `scripts/a.py` and get approval.\n';
    it('gives the same ranges for CRLF text', () => {
      const crlf = lf.replace(/\n/g, '\r\n');
      const a = parseSop(lf);
      const b = parseSop(crlf);
      assert.deepEqual(
        b.paths.map((p) => p.range),
        a.paths.map((p) => p.range),
      );
      assert.deepEqual(
        b.gates.map((g) => g.sentence.range),
        a.gates.map((g) => g.sentence.range),
      );
    });
    it('shifts first-line ranges past a BOM', () => {
      const doc = parseSop('\uFEFF# Title `x.md`\n');
      assert.equal(doc.title?.text, 'Title x.md');
      assert.deepEqual(doc.paths[0].range.start, { line: 0, character: 10 });
    });
  });

  describe('incremental parsing', () => {
    it('reuses the analysis of chunks an edit did not touch', () => {
      const text = fixtureText('sops/monthly-sales-report.sop.md');
      const cache = new ParseCache();
      parseSop(text, { cache });
      const before = cache.size;
      assert.ok(before > 10, `expected many chunks, got ${before}`);
      const edited = text.replace('Every channel in the export', 'Every channel in the exports');
      const doc = parseSop(edited, { cache });
      assert.equal(cache.size, before + 1, 'only the edited chunk is new');
      assert.deepEqual(
        doc.sections.map((s) => s.heading.text),
        parseSop(edited).sections.map((s) => s.heading.text),
      );
    });

    it('keeps the chunks of the document being edited when the cache is full, and drops old versions', () => {
      const text = fixtureText('sops/monthly-sales-report.sop.md');
      class CountingCache extends ParseCache {
        misses = 0;
        override analysis(t: string, atStart = true) {
          if (!this.has(t, atStart)) this.misses++;
          return super.analysis(t, atStart);
        }
      }
      const chunks = (() => {
        const c = new ParseCache();
        parseSop(text, { cache: c });
        return c.size;
      })();
      const cache = new CountingCache(chunks + 4);
      parseSop(text, { cache });
      let current = text;
      for (let i = 0; i < 30; i++) {
        current = current.replace(/Every channel in the export\w*/, `Every channel in the export${'s'.repeat(i + 1)}`);
        cache.misses = 0;
        parseSop(current, { cache });
        assert.equal(cache.misses, 1, `edit ${i}: only the edited chunk is parsed`);
        assert.ok(cache.size <= chunks + 4, `edit ${i}: ${cache.size} chunks kept, limit ${chunks + 4}`);
      }
    });
  });
});
