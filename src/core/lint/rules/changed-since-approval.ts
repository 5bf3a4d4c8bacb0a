import { approvalRecord, bodyHash, keyRange } from '../../sop/approvalRecord';
import { markDraftFix } from '../edits';
import type { Fix, Rule } from '../types';

export const changedSinceApproval: Rule = {
  id: 'changed-since-approval',
  aliases: ['stale-approval'],
  description: 'An approved SOP still has the text that was approved (its body hash matches the approval record).',
  defaultSeverity: 'warning',
  docs: {
    summary: 'An approved SOP still says what was approved',
    fixable: true,
    failing: {
      caption: 'one finding: the body no longer matches the recorded hash',
      sop: `---
title: Monthly sales report
status: approved
approver: Priya Nair
approved: 2026-11-02
approval:
  by: Priya Nair
  date: 2026-11-02
  body_sha256: 3f1d7a9c0b5e2f4a6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d
---

# Monthly sales report

## Steps

1. Run \`python3 scripts/clean_sales.py --month 2026-10\`.
2. Send the summary to the finance inbox; Priya no longer signs it off.
`,
    },
    passing: {
      caption: 'the body is exactly what was approved',
      sop: `---
title: Monthly sales report
status: approved
approver: Priya Nair
approved: 2026-11-02
approval:
  by: Priya Nair
  date: 2026-11-02
  body_sha256: 5d59cc17e1a090d8ae838cf97e72243468bcd44e07474472ac7ce1e082238549
---

# Monthly sales report

## Steps

1. Run \`python3 scripts/clean_sales.py --month 2026-10\`.
2. Send the summary to Priya Nair (Finance manager) and wait for her sign-off.
`,
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const record = approvalRecord(doc);
    if (!record.approved || !record.bodySha256) return [];
    if (bodyHash(doc.text) === record.bodySha256.toLowerCase()) return [];
    const range = keyRange(doc, 'status');
    if (!range) return [];
    const when = record.date ? ` on ${record.date}` : '';
    const who = record.by ? ` by ${record.by}` : '';
    return [
      {
        range,
        message: `This SOP changed since it was approved${when}${who}: the steps people follow are no longer the ones that were signed off. Get it approved again, or mark it as draft while it is being revised.`,
        fixes: (): Fix[] => [markDraftFix(doc, 'Mark as draft again')].filter((f): f is Fix => f !== undefined),
      },
    ];
  },
};
