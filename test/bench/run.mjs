// `npm run bench`: the lint benchmark (per document size), review and export times, the safety checks' cost, the evidence walk beside `git ls-files`, and
// streaming into a real editor at 200 tokens/s. `-- --json` prints only the lint figures, keyed by
// document size; `npm run bench:draft -- --json` prints the evidence and streaming figures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.includes('--draft') ? 'draft' : args.includes('--lint') ? 'lint' : 'all';

function run(cmd, cmdArgs, env = {}) {
  const r = spawnSync(cmd, cmdArgs, { stdio: json ? ['ignore', 'pipe', 'inherit'] : 'inherit', env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
  return r.stdout;
}

function streaming() {
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-stream-'));
  const out = join(dir, 'streaming.json');
  try {
    const log = spawnSync('node', ['test/host/run-integration.mjs'], {
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

if (json) {
  if (only === 'draft') {
    const evidence = JSON.parse(run('node', ['out/test/bench/evidence.js', '--json']));
    console.log(JSON.stringify({ evidence_walk: evidence, streaming: streaming() }, null, 2));
  } else {
    process.stdout.write(run('node', ['out/test/bench/bench.js', '--json']));
  }
} else {
  if (only !== 'draft') run('node', ['out/test/bench/bench.js']);
  if (only !== 'draft') run('node', ['out/test/bench/corpus.js']);
  if (only !== 'draft') run('node', ['out/test/bench/review.js']);
  if (only !== 'draft') run('node', ['out/test/bench/safety.js']);
  if (only !== 'lint') {
    run('node', ['out/test/bench/evidence.js']);
    const s = streaming();
    console.log(`\nStreaming into the editor (${s.tokens} tokens at ${s.tokens_per_second} tokens/s from a local OpenAI-compatible server)`);
    console.log(
      `  provider's first token → first character in the document   ${s.first_token_to_first_char_ms} ms  (target ≤ 50 ms: ${s.first_token_to_first_char_ms <= 50 ? 'PASS' : 'FAIL'})`,
    );
    console.log(`  document behind the stream, at most / on average            ${s.max_lag_ms} ms / ${s.mean_lag_ms} ms`);
    console.log(
      `  keeps up at ${s.tokens_per_second} tokens/s (never more than 250 ms behind)       ${s.keeps_up ? 'yes' : 'no'}  (${s.total_seconds} s for a ${s.stream_seconds} s stream)`,
    );
  }
}
