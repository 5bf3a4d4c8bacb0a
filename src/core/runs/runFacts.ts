import type { DeviationKind, RunFacts, StepDeviation } from '../lint/runFacts';
import { approvalRecord, bodyHash } from '../sop/approvalRecord';
import type { SopDocument } from '../sop/model';
import type { SopVersion } from './conformance';
import { identifySteps } from './stepIdentity';
import type { SopConformance, StepRates } from './summary';

/**
 * The run facts lint shows on the SOP: each step that persistently deviates in the runs since approval, with
 * what the latest such run recorded, so the finding can quote the reason and a quick fix can use it.
 */

/**
 * The version lint measures runs against: the approved text's body hash when an approval recorded one, so the
 * runs since approval keep counting while the SOP is being edited (fixing one step leaves the others' findings).
 */
export function runFactsVersion(doc: SopDocument, text: string): SopVersion {
  const record = approvalRecord(doc);
  const approved = record.bodySha256?.toLowerCase();
  return { steps: identifySteps(doc), bodySha256: approved ?? bodyHash(text), ...(approved && record.date ? { approvedOn: record.date } : {}) };
}

/** The same threshold as the conformance summary's persistent deviations: half the runs, and two at least. */
function persistent(n: number, runs: number): boolean {
  return n >= 2 && n * 2 >= runs;
}

const KINDS: DeviationKind[] = ['skipped', 'different', 'failed'];

export function runFactsOf(c: SopConformance, logs: { read: number; unread: number }): RunFacts {
  const current = c.runs.filter((r) => r.sameVersion);
  const deviations: StepDeviation[] = [];
  c.steps.forEach((rates: StepRates, i) => {
    for (const kind of KINDS) {
      if (!persistent(rates[kind], rates.runs)) continue;
      const deviation: StepDeviation = { stepId: rates.step.id, stepText: rates.step.text, kind, count: rates[kind], runs: rates.runs };
      // Runs are read oldest first (run ids begin with their start time): the last one with a word about it is the latest.
      for (let r = current.length - 1; r >= 0; r--) {
        const result = current[r].steps[i];
        if (result?.outcome !== kind || !result.detail) continue;
        if (kind === 'different') {
          // Conformance keeps "what — why" as one detail; the first dash splits them back.
          const cut = result.detail.indexOf(' — ');
          deviation.latest = cut < 0 ? result.detail : result.detail.slice(0, cut);
          if (cut >= 0) deviation.latestWhy = result.detail.slice(cut + 3);
        } else deviation.latest = result.detail;
        break;
      }
      deviations.push(deviation);
    }
  });
  return { sinceApproval: c.approvedOn !== undefined, deviations, logsRead: logs.read, logsUnread: logs.unread };
}
