/**
 * Lint in the editor's process on generated, realistic SOPs of 20 to 5,000 steps, against markdownlint (the library) on
 * the same text: a cold lint (nothing of the document seen before) and a re-lint after a one-character edit, as when
 * someone types. A size past the parse cache's bound (4,000 chunks) is included, so a cliff there shows.
 *
 *   node out/test/bench/bench.js [--json] [--budget SECONDS]
 *
 * Targets: a re-lint after an edit takes at most 10% of markdownlint's full lint at every size; an ordinary SOP (20 steps)
 * lints cold in under 16 ms (one frame at 60 Hz). Rounds interleave our lint with markdownlint and go on while the size's
 * share of the budget lasts.
 */
import { lintSop } from '../../src/core/lint/lint';
import { ParseCache } from '../../src/core/sop/model';
import { forgetMemos } from '../../src/core/text/memo';
import { generateSop, SOP_PATH, workspaceFor } from './generate';
import { fmt, median, parseFlag, printRows } from './measure';

const JSON_ONLY = process.argv.includes('--json');
const BUDGET_S = Number(parseFlag('--budget')) || 12;
/** 4,100 steps (4,130 chunks, 940 KB) is past the cache's bound; 4,300 or 5,000 of these steps (over 1,000,000 characters) is over lint's MAX_SOP_CHARS and gets one finding, unparsed. */
const SIZES = [20, 200, 2000, 4100] as const;
/** Each size's share of the budget: a round of the largest costs seconds, so it gets the fewest rounds. */
const SHARE: Record<number, number> = { 20: 0.1, 200: 0.15, 2000: 0.3, 4100: 0.45 };
const FRAME_MS = 16;
/** ParseCache's own default, restated for the report. */
const CACHE_LIMIT = 4000;

type MarkdownlintLint = (options: { strings: Record<string, string> }) => Promise<Record<string, unknown[]>>;

