/**
 * Cold lint as a user runs it: a whole `sop lint` process (node dist/cli.js) beside a whole markdownlint-cli2 process on the
 * same input, a single SOP of 20, 200 and 2,000 steps and a folder of 500 SOPs, in interleaved runs; medians of wall time
 * and of each process's peak resident memory (getrusage, reported by the process itself on exit). Each pair runs side by
 * side, one process per core of a 2-core machine, so the bench stays short; --sequential runs them one after the other.
 *
 *   node out/test/bench/cli.js [--json] [--budget SECONDS] [--sequential]
 *   node out/test/bench/cli.js --prepare DIR     only writes the workspaces into DIR (to profile `sop lint` on them)
 *
 * Target: each `sop lint` no slower than markdownlint-cli2, with no more memory. Rounds go on while the case's share of
 * the time budget lasts (at least 3, 2 for the folder; at most 9), so the bench stays short on a slow, shared machine. CPU time is
 * reported beside wall time: on a busy machine it is the steadier of the two.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { generateSop } from './generate';
import { fmt, median, parseFlag, printRows } from './measure';

const REPO = resolve(__dirname, '../../..');
const CLI = join(REPO, 'dist/cli.js');
const MARKDOWNLINT_CLI2 = join(REPO, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');
const JSON_ONLY = process.argv.includes('--json');
const BUDGET_S = Number(parseFlag('--budget')) || 28;
const MIN_ROUNDS = 3;
const SEQUENTIAL = process.argv.includes('--sequential');
const MAX_ROUNDS = 9;

interface Case {
  name: string;
  workspace: string;
  /** What `sop lint` is given, relative to the workspace. */
  sopTarget: string;
  /** What markdownlint-cli2 is given (a glob for a folder), relative to the workspace. */
  markdownlintTarget: string;
  /** Share of the time budget. */
  share: number;
  minRounds: number;
}

interface Run {
  ms: number;
  cpuMs: number;
  rssMb: number;
}

export interface CliResult {
  files: number;
  bytes: number;
  sop_lint_ms: number;
  markdownlint_cli2_ms: number;
  time_vs_markdownlint: number;
  /** CPU time (user + system): steadier than wall time when the machine is busy. */
  sop_lint_cpu_ms: number;
  markdownlint_cli2_cpu_ms: number;
  cpu_vs_markdownlint: number;
  sop_lint_rss_mb: number;
  markdownlint_cli2_rss_mb: number;
  rss_vs_markdownlint: number;
  rounds: number;
}

/** Writes each SOP and, empty, every file it mentions: the workspace a team would have. */
function writeWorkspace(root: string, sops: Array<{ rel: string; steps: number; variant: number }>): number {
  const made = new Set<string>();
  const write = (rel: string, text: string) => {
    const abs = join(root, rel);
    const dir = dirname(abs);
    if (!made.has(dir)) mkdirSync(dir, { recursive: true });
    made.add(dir);
    writeFileSync(abs, text);
  };
  let bytes = 0;
  const mentioned = new Set<string>();
  for (const s of sops) {
    const sop = generateSop(s.steps, s.variant);
    write(s.rel, sop.text);
    bytes += Buffer.byteLength(sop.text);
    for (const f of sop.files) mentioned.add(f.endsWith('/') ? `${f}.keep` : f);
  }
  for (const f of mentioned) write(f, '');
  return bytes;
}

/** A child process's wall time, and its CPU time and peak RSS, which it writes on exit through a preloaded hook. */
function timedProcess(args: string[], cwd: string, hook: string, usageFile: string): Promise<Run> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', hook, ...args], {
      cwd,
      env: { ...process.env, SOP_BENCH_RSS_OUT: usageFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('error', fail);
    child.on('close', (status) => {
      const ms = performance.now() - t0;
      // Both tools exit 1 when they find problems; anything else is a failure to run.
      if (status !== 0 && status !== 1) return fail(new Error(`${args.slice(0, 3).join(' ')} failed (exit ${status}): ${stderr}`));
      const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
      done({ ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, rssMb: usage.maxRSS / 1024 });
    });
  });
}

