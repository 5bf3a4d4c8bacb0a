import { bodyHash } from '../../approval/approve';
import { approvalRecord, disabledInFrontMatter, keyRange, markDraftFix } from '../../approval/record';
import type { Fix, Rule } from '../types';

export const changedSinceApproval: Rule = {
  id: 'changed-since-approval',
  aliases: ['stale-approval'],
  description: 'An approved SOP still has the text that was approved (its body hash matches the approval record).',
  defaultSeverity: 'warning',
  check(ctx) {
    const { doc } = ctx;
    const record = approvalRecord(doc);
    if (!record.approved || !record.bodySha256) return [];
    if (bodyHash(doc.text) === record.bodySha256.toLowerCase()) return [];
    const range = keyRange(doc, 'status');
    if (!range || disabledInFrontMatter(doc, ['changed-since-approval', 'stale-approval'], range.start.line)) return [];
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
