// `npm run bench`: the lint-side figures of "fast on real workspaces", in about a minute on a quiet 2-core machine:
// activation (require of the extension bundle), lint in the editor's process with re-lint after an edit at 20 to 4,100
// steps, and whole-process `sop lint` beside markdownlint-cli2. Each part prints as soon as it is measured.
//   npm run bench -- --json     only one JSON object, keyed by measurement (activation, lint_in_process, cli_lint, ...)
//   npm run bench -- --more     adds review and export times, the safety checks and lint on the published SOPs
//   npm run bench:draft         the evidence walk beside `git ls-files` and streaming into a real editor (minutes)
//   npm run bench:all           everything
// Builds dist/ and only the benchmark bundles (not every test), so it can run while tests are being edited.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { reuseMarkdownCompileContext } from '../../scripts/esbuild-plugins.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const all = args.includes('--all');
const lintSide = all || !args.includes('--draft');
const more = all || args.includes('--more');
const draft = all || args.includes('--draft');
const started = performance.now();
// In --json mode stdout carries the JSON only: progress goes to stderr.
const say = (line) => (json ? process.stderr : process.stdout).write(line + '\n');

function build() {
  const dist = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  if (dist.status !== 0) process.exit(dist.status ?? 1);
  const bench = ['activation', 'bench', 'cli', 'corpus', 'review', 'safety', 'evidence'].map((n) => `test/bench/${n}.ts`);
  const host = draft
    ? readdirSync(join(repo, 'test/bench/host/streaming'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `test/bench/host/streaming/${f}`)
    : [];
  return esbuild.build({
    absWorkingDir: repo,
    entryPoints: [...bench, ...host],
    outdir: 'out/test',
    outbase: 'test',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    mainFields: ['module', 'main'],
    plugins: [reuseMarkdownCompileContext],
    external: ['vscode', 'mocha', 'playwright-core', 'markdownlint', 'markdownlint/*'],
  });
}

/** Runs one benchmark; with --json returns its parsed JSON, else lets it print its table. */
function bench(name, extra = []) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(repo, 'out/test/bench', `${name}.js`), ...extra, ...(json ? ['--json'] : [])], {
    cwd: repo,
    stdio: json ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) {
    console.error(`the ${name} benchmark failed (exit ${r.status}); run node out/test/bench/${name}.js to see why`);
    process.exit(r.status ?? 1);
  }
  say(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return json ? JSON.parse(r.stdout) : undefined;
}

function streaming() {
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-stream-'));
  const out = join(dir, 'streaming.json');
  try {
    const log = spawnSync(process.execPath, ['test/host/run-integration.mjs'], {
      cwd: repo,
      env: { ...process.env, SOP_TEST_SUITES: 'bench', SOP_BENCH_OUT: out },
      encoding: 'utf8',
    });
    if (log.status !== 0) {
      console.error(log.stdout.slice(-3000));
      throw new Error('the streaming benchmark failed in the extension host');
    }
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printStreaming(s) {
  console.log(`\nStreaming into the editor (${s.tokens} tokens at ${s.tokens_per_second} tokens/s from a local OpenAI-compatible server)`);
  const pass = s.first_token_to_first_char_ms <= 50 ? 'PASS' : 'FAIL';
  console.log(`  provider's first token → first character in the document   ${s.first_token_to_first_char_ms} ms  (target ≤ 50 ms: ${pass})`);
  console.log(`  document behind the stream, at most / on average            ${s.max_lag_ms} ms / ${s.mean_lag_ms} ms`);
  console.log(
    `  keeps up at ${s.tokens_per_second} tokens/s (never more than 250 ms behind)       ${s.keeps_up ? 'yes' : 'no'}  (${s.total_seconds} s for a ${s.stream_seconds} s stream)`,
  );
}

await build();
say(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const results = {};
if (lintSide) {
  results.activation = bench('activation');
  results.lint_in_process = bench('bench');
  results.cli_lint = bench('cli');
}
if (more) {
  results.review_export = bench('review');
  results.safety = bench('safety');
  results.published_sops = bench('corpus');
}
if (draft) {
  results.evidence_walk = bench('evidence');
  results.streaming = streaming();
  if (!json) printStreaming(results.streaming);
}
const seconds = (performance.now() - started) / 1000;
if (json) process.stdout.write(JSON.stringify({ ...results, bench_seconds: Math.round(seconds * 10) / 10 }, null, 2) + '\n');
else console.log(`\nnpm run bench took ${seconds.toFixed(1)} s`);
