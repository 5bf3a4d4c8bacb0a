import type { EvidenceBundle, EvidenceFile } from '../evidence/types';
import { SECTION_KINDS, SECTIONS } from '../sop/sections';
import type { ChatMessage, ContentPart } from './types';

export const DEFAULT_AUDIENCE = 'a new operations assistant';

export interface PromptOptions {
  audience: string;
  title: string;
  /** The folder the work was done in, workspace-relative ('' for the root): commands run from there. */
  workdir: string;
  /** Send screenshots as images (only to models that accept them). */
  includeImages?: boolean;
}

function describe(file: EvidenceFile): string {
  const head = `### ${file.path} (${file.kind}, ${file.bytes} bytes${file.summarized ? ', summarised' : ''})`;
  const f = file.facts;
  const facts: string[] = [];
  if (f.type === 'script') {
    if (f.usage) facts.push(`usage: ${f.usage}`);
    if (f.inputs.length) facts.push(`reads: ${f.inputs.join(', ')}`);
    if (f.outputs.length) facts.push(`writes: ${f.outputs.join(', ')}`);
    if (f.commands.length) facts.push(`runs: ${f.commands.join(' | ')}`);
    if (f.thresholds.length) facts.push(`thresholds: ${f.thresholds.map((t) => `${t.text} (line ${t.line})`).join('; ')}`);
    if (f.exits.length) facts.push(`exits: ${f.exits.map((e) => `${e.code ?? '?'} when ${e.text} (line ${e.line})`).join('; ')}`);
  } else if (f.type === 'email') {
    facts.push(`from: ${f.from}`, `to: ${f.to}`, `date: ${f.date ?? 'unknown'}`, `subject: ${f.subject}`);
  }
  return [head, facts.length ? facts.map((x) => `- ${x}`).join('\n') : '', '```', file.text.trimEnd(), '```'].filter(Boolean).join('\n');
}

/**
 * The exact messages a model receives: the SOP shape and rules in the system message, the evidence
 * (already filtered and redacted) in the user message. `sop prompt` and "SOP: Show Prompt" print these.
 */
export function buildMessages(bundle: EvidenceBundle, o: PromptOptions): ChatMessage[] {
  const parts = SECTION_KINDS.map((k, i) => `${i + 1}. ## ${SECTIONS[k].title} — ${SECTIONS[k].purpose}`).join('\n');
  const system = [
    'You write Standard Operating Procedures (SOPs) from the evidence of work that was actually done.',
    `Write for ${o.audience}: someone competent who has never done this work.`,
    '',
    'Write Markdown only (no front matter, no code fence around the whole answer). Start with "# " and the title, then these ten sections, with exactly these headings, in this order:',
    parts,
    '',
    'Rules:',
    '- Describe how the work was really done, as the evidence shows it, not an idealised process. Never invent tools, files, people or numbers.',
    '- Steps are a numbered list in the order the work happened. Mark each step "(mechanical)" when it is a fixed action anyone can repeat, or "(judgment)" when someone must decide; put the judgment calls and their criteria under Decision points.',
    '- Every approval gate names its approver by role and name, e.g. "get sign-off from Priya Nair (Finance manager)". Never write "get approval" without saying from whom.',
    '- Every step cites the evidence files it comes from as workspace-relative paths in backticks, exactly as listed below, e.g. "(evidence: `notes/close.md`)". Quote commands exactly as the scripts and notes show them.',
    o.workdir ? `- Commands run from the work folder \`${o.workdir}/\`; say so once in Inputs needed.` : '- Commands run from the workspace root.',
    '- Escalation says who to contact, what evidence to include, and when to stop rather than guess.',
    '- Where the evidence is silent, write a question for the owner, starting with "Question for the owner:", instead of guessing.',
    '- If a previous version of the SOP is among the evidence, end with a section "## Changes since the previous version".',
    '- Never copy secrets; text shown as [redacted: ...] stays redacted.',
  ].join('\n');

  const included = bundle.included.map(describe).join('\n\n');
  const excluded = bundle.excluded.length
    ? bundle.excluded.map((e) => `- ${e.path}: ${e.reason}`).join('\n')
    : '- none';
  const user = [
    `Title: ${o.title}`,
    `Audience: ${o.audience}`,
    `Work folder: ${o.workdir || '(workspace root)'}`,
    '',
    `## Evidence (${bundle.included.length} files)`,
    '',
    included,
    '',
    '## Left out (not shown to you)',
    excluded,
    ...(bundle.notes.length ? ['', '## Cut to fit', ...bundle.notes.map((n) => `- ${n}`)] : []),
  ].join('\n');

  const images = o.includeImages ? bundle.included.filter((f) => f.image) : [];
  if (images.length === 0) return [{ role: 'system', content: system }, { role: 'user', content: user }];
  const content: ContentPart[] = [{ type: 'text', text: user }];
  for (const f of images) {
    content.push({ type: 'text', text: `Screenshot ${f.path}:` });
    content.push({ type: 'image_url', image_url: { url: `data:${f.image!.mime};base64,${f.image!.base64}` } });
  }
  return [{ role: 'system', content: system }, { role: 'user', content }];
}
