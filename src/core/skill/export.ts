import { posix } from 'node:path';
import { stringify } from 'yaml';
import type { Definition, Image, Link, Nodes } from 'mdast';
import { parseMarkdown } from '../sop/markdown';
import type { SopDocument, SopSection, SopSentence } from '../sop/model';
import { distrustOf, type SopStatus } from '../approval/status';
import { isUrlOrEmail } from '../sop/pathSyntax';
import { hasTemplatePart } from '../workspace/pathTemplate';
import { classifySteps, roleIn, STEP_KIND_MARKER } from '../sop/stepKinds';
import { redactSecrets } from '../evidence/redact';
import { runLogInstructions } from '../runs/instructions';
import { createSensitiveRules } from '../evidence/sensitive';
import { scriptExtensions } from '../evidence/readers';
import { sensitiveNameReason, sensitiveTextReason } from '../approval/copyRules';
import { approverOf, peopleOf } from '../sop/people';
import { declaredWorkdir } from '../sop/frontMatter';
import { sopStem } from '../sop/sopFiles';
import type { SectionKind } from '../sop/sections';
import { NAME_MAX, SKILL_FILE, validateSkill } from './validate';
import { describeSkill } from './description';

export interface SkillExportInput {
  /** The SOP parsed with its resolved lint config, so custom headings mean here what they mean to lint. */
  doc: SopDocument;
  /** Its approval status (from the approval record); absent: read as not approved. */
  status?: SopStatus;
  /** Workspace-relative path of the SOP. */
  sopPath: string;
  /**
   * Reads a workspace-relative file; undefined when it is missing. A host that resolved links says where the
   * real file is (`target`, workspace-relative), or why it did not read it at all (`refused`).
   */
  readFile(relPath: string): string | SkillSourceRead | undefined;
}

export type SkillSourceRead = { text: string; target: string } | { refused: string };

/** Skill files are instructions, scripts and short references: a bigger file is not copied. */
export const MAX_SKILL_RESOURCE_BYTES = 1024 * 1024;

export interface SkillExport {
  name: string;
  /** Path inside the skill folder → text. */
  files: Map<string, string>;
  warnings: string[];
}

/** Files copied into scripts/: the extensions of the evidence readers of kind 'script'. */
export const SCRIPT_EXTENSIONS = scriptExtensions();
const REFERENCE_EXTENSIONS = new Set(['md', 'markdown', 'txt', 'rst']);
/** Reference material shorter than this stays in the SOP's words rather than becoming a file of its own. */
const REFERENCE_MIN_CHARS = 2000;
const STOP_WORDS_IN_DECISIONS = /\b(?:decide|decides|decision|judg(?:e)?ment|ask\w*|stop|stops|escalate|check with|confirm with|sign[- ]?off|approv\w*)\b/i;
const STOP_WORDS = /\bstop\b/i;

/** Turns an SOP into an Agent Skill folder: SKILL.md plus the scripts, references and templates it uses. */
export function exportSkill(input: SkillExportInput): SkillExport {
  const doc = input.doc;
  const warnings: string[] = [];
  const fileTitle = titleFromPath(input.sopPath);
  const title = (doc.title?.text ?? fileTitle).trim() || fileTitle;
  const name = slugify(title) || slugify(fileTitle) || 'sop-skill';

  const distrust = distrustOf(input.status ?? 'draft');
  if (distrust) warnings.push(`${distrust} Review and approve it before relying on this skill.`);
  if (doc.placeholders.length > 0) {
    warnings.push(`The SOP still has ${doc.placeholders.length} placeholder(s) (TODO, TBD, …): fill them in, or the agent will meet them in the instructions.`);
  }

  const resources = collectResources(doc, input, warnings);
  const files = new Map<string, string>();
  for (const r of resources.values()) files.set(r.target, r.text);

  const ctx: RenderContext = { doc, resources, sopDir: posix.dirname(input.sopPath), sopPath: input.sopPath, warnings };
  const description = describeSkill(doc, title);
  const body = renderBody(ctx, title);
  const metadata: Record<string, string> = { source: input.sopPath };
  for (const key of ['status', 'owner', 'approver', 'workdir'] as const) {
    const v = doc.frontMatter.data[key];
    if (typeof v === 'string' && v.trim()) metadata[key] = v.trim();
  }
  const frontMatter = stringify({ name, description, metadata }, { lineWidth: 0 });
  files.set(SKILL_FILE, `---\n${frontMatter}---\n\n${body}`);

  for (const p of validateSkill(files, name)) warnings.push(`The exported skill breaks the specification (${p.rule}): ${p.message}`);
  // A script mentioned in several steps is one warning, not one per mention.
  return { name, files, warnings: [...new Set(warnings)] };
}

