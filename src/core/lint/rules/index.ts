import type { Rule } from '../types';
import { missingSection } from './missing-section';
import { emptySection } from './empty-section';
import { unnamedApprovalGate } from './unnamed-approval-gate';
import { missingPath } from './missing-path';
import { pathOutsideWorkspace } from './path-outside-workspace';
import { placeholderLeft } from './placeholder-left';
import { incompleteEscalation } from './incomplete-escalation';
import { changedSinceApproval } from './changed-since-approval';
import { evidenceDrift } from './evidence-drift';
import { reviewDue } from './review-due';
import { openQuestion } from './open-question';
import { runDeviation } from './run-deviation';
import { skillDrift } from './skill-drift';

/** Every lint rule, in the order their findings are listed. Add a rule by adding its file and a line here. */
export const RULES: Rule[] = [
  missingSection,
  emptySection,
  unnamedApprovalGate,
  missingPath,
  pathOutsideWorkspace,
  placeholderLeft,
  openQuestion,
  incompleteEscalation,
  changedSinceApproval,
  evidenceDrift,
  reviewDue,
  runDeviation,
  skillDrift,
];
