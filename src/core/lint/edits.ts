import type { SopDocument, SopSection } from '../sop/model';
import { SECTION_KINDS, SECTIONS, type SectionKind } from '../sop/sections';
import type { TextEdit } from '../text/range';
import type { Fix } from './types';

/** The line ending the document already uses. */
export function eolOf(doc: SopDocument): string {
  return /\r\n/.test(doc.text) ? '\r\n' : '\n';
}

export function insertAt(doc: SopDocument, offset: number, newText: string, snippet?: string): TextEdit {
  const p = doc.lines.positionAt(offset);
  return { range: { start: p, end: p }, newText, snippet };
}

/** Escapes text for a snippet, where $, } and \ mean something. */
export function snippetEscape(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}

export interface EscalationTemplateOptions {
  indent: string;
  who?: string;
}

/** Who to contact, what evidence to include, when to stop: as list lines, plain and as a snippet. */
export function escalationLines(missing: Array<'contact' | 'evidence' | 'stop'>, o: EscalationTemplateOptions): { text: string[]; snippet: string[] } {
  const text: string[] = [];
  const snippet: string[] = [];
  let n = 1;
  const add = (label: string, placeholder: string, value?: string) => {
    text.push(`${o.indent}- **${label}:** ${value ?? `<${placeholder}>`}`);
    snippet.push(`${o.indent}- **${label}:** \${${n++}:${snippetEscape(value ?? `<${placeholder}>`)}}`);
  };
  if (missing.includes('contact')) add('Escalate to', 'who to contact, by role and name', o.who);
  if (missing.includes('evidence')) add('Include', 'what evidence to send: files, screenshots, totals, error text');
  if (missing.includes('stop')) add('Stop if', 'the condition where you stop rather than guess');
  return { text, snippet };
}

/** A section heading and the prompts a writer fills in, as plain text and as a snippet. */
export function sectionSkeleton(kind: SectionKind, depth: number, eol: string): { text: string; snippet: string } {
  const hashes = '#'.repeat(Math.min(Math.max(depth, 1), 6));
  const info = SECTIONS[kind];
  const heading = `${hashes} ${info.title}`;
  if (kind === 'escalation') {
    const lines = escalationLines(['contact', 'evidence', 'stop'], { indent: '' });
    return { text: [heading, '', ...lines.text, ''].join(eol), snippet: [heading, '', ...lines.snippet, '$0'].join(eol) };
  }
  if (kind === 'steps') {
    return {
      text: [heading, '', '1. <first step: the action and the file or tool it uses>', ''].join(eol),
      snippet: [heading, '', '1. ${1:<first step: the action and the file or tool it uses>}', '$0'].join(eol),
    };
  }
  return {
    text: [heading, '', `<${info.purpose}>`, ''].join(eol),
    snippet: [heading, '', `\${1:<${snippetEscape(info.purpose)}>}`, '$0'].join(eol),
  };
}

/**
 * Where a missing section goes: after the nearest present section that comes before it in the canonical
 * order, else before the nearest one that comes after it, else at the end.
 */
export function sectionInsertOffset(doc: SopDocument, kind: SectionKind): { offset: number; depth: number } {
  const order = SECTION_KINDS.indexOf(kind);
  const known = doc.sections.filter((s) => s.kinds.length > 0);
  const depth = mostCommonDepth(known) ?? (doc.title ? 2 : 2);
  const peers = known.filter((s) => s.heading.depth === depth);
  let before: SopSection | undefined;
  let after: SopSection | undefined;
  for (const s of peers) {
    const idx = Math.max(...s.kinds.map((k) => SECTION_KINDS.indexOf(k)));
    const first = Math.min(...s.kinds.map((k) => SECTION_KINDS.indexOf(k)));
    if (idx < order && (!before || s.start > before.start)) before = s;
    if (first > order && (!after || s.start < after.start)) after = s;
  }
  if (before) return { offset: before.end, depth };
  if (after) return { offset: after.start, depth };
  return { offset: doc.text.length, depth };
}

function mostCommonDepth(sections: SopSection[]): number | undefined {
  const counts = new Map<number, number>();
  for (const s of sections) counts.set(s.heading.depth, (counts.get(s.heading.depth) ?? 0) + 1);
  let best: number | undefined;
  for (const [d, c] of counts) if (best === undefined || c > (counts.get(best) ?? 0) || (c === counts.get(best) && d < best)) best = d;
  return best;
}

/** Inserts a block of lines at an offset that is at a line start (or the end), keeping blank lines around it. */
export function insertBlock(doc: SopDocument, offset: number, block: string, snippet?: string): TextEdit {
  const eol = eolOf(doc);
  const before = doc.text.slice(0, offset);
  let lead = '';
  if (before.length > 0 && !before.endsWith('\n')) lead = eol + eol;
  else if (before.length > 0 && !/(?:\r?\n){2}$/.test(before)) lead = eol;
  const after = doc.text.slice(offset);
  const trail = after.length > 0 && !/^\r?\n/.test(after) ? eol : '';
  return insertAt(doc, offset, lead + block + trail, snippet === undefined ? undefined : lead + snippet + trail);
}

/** Sets `status: draft` again: the SOP goes back to review, the approval record stays as history. */
export function markDraftFix(doc: SopDocument, title: string): Fix | undefined {
  const k = doc.frontMatter.keys.get('status');
  if (!k) return undefined;
  return { title, edits: [{ range: doc.rangeOf(k.valueStart, k.valueEnd), newText: 'draft' }], preferred: true };
}
