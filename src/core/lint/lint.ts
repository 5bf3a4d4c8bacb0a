import type { EvidenceLookup } from '../approval/evidenceLookup';
import { parseSop, type ParseCache, type SopDocument } from '../sop/model';
import { createHeadingMatcher, type HeadingMatcher } from '../sop/sections';
import type { WorkspaceIndex } from '../workspace/fileIndex';
import { toPosix } from '../workspace/paths';
import { defaultConfig, type LintConfig } from './config';
import { createDisableCheck } from './disables';
import { insertAt } from './edits';
import { RULES } from './rules';
import type { Fix, LintIssue, Rule, Severity } from './types';

export interface LintInput {
  text: string;
  /** Absolute path of the SOP. */
  filePath: string;
  workspace?: WorkspaceIndex;
  config?: LintConfig;
  /** Reuse across lints of the same document so an edit reparses only what changed. */
  cache?: ParseCache;
  /** Current hashes of evidence files, for evidence-drift; without it that rule sees only deletions in `workspace`. */
  evidence?: EvidenceLookup;
  /**
   * The same, chosen once the document is parsed (the editor only hashes the evidence an approved SOP records):
   * used when `evidence` is not given, so a document is linted once rather than once to learn what it records.
   */
  evidenceFor?: (doc: SopDocument) => EvidenceLookup | undefined;
  /** Today (tests pass a fixed date); defaults to new Date(). */
  now?: Date;
}

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

/** Lints one SOP. Never throws: a rule that fails is reported in `failures` and the others still run. */
export function lintSop(input: LintInput): LintResult {
  const config = input.config ?? defaultConfig();
  const matcher = matcherFor(config);
  const doc = parseSop(input.text, { matcher, cache: input.cache });
  const ctx = { doc, filePath: toPosix(input.filePath), workspace: input.workspace, config, matcher, evidence: input.evidence ?? input.evidenceFor?.(doc), now: input.now ?? new Date() };
  const disabled = createDisableCheck(doc, canonicalRuleId);
  const issues: LintIssue[] = [];
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
        fixes: () => {
          let list: Fix[] = [];
          try {
            list = own ? own() : [];
          } catch {
            list = [];
          }
          const inFrontMatter =
            doc.frontMatter.present && doc.lines.offsetAt({ line: range.start.line, character: 0 }) < doc.frontMatter.blockEnd;
          return inFrontMatter ? list : [...list, disableLineFix(doc, rule.id, range.start.line)];
        },
      });
    }
  }
  return { issues, doc, failures };
}

/** Appends `<!-- sop-lint-disable-line rule -->` to the line, which keeps list items and tables intact. */
function disableLineFix(doc: SopDocument, rule: string, line: number): Fix {
  const end = doc.lines.offsetAt({ line, character: doc.lines.lineLength(line) });
  return { title: `Disable ${rule} for this line`, edits: [insertAt(doc, end, ` <!-- sop-lint-disable-line ${rule} -->`)] };
}
