// Run time (bundled as dist/vendor/wink-eng-lite-web-model.js): wink's English model for the pipe ['pos'] that
// src/core/sop/clauses.ts builds, read from the compact files scripts/wink-model/write.mjs writes beside it.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const loadPOSModel = require('wink-eng-lite-web-model/dist/load-pos-model.js');
const loadCERMetaModel = require('wink-eng-lite-web-model/dist/load-cer-meta-model.js');
const featureFn = require('wink-eng-lite-web-model/dist/feature.js');

const DATA = join(__dirname, 'wink-eng-lite-web-model');

function words32(file) {
  const bytes = readFileSync(join(DATA, file));
  // A 32-bit view needs an aligned offset; a file read on its own usually has its own buffer, so this rarely copies.
  if (bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  return new Uint32Array(new Uint8Array(bytes).buffer);
}

/**
 * The model's words without 87,593 strings and an object keyed by them: `list[i]` cuts word i out of one string and
 * `hash[word]` finds it by binary search over the indexes sorted by word. Words the tagger meets that the model
 * lacks are added after them, as the package's list and object would take them (`push`, assignment).
 */
function lexemes() {
  const text = readFileSync(join(DATA, 'words.txt'), 'utf8');
  const sorted = words32('words-sorted.bin');
  const count = sorted.length;
  const starts = new Uint32Array(count + 1);
  for (let i = 1, at = text.indexOf('\u0000'); i < count; i++, at = text.indexOf('\u0000', at + 1)) starts[i] = at + 1;
  starts[count] = text.length + 1;
  const added = [];
  const addedIndex = new Map();

  const wordAt = (i) => text.slice(starts[i], starts[i + 1] - 1);
  /** Compares `word` with word i as `<` compares strings, without cutting word i out. */
  const compare = (word, i) => {
    const start = starts[i];
    const length = starts[i + 1] - 1 - start;
    const shared = Math.min(length, word.length);
    for (let k = 0; k < shared; k++) {
      const d = word.charCodeAt(k) - text.charCodeAt(start + k);
      if (d !== 0) return d;
    }
    return word.length - length;
  };
  const indexOf = (word) => {
    let lo = 0;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = compare(word, sorted[mid]);
      if (d === 0) return sorted[mid];
      if (d < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return addedIndex.get(word);
  };
  const unsupported = (what, key) =>
    new Error(
      `The compact English model's ${what} was asked for ${String(key)}, which scripts/wink-model/read.cjs does not provide: wink-nlp uses it in a new way; extend the reader.`,
    );
  const push = (word) => added.push(word) + count;

  const list = new Proxy([], {
    get(_target, key) {
      if (typeof key === 'symbol') return undefined;
      if (key === 'length') return count + added.length;
      if (key === 'push') return push;
      const i = Number(key);
      if (!Number.isInteger(i) || i < 0 || String(i) !== key) throw unsupported('word list', key);
      return i < count ? wordAt(i) : added[i - count];
    },
    set(_target, key) {
      throw unsupported('word list (to change)', key);
    },
  });
  const hash = new Proxy(Object.create(null), {
    get: (_target, key) => (typeof key === 'string' ? indexOf(key) : undefined),
    set(_target, key, index) {
      if (typeof key !== 'string' || indexOf(key) !== undefined) throw unsupported('word index (to change)', key);
      addedIndex.set(key, index);
      return true;
    },
  });
  return { list, hash, count };
}

/** What the package's read-core-model.js and load-core-model.js make of the model, apart from the words. */
function loadCoreModel() {
  const model = JSON.parse(readFileSync(join(DATA, 'model.json'), 'utf8'));
  const { packing, features, pos } = model;
  model.lexicon = words32('lexicon.bin');
  model.xpansions = words32('xpansions.bin');
  packing.efList = [];
  for (const f in packing.layout) {
    const [, mask, shift, packed, extractable] = packing.layout[f];
    if (packed === 0) {
      const feature = features[f];
      feature.hash = Object.create(null);
      for (let k = 0; k < feature.list.length; k += 1) feature.hash[feature.list[k]] = k;
      feature.intrinsicSize = feature.list.length;
      feature.index = feature.list.length;
      feature.maxIndex = mask >>> shift;
    }
    if (extractable === 1) packing.efList.push(f);
  }
  const { list, hash, count } = lexemes();
  features.lexeme = { list, hash, intrinsicSize: count, index: count };
  const clusters = features.posClusters.list;
  for (let k = 0; k < clusters.length; k += 1) clusters[k] = new Set(clusters[k].split('_').map((e) => pos.hash[e] || 0));
  return model;
}

/**
 * wink-nlp builds every part of the model whatever the pipe: the parts the pipe ['pos'] never runs (sentence
 * boundaries, entities, negation, sentiment) are empty here, and a pipe that asks for them fails with this message.
 */
const POS_ONLY = () => {
  throw new Error(
    "This English model is built for part-of-speech tagging only (the pipe ['pos']); scripts/wink-model/read.cjs leaves the other annotations out.",
  );
};
const EMPTY_MACHINE = JSON.stringify([100, 0, { 0: {} }, {}, {}, {}]);

const model = Object.create(null);
model.core = loadCoreModel;
model.sbd = () => ({ machines: [], setter: POS_ONLY, transformers: [] });
model.pos = loadPOSModel;
model.ner = () => ({ machines: [], transformers: [] });
model.negation = () => ({ machines: [EMPTY_MACHINE], setter: POS_ONLY });
model.sa = () => ({ machines: [EMPTY_MACHINE], setter: POS_ONLY });
model.metaCER = loadCERMetaModel;
model.featureFn = featureFn;
// Stemming, lemmas and readability are not used to tag: loaded only if asked for.
model.addons = Object.create(null);
Object.defineProperties(model.addons, {
  stem: { enumerable: true, get: () => require('wink-eng-lite-web-model/dist/porter-stemmer.js') },
  lemmatize: { enumerable: true, get: () => require('wink-eng-lite-web-model/dist/lemmatize.js') },
  readabilityStats: { enumerable: true, get: () => require('wink-eng-lite-web-model/dist/readability-stats.js') },
});
model.addons.wordVectors = undefined;
module.exports = model;
