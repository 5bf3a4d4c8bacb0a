/**
 * `npm run eval`: lints the published procedures in ../shared/corpus/real-sops (or $SOP_CORPUS) and scores the
 * findings against the labels in test/eval/labels (see test/eval/README.md): precision and recall per rule, the
 * section parts recognised, and the lint time per document. Without the corpus it says so and exits 0.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultConfig } from '../src/core/lint/config';
import type { LintIssue } from '../src/core/lint/types';
import { SECTION_KINDS, type SectionKind } from '../src/core/sop/sections';
import { checkSop } from '../src/core/usecases/sop';
import { toPosix } from '../src/core/workspace/paths';
import { indexWorkspace } from '../src/core/workspace/walk';
import { createNodeWorkspace } from '../src/node/nodeWorkspace';

const REPO = resolve(__dirname, '../..');
const LABELS = join(REPO, 'test/eval/labels');

export const hash8 = (text: string): string => createHash('sha1').update(text.trim()).digest('hex').slice(0, 8);

interface LineLabel {
  file: string;
  line: number;
  hash: string;
  note?: string;
}
interface GateLabel extends LineLabel {
  gate: boolean;
  named: boolean;
}
interface TokenLabel extends LineLabel {
  tokenHash: string;
  kind?: 'path' | 'absolute' | 'site-root' | 'not-path';
}
interface SectionLabel {
  file: string;
  parts: Partial<Record<SectionKind, number | null>>;
}

function labels<T>(dir: string, name: string): T[] | undefined {
  const file = join(dir, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T[]) : undefined;
}

export interface Score {
  rule: string;
  findings: number;
  expected: number;
  truePositives: number;
  precision: number;
  recall: number;
  falseAlarms: string[];
  missed: string[];
}

function score(rule: string, found: string[], expected: Set<string>, describe: (key: string) => string = (k) => k): Score {
  const hits = found.filter((k) => expected.has(k));
  const caught = new Set(hits);
  return {
    rule,
    findings: found.length,
    expected: expected.size,
    truePositives: hits.length,
    precision: found.length ? hits.length / found.length : 1,
    recall: expected.size ? caught.size / expected.size : 1,
    falseAlarms: found.filter((k) => !expected.has(k)).map(describe),
    missed: [...expected].filter((k) => !caught.has(k)).map(describe),
  };
}

export interface Linted {
  file: string;
  lines: string[];
  issues: LintIssue[];
  text: string;
  sectionKinds: Array<{ line: number; kinds: SectionKind[] }>;
  ms: number;
}

/** Lints every procedure of the corpus the way `sop lint` does, with the default config. */
export async function lintCorpus(dir: string): Promise<Linted[]> {
  const root = toPosix(dir);
  const ws = createNodeWorkspace(root);
  const index = await indexWorkspace(ws);
  const out: Linted[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'SOURCES.md')
    .sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const started = performance.now();
    const sop = await checkSop(ws, { root, path: `${root}/${file}`, text, config: defaultConfig() }, { index });
    const ms = performance.now() - started;
    const sectionKinds = sop.doc.sections.map((s) => ({ line: s.range.start.line + 1, kinds: s.kinds }));
    out.push({ file, lines: text.split(/\r?\n/), issues: sop.lint.issues, text, sectionKinds, ms });
  }
  return out;
}

function checkHashes(linted: Linted[], all: LineLabel[]): string[] {
  const byFile = new Map(linted.map((l) => [l.file, l]));
  const stale: string[] = [];
  for (const l of all) {
    const doc = byFile.get(l.file);
    if (!doc) stale.push(`${l.file}: not in the corpus`);
    else if (hash8(doc.lines[l.line - 1] ?? '') !== l.hash) stale.push(`${l.file}:${l.line}: the line changed since it was labelled`);
  }
  return stale;
}

const tokenOf = (doc: Linted, i: LintIssue): string => {
  const lines = doc.lines;
  const { start, end } = i.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return lines[start.line].slice(start.character);
};

