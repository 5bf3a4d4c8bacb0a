import { labelledParts } from '../../sop/sectionLabels';
import { partsInProse } from '../../sop/sectionProse';
import { SECTION_KINDS, SECTIONS, type HeadingMatcher, type SectionKind } from '../../sop/sections';
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
  docs: {
    summary: 'Every required part of an SOP has a section',
    fixable: true,
    failing: {
      caption:
        'one finding that lists seven missing parts: the owner in the front matter does not count as an *Owner* section, and inputs, decisions, quality checks, failures, escalation and output are missing',
      sop: `---
title: Pay supplier invoices
type: sop
owner: Sam Lee (Accounts payable clerk)
approver: Priya Nair (Finance controller)
---

# Pay supplier invoices

## Why this matters

Paying late loses the 2% early-payment discount, and a double payment is hard to claw back.

## When to run it

Every Tuesday and Friday, before the bank's 14:00 cut-off.

## Steps

1. Export the approved invoices from the accounting system as a CSV.
2. Build the payment run in the bank portal from that export.
3. Get approval from Priya Nair in the portal, then release the run.
`,
    },
    passing: {
      caption:
        'all ten parts; *Summary*, *Roles*, *Before you start* and *Process steps* name their parts, and one heading covers both quality checks and common failures',
      sop: `---
title: Pay supplier invoices
type: sop
owner: Sam Lee (Accounts payable clerk)
approver: Priya Nair (Finance controller)
---

# Pay supplier invoices

## Summary

Paying late loses the 2% early-payment discount, and a double payment is hard to claw back.

## When to run it

Every Tuesday and Friday, before the bank's 14:00 cut-off.

## Roles

- **Owner:** Sam Lee (Accounts payable clerk) prepares the run.
- **Approver:** Priya Nair (Finance controller) approves it in the bank portal.

## Before you start

- The approved-invoices export, saved as \`exports/YYYY-MM/approved-invoices.csv\`.
- Bank portal access with the "prepare payments" permission.

## Process steps

1. Export the approved invoices from the accounting system.
2. Build the payment run in the bank portal from that export.
3. Get approval from Priya Nair in the portal, then release the run.

## Decision points

- An invoice over 10,000 EUR is paid only when its purchase order number matches.

## Quality checks and common failures

- The run total equals the export total to the cent.
- **The portal rejects the file:** export again with the "bank CSV" layout.

## Escalation

- **Contact:** Priya Nair (Finance controller), priya@acme.example.
- **Include:** the export, the portal's error text and a screenshot.
- **Stop if** the totals differ: do not release a partial run.

## Expected output

A released payment run, and the bank's confirmation saved in \`reports/YYYY-MM/\`.
`,
    },
  },
  check({ doc, config, matcher }) {
    // A part under a heading, or under a bold label ("**1.0 Purpose:** …") where the SOP uses labels for them.
    const present = new Set([...doc.sections.flatMap((s) => s.kinds), ...labelledParts(doc, matcher)]);
    let missing = SECTION_KINDS.filter((k) => config.requiredSections.includes(k) && !present.has(k));
    if (missing.length === 0) return [];
    // A part stated in the prose in words that leave no doubt ("The purpose of this procedure is …") is there.
    const inProse = partsInProse(doc, missing);
    missing = missing.filter((k) => !inProse.has(k));
    if (missing.length === 0) return [];
    const at = doc.title && !doc.title.fromFrontMatter ? doc.title.range : (doc.headings[0]?.range ?? firstBodyLine(doc));
    return [
      {
        range: at,
        message: missingMessage(missing, matcher),
        fixes: (): Fix[] => {
          const each = missing.map((kind): Fix => ({ title: `Insert a "${SECTIONS[kind].title}" section`, edits: insertSections(doc, [kind]) }));
          if (missing.length === 1) return [{ ...each[0], preferred: true }];
          return [{ title: `Insert all ${missing.length} missing sections`, edits: insertSections(doc, missing), preferred: true }, ...each];
        },
      },
    ];
  },
};

/** One part: what it is for and the headings that would count; several: their names, short enough to read in a hover. */
function missingMessage(missing: SectionKind[], matcher: HeadingMatcher): string {
  if (missing.length === 1) {
    const info = SECTIONS[missing[0]];
    return `Missing part: "${info.title}" (${info.purpose}). Add a section with one of these headings: ${matcher.headingsFor(missing[0]).slice(0, 6).join(', ')}.`;
  }
  const parts = missing.map((k) => `"${SECTIONS[k].title}"`).join(', ');
  return `Missing ${missing.length} parts: ${parts}. Add a section for each under a heading that names it, or insert them all in their places with the quick fix.`;
}