/** "sops/monthly-sales-report.sop.md" → "monthly sales report". */
function titleFromPath(path: string): string {
  return sopStem(posix.basename(path))
    .replace(/[-_.]+/g, ' ')
    .trim();
}

/** A name the Agent Skills specification accepts: lowercase letters, digits and single hyphens, at most 64. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, NAME_MAX)
    .replace(/-+$/, '');
}

interface Resource {
  /** Workspace-relative path of the original. */
  source: string;
  /** Path inside the skill folder. */
  target: string;
  text: string;
}

interface RenderContext {
  doc: SopDocument;
  /** By the value the SOP wrote (as written, and as resolved against the SOP's folder for links). */
  resources: Map<string, Resource>;
  sopDir: string;
  /** Workspace-relative path of the SOP: the run log commands name it. */
  sopPath: string;
  warnings: string[];
}

function extensionOf(path: string): string {
  const base = posix.basename(path);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Where a mentioned path can be: the SOP's workdir first, then the workspace root, then the SOP's folder. */
function candidates(value: string, workdir: string | undefined, sopDir: string): string[] {
  const clean = value.replace(/^\.\//, '');
  const out = [workdir ? posix.join(workdir, clean) : undefined, posix.normalize(clean), posix.join(sopDir, clean)];
  return [...new Set(out.filter((p): p is string => !!p && !p.startsWith('..') && !posix.isAbsolute(p)))];
}

function collectResources(doc: SopDocument, input: SkillExportInput, warnings: string[]): Map<string, Resource> {
  const workdir = declaredWorkdir(doc.frontMatter.data);
  const sopDir = posix.dirname(input.sopPath);
  const byValue = new Map<string, Resource>();
  const bySource = new Map<string, Resource>();
  const taken = new Set<string>();
  const sensitive = createSensitiveRules();
  for (const mention of doc.paths) {
    const value = mention.value;
    if (byValue.has(value) || isUrlOrEmail(value) || hasTemplatePart(value) || value.endsWith('/') || posix.isAbsolute(value)) continue;
    const ext = extensionOf(value);
    const isScript = SCRIPT_EXTENSIONS.has(ext);
    const isTemplate = /template/i.test(value);
    const isReference = REFERENCE_EXTENSIONS.has(ext);
    if (!isScript && !isTemplate && !isReference) continue;
    let found: { path: string; text: string } | undefined;
    let skipped = false;
    for (const c of candidates(value, workdir, sopDir)) {
      if (c === input.sopPath) continue;
      const read = input.readFile(c);
      if (read === undefined) continue;
      const source = typeof read === 'string' ? { text: read, target: c } : read;
      if ('refused' in source) {
        warnings.push(notCopied(c, source.refused));
        skipped = true;
        break;
      }
      const why = sensitiveNameReason(c, source.target, sensitive) ?? tooLarge(source.text) ?? sensitiveTextReason(source.text);
      if (why) {
        warnings.push(notCopied(c, why));
        skipped = true;
        break;
      }
      found = { path: c, text: source.text };
      break;
    }
    if (!found) {
      if (isScript && !skipped)
        warnings.push(
          `The SOP mentions the script ${value}, but it could not be read (looked ${workdir ? `in ${workdir}/ and ` : ''}at the workspace root): fix the path in the SOP, or copy the script into the skill's scripts/ folder by hand.`,
        );
      continue;
    }
    const folder = isScript ? 'scripts' : isTemplate ? 'assets' : found.text.length > REFERENCE_MIN_CHARS ? 'references' : undefined;
    if (!folder) continue;
    let resource = bySource.get(found.path);
    if (!resource) {
      // Skills get shared and committed: secrets in a copied file are redacted, as in evidence.
      const redacted = redactSecrets(found.text);
      const n = Object.values(redacted.counts).reduce((a, b) => a + b, 0);
      if (n > 0)
        warnings.push(
          `${found.path}: ${n} secret(s) were redacted in the skill's copy (marked [redacted: …]): make the script read them from the environment before relying on it.`,
        );
      resource = { source: found.path, target: uniqueTarget(folder, posix.basename(found.path), taken), text: redacted.text };
      bySource.set(found.path, resource);
    }
    byValue.set(value, resource);
  }
  return byValue;
}

function notCopied(path: string, why: string): string {
  return `${path} was not copied into the skill (${why}): skills get shared, so it stays in the workspace; copy what the agent needs by hand once it holds nothing private.`;
}

function tooLarge(text: string): string | undefined {
  return text.length > MAX_SKILL_RESOURCE_BYTES
    ? `larger than ${MAX_SKILL_RESOURCE_BYTES / 1024 / 1024} MB: a skill holds scripts and short references`
    : undefined;
}

function uniqueTarget(folder: string, base: string, taken: Set<string>): string {
  const dot = base.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
  let target = `${folder}/${base}`;
  for (let i = 2; taken.has(target); i++) target = `${folder}/${stem}-${i}${ext}`;
  taken.add(target);
  return target;
}

// ---- who to stop and ask ----

function stopLine(who: string, ask: string): string {
  const what = ask
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.;:]+$/, '');
  return `**Stop and ask ${who}**: ${what} — do not continue until they approve.`;
}

