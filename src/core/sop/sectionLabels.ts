import type { SopDocument } from './model';
import type { HeadingMatcher, SectionKind } from './sections';

/**
 * Parts named by a bold label rather than a heading, as SOPs exported from a word processor are written:
 * "**1.0 Purpose:** The purpose of …", "**Owner:** Finance manager", a line that is only "**4.1 Review process**".
 * The label must end in a colon or stand alone on its line, so bold words inside a sentence name nothing.
 */
// One scan of the text finds fence lines and label lines alike. Groups: 1 a fence, 2 the bold marks, 3 the label.
const LABEL_OR_FENCE = /^[ \t]{0,3}(?:(`{3,}|~{3,})|(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?(\*\*|__)([^*_\n]{1,60}?)(?::\2|\2[ \t]*:|\2[ \t]*$))/gm;

/** What each label names, per matcher: the same labels are read on every keystroke. */
const answers = new WeakMap<HeadingMatcher, Map<string, readonly SectionKind[]>>();

function kindsOfLabel(matcher: HeadingMatcher, label: string): readonly SectionKind[] {
  let known = answers.get(matcher);
  if (!known) answers.set(matcher, (known = new Map()));
  let kinds = known.get(label);
  if (!kinds) {
    kinds = matcher.match(label);
    if (known.size > 2000) known.clear();
    known.set(label, kinds);
  }
  return kinds;
}

/** The parts the document's bold labels name (outside code blocks). Runs on every keystroke: one regex scan. */
export function labelledParts(doc: SopDocument, matcher: HeadingMatcher): Set<SectionKind> {
  const kinds = new Set<SectionKind>();
  if (!doc.text.includes('**') && !doc.text.includes('__')) return kinds;
  let inFence = false;
  for (const m of doc.text.matchAll(LABEL_OR_FENCE)) {
    if (m[1]) inFence = !inFence;
    else if (!inFence) for (const k of kindsOfLabel(matcher, m[3].trim())) kinds.add(k);
  }
  return kinds;
}
