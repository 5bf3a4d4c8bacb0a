import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import winkNLP from 'wink-nlp';
import packageModel from 'wink-eng-lite-web-model';
import { REPO } from './helpers';

/**
 * The product bundles tag sentences with the compact English model of dist/vendor/ (scripts/wink-model/), not the
 * package's own: it must tag every word exactly as the package's model does, so that gate findings cannot change.
 */
const COMPACT = resolve(REPO, 'dist/vendor/wink-eng-lite-web-model.js');
const PACKAGE_WORDS = resolve(REPO, 'node_modules/wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json');

type Model = typeof packageModel;
/** What the model's reader returns, as far as the words go. */
interface CoreModel {
  features: { lexeme: { list: string[]; hash: Record<string, number | undefined> } };
}

// Not bundled into the test: the built file itself, as the CLI and the editor load it.
const load = (path: string): unknown => require(path); // eslint-disable-line @typescript-eslint/no-require-imports

describe('the compact English model of the product bundles', function () {
  this.timeout(20_000);
  let compact: Model;
  before(function () {
    if (!existsSync(COMPACT)) throw new Error(`${COMPACT} is missing: build it with node esbuild.config.mjs`);
    compact = load(COMPACT) as Model;
  });

  it('tags approval gates, instructions and odd tokens exactly as the package model does', () => {
    const ours = winkNLP(compact, ['pos']);
    const theirs = winkNLP(packageModel, ['pos']);
    const sentences = [
      'Get sign-off from the Head of Finance before the supplier is paid.',
      "Don't merge the pull request until two maintainers in #infra-release have approved it.",
      'If the deploy fails, roll back and page the on-call SRE (pagerduty.example.com/oncall).',
      'Ask Małgorzata Nowak-Król to countersign the purchase order for €12,500.00 by 5 p.m. Friday.',
      "We'll publish v2.3.1-rc.2 once QA's LGTM is recorded; e-mail ops@example.org if it isn't.",
      'Restock the shelves: count, re-order, and log the SKUs (A-100, B-200) in stock.csv 🙂',
      'Zorblaxian frobnicators must be re-calibrated by the Chief Widgeteer.',
      'THE CONTROLLER MUST APPROVE ALL REFUNDS OVER $500',
    ];
    const tagged = (nlp: ReturnType<typeof winkNLP>, text: string) => {
      const tokens = nlp.readDoc(text).tokens();
      return { words: tokens.out(), pos: tokens.out(nlp.its.pos), type: tokens.out(nlp.its.type), normal: tokens.out(nlp.its.normal) };
    };
    for (const s of sentences) assert.deepEqual(tagged(ours, s), tagged(theirs, s), s);
    // Not two empty answers: "Get sign - off from the Head …".
    assert.deepEqual(tagged(ours, sentences[0]).pos.slice(0, 5), ['VERB', 'NOUN', 'PUNCT', 'ADP', 'ADP']);
  });

  it('finds every one of the model words at its own index, and words it lacks at none until added', () => {
    const words = (load(PACKAGE_WORDS) as { features: { lexeme: { list: string[] } } }).features.lexeme.list;
    const lexemes = (compact as unknown as { core(): CoreModel }).core().features.lexeme;
    assert.equal(lexemes.list.length, words.length);
    const wrong = words.filter((w, i) => lexemes.hash[w] !== i || lexemes.list[i] !== w);
    assert.deepEqual(wrong, []);
    for (const absent of ['zorblaxian', 'Approve ', '', '__proto__', 'toString', 'a'.repeat(100_000)])
      assert.equal(lexemes.hash[absent], undefined, absent.slice(0, 20));
    // As wink adds a word it meets: pushed on the list, then its index set.
    lexemes.hash.zorblaxian = lexemes.list.length;
    assert.equal(lexemes.list.push('zorblaxian'), words.length + 1);
    assert.equal(lexemes.hash.zorblaxian, words.length);
    assert.equal(lexemes.list[words.length], 'zorblaxian');
  });

  it('refuses the annotations it leaves out with a message that says so', () => {
    const nlp = winkNLP(compact, ['sbd', 'pos']);
    assert.throws(() => nlp.readDoc('Count the stock. Then order what is short.'), /part-of-speech tagging only/);
  });
});
