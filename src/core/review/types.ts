import type { EvidenceFacts } from '../workspace/evidenceFacts';
import type { SopDocument } from '../sop/model';
import type { LintConfig } from '../lint/config';
import type { LintIssue } from '../lint/types';
import type { WorkspaceIndex } from '../workspace/fileIndex';

/** The seven questions an owner asks of an SOP before approving it. */
export type ReviewQuestionId = 'inputs' | 'judgment' | 'gates' | 'done' | 'failures' | 'sensitive' | 'paths';

export type ReviewVerdict = 'yes' | 'partly' | 'no';

/** One concrete thing the review found, and where (0-based line in the SOP) when it has a place. */
export interface ReviewFinding {
  text: string;
  line?: number;
}

export interface ReviewAnswer {
  id: ReviewQuestionId;
  question: string;
  verdict: ReviewVerdict;
  summary: string;
  findings: ReviewFinding[];
  /** What to do about a "partly" or "no", in a sentence. */
  next?: string;
}

export interface ReviewReport {
  /** The SOP's title (its heading or front matter), else its file name. */
  title: string;
  /** Absolute path of the SOP, forward slashes. */
  filePath: string;
  answers: ReviewAnswer[];
  /** Lint findings by severity, as `sop lint` counts them. */
  lint: { errors: number; warnings: number; info: number };
  /** What the draft leaves open: questions for the owner, the drafter's banner, an unfinished-draft marker, placeholders. */
  openItems: ReviewFinding[];
  /** Ready to approve: no lint error remains, no question is answered "no" and nothing is left open. */
  ready: boolean;
  /** Why it is (not) ready, in plain words, with what to do next. */
  reasons: string[];
  /** Whether the SOP has been followed since it was approved, from its run logs; absent when they were not read. */
  runs?: RunsAnswer;
}

export interface RunsAnswer {
  verdict: 'not yet tried' | 'followed' | 'deviations' | 'hard failures';
  summary: string;
  /** Steps that deviate in most runs since approval, in words ("Step 4 … was skipped in 3 of 5 runs …"). */
  persistent: string[];
}

export interface ReviewInput {
  text: string;
  /** Absolute path of the SOP, forward slashes. */
  filePath: string;
  workspace?: WorkspaceIndex;
  config?: LintConfig;
  evidence?: EvidenceFacts;
  now?: Date;
  /**
   * The SOP already parsed with its config and linted (the use cases pass it): the review reads these and does not
   * parse the text again. Otherwise the review lints itself.
   */
  linted?: { doc: SopDocument; issues: LintIssue[] };
}
