// Benchmark: the evidence walk on a generated 20,000-file work folder, beside `git ls-files` on the
// same tree, with peak memory. `node out/test/bench/evidence.js [--json] [--files N]`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectEvidence, listEvidence } from '../../src/core/evidence/collect';
import { createNodeWorkspace } from '../../src/node/nodeWorkspace';
import { toPosix } from '../../src/core/workspace/paths';

const args = process.argv.slice(2);
const json = args.includes('--json');
const FILES = Number(args[args.indexOf('--files') + 1]) || 20_000;

function generate(root: string, files: number): void {
  const kinds = [
    (i: number) => [`exports/2026-${String((i % 12) + 1).padStart(2, '0')}/orders-${i}.csv`, `id,amount\n${i},${(i * 1.37).toFixed(2)}\n`],
    (i: number) => [`notes/week-${i % 52}/note-${i}.md`, `# Note ${i}\n\nRan the export and checked the totals.\n`],
    (i: number) => [`scripts/team-${i % 40}/job_${i}.py`, `import sys\nif len(sys.argv) > 3:\n    sys.exit(2)\nprint(${i})\n`],
    (i: number) => [`mail/2026/${i % 28}/msg-${i}.txt`, `From: ops@example.com\nSubject: run ${i}\n\nDone.\n`],
    (i: number) => [`node_modules/pkg-${i % 100}/index-${i}.js`, `module.exports = ${i};\n`],
    (i: number) => [`tmp/cache-${i}.tmp`, `${i}\n`],
  ];
  writeFileSync(join(root, '.gitignore'), 'tmp/\nnode_modules/\n');
  const made = new Set<string>();
  for (let i = 0; i < files; i++) {
    const [rel, body] = kinds[i % kinds.length](i);
    const dir = join(root, rel.slice(0, rel.lastIndexOf('/')));
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(join(root, rel), body);
  }
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const root = toPosix(mkdtempSync(join(tmpdir(), 'sop-bench-evidence-')));
  try {
    generate(root, FILES);
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '-A'], { cwd: root });
    const gitIndex: number[] = [];
    const gitWalk: number[] = [];
    let tracked = 0;
    for (let i = 0; i < 5; i++) {
      const a = time(() => execFileSync('git', ['ls-files'], { cwd: root, maxBuffer: 64 << 20 }).toString());
      gitIndex.push(a.ms);
      tracked = a.value.split('\n').filter(Boolean).length;
      gitWalk.push(time(() => execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 64 << 20 })).ms);
    }
    const walks: number[] = [];
    const collects: number[] = [];
    let listed = 0;
    let included = 0;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const list = await listEvidence([root], { workspace: createNodeWorkspace('/'), root, maxFiles: Infinity });
      walks.push(performance.now() - t);
      listed = list.files.length;
    }
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const bundle = await collectEvidence([root], { workspace: createNodeWorkspace('/'), root });
      collects.push(performance.now() - t);
      included = bundle.included.length;
    }
    clearInterval(sampler);
    const figures = {
      files: FILES,
      git_tracked: tracked,
      git_ls_files_ms: Math.round(median(gitIndex) * 10) / 10,
      git_ls_files_walk_ms: Math.round(median(gitWalk) * 10) / 10,
      evidence_walk_ms: Math.round(median(walks) * 10) / 10,
      evidence_files_listed: listed,
      collect_ms: Math.round(median(collects)),
      collect_files_read: included,
      ratio_vs_git_ls_files_walk: Math.round((median(walks) / median(gitWalk)) * 10) / 10,
      peak_rss_mb: Math.round(peakRss / 1024 / 1024),
    };
    if (json) console.log(JSON.stringify(figures, null, 2));
    else {
      console.log(`\nEvidence walk of a generated ${FILES.toLocaleString()}-file tree (median of 3; git: median of 5)`);
      console.log(`  git ls-files (index)                         ${figures.git_ls_files_ms} ms  (${tracked} files)`);
      console.log(`  git ls-files --others --exclude-standard   ${figures.git_ls_files_walk_ms} ms`);
      console.log(`  evidence walk (ignore files, sensitive names) ${figures.evidence_walk_ms} ms  (${listed} files listed)`);
      console.log(`  collectEvidence (walk + read, hash, extract) ${figures.collect_ms} ms  (${included} files read: the cap)`);
      console.log(
        `  ratio to git's walk                        ${figures.ratio_vs_git_ls_files_walk}×  (target ≤ 2×: ${figures.ratio_vs_git_ls_files_walk <= 2 ? 'PASS' : 'FAIL'})`,
      );
      console.log(`  peak RSS                                   ${figures.peak_rss_mb} MB`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
