import { SECTIONS, type SectionKind } from '../../sop/sections';
import type { Fix, Rule } from '../types';
import { eolOf, insertBlock, sectionInsertOffset, sectionSkeleton } from '../edits';
import type { SopDocument } from '../../sop/model';
import type { TextEdit } from '../../text/range';

function insertSections(doc: SopDocument, kinds: SectionKind[]): TextEdit[] {
  const eol = eolOf(doc);
  const byOffset = new Map<number, { depth: number; kinds: SectionKind[] }>();
  for (const kind of kinds) {
    const { offset, depth } = sectionInsertOffset(doc, kind);
    const entry = byOffset.get(offset) ?? { depth, kinds: [] };
    entry.kinds.push(kind);
    byOffset.set(offset, entry);
  }
  return [...byOffset.entries()].map(([offset, { depth, kinds: ks }]) => {
    const parts = ks.map((k) => sectionSkeleton(k, depth, eol));
    const text = parts.map((p) => p.text).join(eol);
    return insertBlock(doc, offset, text, ks.length === 1 ? parts[0].snippet : undefined);
  });
}

/** The first non-blank line after the front matter: where findings about the whole document go without a title. */
function firstBodyLine(doc: SopDocument) {
  let line = doc.frontMatter.present ? doc.lines.positionAt(doc.frontMatter.blockEnd).line + 1 : 0;
  while (line < doc.lines.lineCount - 1 && !doc.lines.line(line).trim()) line++;
  return doc.lines.lineRange(Math.min(line, doc.lines.lineCount - 1));
}

export const missingSection: Rule = {
  id: 'missing-section',
  aliases: ['SOP001', 'required-section'],
  description: 'Every required part of an SOP has a section: why, trigger, owner, inputs, steps, decisions, quality, failures, escalation, output.',
  defaultSeverity: 'warning',
  check({ doc, config, matcher }) {
    const present = new Set(doc.sections.flatMap((s) => s.kinds));
    const missing = config.requiredSections.filter((k) => !present.has(k));
    const at = doc.title && !doc.title.fromFrontMatter ? doc.title.range : (doc.headings[0]?.range ?? firstBodyLine(doc));
    return missing.map((kind) => ({
      range: at,
      message:
        `Missing part: "${SECTIONS[kind].title}" (${SECTIONS[kind].purpose}). ` +
        `Add a section with one of these headings: ${matcher.headingsFor(kind).slice(0, 6).join(', ')}.`,
      fixes: (): Fix[] => {
        const fixes: Fix[] = [{ title: `Insert a "${SECTIONS[kind].title}" section`, edits: insertSections(doc, [kind]), preferred: true }];
        if (missing.length > 1) fixes.push({ title: `Insert all ${missing.length} missing sections`, edits: insertSections(doc, missing) });
        return fixes;
      },
    }));
  },
};
