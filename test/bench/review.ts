/**
 * How long the review and export commands take on generated SOPs of 20, 200 and 2,000 steps: SOP: Review (lint
 * plus the seven answers and the report), Export as Skill and Export as Automation. They run on a command, not
 * on a keystroke, so the target is that an ordinary SOP is done well inside 100 ms (an instant response).
 *
 *   node out/test/bench/review.js [--json]
 */
import { exportAutomation } from '../../src/core/automation/export';
import { renderReviewMarkdown, reviewSop } from '../../src/core/review/review';
import { exportSkill } from '../../src/core/skill/export';
import { generateSop, SOP_PATH, workspaceFor } from './generate';
import { parseSop } from '../../src/core/sop/model';
import { sopStatus } from '../../src/core/approval/status';
/** An SOP as the use cases hand it to an export: parsed, with its approval status from the record. */
const fromText = (text: string) => {
  const doc = parseSop(text);
  return { doc, status: sopStatus(doc) };
};

const JSON_ONLY = process.argv.includes('--json');
const SIZES = [20, 200, 2000] as const;
const INSTANT_MS = 100;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => unknown, runs: number): number {
  fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return Math.round(median(xs) * 10) / 10;
}

const rows = SIZES.map((steps) => {
  const sop = generateSop(steps);
  const workspace = workspaceFor(sop);
  const runs = steps >= 2000 ? 5 : 15;
  const sopPath = 'sops/monthly-close.sop.md';
  const review = time(() => renderReviewMarkdown(reviewSop({ text: sop.text, filePath: SOP_PATH, workspace }), { sopLink: 'monthly-close.sop.md' }), runs);
  const skill = time(() => exportSkill({ ...fromText(sop.text), sopPath, readFile: () => 'print("step")\n' }), runs);
  const automation = time(
    () =>
      exportAutomation({
        ...fromText(sop.text),
        sopPath,
        skillName: 'monthly-sales-close',
        skillPath: '.agents/skills/monthly-sales-close',
        cron: '0 9 1-3 * *',
      }),
    runs,
  );
  return { steps, kb: Math.round(sop.text.length / 1024), review_ms: review, skill_ms: skill, automation_ms: automation };
});

if (JSON_ONLY) {
  process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
} else {
  console.log(`\nReview and export (medians, node ${process.version})\n`);
  console.log('steps    size   review   skill export   automation export');
  for (const r of rows)
    console.log(
      `${String(r.steps).padStart(5)}  ${String(r.kb).padStart(4)} KB  ${String(r.review_ms).padStart(6)} ms  ${String(r.skill_ms).padStart(9)} ms  ${String(r.automation_ms).padStart(14)} ms`,
    );
  const ordinary = rows[0];
  const pass = Math.max(ordinary.review_ms, ordinary.skill_ms, ordinary.automation_ms) <= INSTANT_MS;
  console.log(`\n  ${pass ? 'PASS' : 'FAIL'}  an ordinary SOP (20 steps) is reviewed and exported within ${INSTANT_MS} ms each`);
}
