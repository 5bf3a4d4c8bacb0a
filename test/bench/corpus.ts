/**
 * Lint time on the published procedures in ../shared/corpus/real-sops (or $SOP_CORPUS), when that folder is there:
 * per document, a cold lint and a re-lint after a one-character edit, beside markdownlint on the same text.
 */
import { forgetMemos } from '../../src/core/text/memo';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lintSop } from '../../src/core/lint/lint';
import { ParseCache } from '../../src/core/sop/model';
import { WorkspaceIndex } from '../../src/core/workspace/fileIndex';
import { toPosix } from '../../src/core/workspace/paths';

const REPO = resolve(__dirname, '../../..');
const JSON_ONLY = process.argv.includes('--json');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const dir = resolve(process.env.SOP_CORPUS ?? join(REPO, '..', 'shared', 'corpus', 'real-sops'));
  if (!existsSync(dir)) {
    if (JSON_ONLY) console.log(JSON.stringify({ corpus: null, reason: `no corpus at ${dir}` }));
    else console.log(`\nPublished SOPs: no corpus at ${dir} (set SOP_CORPUS to measure lint on real documents).`);
    return;
  }
  const { lint: mdlint } = (await import('markdownlint/promise')) as unknown as { lint: (o: { strings: Record<string, string> }) => Promise<unknown> };
  const root = toPosix(dir);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'SOURCES.md')
    .sort();
  const index = new WorkspaceIndex(
    [root],
    files.map((f) => `${root}/${f}`),
  );
  const log = (line: string) => (JSON_ONLY ? undefined : console.log(line));
  log(`\nLint on ${files.length} published SOPs (median of 7 runs; re-lint: one character typed in the middle)`);
  log('document                                   bytes   cold ms  re-lint ms  markdownlint ms  cold/markdownlint');
  const ratios: number[] = [];
  const documents: Array<{ file: string; bytes: number; cold_ms: number; relint_ms: number; markdownlint_ms: number }> = [];
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    const lint = (t: string, cache = new ParseCache()) => lintSop({ text: t, filePath: `${root}/${f}`, workspace: index, cache });
    lint(text);
    await mdlint({ strings: { doc: text } });
    const cold: number[] = [];
    const ml: number[] = [];
    for (let i = 0; i < 7; i++) {
      forgetMemos();
      cold.push(timed(() => lint(text)));
      const t0 = performance.now();
      await mdlint({ strings: { doc: text } });
      ml.push(performance.now() - t0);
    }
    const cache = new ParseCache();
    lint(text, cache);
    const mid = text.indexOf(' ', text.length >> 1);
    const edits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const edited = text.slice(0, mid) + 'x'.repeat(i + 1) + text.slice(mid);
      edits.push(timed(() => lint(edited, cache)));
    }
    const ratio = median(cold) / median(ml);
    ratios.push(ratio);
    documents.push({ file: f, bytes: Buffer.byteLength(text), cold_ms: median(cold), relint_ms: median(edits), markdownlint_ms: median(ml) });
    log(
      `${f.padEnd(40)} ${String(Buffer.byteLength(text)).padStart(7)}  ${median(cold).toFixed(1).padStart(8)}  ${median(edits).toFixed(1).padStart(10)}  ${median(ml).toFixed(1).padStart(15)}  ${ratio.toFixed(2).padStart(17)}`,
    );
  }
  if (JSON_ONLY) console.log(JSON.stringify({ corpus: dir, median_cold_vs_markdownlint: median(ratios), documents }, null, 2));
  else log(`median cold lint / markdownlint across the corpus: ${median(ratios).toFixed(2)}`);
}

void main();
