import { declaredWorkdir } from '../sop/frontMatter';
import { redactSecrets } from '../evidence/redact';
import type { LintConfig } from '../lint/config';
import type { LintIssue } from '../lint/types';
import type { ApprovedEvidence } from '../sop/approvalRecord';
import type { PathMention, SopDocument, SopSection } from '../sop/model';
import { hasTemplatePart } from '../workspace/pathTemplate';
import type { SectionKind } from '../sop/sections';
import { templateRegex, isAbsolutePath } from '../workspace/checkPath';
import type { WorkspaceIndex } from '../workspace/fileIndex';
import { basename, dirname, join, resolve } from '../workspace/paths';
import type { ReviewAnswer, ReviewFinding, ReviewQuestionId } from './types';

/** What every question reads: the parsed SOP and the linter's findings on the same text. */
export interface ReviewContext {
  doc: SopDocument;
  issues: LintIssue[];
  /** Absolute path of the SOP, forward slashes. */
  filePath: string;
  workspace?: WorkspaceIndex;
  config: LintConfig;
  /** The evidence recorded with the SOP (its manifest's files, or the older inline list). */
  evidence: ApprovedEvidence[];
}

/** One review question: adding one is a file with this shape and a line in the list in review.ts. */
export interface ReviewQuestion {
  id: ReviewQuestionId;
  question: string;
  /** A short name for the summary table and the verdict ("Inputs"). */
  label: string;
  answer(ctx: ReviewContext): Omit<ReviewAnswer, 'id' | 'question'>;
}

export function lineAt(doc: SopDocument, offset: number): number {
  return doc.lines.positionAt(offset).line;
}

/**
 * SOP text as a finding quotes it: one line, evidence citations left out, shortened, in quotes, and with
 * any secret redacted so a report or a prompt never repeats one.
 */
export function quote(text: string, max = 120): string {
  let t = text
    .replace(/\s*\(evidence:[^)]*\)/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  t = redactSecrets(t).text;
  if (t.length > max) t = t.slice(0, max - 1).replace(/\s+\S*$/, '') + '…';
  return `"${t}"`;
}

export function fromIssue(issue: LintIssue): ReviewFinding {
  return { text: `${issue.rule} (${issue.severity}): ${issue.message}`, line: issue.range.start.line };
}

export function issuesOf(ctx: ReviewContext, ...rules: string[]): LintIssue[] {
  return ctx.issues.filter((i) => rules.includes(i.rule));
}

/** The sections for a part that have something in them. */
export function filledSections(ctx: ReviewContext, kind: SectionKind): SopSection[] {
  return ctx.doc.sectionsOf(kind).filter((s) => !s.empty);
}

/** The heading as written, in quotes: how findings name a section. */
export function sectionName(section: SopSection): string {
  return `"${section.heading.text}"`;
}

export interface SectionItem {
  text: string;
  start: number;
  end: number;
  line: number;
}

/** The top-level list items under a section's heading, or its sentences when it has no list. */
export function sectionItems(ctx: ReviewContext, section: SopSection): SectionItem[] {
  const { doc } = ctx;
  const inside = (start: number) => start >= section.heading.end && start < section.end;
  const items = doc.listItems.filter((li) => li.level === 0 && inside(li.start));
  const source = items.length > 0 ? items : doc.sentences.filter((s) => s.where !== 'heading' && inside(s.start));
  return source.map((x) => ({ text: x.text, start: x.start, end: x.end, line: lineAt(doc, x.start) }));
}

/** The plain text of a section's body (its sentences), for word checks. */
export function sectionText(ctx: ReviewContext, section: SopSection): string {
  return ctx.doc.sentences
    .filter((s) => s.where !== 'heading' && s.start >= section.heading.end && s.start < section.end)
    .map((s) => s.text)
    .join('\n');
}

/** The folder the SOP says its commands run in (`workdir:` in front matter), workspace-relative. */
export function workdirOf(doc: SopDocument): string | undefined {
  return declaredWorkdir(doc.frontMatter.data);
}

/**
 * The places a path written in the SOP can mean, as comparable strings: as written, under the work folder,
 * and resolved against the SOP's folder, the workspace roots and the work folder.
 */
export function placesOf(ctx: ReviewContext, value: string, fromSop = true): string[] {
  const v = value
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/\/+$/, '');
  const out = new Set([v]);
  if (isAbsolutePath(v)) return [...out];
  const workdir = workdirOf(ctx.doc);
  if (workdir) out.add(join(workdir, v));
  const roots = ctx.workspace?.roots ?? [];
  const bases = [...(fromSop ? [dirname(ctx.filePath)] : []), ...roots, ...(workdir ? roots.map((r) => resolve(r, workdir)) : [])];
  for (const b of bases) out.add(resolve(b, v));
  return [...out];
}

/**
 * The places of the paths mentioned where `keep` says, leaving out the work folder and the workspace root
 * themselves: they hold everything, so mentioning them names nothing in particular.
 */
export function mentionedPlaces(ctx: ReviewContext, keep: (m: PathMention) => boolean = () => true): string[][] {
  const workdir = workdirOf(ctx.doc);
  const everything = [...(ctx.workspace?.roots ?? []), ...(workdir ? [workdir, ...placesOf(ctx, workdir, false)] : [])];
  return ctx.doc.paths
    .filter(keep)
    .map((m) => placesOf(ctx, m.value))
    .filter((p) => !p.some((x) => everything.includes(x)));
}

/**
 * Whether two mentions are the same file, or one is a folder holding the other; templated names
 * (`exports/<month>/x.csv`, `bank-$MONTH.csv`) match the files they stand for, and two files with the
 * same name count as the same (a list of inputs often names a file without its folder).
 */
export function samePlace(a: string[], b: string[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x === y || y.startsWith(x + '/') || x.startsWith(y + '/')) return true;
      if (hasTemplatePart(y) && templateRegex(y).test(x)) return true;
      if (hasTemplatePart(x) && templateRegex(x).test(y)) return true;
    }
  }
  const fileName = (p: string) => (/\.[A-Za-z0-9]+$/.test(p) && !hasTemplatePart(basename(p)) ? basename(p).toLowerCase() : undefined);
  const names = new Set(a.map(fileName).filter(Boolean));
  return b.some((p) => names.has(fileName(p)));
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b and c". */
export function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
