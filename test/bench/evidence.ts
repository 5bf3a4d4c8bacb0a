// Benchmark: the evidence walk and `sop lint`'s file index on generated work folders of 20,000 and 100,000
// files, beside `git ls-files -co --exclude-standard` and `rg --files` on the same tree, in interleaved runs
// (medians; the machine is shared, so the ratios are the figures to read).
// It also times `sop draft --provider offline` on work folders of 500, 1,000 and 2,000 files (npm run bench -- --draft).
// `node out/test/bench/evidence.js [--json] [--files N[,N...]] [--runs N]`; --json prints one JSON object only.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectEvidence, listEvidence } from '../../src/core/evidence/collect';
import { indexWorkspace } from '../../src/core/workspace/walk';
import { createNodeWorkspace } from '../../src/node/nodeWorkspace';
import { toPosix } from '../../src/core/workspace/paths';

const args = process.argv.slice(2);
const json = args.includes('--json');
const argOf = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const SIZES = (argOf('--files') ?? '20000,100000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const RUNS = Number(argOf('--runs')) || 5;

/**
 * A work folder as teams keep them: scripts with Python caches, notes, mail, HTML reports, and the big
 * folders git is told to ignore (monthly exports, a vendored copy of libraries, logs) beside node_modules.
 * Each kind sits in folders of a few dozen files, as people file them.
 */
const KINDS: Array<{ share: number; file: (i: number) => [string, string] }> = [
  { share: 26, file: (i) => [`exports/2026-${pad((i % 12) + 1)}/region-${i % 9}/orders-${i}.csv`, `id,amount\n${i},${(i * 1.37).toFixed(2)}\n`] },
  { share: 14, file: (i) => [`vendor/lib-${i % 60}/src/part-${(i >> 4) % 8}/mod_${i}.py`, `VALUE = ${i}\n`] },
  { share: 10, file: (i) => [`node_modules/pkg-${i % 80}/lib/index-${i}.js`, `module.exports = ${i};\n`] },
  { share: 10, file: (i) => [`scripts/team-${i % 40}/job_${i}.py`, `import sys\nif len(sys.argv) > 3:\n    sys.exit(2)\nprint(${i})\n`] },
  { share: 4, file: (i) => [`scripts/team-${i % 40}/__pycache__/job_${i}.cpython-312.pyc`, `\u0000bytecode ${i}`] },
  { share: 14, file: (i) => [`notes/${2024 + (i % 3)}/week-${i % 52}/note-${i}.md`, `# Note ${i}\n\nRan the export and checked the totals.\n`] },
  { share: 10, file: (i) => [`mail/2026/${pad((i % 12) + 1)}/${i % 28}/msg-${i}.eml`, `From: ops@example.com\nSubject: run ${i}\n\nDone.\n`] },
  { share: 6, file: (i) => [`logs/${i % 30}/run-${i}.log`, `started ${i}\nfinished ${i}\n`] },
  { share: 6, file: (i) => [`reports/q${(i % 4) + 1}/${i % 20}/report-${i}${i % 5 === 0 ? '.draft' : ''}.html`, `<h1>Report ${i}</h1><p>Totals match.</p>\n`] },
];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function generate(root: string, files: number): void {
  writeFileSync(join(root, '.gitignore'), 'exports/\nvendor/\n*.log\n__pycache__/\nnode_modules/\n');
  mkdirSync(join(root, 'reports'), { recursive: true });
  writeFileSync(join(root, 'reports', '.gitignore'), '*.draft.html\n');
  const total = KINDS.reduce((s, k) => s + k.share, 0);
  const made = new Set<string>();
  let i = 0;
  for (const kind of KINDS) {
    const n = kind === KINDS[KINDS.length - 1] ? files - i : Math.round((files * kind.share) / total);
    for (let k = 0; k < n; k++, i++) {
      const [rel, body] = kind.file(i);
      const dir = join(root, rel.slice(0, rel.lastIndexOf('/')));
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(join(root, rel), body);
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function timeProcess(cmd: string, cmdArgs: string[], cwd: string): { ms: number; lines: number } {
  const t = performance.now();
  const out = execFileSync(cmd, cmdArgs, { cwd, maxBuffer: 256 << 20 });
  const ms = performance.now() - t;
  let lines = 0;
  for (const b of out) if (b === 10) lines++;
  return { ms, lines };
}

async function timeAsync(fn: () => Promise<number>): Promise<{ ms: number; count: number }> {
  const t = performance.now();
  const count = await fn();
  return { ms: performance.now() - t, count };
}

interface TreeFigures {
  files: number;
  git_ms: number;
  git_files: number;
  rg_ms: number;
  rg_files: number;
  walk_ms: number;
  walk_files: number;
  /** CPU time of the in-process walk (user + system, all threads): less swayed by other work on a shared machine. */
  walk_cpu_ms: number;
  ratio_walk_to_git: number;
  ratio_rg_to_git: number;
  lint_index_ms: number;
  lint_index_files: number;
  ratio_lint_index_to_git: number;
  collect_ms: number;
  collect_files_read: number;
}

async function measure(files: number): Promise<TreeFigures> {
  const root = toPosix(mkdtempSync(join(tmpdir(), 'sop-bench-evidence-')));
  try {
    generate(root, files);
    execFileSync('git', ['init', '-q'], { cwd: root });
    const ws = createNodeWorkspace(root);
    const git: number[] = [];
    const rg: number[] = [];
    const walk: number[] = [];
    const walkCpu: number[] = [];
    const lintIndex: number[] = [];
    const counts = { git: 0, rg: 0, walk: 0, index: 0 };
    // One untimed walk first, so that the first tree's figures do not carry the compiler's warm-up.
    await listEvidence([root], { workspace: ws, root, maxFiles: Infinity });
    // Interleaved, so a busy moment on the shared machine falls on every tool alike.
    for (let r = 0; r < RUNS; r++) {
      const g = timeProcess('git', ['ls-files', '-co', '--exclude-standard'], root);
      git.push(g.ms);
      counts.git = g.lines;
      const f = timeProcess('rg', ['--files'], root);
      rg.push(f.ms);
      counts.rg = f.lines;
      const cpu = process.cpuUsage();
      const w = await timeAsync(async () => (await listEvidence([root], { workspace: ws, root, maxFiles: Infinity })).files.length);
      const used = process.cpuUsage(cpu);
      walkCpu.push((used.user + used.system) / 1000);
      walk.push(w.ms);
      counts.walk = w.count;
      const x = await timeAsync(async () => (await indexWorkspace(ws)).size);
      lintIndex.push(x.ms);
      counts.index = x.count;
    }
    const c = await timeAsync(async () => (await collectEvidence([root], { workspace: ws, root })).included.length);
    return {
      files,
      git_ms: round1(median(git)),
      git_files: counts.git,
      rg_ms: round1(median(rg)),
      rg_files: counts.rg,
      walk_ms: round1(median(walk)),
      walk_files: counts.walk,
      walk_cpu_ms: round1(median(walkCpu)),
      ratio_walk_to_git: Math.round((median(walk) / median(git)) * 100) / 100,
      ratio_rg_to_git: Math.round((median(rg) / median(git)) * 100) / 100,
      lint_index_ms: round1(median(lintIndex)),
      lint_index_files: counts.index,
      ratio_lint_index_to_git: Math.round((median(lintIndex) / median(git)) * 100) / 100,
      collect_ms: Math.round(c.ms),
      collect_files_read: c.count,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function table(trees: TreeFigures[], linear: number | undefined): void {
  console.log(`\nEvidence walk and lint file index, generated work folders (median of ${RUNS} interleaved runs)`);
  console.log(`  load average before / after: ${load.before.join(' ')} / ${load.after.join(' ')} (${cores} cores; above the cores, ratios are noisy)`);
  for (const t of trees) {
    const pass = t.ratio_walk_to_git <= 2 ? 'PASS' : 'FAIL';
    console.log(`  ${t.files.toLocaleString('en-US')} files`);
    console.log(`    git ls-files -co --exclude-standard   ${t.git_ms} ms  (${t.git_files} files)`);
    console.log(`    rg --files                            ${t.rg_ms} ms  (${t.rg_files} files; ${t.ratio_rg_to_git}× git)`);
    console.log(`    evidence walk (in-process)            ${t.walk_ms} ms  (${t.walk_files} files; ${t.ratio_walk_to_git}× git, target ≤ 2×: ${pass})`);
    console.log(`      its CPU time                        ${t.walk_cpu_ms} ms`);
    console.log(`    sop lint file index (in-process)      ${t.lint_index_ms} ms  (${t.lint_index_files} files; ${t.ratio_lint_index_to_git}× git)`);
    console.log(`    collectEvidence (walk + read the cap) ${t.collect_ms} ms  (${t.collect_files_read} files read)`);
  }
  if (linear !== undefined)
    console.log(`  walk time per file, largest tree ÷ smallest: ${linear}  (1.0 is linear; target ≤ 1.3: ${linear <= 1.3 ? 'PASS' : 'FAIL'})`);
}

/**
 * A month of finished work as a team leaves it, at N files: exports, the scripts that read them, run notes, the
 * e-mails of each approval, and the outputs. `sop draft --provider offline` drafts from it, as a whole process.
 */
function workFolder(root: string, files: number): void {
  const day = (i: number) => pad((i % 28) + 1);
  // Per hundred files: one script, forty exports, fifteen notes, thirty e-mails and fourteen outputs — a team's
  // month has many exports and messages and a few scripts, each run many times.
  const kindOf = (i: number) => {
    const k = i % 100;
    return k === 0 ? 0 : k <= 40 ? 1 : k <= 55 ? 2 : k <= 85 ? 3 : 4;
  };
  for (let i = 0; i < files; i++) {
    const [rel, body] = [
      [`scripts/job_${i}.py`, `import sys\n# reads exports/2026-10/orders-${i + 1}.csv, writes out/summary-${i}.csv\nif len(sys.argv) < 2:\n    sys.exit(2)\n`],
      [`exports/2026-${pad((i % 12) + 1)}/orders-${i}.csv`, `id,amount,channel\n${i},${(i * 1.3).toFixed(2)},web\n${i + 1},3.10,shop\n`],
      [
        `notes/2026-10-${day(i)}-note-${i}.md`,
        `# Close notes ${i}\n\n- Ran scripts/job_${i - (i % 100)}.py for the month.\n- Priya Nair (Finance manager) approved the totals.\n`,
      ],
      [
        `mail/2026-11-${day(i)}-msg-${i}.eml`,
        `From: priya@acme.example\nTo: sam@acme.example\nSubject: Re: totals ${i}\nDate: Mon, 2 Nov 2026 10:00:00 +0000\n\nApproved, send the board pack.\n`,
      ],
      [`out/summary-${i}.csv`, `channel,total\nweb,${i}\n`],
    ][kindOf(i)];
    mkdirSync(join(root, 'work', rel.slice(0, rel.lastIndexOf('/'))), { recursive: true });
    writeFileSync(join(root, 'work', rel), body);
  }
}

const DRAFT_SIZES = [500, 1000, 2000];
const DRAFT_RUNS = 3;

/** Seconds for `sop draft --provider offline` on work folders of 500, 1,000 and 2,000 files (median of 3). */
function draftFigures(): Record<string, number> {
  const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
  const out: Record<string, number> = {};
  for (const n of DRAFT_SIZES) {
    const root = toPosix(mkdtempSync(join(tmpdir(), `sop-bench-draft-${n}-`)));
    try {
      workFolder(root, n);
      const times: number[] = [];
      for (let r = 0; r < DRAFT_RUNS; r++) {
        rmSync(join(root, 'sops'), { recursive: true, force: true });
        times.push(timeProcess(process.execPath, [cli, 'draft', '--provider', 'offline', '--workspace', root, join(root, 'work')], root).ms);
      }
      out[`files_${n}_s`] = Math.round(median(times) / 10) / 100;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return out;
}

const round2 = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);
const cores = availableParallelism();
const load = { before: [] as number[], after: [] as number[] };

async function main(): Promise<void> {
  const trees: TreeFigures[] = [];
  load.before = round2(loadavg());
  for (const n of SIZES) trees.push(await measure(n));
  const draft = draftFigures();
  load.after = round2(loadavg());
  const first = trees[0];
  const last = trees[trees.length - 1];
  const linear = trees.length > 1 ? Math.round((last.walk_ms / last.files / (first.walk_ms / first.files)) * 100) / 100 : undefined;
  if (json) {
    const out: Record<string, unknown> = {};
    for (const t of trees) out[`tree_${t.files}`] = t;
    if (linear !== undefined) out.walk_per_file_growth = linear;
    out.offline_draft = draft;
    out.load_average = { ...load, cores };
    console.log(JSON.stringify(out, null, 2));
  } else {
    table(trees, linear);
    const big = draft[`files_${DRAFT_SIZES[DRAFT_SIZES.length - 1]}_s`];
    const growth = Math.round((big / DRAFT_SIZES[DRAFT_SIZES.length - 1] / (draft[`files_${DRAFT_SIZES[0]}_s`] / DRAFT_SIZES[0])) * 100) / 100;
    console.log(`\nsop draft --provider offline, whole process (median of ${DRAFT_RUNS})`);
    for (const n of DRAFT_SIZES) console.log(`  ${n.toLocaleString('en-US')} evidence files   ${draft[`files_${n}_s`]} s`);
    console.log(
      `  2,000 files under 3 s: ${big < 3 ? 'PASS' : 'FAIL'}; time per file, largest ÷ smallest: ${growth} (≤ 1.3: ${growth <= 1.3 ? 'PASS' : 'FAIL'})`,
    );
  }
}

void main();
