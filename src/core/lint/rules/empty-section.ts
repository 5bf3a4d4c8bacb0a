import { SECTIONS } from '../../sop/sections';
import type { Rule } from '../types';
import { eolOf, insertBlock, snippetEscape } from '../edits';

export const emptySection: Rule = {
  id: 'empty-section',
  aliases: ['SOP002'],
  description: 'A section heading has content under it, not nothing and not only placeholder text.',
  defaultSeverity: 'warning',
  check({ doc }) {
    return doc.sections
      .filter((s) => s.empty)
      // A parent whose sub-sections are all empty is reported through them.
      .filter((s) => !doc.sections.some((c) => c !== s && c.start > s.start && c.start < s.end && c.heading.depth > s.heading.depth))
      .map((s) => {
        const kind = s.kinds[0];
        const what = kind ? ` Say ${SECTIONS[kind].purpose}.` : '';
        return {
          range: s.heading.range,
          message: s.placeholderOnly
            ? `Section "${s.heading.text}" holds only placeholder text.${what}`
            : `Section "${s.heading.text}" is empty.${what}`,
          fixes: () => {
            if (!kind || s.placeholderOnly) return [];
            const eol = eolOf(doc);
            const offset = doc.lines.offsetAt({ line: s.heading.range.end.line + 1, character: 0 });
            const purpose = SECTIONS[kind].purpose;
            return [
              {
                title: `Add a prompt for ${SECTIONS[kind].title.toLowerCase()}`,
                edits: [insertBlock(doc, Math.min(offset, s.end), `<${purpose}>${eol}`, `\${1:<${snippetEscape(purpose)}>}${eol}`)],
              },
            ];
          },
        };
      });
  },
};
