import { strict as assert } from 'node:assert';
import { lintSop } from '../../src/core/lint/lint';
import { parseSop, ParseCache } from '../../src/core/sop/model';
import { forgetMemos } from '../../src/core/text/memo';

/** An SOP of `steps` numbered steps, each its own paragraph-sized list item (one chunk or so each). */
function longSop(steps: number): string {
  const lines = ['# Quarterly stock count', '', '## Why', '', 'Stock on the books must match the shelves before the auditors come.', '', '## Steps', ''];
  for (let i = 1; i <= steps; i++) {
    lines.push(`${i}. Count aisle ${i} with the scanner and write the total on sheet ${i}.`, '');
  }
  lines.push('## Escalation', '', '- Call Ana Silva (Warehouse manager) when a count is off by more than 2%.', '');
  return lines.join('\n');
}

class CountingCache extends ParseCache {
  misses = 0;
  override analysis(t: string, atStart = true) {
    if (!this.has(t, atStart)) this.misses++;
    return super.analysis(t, atStart);
  }
}

describe('the parse cache on documents larger than its limit', () => {
  it('reparses only the edited chunk of a document with more chunks than the limit', () => {
    const text = longSop(120);
    const cache = new CountingCache(40);
    parseSop(text, { cache });
    const chunks = cache.size;
    assert.ok(chunks > 80, `expected a document over the limit, got ${chunks} chunks`);
    let current = text;
    for (let i = 0; i < 5; i++) {
      current = current.replace(/aisle 60 with the scanner\w*/, `aisle 60 with the scanner${'s'.repeat(i + 1)}`);
      cache.misses = 0;
      const doc = parseSop(current, { cache });
      assert.equal(cache.misses, 1, `edit ${i}: only the edited chunk is parsed`);
      assert.equal(doc.steps.length, 120);
      // The live document and at most the previous version of the edited chunk are kept.
      assert.ok(cache.size <= chunks + 2, `edit ${i}: ${cache.size} chunks kept for a document of ${chunks}`);
    }
  });

  it('drops old versions of chunks once over the limit', () => {
    const cache = new ParseCache(10);
    parseSop(longSop(30), { cache });
    parseSop(longSop(8), { cache });
    parseSop(longSop(8), { cache });
    parseSop(longSop(8).replace('aisle 3', 'aisle three'), { cache });
    assert.ok(cache.size <= 25, `${cache.size} chunks kept after the document shrank`);
  });
});

describe('linting the same text twice without a cache (an approved SOP before and after its evidence is hashed)', () => {
  it('parses the Markdown once and finds the same issues', () => {
    forgetMemos();
    const text = longSop(30).replace('Call Ana Silva (Warehouse manager)', 'Call someone') + '\nGet approval before the count is booked.\n';
    const puts: number[] = [];
    const put = ParseCache.prototype.put;
    ParseCache.prototype.put = function (this: ParseCache, ...args: Parameters<ParseCache['put']>) {
      puts.push(1);
      return put.apply(this, args);
    };
    try {
      const first = lintSop({ text, filePath: '/work/sops/stock.sop.md' });
      const stored = puts.length;
      const second = lintSop({ text, filePath: '/work/sops/stock.sop.md' });
      assert.ok(stored > 10, `a first lint shares out its chunks (${stored})`);
      assert.equal(puts.length, stored, 'the second lint reuses every chunk');
      assert.deepEqual(
        second.issues.map((i) => [i.rule, i.range.start.line]),
        first.issues.map((i) => [i.rule, i.range.start.line]),
      );
      assert.ok(first.issues.length > 0, 'the text has something to find');
      lintSop({ text: text + '\nOne more line.\n', filePath: '/work/sops/stock.sop.md' });
      assert.ok(puts.length > stored, 'another text is parsed afresh');
    } finally {
      ParseCache.prototype.put = put;
    }
  });
});
