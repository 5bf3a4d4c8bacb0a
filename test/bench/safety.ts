/**
 * The cost of the safety checks every evidence file goes through: redaction (per MB of ordinary prose and of
 * secret-dense config), the whole-file content check, and the sensitive-name check per file name. Targets: the
 * checks stay linear and well under the time it takes to read a MB from disk and parse it.
 *
 *   node out/test/bench/safety.js [--json]
 */
import { redactSecrets } from '../../src/core/evidence/redact';
import { createSensitiveRules, sensitiveContent } from '../../src/core/evidence/sensitive';

const JSON_ONLY = process.argv.includes('--json');
const MB = 1024 * 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => unknown, runs = 5): number {
  fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return Math.round(median(xs) * 10) / 10;
}

function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

// Ordinary close notes: words like "key" and "password" appear, secrets do not.
const PROSE = repeatTo(
  'On the 3rd the bank export came in late, so Sam ran the reconciliation with the key payouts matched by hand. ' +
    'Priya reviewed the report and asked for the password reset procedure to be linked from the handover notes. ' +
    'Totals: 14,203.55 EUR across 42 payouts; order 88123 and invoice INV-2026-0114 were queried.\n\n',
  MB,
);
// Config dense with secret-shaped values: every line is a candidate for several rules.
const part = (i: number) => `${((i * 2654435761) >>> 0).toString(36)}Qx${((i * 40503) >>> 0).toString(16)}`;
const CONFIG = repeatTo(
  Array.from(
    { length: 40 },
    (_, i) => `SERVICE_${i}_API_KEY=${part(i)}${part(i + 7)}\ndb_password: "${part(i + 3)}!"\nurl = "postgres://app:${part(i + 5)}@db${i}.internal/ledger"\n`,
  ).join(''),
  MB,
);

const names = Array.from(
  { length: 20_000 },
  (_, i) => [`report-${i}.csv`, `notes_${i}.md`, `HRhandbook${i}.md`, `deploy_key_${i}`, `payroll${2000 + (i % 30)}.csv`, `reconcile_${i}.py`][i % 6],
);

function main(): void {
  const results = {
    redact_prose_ms_per_mb: time(() => redactSecrets(PROSE)),
    redact_config_ms_per_mb: time(() => redactSecrets(CONFIG)),
    content_check_ms_per_mb: time(() => sensitiveContent(PROSE)),
    name_check_us_per_name:
      Math.round(
        ((time(() => {
          const fresh = createSensitiveRules();
          for (const n of names) fresh.reasonForChild(`work/${n}`, n, false);
        }, 3) *
          1000) /
          names.length) *
          10,
      ) / 10,
  };
  if (JSON_ONLY) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  console.log(`\nSafety checks on every evidence file (medians, node ${process.version})`);
  console.log(`  redaction, ordinary prose              ${results.redact_prose_ms_per_mb} ms/MB`);
  console.log(`  redaction, config dense with secrets   ${results.redact_config_ms_per_mb} ms/MB`);
  console.log(`  content check (keys, credential files) ${results.content_check_ms_per_mb} ms/MB`);
  console.log(`  sensitive-name check                   ${results.name_check_us_per_name} µs per name (20,000 fresh names)`);
  const ok = results.redact_prose_ms_per_mb < 250 && results.name_check_us_per_name < 50;
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  redaction under 250 ms/MB of prose and names under 50 µs each`);
}

main();
