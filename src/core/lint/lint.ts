import { ParseCache, parseSop, unparsedSop, type SopDocument } from '../sop/model';
import type { Range } from '../text/range';
import { createHeadingMatcher, type HeadingMatcher } from '../sop/sections';
import type { WorkspaceIndex } from '../workspace/fileIndex';
import type { EvidenceFacts } from '../workspace/evidenceFacts';
import { forgetAlso } from '../text/memo';
import { toPosix } from '../workspace/paths';
import { defaultConfig, type LintConfig } from './config';
import { createDisableCheck } from './disables';
import { insertAt } from './edits';
import { RULES } from './rules';
import type { Severity } from './severity';
import type { Fix, LintIssue, Rule } from './types';
import type { RunFacts } from './runFacts';
import type { SkillFacts } from './skillFacts';

export interface LintInput {
  text: string;
  /** Absolute path of the SOP. */
  filePath: string;
  workspace?: WorkspaceIndex;
  config?: LintConfig;
  /** Reuse across lints of the same document so an edit reparses only what changed. */
  cache?: ParseCache;
  /** What is on disk now for the evidence approved SOPs record, as data; without it evidence-drift sees only deletions in `workspace`. */
  evidence?: EvidenceFacts;
  /** The workspace folder holding the SOP, which evidence paths are relative to; else found from `workspace`. */
  root?: string;
  /** Where copies of approved evidence are kept, so a changed file's finding can offer the diff. */
  evidenceCopies?: 'besideSop' | 'workspaceRoot' | 'off';
  /** Today (tests pass a fixed date); defaults to new Date(). */
  now?: Date;
  /** What the SOP's run logs say about its steps; without them run-deviation is silent. */
  runs?: RunFacts;
  /** Where the SOP's exported skill is now; without them skill-drift is silent. */
  skills?: SkillFacts;
  /** Longer texts are not linted, with one finding saying so (the editor passes AS_YOU_TYPE_MAX_CHARS). */
  maxChars?: number;
  /** The whole file's length in characters when only its start was read (a file far over the limit is never read in full). */
  fullLength?: number;
}

/** The largest SOP linted at all: beyond it one finding says the file was not linted. */
export const MAX_SOP_CHARS = 1_000_000;
/** The largest SOP the editor lints as you type; `sop lint` still lints it in full. */
export const AS_YOU_TYPE_MAX_CHARS = 250_000;
/** Findings about lint's own limits, by this id; they cannot be configured off, only disabled inline. */
export const LIMIT_RULE = 'lint-limit';
const MAX_LIMIT_FINDINGS = 10;

export interface LintResult {
  issues: LintIssue[];
  doc: SopDocument;
  /** Rules that failed on this document (a bug, never the writer's fault); their findings are left out. */
  failures: Array<{ rule: string; error: string }>;
}

/** Rule ids and aliases, lower-cased, to the rule id. */
const ALIASES = new Map<string, string>();
for (const r of RULES) {
  ALIASES.set(r.id, r.id);
  for (const a of r.aliases) ALIASES.set(a.toLowerCase(), r.id);
}

/** A rule's id from its id or one of its aliases (any case). */
export function canonicalRuleId(idOrAlias: string): string {
  return ALIASES.get(idOrAlias.toLowerCase()) ?? idOrAlias;
}

/** Rule ids, and with them the aliases as the rules spell them. */
export function ruleIds(withAliases = true): string[] {
  return RULES.flatMap((r) => (withAliases ? [r.id, ...r.aliases] : [r.id]));
}

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === canonicalRuleId(id));
}

let matcherCache: { key: string; matcher: HeadingMatcher } | undefined;
function matcherFor(config: LintConfig): HeadingMatcher {
  const key = JSON.stringify(config.headings);
  if (matcherCache?.key !== key) matcherCache = { key, matcher: createHeadingMatcher(config.headings) };
  return matcherCache.matcher;
}

function severityOf(rule: Rule, config: LintConfig): Severity | undefined {
  let setting: string | undefined;
  for (const [k, v] of Object.entries(config.rules)) if (canonicalRuleId(k) === rule.id) setting = v;
  if (setting === 'off') return undefined;
  if (setting === undefined || setting === 'on') return rule.defaultSeverity;
  return setting as Severity;
}

/**
 * The chunks of the last text linted without a cache of its own: an approved SOP is linted twice in a row (before and
 * after its evidence is hashed), and the second lint then parses no Markdown. One document at most is kept.
 */
let lastUncached: { text: string; cache: ParseCache } | undefined;
forgetAlso(() => (lastUncached = undefined));
function cacheFor(text: string): ParseCache {
  if (lastUncached?.text !== text) lastUncached = { text, cache: new ParseCache() };
  return lastUncached.cache;
}

