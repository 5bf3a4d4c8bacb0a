import { bodyHash } from '../../../src/core/sop/approvalRecord';
import { parseSop } from '../../../src/core/sop/model';
import { runFactsVersion } from '../../../src/core/runs/runFacts';
import { put } from '../../support/tempTree';
import { REFUND_SOP, RunBuilder } from './refundSop';

/** The refund SOP as approved on 2 November: the runs since then are measured against this text. */
export const APPROVED_REFUND = REFUND_SOP.replace(
  'status: draft\n',
  `status: approved\napproval:\n  by: Priya Nair\n  date: 2026-11-02\n  body_sha256: ${bodyHash(REFUND_SOP)}\n`,
);

export type Run = (b: RunBuilder) => RunBuilder;

/** The whole refund as written. */
export const asWritten: Run = (b) => b.done(1, 2, 3, 4).approve(5).done(5, 6, 7).finish();

/** The same refund with step 4 (the Zendesk note) skipped for a reason. */
export const skippingNote =
  (reason: string): Run =>
  (b) =>
    b.done(1, 2, 3).skip(4, reason).approve(5).done(5, 6, 7).finish();

/** Five refunds since approval; Dana skipped the Zendesk note in three of them, the latest one last. */
export const FIVE_RUNS: Run[] = [
  asWritten,
  skippingNote('the customer is a regular, no note needed'),
  skippingNote('Zendesk was down'),
  asWritten,
  skippingNote('refund under 20 EUR, nobody reads the note'),
];

/** Writes the runs as logs where `sop run start` puts them for sops/customer-refunds.sop.md, oldest first by name. */
export function writeRefundRuns(root: string, runs: Run[], text = APPROVED_REFUND, day = 10): string[] {
  const version = runFactsVersion(parseSop(text), text);
  return runs.map((run, i) => {
    const id = `2026-11-${String(day).padStart(2, '0')}T09-${String(i).padStart(2, '0')}-00Z-00000${i % 10}`;
    const rel = `sops/runs/customer-refunds/${id}.jsonl`;
    put(root, rel, run(new RunBuilder(version, id)).text());
    return rel;
  });
}
