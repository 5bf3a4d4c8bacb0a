/**
 * Lint speed on generated, realistic SOPs of 20, 200 and 2,000 steps, against markdownlint on the same text.
 *
 *   npm run bench               a table with PASS/FAIL per target
 *   npm run bench -- --json     only a JSON object: { "20": {...}, "200": {...}, "2000": {...}, "targets": {...} }
 *                               (npm prints its own "> bench" banner first; `npm run -s bench -- --json` does not)
 *
 * Targets: a cold lint is no slower than markdownlint's full lint; re-linting after a one-character edit takes at
 * most 10% of markdownlint's full lint; an ordinary SOP (20 steps) lints in under 16 ms (one frame at 60 Hz).
 */
import { lintSop } from '../../src/core/lint/lint';
import { parseSop, ParseCache } from '../../src/core/sop/model';
import { parseMarkdown } from '../../src/core/sop/markdown';
import { forgetMemos } from '../../src/core/text/memo';
import { generateSop, SOP_PATH, workspaceFor } from './generate';

const JSON_ONLY = process.argv.includes('--json');
const SIZES = [20, 200, 2000] as const;
const FRAME_MS = 16;

// ---------------------------------------------------------------------------------------------------------
// Measuring.

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

let peakHeap = 0;
function sampleHeap(): void {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  sampleHeap();
  return ms;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  sampleHeap();
  return ms;
}

/** One-character edits in the middle half of the document: letters typed into step text, mostly. */
function middleEdits(text: string, count: number): string[] {
  const out: string[] = [];
  const chars = 'etaoinsrhl ,.0';
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  while (out.length < count) {
    const at = Math.floor(text.length * (0.25 + rand() * 0.5));
    const kind = rand();
    const c = chars[Math.floor(rand() * chars.length)];
    if (kind < 0.7) out.push(text.slice(0, at) + c + text.slice(at));
    else if (kind < 0.9) out.push(text.slice(0, at) + text.slice(at + 1));
    else out.push(text.slice(0, at) + c + text.slice(at + 1));
  }
  return out;
}

interface SizeResult {
  steps: number;
  bytes: number;
  chunks: number;
  issues: number;
  lint_cold_ms: number;
  lint_edit_ms: number;
  markdownlint_ms: number;
  markdownlint_issues: number;
  remark_parse_ms: number;
  lint_edit_vs_markdownlint: number;
  lint_cold_vs_markdownlint: number;
  runs: { cold: number; edits: number; markdownlint: number; parse: number };
  peak_rss_mb: number;
  peak_heap_mb: number;
}

type MarkdownlintLint = (options: { strings: Record<string, string> }) => Promise<Record<string, unknown[]>>;

async function loadMarkdownlint(): Promise<MarkdownlintLint> {
  // esbuild keeps this a real import() in the CommonJS bundle (markdownlint is external and ESM-only).
  const m = (await import('markdownlint/promise')) as unknown as { lint: MarkdownlintLint };
  return m.lint;
}

async function measure(steps: number, mdlint: MarkdownlintLint): Promise<SizeResult> {
  const sop = generateSop(steps);
  const text = sop.text;
  const workspace = workspaceFor(sop);
  const lint = (t: string, cache: ParseCache) => lintSop({ text: t, filePath: SOP_PATH, workspace, cache });
  const rounds = steps >= 2000 ? 7 : steps >= 200 ? 21 : 41;
  const editRuns = steps >= 2000 ? 41 : 101;

  // Warm up on this document too (the workspace's caches, the sizes of things) for 400 ms and a few runs each.
  const minRuns = steps >= 2000 ? 2 : 5;
  let issues = 0;
  for (let t0 = performance.now(), i = 0; i < minRuns || performance.now() - t0 < 400; i++) issues = lint(text, new ParseCache()).issues.length;
  for (let t0 = performance.now(), i = 0; i < minRuns || performance.now() - t0 < 400; i++) await mdlint({ strings: { doc: text } });
  for (let t0 = performance.now(), i = 0; i < minRuns || performance.now() - t0 < 200; i++) parseMarkdown(text);

  // Rounds interleave the three full passes, so a busy moment on the machine hits all of them alike.
  const cold: number[] = [];
  const ml: number[] = [];
  const parse: number[] = [];
  let mdIssues = 0;
  for (let i = 0; i < rounds; i++) {
    // A first lint: no chunk and no sentence of this document has been read before.
    forgetMemos();
    cold.push(time(() => lint(text, new ParseCache())));
    ml.push(
      await timeAsync(async () => {
        mdIssues = (await mdlint({ strings: { doc: text } })).doc.length;
      }),
    );
    parse.push(time(() => parseMarkdown(text)));
  }

  // A warm cache that has seen the document; each edit is timed against it, as when someone types in the editor.
  const cache = new ParseCache();
  lint(text, cache);
  const edits = middleEdits(text, editRuns + 10);
  for (const e of edits.slice(0, 10)) lint(e, cache);
  const edit: number[] = [];
  for (const e of edits.slice(10)) edit.push(time(() => lint(e, cache)));

  const r = {
    lint_cold_ms: median(cold),
    lint_edit_ms: median(edit),
    markdownlint_ms: median(ml),
    remark_parse_ms: median(parse),
  };
  return {
    steps,
    bytes: Buffer.byteLength(text, 'utf8'),
    chunks: chunkCount(text),
    issues,
    ...r,
    markdownlint_issues: mdIssues,
    lint_edit_vs_markdownlint: r.lint_edit_ms / r.markdownlint_ms,
    lint_cold_vs_markdownlint: r.lint_cold_ms / r.markdownlint_ms,
    runs: { cold: rounds, edits: editRuns, markdownlint: rounds, parse: rounds },
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    peak_heap_mb: peakHeap / (1024 * 1024),
  };
}

