/**
 * `sop conform`'s core on 10,000 runs of a 200-step SOP: each log is read (JSON Lines parsed and checked) and
 * conformed, then the rates across runs are summed and the text report rendered. The logs are generated in memory
 * (a perfect run, a skipped step, two steps swapped, a gate bypassed, a run stopped half-way), one at a time, and
 * only the parse and conformance are timed.
 *
 *   node esbuild.config.mjs && npx esbuild test/bench/conform.ts --bundle --platform=node --outfile=out/test/bench/conform.js && node out/test/bench/conform.js
 */
import { eventLine, parseRunLog } from '../../src/core/runs/runLog';
import { renderConformance } from '../../src/core/runs/render';
import { identifySteps } from '../../src/core/runs/stepIdentity';
import { ConformanceTally } from '../../src/core/runs/summary';
import type { RunEvent } from '../../src/core/runs/events';
import { bodyHash } from '../../src/core/sop/approvalRecord';
import { parseSop } from '../../src/core/sop/model';

const RUNS = Number(process.argv[2] ?? 10_000);
const STEPS = 200;
const GATE_AT = 100;

const sopText = [
  '---\ntitle: Month-end close\ntype: sop\nowner: Sam Lee (Operations assistant)\napprover: Priya Nair (Finance manager)\n---\n\n# Month-end close\n\n## Steps\n',
  ...Array.from({ length: STEPS }, (_, i) =>
    i + 1 === GATE_AT
      ? `${i + 1}. Send the ledger totals to Priya Nair (Finance manager) for approval and wait for her sign-off.`
      : `${i + 1}. Reconcile account ${1000 + i} against the bank export and note any difference over 5 EUR.`,
  ),
  '',
].join('\n');
const steps = identifySteps(parseSop(sopText));
const version = { steps, bodySha256: bodyHash(sopText), approvedOn: '2026-11-02' };
const dana = { kind: 'person' as const, name: 'Dana Reyes' };
const priya = { kind: 'person' as const, name: 'Priya Nair' };

function runText(i: number): string {
  const kind = i % 5;
  let minute = 0;
  const at = () => new Date(Date.UTC(2026, 10, 3, 8) + i * 86_400_000 + minute++ * 60_000).toISOString();
  const events: RunEvent[] = [
    {
      type: 'run-started',
      at: at(),
      actor: dana,
      run: `run-${i}`,
      sop: { path: 'sops/close.sop.md', bodySha256: version.bodySha256 },
      parameters: { month: '2026-10' },
    },
  ];
  const order = steps.map((_, k) => k);
  if (kind === 2) [order[10], order[11]] = [order[11], order[10]];
  const last = kind === 4 ? STEPS / 2 + 20 : STEPS;
  for (const k of order.slice(0, last)) {
    const s = steps[k];
    const step = { id: s.id, number: s.number, text: s.text };
    if (s.number === GATE_AT && kind !== 3) events.push({ type: 'gate-approved', at: at(), actor: priya, step, by: 'Priya Nair', saw: 'ledger totals' });
    if (kind === 1 && s.number === 40) events.push({ type: 'step-skipped', at: at(), actor: dana, step, reason: 'no movement on this account' });
    else events.push({ type: 'step-done', at: at(), actor: dana, step });
  }
  if (kind !== 4) events.push({ type: 'run-finished', at: at(), actor: dana, outcome: 'completed' });
  return events.map(eventLine).join('');
}

const tally = new ConformanceTally(version);
let parseMs = 0;
let conformMs = 0;
let bytes = 0;
let events = 0;
for (let i = 0; i < RUNS; i++) {
  const text = runText(i);
  bytes += text.length;
  const t0 = performance.now();
  const log = parseRunLog(text);
  const t1 = performance.now();
  tally.add(`sops/runs/close/run-${i}.jsonl`, log);
  parseMs += t1 - t0;
  conformMs += performance.now() - t1;
  events += log.events.length;
}
const t2 = performance.now();
const result = tally.result();
const report = renderConformance('sops/close.sop.md', result);
const summaryMs = performance.now() - t2;
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
console.log(
  `sop conform core, ${RUNS} runs × ${STEPS} steps (${events} events, ${(bytes / 1024 / 1024).toFixed(0)} MB of logs): ` +
    `parse ${(parseMs / 1000).toFixed(2)} s, conform ${(conformMs / 1000).toFixed(2)} s, summary + report ${(summaryMs / 1000).toFixed(2)} s, ` +
    `total ${((parseMs + conformMs + summaryMs) / 1000).toFixed(2)} s; heap ${heapMb.toFixed(0)} MB; verdict ${result.verdict}, ${report.split('\n').length} report lines`,
);
console.log(result.persistent.join('\n'));