// ---- rewriting the SOP's Markdown for the skill ----

/** Links to copied files point into the skill; other relative links become plain workspace paths. */
function rewrite(md: string, ctx: RenderContext): string {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const walk = (node: Nodes) => {
    if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && node.position) {
      const n = node as Link | Image | Definition;
      if (n.url && !isUrlOrEmail(n.url)) {
        const start = node.position.start.offset ?? 0;
        const end = node.position.end.offset ?? start;
        const copied = ctx.resources.get(n.url);
        const label = node.type === 'definition' ? '' : md.slice(start, end).replace(/^!?\[([^\]]*)\][\s\S]*$/, '$1');
        const workspacePath = posix.normalize(posix.join(ctx.sopDir, n.url));
        if (copied)
          edits.push({
            start,
            end,
            text:
              node.type === 'definition'
                ? `[${(node as Definition).identifier}]: ${copied.target}`
                : `${node.type === 'image' ? '!' : ''}[${label}](${copied.target})`,
          });
        else if (node.type !== 'definition')
          edits.push({ start, end, text: label === n.url || !label ? `\`${workspacePath}\`` : `${label} (\`${workspacePath}\` in the workspace)` });
        else edits.push({ start, end, text: '' });
        return;
      }
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(parseMarkdown(md, false));
  let out = md;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  for (const [value, r] of ctx.resources) {
    if (value === r.target) continue;
    out = out.replace(new RegExp(String.raw`(?<![\w./-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\w/-])`, 'g'), r.target);
  }
  return out;
}

/**
 * A list item's or paragraph's Markdown without its list marker and step-kind marker, with some
 * sentences cut out. Its lines are joined; nested list items stay on lines of their own, indented by
 * `nestIndent`, or are joined too when it is undefined.
 */
function itemText(doc: SopDocument, start: number, end: number, cut: SopSentence[] = [], nestIndent?: string): string {
  let text = '';
  let at = start;
  for (const s of [...cut].sort((a, b) => a.start - b.start)) {
    if (s.start < at || s.end > end) continue;
    text += doc.text.slice(at, s.start);
    at = s.end;
  }
  text += doc.text.slice(at, end);
  let out = '';
  for (const line of text.replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/, '').split(/\r?\n/)) {
    const t = line.trim();
    if (!t) continue;
    if (nestIndent !== undefined && out && /^(?:[-*+]|\d{1,9}[.)])\s/.test(t)) out += `\n${nestIndent}${t}`;
    else out += (out ? ' ' : '') + t;
  }
  return out.replace(STEP_KIND_MARKER, '').trim();
}

/** Has words in it, not only the punctuation left after cutting sentences out. */
function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

interface Block {
  start: number;
  end: number;
}

