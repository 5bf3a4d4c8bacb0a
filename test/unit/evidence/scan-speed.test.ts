import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { fcRuns } from '../fcRuns';
import { isPreviousSop } from '../../../src/core/evidence/classify';
import { extractMarkdown, extractPreviousSop } from '../../../src/core/evidence/extract/document';
import { matchesOf } from '../../../src/core/evidence/secrets/matches';
import { buildMessages } from '../../../src/core/draft/prompt';
import { createOfflineProvider } from '../../../src/core/draft/providers/offline';
import { collectSelection, draftSelection, planDraft } from '../../../src/core/usecases/draft';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { ACME } from '../helpers';

/** What `text.matchAll(re)` gives, in the shape the secret rules read. */
const viaMatchAll = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => ({ at: m.index, groups: [...m], indices: m.indices }));
const viaMatchesOf = (re: RegExp, text: string) => matchesOf(re, text).map((m) => ({ at: m.index, groups: [...m], indices: m.indices }));

describe('evidence: scanning many files quickly, with the same findings', () => {
  // Patterns of the shapes the secret rules use: lookbehinds, optional groups, empty matches, unicode, indices.
  const patterns = [
    /(?<![\w-])-p(?:[ \t]+|(?=[^\s-]))(\S{1,20})/dg,
    /\bpass(?:word)?[ \t]*[:=][ \t]*(\S{0,20})/gi,
    /x*/g,
    /(?:)/gu,
    /\p{L}?/gu,
    /[^,\n]{0,6}(?=,|$)/gm,
  ];
  const text = fc.string({ unit: fc.constantFrom('a', 'x', 'p', '-', ' ', ':', '=', ',', '\n', 'é', '😀', 'word', 'pass', '-p') });

  it('finds what matchAll finds, for every rule shape, empty matches and surrogate pairs included', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...patterns), (t, re) => {
        assert.deepEqual(viaMatchesOf(re, t), viaMatchAll(re, t));
      }),
      fcRuns(400),
    );
  });

  it('starts where the pattern stands and leaves it there, as matchAll does, and refuses a pattern without g', () => {
    const re = /run_\w+/g;
    re.lastIndex = 10;
    const line = 'run_all.sh then run_fetch.sh';
    assert.deepEqual(
      matchesOf(re, line).map((m) => m[0]),
      [...line.matchAll(re)].map((m) => m[0]),
    );
    assert.deepEqual(
      matchesOf(re, line).map((m) => m[0]),
      ['run_fetch'],
    );
    assert.equal(re.lastIndex, 10);
    assert.throws(() => matchesOf(/run_\w+/, line), /global pattern/);
  });

  it('reads a note once for both questions: is it an earlier SOP, and what are its headings', () => {
    const note = '# Run of 2026-11-24\n\n## What happened\n\nRan `bash scripts/run_all.sh 2026-11-24` at 06:10; the totals matched.\n';
    const sop = '# Refunds\n\n## Purpose\n\nPay back a customer.\n\n## Steps\n\n1. Open the refund queue.\n2. Approve refunds under 50 EUR.\n';
    // Asked in turn, as the walk asks them, and out of turn: each answer is the one for the text given.
    assert.equal(isPreviousSop('notes/run.md', note), false);
    assert.deepEqual(extractMarkdown(note).headings, ['Run of 2026-11-24', 'What happened']);
    assert.equal(isPreviousSop('notes/refunds.md', sop), true);
    assert.deepEqual(extractMarkdown(note).headings, ['Run of 2026-11-24', 'What happened']);
    assert.deepEqual(extractPreviousSop(sop).steps, ['Open the refund queue.', 'Approve refunds under 50 EUR.']);
  });

  it('builds the prompt of a draft only when a provider reads it, and the same prompt as before', async () => {
    const ws = createNodeWorkspace(ACME);
    const selection = await draftSelection(ws, ACME, [`${ACME}/scripts`]);
    const bundle = await collectSelection(ws, selection);
    const plan = await planDraft(ws, selection, bundle, { images: false, provider: createOfflineProvider(), now: new Date('2026-11-30T09:00:00Z') });
    const expected = buildMessages(bundle, { audience: plan.request.audience, title: plan.request.title, workdir: selection.workdir, includeImages: false });
    assert.deepEqual(plan.request.messages, expected);
    assert.equal(plan.request.messages, plan.request.messages, 'built once');
    const repaired = [{ role: 'user' as const, content: 'Fix the two lint findings.' }];
    plan.request.messages = repaired;
    assert.deepEqual({ ...plan.request }.messages, repaired);
  });
});
