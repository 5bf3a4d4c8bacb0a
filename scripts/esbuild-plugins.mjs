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
