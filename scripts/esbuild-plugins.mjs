// esbuild plugins shared by every bundle of SOP Builder.
import { readFile } from 'node:fs/promises';

/**
 * mdast-util-from-markdown copies its whole compile context into a new object for every micromark event (three
 * spreads per event), only to attach that event's `sliceSerialize`. On a 200-step SOP that is ~50,000 copies and
 * about a fifth of a cold parse. No handler of the packages we bundle assigns to `this` (they mutate the shared
 * stack, token stack and data objects the copies point to), so one context object, its `sliceSerialize` set before
 * each call, behaves the same. The build fails if the package no longer has the code this rewrites, so an upgrade
 * is noticed instead of silently losing the rewrite.
 */
export const reuseMarkdownCompileContext = {
  name: 'reuse-markdown-compile-context',
  setup(build) {
    build.onLoad({ filter: /[\\/]mdast-util-from-markdown[\\/]lib[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const loop = /(\n([ \t]*)events = prepared;\n\s*index = -1;\n\s*while \(\+\+index < events\.length\) \{\n)/;
      const copy = /\{\s*\.\.\.context,\s*sliceSerialize: events\[index\]\[2\]\.sliceSerialize\s*\}/g;
      const copies = source.match(copy)?.length ?? 0;
      if (!loop.test(source) || copies !== 3) {
        throw new Error(`${args.path}: the compile loop changed (found ${copies} context copies); update scripts/esbuild-plugins.mjs`);
      }
      const contents = source
        .replace(loop, (_m, head, indent) => `${head}${indent}  eventContext.sliceSerialize = events[index][2].sliceSerialize;\n`)
        .replace(/(\n[ \t]*)events = prepared;/, '$1events = prepared;$1const eventContext = {...context, sliceSerialize: undefined};')
        .replace(copy, 'eventContext');
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Libraries that only some commands or some documents need (drafting's model client and document readers, the
 * sentence tagger and its 3 MB English model) are built into files of their own under `<outdir>/vendor/`, and the
 * product bundles `require` them from there, so starting `sop lint` or the editor neither parses nor runs them. The
 * source loads them on first use (`await import(...)`, or a `require` inside the function that needs them), which
 * keeps them lazy in every bundle; this only moves their code out of the file that is read at start.
 */
export const VENDORED = [
  'openai',
  'mammoth',
  'postal-mime',
  'read-excel-file/universal',
  'html-to-text',
  'csv-parse/sync',
  'image-size',
  'wink-nlp',
  'wink-eng-lite-web-model',
];

const vendorFile = (spec) => `vendor/${spec.replace(/^@/, '').replace(/\//g, '-')}.js`;
const exactly = (specs) => new RegExp(`^(${specs.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);

/** For the product bundles: an import of a vendored library from our own code becomes `require('./vendor/<name>.js')`. */
export function requireVendored(specs = VENDORED) {
  return {
    name: 'require-vendored',
    setup(build) {
      build.onResolve({ filter: exactly(specs) }, (args) =>
        /[\\/]node_modules[\\/]/.test(args.importer) ? undefined : { path: `./${vendorFile(args.path)}`, external: true },
      );
    },
  };
}

/**
 * wink's English model reader deep-copies the whole 3 MB model (JSON.stringify then JSON.parse, about 30 ms) before
 * unpacking it, so that a second tagger could unpack the pristine copy again. SOP Builder builds one tagger per
 * process (src/core/sop/clauses.ts), so the vendored model is unpacked in place, and a second read fails loudly
 * instead of unpacking an already unpacked model. The build fails if the reader no longer has the copy.
 */
export const readWinkModelOnce = {
  name: 'read-wink-model-once',
  setup(build) {
    build.onLoad({ filter: /[\\/]wink-eng-lite-web-model[\\/]dist[\\/]read-core-model\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const copy = 'JSON.parse(JSON.stringify(originalModel))';
      if (source.split(copy).length !== 2) throw new Error(`${args.path}: the model reader changed; update scripts/esbuild-plugins.mjs`);
      const once =
        '\nfunction takeModelOnce() {\n' +
        "  if (takeModelOnce.taken) throw new Error('The English model was unpacked in place and can be read once per process: build one tagger (src/core/sop/clauses.ts).');\n" +
        '  takeModelOnce.taken = true;\n  return originalModel;\n}\n';
      return { contents: source.replace(copy, 'takeModelOnce()') + once, loader: 'js' };
    });
  },
};

/** The build options for the vendored files: one CommonJS file per library, exporting what `require(<name>)` returns. */
export function vendorBuild(common, outdir, specs = VENDORED) {
  return {
    ...common,
    plugins: [
      ...(common.plugins ?? []),
      readWinkModelOnce,
      {
        name: 'vendor-entries',
        setup(build) {
          build.onResolve({ filter: /^vendor-entry:/ }, (args) => ({ path: args.path.slice('vendor-entry:'.length), namespace: 'vendor-entry' }));
          build.onLoad({ filter: /.*/, namespace: 'vendor-entry' }, (args) => ({
            contents: `module.exports = require(${JSON.stringify(args.path)});`,
            resolveDir: process.cwd(),
            loader: 'js',
          }));
        },
      },
    ],
    entryPoints: specs.map((spec) => ({ in: `vendor-entry:${spec}`, out: vendorFile(spec).replace(/\.js$/, '') })),
    outdir,
  };
}
