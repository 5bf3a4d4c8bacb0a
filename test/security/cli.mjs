import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs the built `sop` CLI as a user would, in a child process with a wall-clock limit, and measures
 * its peak memory with GNU time when the machine has it. Nothing is shared with the process under test.
 */

export const TIMEOUT_MS = 20_000;
const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);
const reportDir = mkdtempSync(join(tmpdir(), 'sop-security-time-'));
let reportSeq = 0;

/** At most this many CLI processes at once: the machine has two cores and timings must mean something. */
const MAX_PARALLEL = 2;
let running = 0;
const waiting = [];

async function slot() {
  if (running < MAX_PARALLEL) {
    running++;
    return;
  }
  await new Promise((r) => waiting.push(r));
  running++;
}

function release() {
  running--;
  waiting.shift()?.();
}

export function cleanupTimeReports() {
  rmSync(reportDir, { recursive: true, force: true });
}

/**
 * `{ code, signal, stdout, stderr, ms, rssMB, timedOut }` for `node <cli> ...args` run in `cwd`.
 * The heap is capped at 2 GB so a runaway input cannot take the shared machine down; a run that
 * needs more counts as a crash anyway (the crash threshold is 1 GB).
 */
export async function runCli(cli, args, { cwd, timeoutMs = TIMEOUT_MS } = {}) {
  await slot();
  try {
    const report = join(reportDir, `t${++reportSeq}.txt`);
    const nodeArgs = ['--max-old-space-size=2048', cli, ...args];
    const [cmd, argv] = hasGnuTime ? [GNU_TIME, ['-v', '-o', report, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', OPENAI_API_KEY: '' } });
    const out = [];
    const err = [];
    let outBytes = 0;
    // Keep at most 64 MB of output: a CLI that prints without end must not take this runner with it.
    const keep = (list) => (chunk) => {
      if (outBytes < 64 * 1024 * 1024) list.push(chunk);
      outBytes += chunk.length;
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole process group this runner started: GNU time and the node under it.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    const { code, signal } = await new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    clearTimeout(timer);
    const ms = performance.now() - started;
    let rssMB;
    let exit = code;
    if (hasGnuTime && existsSync(report)) {
      const text = readFileSync(report, 'utf8');
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
      if (rss) rssMB = Number(rss[1]) / 1024;
      const sig = /Command terminated by signal (\d+)/.exec(text);
      if (sig) exit = 128 + Number(sig[1]);
    }
    return { code: exit, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms, rssMB, timedOut };
  } finally {
    release();
  }
}

/** Why a run counts as a crash, or undefined: the failure modes a user would call "it broke". */
export function crashReason(run) {
  if (run.timedOut) return `timed out after ${Math.round(TIMEOUT_MS / 1000)} s`;
  if (run.rssMB !== undefined && run.rssMB > 1024) return `used ${Math.round(run.rssMB)} MB`;
  if (/Maximum call stack size exceeded/.test(run.stderr + run.stdout)) return 'Maximum call stack size exceeded';
  if (/^\s+at .+\(.*:\d+:\d+\)$/m.test(run.stderr)) return 'stack trace on stderr';
  if (run.code !== 0 && run.code !== 1) {
    const lines = run.stderr.trim().split('\n').filter(Boolean);
    if (run.code === null || run.code > 2) return `killed or aborted (exit ${run.code ?? run.signal})`;
    if (lines.length === 0) return `exit ${run.code} without a message`;
    if (lines.length > 3 || lines[0].length > 400) return `exit ${run.code} with an unclear message`;
  }
  return undefined;
}
