// esbuild plugins shared by every bundle of SOP Builder.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { writeWinkModel } from './wink-model/write.mjs';

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
 * sentence tagger and its English model) are built into files of their own under `<outdir>/vendor/`, and the
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

/**
 * Libraries whose objects pass between them and our code go into one file per group, so that each module exists
 * once: `sop mcp`'s SDK checks the zod schemas our tools declare and throws the McpError our code tells apart. The
 * file exports the names of all the group's modules; loading it fails if two of them export one name differently.
 */
export const VENDOR_GROUPS = {
  'mcp-sdk': ['@modelcontextprotocol/sdk/server/mcp.js', '@modelcontextprotocol/sdk/server/stdio.js', '@modelcontextprotocol/sdk/types.js', 'zod'],
};
/** Packages of a group: an import of one of their other modules from our code would make a second copy, so the build refuses it. */
const GROUP_PACKAGES = /^(@modelcontextprotocol\/sdk|zod)(\/|$)/;

const groupOf = (spec, groups) => Object.keys(groups).find((g) => groups[g].includes(spec));
const vendorFile = (spec, groups = VENDOR_GROUPS) => `vendor/${(groupOf(spec, groups) ?? spec).replace(/^@/, '').replace(/\//g, '-')}.js`;
const exactly = (specs) => new RegExp(`^(${specs.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);

/** For the product bundles: an import of a vendored library from our own code becomes `require('./vendor/<name>.js')`. */
export function requireVendored(specs = VENDORED, groups = VENDOR_GROUPS) {
  return {
    name: 'require-vendored',
    setup(build) {
      build.onResolve({ filter: exactly([...specs, ...Object.values(groups).flat()]) }, (args) =>
        /[\\/]node_modules[\\/]/.test(args.importer) ? undefined : { path: `./${vendorFile(args.path, groups)}`, external: true },
      );
      build.onResolve({ filter: GROUP_PACKAGES }, (args) =>
        /[\\/]node_modules[\\/]/.test(args.importer)
          ? undefined
          : {
              errors: [
                {
                  text: `${args.path} is not in a vendored group: add it to VENDOR_GROUPS in scripts/esbuild-plugins.mjs, so that it shares the group's one copy`,
                },
              ],
            },
      );
    },
  };
}

/** The entry of a group's file: every module's exports in one object, a name exported twice refused. */
function groupEntry(group, specs) {
  return [
    `const modules = { ${specs.map((spec) => `${JSON.stringify(spec)}: require(${JSON.stringify(spec)})`).join(', ')} };`,
    'const merged = {};',
    'const from = {};',
    'for (const [spec, exported] of Object.entries(modules)) {',
    '  for (const name of Object.keys(exported)) {',
    "    if (name === 'default') continue;",
    '    if (Object.hasOwn(merged, name) && merged[name] !== exported[name])',
    `      throw new Error(\`vendor/${group}.js: \${from[name]} and \${spec} both export "\${name}"; give one of them a file of its own in scripts/esbuild-plugins.mjs (VENDOR_GROUPS)\`);`,
    '    merged[name] = exported[name];',
    '    from[name] = spec;',
    '  }',
    '}',
    'module.exports = merged;',
  ].join('\n');
}

/**
 * The tagger's English model is not the package's own entry but scripts/wink-model/read.cjs, which reads the model
 * from compact files written beside it at build time (scripts/wink-model/write.mjs says why): the same model at
 * about a tenth of the memory.
 */
const VENDOR_ENTRY_OVERRIDES = { 'wink-eng-lite-web-model': fileURLToPath(new URL('./wink-model/read.cjs', import.meta.url)) };

/** The build options for the vendored files: one CommonJS file per library, exporting what `require(<name>)` returns. */
export function vendorBuild(common, outdir, specs = VENDORED, groups = VENDOR_GROUPS) {
  return {
    ...common,
    plugins: [
      ...(common.plugins ?? []),
      {
        name: 'vendor-entries',
        setup(build) {
          if (specs.includes('wink-eng-lite-web-model')) build.onStart(() => writeWinkModel(outdir));
          build.onResolve({ filter: /^vendor-(entry|group):/ }, (args) => ({
            path: args.path.replace(/^vendor-(entry|group):/, ''),
            namespace: args.path.split(':')[0],
          }));
          build.onLoad({ filter: /.*/, namespace: 'vendor-entry' }, (args) => ({
            contents: `module.exports = require(${JSON.stringify(VENDOR_ENTRY_OVERRIDES[args.path] ?? args.path)});`,
            resolveDir: process.cwd(),
            loader: 'js',
          }));
          build.onLoad({ filter: /.*/, namespace: 'vendor-group' }, (args) => ({
            contents: groupEntry(args.path, groups[args.path]),
            resolveDir: process.cwd(),
            loader: 'js',
          }));
        },
      },
    ],
    entryPoints: [
      ...specs.map((spec) => ({ in: `vendor-entry:${spec}`, out: vendorFile(spec).replace(/\.js$/, '') })),
      ...Object.keys(groups).map((group) => ({ in: `vendor-group:${group}`, out: vendorFile(group, {}).replace(/\.js$/, '') })),
    ],
    outdir,
  };
}
