import type { SopDocument } from '../sop/model';
import type { HeadingMatcher } from '../sop/sections';
import type { Range, TextEdit } from '../text/range';
import type { WorkspaceIndex } from '../workspace/fileIndex';
import type { EvidenceFacts } from '../workspace/evidenceFacts';
import type { LintConfig } from './config';
import type { RunFacts } from './runFacts';
import type { Severity } from './severity';
import type { SkillFacts } from './skillFacts';

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
  /**
   * Absolute paths a finding says are not there, as the file index knows them. An editor whose index is kept by a
   * file watcher checks them on disk, since a watcher can miss a file (one written into a folder just made).
   */
  lookedFor?: string[];
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
  /** Current facts about evidence files; without them, the approval rules only see what the file index shows. */
  evidence?: EvidenceFacts;
  /** The workspace folder holding the SOP: evidence facts are relative to it (else found from the file index). */
  root?: string;
  /** Where copies of approved evidence are kept, to offer a diff of a changed file ('off' or absent: none). */
  evidenceCopies?: 'besideSop' | 'workspaceRoot' | 'off';
  /** Today, for rules about dates (review-due); new Date() when absent. */
  now?: Date;
  /** What the SOP's recorded runs say about its steps (run-deviation); without them that rule is silent. */
  runs?: RunFacts;
  /** Where the SOP's exported skill is now, and what changed there by hand (skill-drift); without them that rule is silent. */
  skills?: SkillFacts;
}

/** An SOP in a rule's docs page: the Markdown, and what a reader should notice about it. */
export interface RuleExample {
  sop: string;
  /** "three findings: ..." for a failing example (the count is checked); why it passes for a passing one. */
  caption?: string;
  /** The run facts the example is linted with, for a rule about runs (the caption says what they are). */
  runs?: RunFacts;
  /** The exported skill's folders the example is linted with, for a rule about skills. */
  skills?: SkillFacts;
}

/** What docs/rules/<id>.md says about the rule, besides its prose: `npm run generate:rules` writes it from here. */
export interface RuleDocs {
  /** The page title after the id: what an SOP that passes has, in a few words. */
  summary: string;
  /** Whether the rule offers quick fixes of its own, besides disabling it for a line. */
  fixable: boolean;
  /** An SOP that trips the rule (linted as sops/example.sop.md in the workspace listed in missing-path.md). */
  failing: RuleExample & { caption: string };
  /** The same kind of SOP, put right: no findings of this rule. */
  passing: RuleExample;
}

/**
 * A lint rule. Its id, aliases, severity, description and docs are the one source for the settings in
 * package.json, the .sop-lint.jsonc schema and docs/rules (`npm run generate:rules`).
 */
export interface Rule {
  id: string;
  aliases: string[];
  /** What an SOP that passes has, in one sentence of Markdown (settings, schema and the docs table show it). */
  description: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
  check(ctx: RuleContext): RuleIssue[];
}
