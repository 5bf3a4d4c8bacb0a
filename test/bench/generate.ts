/** Generated, realistic SOPs for the benchmarks, and a workspace index that holds the files they mention. */
import { WorkspaceIndex } from '../../src/core/workspace/fileIndex';

export const ROOT = '/bench/acme-ops';
export const SOP_PATH = `${ROOT}/sops/monthly-close.sop.md`;
// ---------------------------------------------------------------------------------------------------------
// The document.

export interface GeneratedSop {
  text: string;
  /** Workspace-relative paths of every file the SOP mentions. */
  files: string[];
}

const VERBS = ['Run', 'Re-run', 'Execute', 'Start'];
const CHECKS = ['row count', 'order total', 'refund total', 'tax total', 'currency split', 'channel split'];
/** What differs between the SOPs of one team's folder: the area of work, its month and who signs off. */
const AREAS = ['close', 'payroll', 'billing', 'refunds', 'inventory', 'payouts', 'vendors', 'expenses', 'forecast', 'audit', 'tax', 'treasury'];
const APPROVERS = ['Priya Nair (CFO)', 'Sam Okafor (Controller)', 'Lee Ortiz (Senior accountant)', 'Mina Park (Head of finance)', 'Tom Ruiz (Ops manager)'];

/**
 * A realistic SOP: front matter, all ten sections, `steps` numbered steps that each have a command, a link, a named gate and a sub-bullet.
 * `variant` (0 for the benchmark's own document) changes the area, the month and the approver, so the SOPs of a generated folder share
 * their shape but not their sentences, as a team's SOPs do.
 */
export function generateSop(steps: number, variant = 0): GeneratedSop {
  const area = AREAS[variant % AREAS.length];
  const month = `2026-${String(10 - (Math.floor(variant / AREAS.length) % 10)).padStart(2, '0')}`;
  const approver = variant === 0 ? 'Priya Nair (CFO)' : APPROVERS[variant % APPROVERS.length];
  const title = variant === 0 ? 'Monthly sales close' : `Monthly ${area} run ${variant}`;
  const files = new Set<string>(['templates/board-pack-email.md', 'exports/2026-10/shopify-orders.csv', 'docs/close-calendar.md', 'reports/2026-10/']);
  const L: string[] = [];
  L.push(
    '---',
    `title: ${title} (${steps} steps)`,
    'type: sop',
    'owner: Dana Reyes (Finance manager)',
    'approver: Priya Nair (CFO)',
    'status: approved',
    'version: 7',
    'evidence:',
    '  - exports/2026-10/shopify-orders.csv',
    '---',
    '',
    `# ${title}`,
    '',
    '## Why this matters',
    '',
    'The board pack is built from these numbers. A wrong total reaches the board and the bank, and the',
    'correction costs a week. Skipping a check has caused two restatements in the last year.',
    '',
    '## When to run it',
    '',
    'On the first working day of each month, once the Shopify export for the previous month is complete.',
    'See the [close calendar](../docs/close-calendar.md) for the exact dates.',
    '',
    '## Who owns it',
    '',
    '- Owner: Dana Reyes (Finance manager)',
    '- Approver: Priya Nair (CFO)',
    '- Backup: Lee Ortiz (Senior accountant)',
    '',
    '## Inputs needed',
    '',
    '- The Shopify orders export: [shopify-orders.csv](../exports/2026-10/shopify-orders.csv)',
    '- Python 3.11 with the packages in `requirements.txt`',
    '- Write access to `reports/2026-10/`',
    '',
    '## Steps',
    '',
  );
  files.add('requirements.txt');
  for (let i = 1; i <= steps; i++) {
    const n = String(i).padStart(4, '0');
    const script = `scripts/${area}/step_${i % 50}.py`;
    const input = `exports/${month}/batch-${n}.csv`;
    const log = `logs/${month}/batch-${n}.log`;
    files.add(script).add(input).add(log);
    L.push(
      `${i}. ${VERBS[(i + variant) % VERBS.length]} \`python ${script} --in ${input}\` and open [the log](../${log}). ` +
        `Get sign-off from ${approver} before step ${i + 1}.`,
      `   - Check the ${CHECKS[(i + variant) % CHECKS.length]} against last month.`,
    );
  }
  L.push(
    '',
    '## Decision points',
    '',
    '- If a batch total differs from Shopify by more than 2%, stop the close and rerun the export before going on.',
    '- Refunds issued after the cut-off belong to the next month.',
    '',
    '## Quality checks',
    '',
    '- The sum of the batch totals equals the Shopify dashboard total for the month.',
    '- Every batch log ends with `OK`.',
    '',
    '## Common failures',
    '',
    '- **The export is truncated:** the last row has no newline. Download it again.',
    '- **A script fails with `KeyError`:** a column was renamed in Shopify; update the column map.',
    '',
    '## Escalation',
    '',
    '- Escalate to Priya Nair (CFO) by e-mail at priya.nair@example.com.',
    '- Include the batch log, the export file and a screenshot of the error.',
    '- Stop if a total is off by more than 5%: do not guess.',
    '',
    '## Expected output',
    '',
    '- The summary in `reports/2026-10/` and the board pack e-mail from [the template](../templates/board-pack-email.md).',
    '',
  );
  return { text: L.join('\n'), files: [...files] };
}

/** The files the SOP mentions plus `others` unrelated ones, spread over a plausible tree. */
export function workspaceFor(sop: GeneratedSop, others = 5000): WorkspaceIndex {
  const files = sop.files.filter((f) => !f.endsWith('/')).map((f) => `${ROOT}/${f}`);
  files.push(SOP_PATH);
  const areas = ['finance', 'ops', 'hr', 'legal', 'sales', 'support', 'it', 'marketing'];
  const kinds = ['csv', 'xlsx', 'md', 'py', 'pdf', 'json', 'eml', 'docx'];
  for (let i = 0; i < others; i++) {
    const area = areas[i % areas.length];
    files.push(`${ROOT}/${area}/${2020 + (i % 7)}/${String(1 + (i % 12)).padStart(2, '0')}/file-${i}.${kinds[(i * 7) % kinds.length]}`);
  }
  const index = new WorkspaceIndex([ROOT], files);
  index.addFile(`${ROOT}/reports/2026-10/.keep`);
  return index;
}
