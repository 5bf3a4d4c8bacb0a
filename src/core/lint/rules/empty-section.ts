import { SECTIONS } from '../../sop/sections';
import type { Rule } from '../types';
import { eolOf, insertBlock, snippetEscape } from '../edits';

export const emptySection: Rule = {
  id: 'empty-section',
  aliases: ['SOP002'],
  description: 'A section heading has content under it, not nothing and not only placeholder text.',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A section heading has content under it',
    fixable: true,
    failing: {
      caption:
        'four findings: *Prepare the data* is empty while its sibling has a step, *Quality checks* is empty, *Common failures* holds only `TBD`, and a comment is not content under *Escalation*',
      sop: `## Steps

### Prepare the data

### Build the report

1. Run \`bash scripts/build_report.sh 2026-10\`.

## Quality checks

## Common failures

TBD

## Escalation

<!-- Ask Priya who should be named here. -->
`,
    },
    passing: {
      caption: '*Steps* has no text of its own, but its sub-sections do',
      sop: `## Steps

### Prepare the data

1. Save the Shopify export as \`exports/2026-10/shopify-orders.csv\`.

### Build the report

1. Run \`bash scripts/build_report.sh 2026-10\`.

## Quality checks

- The summary total matches the Shopify dashboard to the cent.

## Common failures

- **The export covers the wrong month:** fix the date filter in Shopify and export again.

## Escalation

- **Contact:** Priya Nair (Finance manager), priya@acme.example.
- **Include:** the export and the error text.
- **Stop if** the totals do not match: do not send the board pack.
`,
    },
  },
  check({ doc }) {
    return (
      doc.sections
        .filter((s) => s.empty)
        // A parent whose sub-sections are all empty is reported through them.
        .filter((s) => !doc.sections.some((c) => c !== s && c.start > s.start && c.start < s.end && c.heading.depth > s.heading.depth))
        .map((s) => {
          const kind = s.kinds[0];
          const what = kind ? ` Say ${SECTIONS[kind].purpose}.` : '';
          return {
            range: s.heading.range,
            message: s.placeholderOnly ? `Section "${s.heading.text}" holds only placeholder text.${what}` : `Section "${s.heading.text}" is empty.${what}`,
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
        })
    );
  },
};