export function evaluate(linted: Linted[], labelDir = LABELS, verbose = false): { scores: Score[]; notes: string[] } {
  const scores: Score[] = [];
  const notes: string[] = [];
  const byFile = new Map(linted.map((l) => [l.file, l]));
  const where = (k: string) => k.split('\t').slice(0, 2).join(':');

  const gates = labels<GateLabel>(labelDir, 'gates');
  if (gates) {
    notes.push(...checkHashes(linted, gates));
    const expected = new Set(gates.filter((g) => g.gate && !g.named).map((g) => `${g.file}\t${g.line}`));
    const found = linted.flatMap((d) => d.issues.filter((i) => i.rule === 'unnamed-approval-gate').map((i) => `${d.file}\t${i.range.start.line + 1}`));
    scores.push(score('unnamed-approval-gate', found, expected, where));
  }

  const paths = labels<TokenLabel>(labelDir, 'paths');
  if (paths) {
    notes.push(...checkHashes(linted, paths));
    for (const [rule, kind] of [
      ['missing-path', 'path'],
      ['path-outside-workspace', 'absolute'],
    ] as const) {
      const expected = new Set(paths.filter((p) => p.kind === kind).map((p) => `${p.file}\t${p.line}\t${p.tokenHash}`));
      const found = linted.flatMap((d) => d.issues.filter((i) => i.rule === rule).map((i) => `${d.file}\t${i.range.start.line + 1}\t${hash8(tokenOf(d, i))}`));
      scores.push(score(rule, found, expected, where));
    }
  }

  const placeholders = labels<TokenLabel>(labelDir, 'placeholders');
  if (placeholders) {
    notes.push(...checkHashes(linted, placeholders));
    const expected = new Set(placeholders.map((p) => `${p.file}\t${p.line}\t${p.tokenHash}`));
    const found = linted.flatMap((d) =>
      d.issues.filter((i) => i.rule === 'placeholder-left').map((i) => `${d.file}\t${i.range.start.line + 1}\t${hash8(tokenOf(d, i))}`),
    );
    scores.push(score('placeholder-left', found, expected, where));
  }

  const sections = labels<SectionLabel>(labelDir, 'sections');
  if (sections) {
    // "Missing" claims: the parts the linter finds no section for, against the parts the labels say are absent.
    const expected = new Set<string>();
    const found: string[] = [];
    let headings = 0;
    let unrecognised = 0;
    for (const s of sections) {
      const doc = byFile.get(s.file);
      if (!doc) {
        notes.push(`${s.file}: not in the corpus`);
        continue;
      }
      const present = new Set(doc.sectionKinds.flatMap((k) => k.kinds));
      for (const kind of SECTION_KINDS) {
        const at = s.parts[kind];
        if (at === null || at === undefined) expected.add(`${s.file}\t${kind}`);
        if (!present.has(kind)) found.push(`${s.file}\t${kind}`);
        if (typeof at === 'number') {
          headings++;
          if (!doc.sectionKinds.some((k) => k.line === at && k.kinds.includes(kind))) {
            unrecognised++;
            if (verbose) notes.push(`  unrecognised: ${s.file}:${at} as ${kind}`);
          }
        }
      }
    }
    scores.push(score('missing-section (parts)', found, expected, where));
    notes.push(
      `section headings labelled: ${headings}, not recognised for their part: ${unrecognised} (${headings ? ((100 * unrecognised) / headings).toFixed(0) : 0}%)`,
    );
  }
  return { scores, notes };
}

function pct(n: number): string {
  return n.toFixed(2);
}

async function main(): Promise<number> {
  const dir = resolve(process.env.SOP_CORPUS ?? join(REPO, '..', 'shared', 'corpus', 'real-sops'));
  if (!existsSync(dir)) {
    console.log(`No corpus at ${dir}: set SOP_CORPUS to a folder of published SOPs to measure the linter on them.`);
    return 0;
  }
  const verbose = process.argv.includes('--verbose');
  const linted = await lintCorpus(dir);
  const { scores, notes } = evaluate(linted, LABELS, verbose);
  console.log(`SOP Builder lint on ${linted.length} published procedures (${dir})\n`);
  console.log('rule                         findings  expected  right  precision  recall');
  for (const s of scores) {
    console.log(
      `${s.rule.padEnd(28)} ${String(s.findings).padStart(8)}  ${String(s.expected).padStart(8)}  ${String(s.truePositives).padStart(5)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}`,
    );
    if (verbose) {
      for (const f of s.falseAlarms) console.log(`    false alarm  ${f}`);
      for (const m of s.missed) console.log(`    missed       ${m}`);
    }
  }
  const counts = new Map<string, number>();
  for (const d of linted) for (const i of d.issues) counts.set(i.rule, (counts.get(i.rule) ?? 0) + 1);
  console.log(`\nAll findings: ${[...counts].map(([r, n]) => `${r} ${n}`).join(', ')}`);
  const times = linted.map((d) => d.ms).sort((a, b) => a - b);
  console.log(
    `Lint time per document: median ${times[Math.floor(times.length / 2)].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (${linted.find((d) => d.ms === times[times.length - 1])?.file})`,
  );
  for (const n of notes) console.log(`note: ${n}`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(`eval: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 2;
    },
  );
}