/** The top-level list items of a section, and its paragraphs outside lists, in order. */
function blocksOf(doc: SopDocument, section: SopSection): Block[] {
  const bodyStart = section.heading.end;
  const items = doc.listItems.filter((li) => li.level === 0 && li.start >= bodyStart && li.start < section.end);
  const paragraphs = doc.contentBlocks.filter(
    (b) => b.start >= bodyStart && b.start < section.end && !b.placeholderOnly && !items.some((li) => li.start >= b.start && li.start < b.end),
  );
  return [...items, ...paragraphs].map((b) => ({ start: b.start, end: Math.min(b.end, section.end) })).sort((a, b) => a.start - b.start);
}

function sentencesIn(doc: SopDocument, b: Block): SopSentence[] {
  return doc.sentences.filter((s) => s.start >= b.start && s.start < b.end && s.where !== 'heading');
}

/**
 * Renders the blocks of the sections of a kind as bullets; gates and stop conditions in them become
 * "Stop and ask" lines of their own.
 */
function renderSectionItems(
  ctx: RenderContext,
  kind: SectionKind,
  isStop: (s: SopSentence) => boolean,
  fallbackWho: () => string,
  done: Set<SopSentence>,
): string[] {
  const { doc } = ctx;
  const lines: string[] = [];
  for (const section of doc.sectionsOf(kind)) {
    for (const b of blocksOf(doc, section)) {
      const sentences = sentencesIn(doc, b);
      const stops = sentences.filter((s) => !done.has(s) && (doc.gates.some((g) => g.sentence === s) || isStop(s)));
      stops.forEach((s) => done.add(s));
      const isItem = doc.listItems.some((li) => li.start === b.start);
      if (isItem && stops.length > 0) {
        // A list item is one rule or condition: it becomes one stop line, in its own words.
        const who = stops.map((s) => roleIn(s.text, doc)).find((w) => w) ?? roleIn(itemText(doc, b.start, b.end), doc) ?? fallbackWho();
        lines.push(`- ${stopLine(who, plain(rewrite(itemText(doc, b.start, b.end), ctx)))}`);
        continue;
      }
      const rest = rewrite(itemText(doc, b.start, b.end, stops, '  '), ctx);
      if (hasWords(rest)) lines.push(`- ${rest}`);
      for (const s of stops) lines.push(`- ${stopLine(roleIn(s.text, doc) ?? fallbackWho(), askOf(s.text))}`);
    }
  }
  return lines;
}

/** "Stop if the totals do not match" → "the totals do not match: what should I do?" reads badly; keep the condition. */
function askOf(sentence: string): string {
  const stop = sentence.match(/^\s*(?:\*\*)?stop(?:\s+and\s+[^,.:]*?)?(?:\*\*)?\s+(if|when|unless)\b:?(?:\*\*)?\s*([\s\S]*)$/i);
  if (stop) return `${stop[1].toLowerCase()} ${stop[2]}`;
  return sentence.replace(/^\s*stop\s*:\s*/i, '');
}

/** Bold and italics would fight the bold "Stop and ask" around them. */
function plain(md: string): string {
  return askOf(md.replace(/(\*\*|__)(.*?)\1/g, '$2'));
}

function sectionProse(ctx: RenderContext, kind: SectionKind): string[] {
  const { doc } = ctx;
  const out: string[] = [];
  for (const section of doc.sectionsOf(kind)) {
    for (const b of blocksOf(doc, section)) {
      const isItem = doc.listItems.some((li) => li.start === b.start);
      const text = rewrite(itemText(doc, b.start, b.end, [], '  '), ctx);
      if (hasWords(text)) out.push(isItem ? `- ${text}` : text);
    }
  }
  return out;
}

