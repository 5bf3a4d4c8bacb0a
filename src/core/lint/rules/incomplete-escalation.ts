import { createNamingCheck } from '../../sop/gates';
import { approverCandidates, knownNames } from '../../sop/people';
import { eolOf, escalationLines, insertBlock } from '../edits';
import type { Rule } from '../types';

// "the ticket number", "a reference code": a ticket or reference to send, not "create tickets" or "for reference".
const EVIDENCE_WORDS =
  /\b(?:evidence|include|including|attach|attached|attaching|screenshots?|photos?|logs?|error (?:message|text)|copy of|paste|send along|order (?:number|id)|ticket (?:number|id|link|url)|reference (?:number|id|code)|with (?:the|a|an|your|all)\s+(?:[\w-]+\s+){0,2}(?:files?|exports?|reports?|screenshots?|logs?|counts?|totals?|numbers?|details|forms?|orders?|invoices?|errors?|photos?|sheets?|summary|summaries|data|receipts?|statements?|notes))\b/i;
// "Stop and ask", "stop the rollout", "Stop." — an instruction to stop, not "stop this attack for good".
const STOP_WORDS =
  /(?:^|[.!?:][ \t]+|\n[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?)(?:stop|halt|pause)\b|\b(?:stop|halt|pause)(?:[.,;:!]|\s+(?:and|if|when|until|unless|before|here|there|now|immediately|all|any|further|work|working|everything|the (?:work|run|process|procedure|release|rollout|deploy|deployment|payment|payments|job|change|migration))\b)|\b(?:do not (?:guess|proceed|continue|send|submit|pay|post)|don'?t (?:guess|proceed|continue|send)|rather than guess|hold off|wait for|if (?:unsure|in doubt|you are not sure|you're not sure))\b/i;

export const incompleteEscalation: Rule = {
  id: 'incomplete-escalation',
  aliases: ['SOP007'],
  description: 'The escalation section says who to contact, what evidence to include, and when to stop rather than guess.',
  defaultSeverity: 'warning',
  docs: {
    summary: 'The escalation section says who, what to send, and when to stop',
    fixable: true,
    failing: {
      caption: 'one finding: the section says who, "the Finance manager", but not what evidence to include or when to stop',
      sop: `---
title: Monthly sales report
type: sop
owner: Sam Lee (Operations assistant)
approver: Priya Nair (Finance manager)
---

## Escalation

If the totals look wrong, escalate to the Finance manager.
`,
    },
    passing: {
      sop: `---
title: Monthly sales report
type: sop
owner: Sam Lee (Operations assistant)
approver: Priya Nair (Finance manager)
---

## Escalation

- **Contact:** Priya Nair (Finance manager), priya@acme.example.
- **Include:** the export, the summary and the error text or a screenshot.
- **Stop if** the totals do not match the dashboard: do not guess, and do not send the board pack.
`,
    },
  },
  check({ doc, config }) {
    const named = createNamingCheck({ roleWords: config.roleWords, knownNames: knownNames(doc) });
    return doc.sectionsOf('escalation').flatMap((section) => {
      if (section.empty) return [];
      const text = doc.sentences
        .filter((s) => s.start >= section.heading.end && s.start < section.end)
        .map((s) => s.text)
        .join('\n');
      const missing: Array<'contact' | 'evidence' | 'stop'> = [];
      if (!named(text)) missing.push('contact');
      if (!EVIDENCE_WORDS.test(text)) missing.push('evidence');
      if (!STOP_WORDS.test(text)) missing.push('stop');
      if (missing.length === 0) return [];
      const words = { contact: 'who to contact', evidence: 'what evidence to include', stop: 'when to stop rather than guess' };
      return [
        {
          range: section.heading.range,
          message: `Escalation does not say ${missing.map((m) => words[m]).join(', ')}. Someone stuck needs all three: who, what to send, and when to stop.`,
          fixes: () => {
            const eol = eolOf(doc);
            const lines = escalationLines(missing, { indent: '', who: missing.includes('contact') ? approverCandidates(doc)[0] : undefined });
            return [
              {
                title: 'Add the missing escalation rules',
                edits: [insertBlock(doc, section.end, lines.text.join(eol) + eol, lines.snippet.join(eol) + eol)],
                preferred: true,
              },
            ];
          },
        },
      ];
    });
  },
};
