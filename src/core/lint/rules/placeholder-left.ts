import type { Rule } from '../types';

export const placeholderLeft: Rule = {
  id: 'placeholder-left',
  aliases: ['SOP006', 'placeholder'],
  description: 'No `TODO`, `TBD`, `FIXME`, `<fill in>`, `[insert ...]`, `{{FIELD}}`, `YYYY-MM-DD` or `???` is left for a reader to trip over.',
  defaultSeverity: 'warning',
  docs: {
    summary: 'No placeholder is left for a reader to trip over',
    fixable: false,
    failing: {
      caption:
        'six findings: `[insert payroll system]`, `TODO`, `<who receives payroll>`, `???`, the template field `{{PAYROLL_BUREAU}}` and the note `TODO: add the cut-off date` left in code',
      sop: `## Steps

1. Export the payroll journal from [insert payroll system].
2. Check every new starter's bank details. TODO: link the checklist.
3. Send the file to <who receives payroll> by ??? each month.
4. E-mail it to {{PAYROLL_BUREAU}}. \`TODO: add the cut-off date\`
`,
    },
    passing: {
      sop: `## Steps

1. Export the payroll journal from Gusto (Reports → Payroll journal → CSV).
2. Check every new starter's bank details against their signed starter form.
3. Send the file to the payroll bureau by noon on the 20th of each month.
`,
    },
  },
  check({ doc }) {
    return [...doc.placeholders]
      .sort((a, b) => a.start - b.start)
      .map((p) => ({
        range: p.range,
        message: `Placeholder "${p.text.length > 60 ? p.text.slice(0, 57) + '...' : p.text}" is still in the SOP: replace it with the real value, or remove it.`,
      }));
  },
};