function renderBody(ctx: RenderContext, title: string): string {
  const { doc } = ctx;
  const approver = approverOf(doc);
  const defaultWho = () => approver ?? 'the owner of this procedure';
  const escalationContact = (): string => {
    for (const section of doc.sectionsOf('escalation')) {
      for (const s of doc.sentences) {
        if (s.start >= section.start && s.start < section.end && /\bcontact\b/i.test(s.text)) {
          const who = roleIn(s.text, doc);
          if (who) return who;
        }
      }
    }
    return defaultWho();
  };
  const done = new Set<SopSentence>();
  const out: string[] = [`# ${title}`, ''];

  const purpose = sectionProse(ctx, 'why');
  out.push(...(purpose.length ? purpose : [`This skill carries out the "${title}" procedure.`]), '');
  out.push('Follow the steps in order. Where a step says **Stop and ask**, stop, ask that person, and wait: do not continue until they approve.', '');

  out.push('## When to use', '');
  const trigger = sectionProse(ctx, 'trigger');
  out.push(...(trigger.length ? trigger : [`When someone asks you to do the ${title.toLowerCase()}.`]), '');

  out.push('## Before you start', '');
  out.push(...sectionProse(ctx, 'inputs'));
  const workdir = declaredWorkdir(doc.frontMatter.data);
  out.push(
    `- Run commands from ${workdir ? `\`${workdir}\` in the workspace` : 'the workspace root'}; paths that do not start with scripts/, references/ or assets/ are relative to it. Files under scripts/, references/ and assets/ are in this skill's folder.`,
  );
  const people = peopleOf(doc);
  if (people.length) out.push(`- Who is who: ${people.map((p) => `${p.name} (${p.role})`).join('; ')}.`);
  out.push('');

  out.push('## Steps', '');
  let n = 0;
  // The same step kinds as the review and the automation: a gate stops for approval, a judgment call asks.
  for (const { step, kind, gates: gateMatches } of classifySteps(doc)) {
    n++;
    const gates = gateMatches.map((g) => g.sentence);
    const raw = doc.text.slice(step.start, step.end);
    const judgment = kind === 'judgment';
    gates.forEach((s) => done.add(s));
    const action = rewrite(itemText(doc, step.start, step.end, [], '   '), ctx);
    if (gates.length === 0 && !judgment) {
      out.push(`${n}. ${action}`);
      continue;
    }
    if (judgment) {
      const ask = `this is a judgment call — tell them what you found and ask them to decide: ${plain(action.split('\n')[0])}`;
      out.push(`${n}. ${action}`, `   ${stopLine(roleIn(raw, doc) ?? defaultWho(), ask)}`);
      continue;
    }
    const rest = rewrite(itemText(doc, step.start, step.end, gates, '   '), ctx);
    const stops = gates.map((s) => stopLine(roleIn(s.text, doc) ?? defaultWho(), s.text.replace(STEP_KIND_MARKER, '')));
    if (hasWords(rest)) out.push(`${n}. ${rest}`, ...stops.map((s) => `   ${s}`));
    else out.push(`${n}. ${stops.join('\n   ')}`);
  }
  if (n === 0) out.push(...sectionProse(ctx, 'steps'));
  out.push('');

  const decisions = renderSectionItems(ctx, 'decisions', (s) => STOP_WORDS_IN_DECISIONS.test(s.text), defaultWho, done);
  if (decisions.length) out.push('## Decisions', '', ...decisions, '');

  const checks = renderSectionItems(ctx, 'quality', () => false, defaultWho, done);
  if (checks.length) out.push('## Checks', '', 'Before you call the work done, check:', '', ...checks, '');

  const failures = renderSectionItems(ctx, 'failures', (s) => STOP_WORDS.test(s.text), escalationContact, done);
  const escalation = renderSectionItems(ctx, 'escalation', (s) => STOP_WORDS.test(s.text), escalationContact, done);
  if (failures.length || escalation.length) out.push('## If something goes wrong', '', ...failures, ...escalation, '');

  // Gates elsewhere (the Owner section, the team's own sections) still stop the agent.
  const other = doc.gates.filter((g) => !done.has(g.sentence));
  if (other.length) {
    out.push('## Approvals', '', 'These approvals apply throughout the procedure:', '');
    for (const g of other) {
      done.add(g.sentence);
      out.push(`- ${stopLine(roleIn(g.sentence.text, doc) ?? defaultWho(), g.sentence.text)}`);
    }
    out.push('');
  }

  const output = sectionProse(ctx, 'output');
  if (output.length) out.push('## Expected output', '', ...output, '');

  out.push(...runLogInstructions({ sopPath: ctx.sopPath, actor: 'agent', name: 'agent', gateWho: approver }));

  const copied = [...new Map([...ctx.resources.values()].map((r) => [r.target, r])).values()];
  if (copied.length) {
    out.push('## Files in this skill', '');
    for (const r of copied.sort((a, b) => a.target.localeCompare(b.target)))
      out.push(`- [${r.target}](${r.target}) — copied from \`${r.source}\` in the workspace`);
    out.push('');
  }
  return out.join('\n');
}