async function main(): Promise<void> {
  const keep = parseFlag('--prepare');
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'sop-bench-cli-'));
  mkdirSync(dir, { recursive: true });
  try {
    const hook = join(dir, 'rss-hook.cjs');
    writeFileSync(hook, "process.on('exit', () => require('fs').writeFileSync(process.env.SOP_BENCH_RSS_OUT, JSON.stringify(process.resourceUsage())));\n");
    const usage = [join(dir, 'usage-sop'), join(dir, 'usage-markdownlint')];
    const cases: Case[] = [];
    const sizes: Record<string, { files: number; bytes: number }> = {};
    for (const steps of [20, 200, 2000]) {
      const ws = join(dir, `single-${steps}`);
      const rel = 'sops/monthly-close.sop.md';
      sizes[`single_${steps}_steps`] = { files: 1, bytes: writeWorkspace(ws, [{ rel, steps, variant: 0 }]) };
      cases.push({
        name: `single_${steps}_steps`,
        workspace: ws,
        sopTarget: rel,
        markdownlintTarget: rel,
        share: steps === 2000 ? 0.25 : 0.1,
        minRounds: MIN_ROUNDS,
      });
    }
    // A team's folder: mostly short SOPs, a few long ones, every one about a different piece of work.
    const folder = join(dir, 'folder-500');
    const sops = Array.from({ length: 500 }, (_, i) => ({
      rel: `sops/sop-${String(i).padStart(3, '0')}.sop.md`,
      steps: 3 + ((i * 37) % 12) + (i % 50 === 0 ? 60 : 0),
      variant: i + 1,
    }));
    sizes.folder_500_sops = { files: sops.length, bytes: writeWorkspace(folder, sops) };
    // A round costs ~7 s side by side here; one after the other, two rounds unless the budget allows more.
    cases.push({
      name: 'folder_500_sops',
      workspace: folder,
      sopTarget: 'sops',
      markdownlintTarget: 'sops/**/*.md',
      share: 0.55,
      minRounds: SEQUENTIAL ? 2 : 3,
    });

    if (keep) {
      console.log(`Wrote the workspaces to ${dir}: ${cases.map((c) => c.name).join(', ')}`);
      return;
    }
    const results: Record<string, CliResult> = {};
    for (const c of cases) {
      const sop = () => timedProcess([CLI, 'lint', '--format', 'json', '--workspace', c.workspace, c.sopTarget], c.workspace, hook, usage[0]);
      const mdl = () => timedProcess([MARKDOWNLINT_CLI2, c.markdownlintTarget], c.workspace, hook, usage[1]);
      const ours: Run[] = [];
      const theirs: Run[] = [];
      const t0 = performance.now();
      for (let i = 0; i < MAX_ROUNDS && (i < c.minRounds || performance.now() - t0 < BUDGET_S * 1000 * c.share); i++) {
        // Side by side (one core each) unless --sequential, and alternating which starts first: a busy moment on the
        // machine falls on both alike.
        const both = async (first: () => Promise<Run>, second: () => Promise<Run>): Promise<[Run, Run]> =>
          SEQUENTIAL ? [await first(), await second()] : Promise.all([first(), second()]);
        const [a, b] = i % 2 === 0 ? await both(sop, mdl) : (await both(mdl, sop)).reverse();
        ours.push(a);
        theirs.push(b);
      }
      const ms = median(ours.map((r) => r.ms));
      const mdMs = median(theirs.map((r) => r.ms));
      const cpu = median(ours.map((r) => r.cpuMs));
      const mdCpu = median(theirs.map((r) => r.cpuMs));
      const rss = median(ours.map((r) => r.rssMb));
      const mdRss = median(theirs.map((r) => r.rssMb));
      results[c.name] = {
        ...sizes[c.name],
        sop_lint_ms: ms,
        markdownlint_cli2_ms: mdMs,
        time_vs_markdownlint: ms / mdMs,
        sop_lint_cpu_ms: cpu,
        markdownlint_cli2_cpu_ms: mdCpu,
        cpu_vs_markdownlint: cpu / mdCpu,
        sop_lint_rss_mb: rss,
        markdownlint_cli2_rss_mb: mdRss,
        rss_vs_markdownlint: rss / mdRss,
        rounds: ours.length,
      };
    }
    if (JSON_ONLY) {
      process.stdout.write(JSON.stringify(results, null, 2) + '\n');
      return;
    }
    printCliTable(results);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

export function printCliTable(results: Record<string, CliResult>): void {
  console.log(
    `\nCold lint, whole process: node dist/cli.js lint vs markdownlint-cli2 (medians of interleaved runs, ${SEQUENTIAL ? 'one after the other' : 'side by side'})\n`,
  );
  const names = Object.keys(results);
  printRows([
    ['input', ...names],
    ['files / KB', ...names.map((n) => `${results[n].files} / ${Math.round(results[n].bytes / 1024)}`)],
    ['sop lint ms', ...names.map((n) => fmt(results[n].sop_lint_ms))],
    ['markdownlint-cli2 ms', ...names.map((n) => fmt(results[n].markdownlint_cli2_ms))],
    ['time ratio', ...names.map((n) => `${results[n].time_vs_markdownlint.toFixed(2)}×`)],
    ['sop lint CPU ms', ...names.map((n) => fmt(results[n].sop_lint_cpu_ms))],
    ['markdownlint-cli2 CPU ms', ...names.map((n) => fmt(results[n].markdownlint_cli2_cpu_ms))],
    ['CPU ratio', ...names.map((n) => `${results[n].cpu_vs_markdownlint.toFixed(2)}×`)],
    ['sop lint peak RSS MB', ...names.map((n) => fmt(results[n].sop_lint_rss_mb))],
    ['markdownlint-cli2 peak RSS MB', ...names.map((n) => fmt(results[n].markdownlint_cli2_rss_mb))],
    ['RSS ratio', ...names.map((n) => `${results[n].rss_vs_markdownlint.toFixed(2)}×`)],
    ['rounds', ...names.map((n) => String(results[n].rounds))],
  ]);
  console.log('');
  for (const n of names) {
    const r = results[n];
    const pass = r.time_vs_markdownlint <= 1 && r.rss_vs_markdownlint <= 1;
    console.log(
      `  ${pass ? 'PASS' : 'FAIL'}  ${n}: sop lint ≤ 1.0× markdownlint-cli2 in time (${r.time_vs_markdownlint.toFixed(2)}×) and memory (${r.rss_vs_markdownlint.toFixed(2)}×)`,
    );
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
