import type { SopDocument } from './model';
import type { HeadingMatcher, SectionKind } from './sections';

/**
 * Parts named by a bold label rather than a heading, as SOPs exported from a word processor are written:
 * "**1.0 Purpose:** The purpose of …", "**Owner:** Finance manager", a line that is only "**4.1 Review process**".
 * The label must end in a colon or stand alone on its line, so bold words inside a sentence name nothing.
 */
// Groups: 1 the bold marks, 2 the label.
const LABEL = /^[ \t]{0,3}(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?(\*\*|__)([^*_\n]{1,60}?)(?::\1|\1[ \t]*:|\1[ \t]*$)/;
const FENCE = /^[ \t]{0,3}(?:`{3,}|~{3,})/;

/** The parts the document's bold labels name (outside code blocks). */
export function labelledParts(doc: SopDocument, matcher: HeadingMatcher): Set<SectionKind> {
  const kinds = new Set<SectionKind>();
  if (!doc.text.includes('**') && !doc.text.includes('__')) return kinds;
  let inFence = false;
  for (let line = 0; line < doc.lines.lineCount; line++) {
    const text = doc.lines.line(line);
    if (FENCE.test(text)) inFence = !inFence;
    if (inFence || text.length > 2000) continue;
    const m = LABEL.exec(text);
    if (m) for (const k of matcher.match(m[2].trim())) kinds.add(k);
  }
  return kinds;
}
