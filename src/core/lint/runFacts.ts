/**
 * What the SOP's recorded runs say about its steps, handed to lint as data (as evidence facts are): the steps
 * that persistently were not done as written in the runs of the approved text. `runs/runFacts.ts` computes
 * these from the conformance of the run logs; lint only reads them, so it never touches a run log itself.
 */

export type DeviationKind = 'skipped' | 'different' | 'failed';

export interface StepDeviation {
  /** The step's id, and its text when the facts were gathered: the rule finds the step by this text. */
  stepId: string;
  stepText: string;
  kind: DeviationKind;
  /** Runs in which the step went this way, of `runs` runs that got as far as the step. */
  count: number;
  runs: number;
  /** As recorded in the latest such run: the skip's reason, the failure's error, or what was done instead. */
  latest?: string;
  /** For a step done differently, the latest run's reason for it. */
  latestWhy?: string;
}

export interface RunFacts {
  /** The runs were of the approved text (else of the SOP's current, unapproved text). */
  sinceApproval: boolean;
  /** Persistent deviations only: in at least half the runs that reached the step, and in two at least. */
  deviations: StepDeviation[];
  /** Logs read, and logs left unread because only the newest ones are read. */
  logsRead: number;
  logsUnread: number;
}
