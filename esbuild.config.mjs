// Bundles the extension, the `sop` CLI and (with --tests) the test and benchmark entry points.
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { requireVendored, reuseMarkdownCompileContext, vendorBuild } from './scripts/esbuild-plugins.mjs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // remark's packages are ESM-only; bundling makes them loadable from the CommonJS extension host.
  mainFields: ['module', 'main'],
  plugins: [reuseMarkdownCompileContext],
};

function entries(dir, pattern) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (pattern.test(name)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

// The extension and the CLI load drafting's libraries and the tagger's model from dist/vendor/ on first use (see
// requireVendored); `import()` becomes `require()`, which VS Code's extension host and a plain node both resolve.
const product = { ...common, plugins: [...common.plugins, requireVendored()], supported: { 'dynamic-import': false } };
const builds = [
  { ...product, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...product, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  vendorBuild(common, 'dist'),
];

if (args.has('--tests')) {
  builds.push({
    ...common,
    entryPoints: [...entries('test/unit', /\.test\.ts$/), ...entries('test/integration', /\.ts$/), ...entries('test/bench', /\.ts$/)],
    outdir: 'out/test',
    outbase: 'test',
    external: ['vscode', 'mocha', 'playwright-core', 'markdownlint', 'markdownlint/*'],
  });
}

// The evaluations (published SOPs, drafts of the work fixtures) and the rule-docs generator: bundled like the product, so they measure and read the same code.
if (args.has('--scripts')) {
  builds.length = 0;
  builds.push({
    ...common,
    entryPoints: ['scripts/eval-corpus.ts', 'scripts/eval-drafts.ts', 'scripts/generate-rules.ts'],
    outdir: 'out/scripts',
    outbase: 'scripts',
  });
}

if (args.has('--watch')) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