async function loadMarkdownlint(): Promise<MarkdownlintLint> {
  // esbuild keeps this a real import() in the CommonJS bundle (markdownlint is external and ESM-only).
  const m = (await import('markdownlint/promise')) as unknown as { lint: MarkdownlintLint };
  return m.lint;
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

export interface SizeResult {
  steps: number;
  bytes: number;
  chunks: number;
  issues: number;
  lint_cold_ms: number;
  lint_edit_ms: number;
  lint_edit_max_ms: number;
  markdownlint_ms: number;
  lint_cold_vs_markdownlint: number;
  lint_edit_vs_markdownlint: number;
  runs: { cold: number; markdownlint: number; edits: number };
}

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function measure(steps: number, mdlint: MarkdownlintLint): Promise<SizeResult> {
  const sop = generateSop(steps);
  const text = sop.text;
  const workspace = workspaceFor(sop);
  const lint = (t: string, cache: ParseCache) => lintSop({ text: t, filePath: SOP_PATH, workspace, cache });
  let issues = 0;

  // Rounds interleave the two full lints, so a busy moment on the machine hits both alike.
  const cold: number[] = [];
  const ml: number[] = [];
  let cache = new ParseCache();
  const t0 = performance.now();
  const minRounds = steps >= 2000 ? 1 : 5;
  for (let i = 0; i < 15 && (i < minRounds || performance.now() - t0 < BUDGET_S * 1000 * SHARE[steps] * 0.7); i++) {
    // A first lint: no chunk and no sentence of this document has been read before.
    forgetMemos();
    const fresh = new ParseCache();
    cold.push(timed(() => (issues = lint(text, fresh).issues.length)));
    cache = fresh;
    const m0 = performance.now();
    await mdlint({ strings: { doc: text } });
    ml.push(performance.now() - m0);
  }

  // The last cold lint's cache has seen the document; each edit is timed against it, as when someone types in the editor.
  const chunks = cache.size;
  const edits = middleEdits(text, 105);
  for (const e of edits.slice(0, 5)) lint(e, cache);
  const edit: number[] = [];
  const e0 = performance.now();
  for (const e of edits.slice(5)) {
    edit.push(timed(() => lint(e, cache)));
    if (edit.length >= 7 && performance.now() - e0 > BUDGET_S * 1000 * SHARE[steps] * 0.3) break;
  }

  const coldMs = median(cold);
  const mlMs = median(ml);
  const editMs = median(edit);
  return {
    steps,
    bytes: Buffer.byteLength(text, 'utf8'),
    chunks,
    issues,
    lint_cold_ms: coldMs,
    lint_edit_ms: editMs,
    lint_edit_max_ms: Math.max(...edit),
    markdownlint_ms: mlMs,
    lint_cold_vs_markdownlint: coldMs / mlMs,
    lint_edit_vs_markdownlint: editMs / mlMs,
    runs: { cold: cold.length, markdownlint: ml.length, edits: edit.length },
  };
}

/** A second of every code path on small documents before anything is timed, so the JIT has settled. */
async function warmUp(mdlint: MarkdownlintLint): Promise<void> {
  const docs = [generateSop(20), generateSop(60, 3)].map((sop) => ({ text: sop.text, workspace: workspaceFor(sop) }));
  for (let t0 = performance.now(), i = 0; performance.now() - t0 < 1000; i++) {
    const d = docs[i % docs.length];
    const cache = new ParseCache();
    lintSop({ text: d.text, filePath: SOP_PATH, workspace: d.workspace, cache });
    lintSop({ text: d.text.replace('Run', 'Rnu'), filePath: SOP_PATH, workspace: d.workspace, cache });
    await mdlint({ strings: { doc: d.text } });
  }
}

interface Target {
  pass: boolean;
  detail: string;
}

function targetsFor(results: SizeResult[]): Record<string, Target> {
  const out: Record<string, Target> = {};
  for (const r of results) {
    out[`edit_relint_within_10pct_of_markdownlint_${r.steps}`] = {
      pass: r.lint_edit_ms <= 0.1 * r.markdownlint_ms,
      detail: `${r.steps} steps (${r.chunks} chunks): re-lint ${fmt(r.lint_edit_ms)} ms vs 10% of markdownlint ${fmt(0.1 * r.markdownlint_ms)} ms`,
    };
  }
  const ordinary = results.find((r) => r.steps === 20);
  if (ordinary) {
    out.ordinary_sop_within_one_frame = {
      pass: ordinary.lint_cold_ms < FRAME_MS,
      detail: `20 steps: cold lint ${fmt(ordinary.lint_cold_ms)} ms < ${FRAME_MS} ms`,
    };
  }
  return out;
}

function printTable(results: SizeResult[], targets: Record<string, Target>): void {
  console.log(`\nLint in the editor's process vs markdownlint (library), medians (node ${process.version}, workspace of ~5,000 files)\n`);
  printRows([
    ['steps', ...results.map((r) => String(r.steps))],
    ['KB / chunks', ...results.map((r) => `${Math.round(r.bytes / 1024)} / ${r.chunks}`)],
    ['SOP lint issues', ...results.map((r) => String(r.issues))],
    ['cold lint ms', ...results.map((r) => fmt(r.lint_cold_ms))],
    ['markdownlint ms', ...results.map((r) => fmt(r.markdownlint_ms))],
    ['cold / markdownlint', ...results.map((r) => `${fmt(r.lint_cold_vs_markdownlint * 100)}%`)],
    ['re-lint after an edit ms', ...results.map((r) => fmt(r.lint_edit_ms))],
    ['  slowest re-lint ms', ...results.map((r) => fmt(r.lint_edit_max_ms))],
    ['re-lint / markdownlint', ...results.map((r) => `${fmt(r.lint_edit_vs_markdownlint * 100)}%`)],
    ['runs cold/markdownlint/edits', ...results.map((r) => `${r.runs.cold}/${r.runs.markdownlint}/${r.runs.edits}`)],
  ]);
  console.log(
    `\n  The parse cache keeps ${CACHE_LIMIT} chunks, or all the chunks of the document's last two versions when it has more: past the bound it grows with the document instead of reparsing it.`,
  );
  for (const t of Object.values(targets)) console.log(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.detail}`);
}

async function main(): Promise<void> {
  const mdlint = await loadMarkdownlint();
  await warmUp(mdlint);
  const results: SizeResult[] = [];
  for (const steps of SIZES) results.push(await measure(steps, mdlint));
  const targets = targetsFor(results);
  if (JSON_ONLY) {
    const out: Record<string, unknown> = { parse_cache_limit_chunks: CACHE_LIMIT };
    for (const r of results) out[String(r.steps)] = r;
    out.targets = targets;
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    printTable(results, targets);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