/** Two seconds of every code path on mixed sizes before anything is timed, so the JIT has settled. */
async function warmUp(mdlint: MarkdownlintLint): Promise<void> {
  const docs = [generateSop(20), generateSop(60)].map((sop) => ({ text: sop.text, workspace: workspaceFor(sop) }));
  for (let t0 = performance.now(), i = 0; performance.now() - t0 < 2000; i++) {
    const d = docs[i % docs.length];
    const cache = new ParseCache();
    lintSop({ text: d.text, filePath: SOP_PATH, workspace: d.workspace, cache });
    lintSop({ text: d.text.replace('Run', 'Rnu'), filePath: SOP_PATH, workspace: d.workspace, cache });
    await mdlint({ strings: { doc: d.text } });
    parseMarkdown(d.text);
  }
}

function chunkCount(text: string): number {
  const cache = new ParseCache(1_000_000);
  parseSop(text, { cache });
  return cache.size;
}

// ---------------------------------------------------------------------------------------------------------
// Reporting.

interface Target {
  name: string;
  pass: boolean;
  detail: string;
}

function targetsFor(results: SizeResult[]): Record<string, Target> {
  const out: Record<string, Target> = {};
  for (const r of results) {
    out[`cold_lint_not_slower_than_markdownlint_${r.steps}`] = {
      name: `${r.steps} steps: cold lint <= markdownlint`,
      pass: r.lint_cold_ms <= r.markdownlint_ms,
      detail: `${fmt(r.lint_cold_ms)} ms vs ${fmt(r.markdownlint_ms)} ms (${fmt(r.lint_cold_vs_markdownlint * 100)}%)`,
    };
    out[`edit_relint_within_10pct_of_markdownlint_${r.steps}`] = {
      name: `${r.steps} steps: re-lint after an edit <= 10% of markdownlint`,
      pass: r.lint_edit_ms <= 0.1 * r.markdownlint_ms,
      detail: `${fmt(r.lint_edit_ms)} ms vs ${fmt(0.1 * r.markdownlint_ms)} ms (${fmt(r.lint_edit_vs_markdownlint * 100)}%)`,
    };
  }
  const ordinary = results.find((r) => r.steps === 20);
  if (ordinary) {
    out.ordinary_sop_within_one_frame = {
      name: `20 steps: cold lint < ${FRAME_MS} ms`,
      pass: ordinary.lint_cold_ms < FRAME_MS,
      detail: `${fmt(ordinary.lint_cold_ms)} ms`,
    };
  }
  return out;
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function printTable(results: SizeResult[], targets: Record<string, Target>): void {
  const rows: Array<[string, ...string[]]> = [
    ['steps', ...results.map((r) => String(r.steps))],
    ['bytes', ...results.map((r) => String(r.bytes))],
    ['chunks', ...results.map((r) => String(r.chunks))],
    ['SOP lint issues', ...results.map((r) => String(r.issues))],
    ['lint_cold_ms (median)', ...results.map((r) => fmt(r.lint_cold_ms))],
    ['lint_edit_ms (median)', ...results.map((r) => fmt(r.lint_edit_ms))],
    ['markdownlint_ms (median)', ...results.map((r) => fmt(r.markdownlint_ms))],
    ['remark_parse_ms (median)', ...results.map((r) => fmt(r.remark_parse_ms))],
    ['lint_cold / markdownlint', ...results.map((r) => `${fmt(r.lint_cold_vs_markdownlint * 100)}%`)],
    ['lint_edit / markdownlint', ...results.map((r) => `${fmt(r.lint_edit_vs_markdownlint * 100)}%`)],
    ['runs cold/edits/mdl/parse', ...results.map((r) => `${r.runs.cold}/${r.runs.edits}/${r.runs.markdownlint}/${r.runs.parse}`)],
    ['peak RSS MB (process)', ...results.map((r) => fmt(r.peak_rss_mb))],
    ['peak heap MB (process)', ...results.map((r) => fmt(r.peak_heap_mb))],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(`SOP lint benchmark (node ${process.version}, workspace of ~5,000 files)\n`);
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log('\nTargets');
  for (const t of Object.values(targets)) console.log(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`);
}

async function main(): Promise<void> {
  const mdlint = await loadMarkdownlint();
  await warmUp(mdlint);
  const results: SizeResult[] = [];
  for (const steps of SIZES) results.push(await measure(steps, mdlint));
  const targets = targetsFor(results);
  if (JSON_ONLY) {
    const out: Record<string, unknown> = {};
    for (const r of results) out[String(r.steps)] = r;
    out.targets = Object.fromEntries(Object.entries(targets).map(([k, t]) => [k, { pass: t.pass, detail: t.detail }]));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    printTable(results, targets);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
