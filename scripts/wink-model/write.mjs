// Build time: writes wink's English model as the compact files that scripts/wink-model/read.cjs reads at run time.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const PACKAGE = dirname(require.resolve('wink-eng-lite-web-model/package.json'));

/** Folder under `<outdir>/vendor/` that holds the data files; read.cjs finds it beside itself. */
export const WINK_MODEL_DATA = 'wink-eng-lite-web-model';

/**
 * read.cjs does what these two files of the package do to the model, without their copies: a change to either
 * (an upgrade) fails the build here, so that read.cjs is compared with the new code before it ships.
 */
const READER_FINGERPRINTS = {
  'dist/read-core-model.js': '46bbcde837c8a6eeae97ebd0bfd48e47b98f362409dfc2fa9821703a3d88df31',
  'dist/load-core-model.js': '3e91e23419f93897fa7f737967aa71298b3c92ec7b735714170baa71d7ceb588',
};

async function checkReaders() {
  for (const [file, expected] of Object.entries(READER_FINGERPRINTS)) {
    const actual = createHash('sha256')
      .update(await readFile(join(PACKAGE, file)))
      .digest('hex');
    if (actual !== expected) {
      throw new Error(
        `wink-eng-lite-web-model/${file} changed (sha256 ${actual}): compare it with scripts/wink-model/read.cjs, update the reader, then its fingerprint in scripts/wink-model/write.mjs`,
      );
    }
  }
}

/**
 * The package's model is one 3 MB JSON: the lexicon as base64, and 87,593 words in a list that its reader turns into
 * an object keyed by word. Built as JavaScript, parsing it and building that object cost a lint process about 45 MB
 * at its peak. Here the lexicon and its contraction expansions become raw 32-bit words, the words one string (NUL
 * between them) with their indexes sorted by word for a binary search, and the rest stays JSON.
 */
export async function writeWinkModel(outdir) {
  await checkReaders();
  const model = JSON.parse(await readFile(join(PACKAGE, 'dist/languages/cur/models/eng-core-web-model.json'), 'utf8'));
  const words = model.features.lexeme.list;
  if (words.some((w) => w.includes('\u0000'))) throw new Error('a word of the English model holds a NUL: scripts/wink-model cannot join the words with it');
  if (new Set(words).size !== words.length) throw new Error('the English model lists a word twice: scripts/wink-model looks each word up once');
  // Ordered as JavaScript compares strings (UTF-16 code units), which is how read.cjs searches.
  const sorted = Uint32Array.from(words.keys()).sort((a, b) => (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : 0));
  const rest = { ...model, lexicon: undefined, xpansions: undefined, features: { ...model.features, lexeme: undefined } };

  const dir = join(outdir, 'vendor', WINK_MODEL_DATA);
  await mkdir(dir, { recursive: true });
  await Promise.all([
    writeFile(join(dir, 'model.json'), JSON.stringify(rest)),
    writeFile(join(dir, 'lexicon.bin'), Buffer.from(model.lexicon, 'base64')),
    writeFile(join(dir, 'xpansions.bin'), Buffer.from(model.xpansions, 'base64')),
    writeFile(join(dir, 'words.txt'), words.join('\u0000')),
    writeFile(join(dir, 'words-sorted.bin'), new Uint8Array(sorted.buffer)),
  ]);
}
