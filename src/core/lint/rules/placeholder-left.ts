import type { Rule } from '../types';

export const placeholderLeft: Rule = {
  id: 'placeholder-left',
  aliases: ['SOP006', 'placeholder'],
  description: 'No TODO, TBD, FIXME, <fill in>, [insert ...] or ??? is left for a reader to trip over.',
  defaultSeverity: 'warning',
  check({ doc }) {
    return doc.placeholders.map((p) => ({
      range: p.range,
      message: `Placeholder "${p.text.length > 60 ? p.text.slice(0, 57) + '...' : p.text}" is still in the SOP: replace it with the real value, or remove it.`,
    }));
  },
};
