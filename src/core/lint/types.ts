import type { SopDocument } from '../sop/model';
import type { HeadingMatcher } from '../sop/sections';
import type { Range, TextEdit } from '../text/range';
import type { WorkspaceIndex } from '../workspace/fileIndex';
import type { EvidenceLookup } from '../approval/evidenceLookup';
import type { LintConfig } from './config';

export type Severity = 'error' | 'warning' | 'info';
/** 'on' is the rule's default severity (what `true` means in a config file). */
export type SeveritySetting = Severity | 'off' | 'on';

/** A change that resolves an issue, as plain text edits the editor or CLI can apply. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply first when there are several. */
  preferred?: boolean;
  /** An editor-side action instead of (or besides) edits, such as opening a diff; the CLI ignores it. */
  command?: { id: string; args: unknown[] };
}

/** What a rule reports: a place, a message, and fixes computed only when someone asks for them. */
export interface RuleIssue {
  range: Range;
  message: string;
  fixes?: () => Fix[];
}

export interface LintIssue extends RuleIssue {
  rule: string;
  severity: Severity;
  fixes: () => Fix[];
}

export interface RuleContext {
  doc: SopDocument;
  /** Absolute path of the SOP, forward slashes. */
  filePath: string;
  /** Files and folders of the workspace; without it, path rules stay silent. */
  workspace?: WorkspaceIndex;
  config: LintConfig;
  matcher: HeadingMatcher;
  /** Current facts about evidence files; without it, the approval rules only see what the file index shows. */
  evidence?: EvidenceLookup;
  /** Today, for rules about dates (review-due); new Date() when absent. */
  now?: Date;
}

export interface Rule {
  id: string;
  aliases: string[];
  description: string;
  defaultSeverity: Severity;
  check(ctx: RuleContext): RuleIssue[];
}