/** Lints one SOP. Never throws: a rule that fails is reported in `failures` and the others still run. */
export function lintSop(input: LintInput): LintResult {
  const maxChars = input.maxChars ?? MAX_SOP_CHARS;
  const length = Math.max(input.text.length, input.fullLength ?? 0);
  if (length > maxChars) return tooLarge(input.text, maxChars, length);
  const config = input.config ?? defaultConfig();
  const matcher = matcherFor(config);
  const doc = parseSop(input.text, { matcher, cache: input.cache ?? cacheFor(input.text) });
  const ctx = {
    doc,
    filePath: toPosix(input.filePath),
    workspace: input.workspace,
    config,
    matcher,
    evidence: input.evidence,
    evidenceCopies: input.evidenceCopies,
    root: input.root,
    now: input.now ?? new Date(),
    runs: input.runs,
    skills: input.skills,
  };
  const disabled = createDisableCheck(doc, canonicalRuleId);
  const issues: LintIssue[] = limitIssues(doc).filter((i) => !disabled(LIMIT_RULE, i.range.start.line));
  const failures: LintResult['failures'] = [];
  for (const rule of RULES) {
    const severity = severityOf(rule, config);
    if (!severity) continue;
    let found;
    try {
      found = rule.check(ctx);
    } catch (e) {
      failures.push({ rule: rule.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      continue;
    }
    for (const f of found) {
      const range = doc.lines.clamp(f.range);
      if (disabled(rule.id, range.start.line)) continue;
      const own = f.fixes;
      issues.push({
        rule: rule.id,
        severity,
        message: f.message,
        range,
        ...(f.lookedFor ? { lookedFor: f.lookedFor } : {}),
        fixes: () => {
          let list: Fix[] = [];
          try {
            list = own ? own() : [];
          } catch {
            list = [];
          }
          const inFrontMatter = doc.frontMatter.present && doc.lines.offsetAt({ line: range.start.line, character: 0 }) < doc.frontMatter.blockEnd;
          return inFrontMatter ? list : [...list, disableLineFix(doc, rule.id, range.start.line)];
        },
      });
    }
  }
  return { issues, doc, failures };
}

/** Places SOP lint did not read in full (see sop/markdownGuard and frontMatter), as findings. */
function limitIssues(doc: SopDocument): LintIssue[] {
  const issue = (range: Range, message: string, severity: Severity): LintIssue => ({
    rule: LIMIT_RULE,
    severity,
    message,
    range: doc.lines.clamp(range),
    fixes: () => [],
  });
  const out: LintIssue[] = [];
  const fm = doc.frontMatter;
  if (fm.refused && fm.error) out.push(issue(doc.rangeOf(fm.blockStart, fm.valueStart), fm.error.message, 'warning'));
  for (const l of doc.limits.slice(0, MAX_LIMIT_FINDINGS)) {
    out.push(issue(firstLineOf(doc, l.start, l.end), `Not linted in full here: ${l.text}.`, 'info'));
  }
  if (doc.limits.length > MAX_LIMIT_FINDINGS) {
    const l = doc.limits[MAX_LIMIT_FINDINGS];
    out.push(
      issue(
        firstLineOf(doc, l.start, l.end),
        `${doc.limits.length - MAX_LIMIT_FINDINGS} more places were not linted in full, for the same kinds of reasons.`,
        'info',
      ),
    );
  }
  return out;
}

/** A range on the first line of [start, end): a note on a 10,000-line block should not paint all of it. */
function firstLineOf(doc: SopDocument, start: number, end: number): Range {
  const r = doc.rangeOf(start, end);
  return r.end.line === r.start.line ? r : { start: r.start, end: { line: r.start.line, character: doc.lines.lineLength(r.start.line) } };
}

/** One finding for a text too large to lint; nothing of it is parsed. */
function tooLarge(text: string, maxChars: number, fullLength = text.length): LintResult {
  const doc = unparsedSop(text.slice(0, maxChars));
  const mb = (n: number) => (n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${Math.round(n / 1000)} KB`);
  const asYouType = maxChars < MAX_SOP_CHARS;
  const message = asYouType
    ? `This SOP is ${mb(fullLength)}, too large to lint as you type (at most ${mb(maxChars)}); it was not linted. Run \`sop lint\` on it, or split it into smaller SOPs.`
    : `This SOP is ${mb(fullLength)}, more than the ${mb(maxChars)} SOP lint reads; it was not linted. Split it into smaller SOPs.`;
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: Math.min(doc.lines.lineLength(0), 200) } };
  return { issues: [{ rule: LIMIT_RULE, severity: 'warning', message, range: doc.lines.clamp(range), fixes: () => [] }], doc, failures: [] };
}

/** Appends `<!-- sop-lint-disable-line rule -->` to the line, which keeps list items and tables intact. */
function disableLineFix(doc: SopDocument, rule: string, line: number): Fix {
  const end = doc.lines.offsetAt({ line, character: doc.lines.lineLength(line) });
  return { title: `Disable ${rule} for this line`, edits: [insertAt(doc, end, ` <!-- sop-lint-disable-line ${rule} -->`)] };
}
