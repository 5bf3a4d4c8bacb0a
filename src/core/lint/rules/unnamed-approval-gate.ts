import type { ApprovalGate, SopDocument } from '../../sop/model';
import { approverCandidates, knownNames } from '../../sop/people';
import { gateNamesWho, phraseNamesSomeone } from '../../sop/whoApproves';
import { createNamingCheck, type NamingContext } from '../../sop/gates';
import { APPROVAL_HINT } from '../../sop/gateSentence';
import type { TextEdit } from '../../text/range';
import { eolOf, escalationLines, insertAt, snippetEscape } from '../edits';
import type { Fix, Rule } from '../types';

/** Adds a name to the gate's sentence: "get approval" → "get approval from Dana Reyes". */
function nameEdit(doc: SopDocument, gate: ApprovalGate, name: string | undefined): TextEdit {
  const s = gate.sentence;
  const slot = gate.match.slot;
  const value = name ?? '<role or person>';
  if (slot.at === 'after-match') {
    const offset = s.offsetOf(gate.match.end, true);
    return insertAt(doc, offset, `${slot.prefix}${value}`, `${snippetEscape(slot.prefix)}\${1:${snippetEscape(value)}}`);
  }
  // At the end of the sentence, before its closing punctuation.
  const trimmed = s.text.replace(/[.!?:;]+["')\]]*\s*$/, '');
  const offset = s.offsetOf(trimmed.length, true);
  return insertAt(doc, offset, ` (approver: ${value})`, ` (approver: \${1:${snippetEscape(value)}})`);
}

/** Nested lines after the gate's list item or paragraph: who to escalate to, what to include, when to stop. */
function escalationAfterGate(doc: SopDocument, gate: ApprovalGate, who: string | undefined): TextEdit {
  const eol = eolOf(doc);
  const s = gate.sentence;
  const endLine = doc.lines.positionAt(Math.max(s.blockStart, s.blockEnd - 1)).line;
  const lineEnd = doc.lines.offsetAt({ line: endLine, character: doc.lines.lineLength(endLine) });
  const indent = ' '.repeat(s.inListItem ? s.indent : 0);
  const lines = escalationLines(['contact', 'evidence', 'stop'], { indent, who });
  const lead = s.inListItem ? eol : eol + eol;
  return insertAt(doc, lineEnd, lead + lines.text.join(eol), lead + lines.snippet.join(eol));
}

/** "The supervisor approves or denies the request. Upon approval, …": the approval is the one just named. */
function namedJustBefore(doc: SopDocument, i: number, named: (g: ApprovalGate) => boolean): boolean {
  const before = doc.gates[i - 1];
  return !!before && before.sentence.blockStart === doc.gates[i].sentence.blockStart && named(before);
}

/**
 * "New stewards are approved by a TSC vote. Once approved, they …", "1. Send the draft to the Finance manager for
 * approval. 2. Once approved, …": the sentence just before, in the same section, is about an approval and says who.
 */
function namedInSentenceBefore(doc: SopDocument, gate: ApprovalGate, ctx: NamingContext, sameBlock: boolean): boolean {
  const at = gate.sentence.start;
  // The last sentence that starts before this one (sentences are in document order): a binary search, as this
  // runs for each unnamed gate on every keystroke.
  let lo = 0;
  let hi = doc.sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (doc.sentences[mid].start < at) lo = mid + 1;
    else hi = mid;
  }
  const before = doc.sentences[lo - 1];
  if (!before || before.end > at || before.where === 'heading' || doc.sectionAt(before.start) !== doc.sectionAt(at)) return false;
  if (sameBlock && before.blockStart !== gate.sentence.blockStart) return false;
  const approval = APPROVAL_HINT.exec(before.text);
  if (!approval) return false;
  if (createNamingCheck(ctx)(before.text)) return true;
  // "approved through the usual TSC consensus process": who, after the approval word.
  const who = /^\S*\s+(?:\w+\s+){0,3}?(?:by|from|through|via|with)\s+([^,;.!?]{1,80})/i.exec(before.text.slice(approval.index));
  return !!who && phraseNamesSomeone(who[1], false, ctx);
}

/**
 * Which of the document's gates name who decides: in the gate's own clause, or (for "upon approval, …", "once
 * approved, …") in the gate or sentence just before it. The rule and SOP: Review both ask this, so they cannot disagree.
 */
export function gateNaming(doc: SopDocument, roleWords: string[]): (gate: ApprovalGate) => boolean {
  const ctx = { roleWords, knownNames: knownNames(doc) };
  const named = (g: ApprovalGate) => gateNamesWho(g.sentence.text, g.match, ctx);
  return (gate) => {
    if (named(gate)) return true;
    // "… may not be approved by the Foundation. If in doubt, submit a ticket for pre-approval.": a gate that names
    // nobody at all, right after a sentence of the same paragraph that says who approves, is that approval.
    // Not when the gate itself points at someone else ("so someone else should review the work").
    if (!gate.match.anaphoric) {
      const clause = gate.sentence.text.slice(gate.match.clause[0], gate.match.clause[1]);
      const indefinite = /\b(?:someone|somebody|anyone|anybody|another|others?)\b/i.test(clause);
      return !gate.match.hold && !indefinite && namedInSentenceBefore(doc, gate, ctx, true);
    }
    const i = doc.gates.indexOf(gate);
    return (i > 0 && namedJustBefore(doc, i, named)) || namedInSentenceBefore(doc, gate, ctx, false);
  };
}

export const unnamedApprovalGate: Rule = {
  id: 'unnamed-approval-gate',
  aliases: ['SOP003', 'unnamed-gate'],
  description: "Every clause that holds work for someone's approval, sign-off, review, clearance or vote names who decides.",
  defaultSeverity: 'error',
  docs: {
    summary: 'Every approval gate names who approves',
    fixable: true,
    failing: {
      caption:
        'four findings: "need sign-off", "wait for approval" (the Finance manager is named, but only as someone to tell), "until you have approval" and "stop and ask" say nothing about who decides; Priya and Dana are named in the front matter, but not in these sentences',
      sop: `---
title: Customer refunds
type: sop
owner: Dana Reyes (Support lead)
approver: Priya Nair (Finance manager)
---

## Steps

1. Find the order in the Shopify admin and check the amount paid.
2. Refunds over 200 EUR need sign-off before they are paid.
3. Tell the Finance manager, then wait for approval before sending the confirmation email.
4. Do not post about the refund until you have approval to do so.
5. If the customer disputes the amount, stop and ask.
`,
    },
    passing: {
      caption:
        'a role, a title in capitals, a first name from the front matter and an `@handle` name who decides; a reading instruction, an outcome and a review cadence are not gates',
      sop: `---
title: Customer refunds
type: sop
owner: Dana Reyes (Support lead)
approver: Priya Nair (Finance manager)
---

## Steps

1. Review the order history before replying.
2. Refunds over 200 EUR need sign-off from the Finance manager before they are paid.
3. Do not send the confirmation email until cleared by the Duty Lead or until Priya has approved the refund.
4. If the refund is not approved, tell the customer why and close the ticket.
5. If the customer disputes the amount, stop and ask @dana in #support-escalations.
6. This procedure is reviewed every six months.
`,
    },
  },
  check({ doc, config }) {
    if (doc.gates.length === 0) return [];
    const named = gateNaming(doc, config.roleWords);
    return doc.gates
      .filter((g) => !named(g))
      .map((gate) => ({
        range: gate.sentence.range,
        message:
          `Approval gate "${gate.match.phrase}" does not say who approves. ` +
          'Name the role or person in this sentence (for example "from the Finance manager" or "@dana").',
        fixes: (): Fix[] => {
          const candidates = approverCandidates(doc);
          const fixes: Fix[] = candidates.slice(0, 4).map((name, i) => ({
            title: `Name the approver: ${name}`,
            edits: [nameEdit(doc, gate, name)],
            preferred: i === 0,
          }));
          fixes.push({ title: 'Name the approver…', edits: [nameEdit(doc, gate, undefined)], preferred: candidates.length === 0 });
          fixes.push({ title: 'Add escalation steps after this gate', edits: [escalationAfterGate(doc, gate, candidates[0])] });
          return fixes;
        },
      }));
  },
};
