import { openItems } from '../../sop/openItems';
import type { Rule } from '../types';

export const openQuestion: Rule = {
  id: 'open-question',
  aliases: ['SOP011', 'draft-not-finished'],
  description:
    'No **Question for the owner:** is left unanswered, the drafter’s note to check every step is gone, and no **Draft in progress:** or **Draft incomplete:** marker remains.',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Nothing the draft asked is left open',
    fixable: true,
    failing: {
      caption:
        'three findings: the offline drafter’s note to check every step, a question for the owner the evidence could not answer, and the marker of a draft that stopped early. The quick fix on the note removes it once every step is checked; a question needs an answer in your words.',
      sop: `# Refund requests

Drafted by SOP Builder's offline drafter from 7 evidence files, for a new support agent. Check every step against how the work is really done before approving it.

## When to run it

When a customer asks for their money back by e-mail or in the help centre.

**Question for the owner:** does a refund asked for by phone follow the same steps?

## Steps

1. Open the order in Shopify and check the purchase date.

> **Draft incomplete:** the model stopped answering. Everything above arrived before it stopped; run **Draft SOP** again or finish it by hand.
`,
    },
    passing: {
      sop: `# Refund requests

## When to run it

When a customer asks for their money back by e-mail, in the help centre or by phone (the agent logs the call as a ticket first).

## Steps

1. Open the order in Shopify and check the purchase date.
2. Within 14 days of purchase, refund in full; after that, offer store credit.
`,
    },
  },
  check({ doc }) {
    return openItems(doc)
      .filter((o) => o.kind !== 'placeholder')
      .map((o) => {
        if (o.kind === 'question') {
          return {
            range: o.range,
            message: `A question for the owner is still open: ${clip(o.text)} Answer it in the SOP's own words and delete the question; SOP: Review and SOP: Approve treat the SOP as unfinished until then.`,
          };
        }
        if (o.kind === 'banner') {
          return {
            range: o.range,
            message: "The drafter's note to check every step against the real work is still here. Check them, then remove the note.",
            fixes: () => [
              {
                title: "Remove the drafter's note (every step is checked)",
                edits: [{ range: { start: doc.lines.positionAt(o.blockStart), end: doc.lines.positionAt(wholeLinesEnd(doc.text, o.blockEnd)) }, newText: '' }],
              },
            ],
          };
        }
        return {
          range: o.range,
          message: `The draft did not finish: ${clip(o.text)} Run Draft SOP again, or finish the SOP by hand and delete this marker.`,
        };
      });
  },
};

function clip(text: string): string {
  const t = text.length > 120 ? `${text.slice(0, 117)}...` : text;
  return `"${t}".`;
}

/** The end of a paragraph with its line break and one blank line after it, so no gap of two blank lines is left. */
function wholeLinesEnd(text: string, end: number): number {
  let i = end;
  for (let breaks = 0; breaks < 2 && i < text.length; breaks++) {
    const m = /^[ \t]*\r?\n/.exec(text.slice(i, i + 200));
    if (!m) break;
    i += m[0].length;
  }
  return i;
}
