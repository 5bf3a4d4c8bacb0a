/**
 * What loading the extension costs before it can do anything: `require` of the bundle VS Code loads (package.json's
 * "main") in a fresh node process, with a stub for the `vscode` module, as the median of several processes. Everything
 * the bundle loads at the top level is in this figure; what it loads on first use is not.
 *
 *   node out/test/bench/activation.js [--json] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fmt, median, parseFlag } from './measure';

const REPO = resolve(__dirname, '../../..');
const JSON_ONLY = process.argv.includes('--json');
const RUNS = Number(parseFlag('--runs')) || 7;

export interface ActivationResult {
  bundle: string;
  bundle_kb: number;
  require_ms: number;
  require_cpu_ms: number;
  process_ms: number;
  rss_mb: number;
  runs: number;
}

/**
 * The names the vscode module exports (from its type declarations; the bundle copies them one by one), each a function
 * that is also a class and whose every property is the same kind of stub: enough for top-level code.
 */
function vscodeStub(): string {
  const types = readFileSync(join(REPO, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
  const names = [...new Set([...types.matchAll(/^(?:\t| {4})export (?:namespace|class|enum|const|function|let) ([A-Za-z_]\w{0,80})/gm)].map((m) => m[1]))];
  return `const stub = new Proxy(function () {}, {
  get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : stub),
  apply: () => stub,
  construct: () => stub,
});
for (const name of ${JSON.stringify(names)}) exports[name] = stub;
`;
}

const CHILD = `const Module = require('module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? process.env.SOP_BENCH_VSCODE_STUB : resolveFilename.call(this, request, ...rest);
};
const cpu0 = process.cpuUsage();
const t0 = performance.now();
require(process.env.SOP_BENCH_BUNDLE);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rssKb: process.resourceUsage().maxRSS }));
`;

export function measureActivation(runs = RUNS): ActivationResult {
  const main = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { main: string }).main;
  const bundle = resolve(REPO, main);
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-activation-'));
  try {
    writeFileSync(join(dir, 'vscode.js'), vscodeStub());
    writeFileSync(join(dir, 'child.js'), CHILD);
    const env = { ...process.env, SOP_BENCH_VSCODE_STUB: join(dir, 'vscode.js'), SOP_BENCH_BUNDLE: bundle };
    const samples: Array<{ ms: number; cpuMs: number; rssKb: number; processMs: number }> = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(dir, 'child.js')], { env, encoding: 'utf8' });
      const processMs = performance.now() - t0;
      if (r.status !== 0) throw new Error(`require of ${bundle} with a stub vscode failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
      // The first process also warms the file system cache: not counted.
      if (i > 0) samples.push({ ...(JSON.parse(r.stdout) as { ms: number; cpuMs: number; rssKb: number }), processMs });
    }
    return {
      bundle: main,
      bundle_kb: Math.round(readFileSync(bundle).length / 1024),
      require_ms: median(samples.map((s) => s.ms)),
      require_cpu_ms: median(samples.map((s) => s.cpuMs)),
      process_ms: median(samples.map((s) => s.processMs)),
      rss_mb: median(samples.map((s) => s.rssKb / 1024)),
      runs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printActivation(r: ActivationResult): void {
  console.log(`\nActivation: require of ${r.bundle} (${r.bundle_kb} KB) with a stub vscode, fresh process, median of ${r.runs}`);
  console.log(`  require ${fmt(r.require_ms)} ms (${fmt(r.require_cpu_ms)} ms CPU), whole process ${fmt(r.process_ms)} ms, peak RSS ${fmt(r.rss_mb)} MB`);
}

if (require.main === module) {
  const r = measureActivation();
  if (JSON_ONLY) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  else printActivation(r);
}
