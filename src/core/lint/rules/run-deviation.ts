import type { SopDocument, SopStep } from '../../sop/model';
import type { TextEdit } from '../../text/range';
import { eolOf, markDraftFix } from '../edits';
import type { RunFacts, StepDeviation } from '../runFacts';
import type { Fix, Rule, RuleIssue } from '../types';
import { MAX_RECORDED_CHARS, oneLine, quotedInMessage, safeMarkdownText } from '../recordedText';

/** The words a "make it conditional" fix puts before the step; placeholder-left flags the condition until it is written. */
export const CONDITION_PREFIX = 'Only when <the condition that makes this step needed>: ';
const WHY_SKIPPED = '**Why it matters even when skipped:** <why this step matters when people skip it>';
const WHY_AS_WRITTEN = '**Why it must be done as written:** <why the way people do it instead is not enough>';
const IF_FAILS = '**If this step fails:** <what to do when this step fails, and who to tell>';

// The lines the fixes add, however they were typed since: the step then explains itself and the finding goes.
const EXPLAINED_SKIP = /^[ \t>]{0,40}[-*+][ \t]{1,8}(?:\*\*)?why it matters\b/im;
const EXPLAINED_AS_WRITTEN = /^[ \t>]{0,40}[-*+][ \t]{1,8}(?:\*\*)?why it must be done as written\b/im;
const SAYS_IF_FAILS = /^[ \t>]{0,40}[-*+][ \t]{1,8}(?:\*\*)?if (?:this step|it) fails\b/im;
const CONDITIONAL = /^\s{0,8}(?:only\s{1,8})?(?:when|if|unless)\b/i;
/** A step's own Markdown read to see whether it was explained: far beyond a real step with its sub-items. */
const MAX_STEP_SOURCE = 20_000;

/** The runs the docs page's examples are linted with: five since approval, step 2 skipped in three. */
const EXAMPLE_RUNS: RunFacts = {
  sinceApproval: true,
  logsRead: 5,
  logsUnread: 0,
  deviations: [
    {
      stepId: 's-0000000000',
      stepText: "Add a note to the customer's profile in Zendesk with the refund amount.",
      kind: 'skipped',
      count: 3,
      runs: 5,
      latest: 'the customer is a regular, no note needed',
    },
  ],
};

export const runDeviation: Rule = {
  id: 'run-deviation',
  aliases: ['persistent-deviation'],
  description: 'No step is skipped, done differently or failing in most of the runs recorded since the SOP was approved.',
  defaultSeverity: 'warning',
  docs: {
    summary: 'People follow the steps as written',
    fixable: true,
    failing: {
      caption:
        'one finding, given five runs since approval in which step 2 was skipped three times ("the customer is a regular, no note needed"): remove it, make it conditional, or explain why it matters',
      sop: `## Steps

1. Find the order in the Shopify admin and check the amount paid.
2. Add a note to the customer's profile in Zendesk with the refund amount.
3. Issue the refund in the Shopify admin.
`,
      runs: EXAMPLE_RUNS,
    },
    passing: {
      sop: `## Steps

1. Find the order in the Shopify admin and check the amount paid.
2. Only when the customer is new: add a note to their profile in Zendesk with the refund amount.
3. Issue the refund in the Shopify admin.
`,
      runs: EXAMPLE_RUNS,
    },
  },
  check({ doc, runs }) {
    if (!runs || runs.deviations.length === 0) return [];
    const issues: RuleIssue[] = [];
    for (const deviation of runs.deviations) {
      const at = stepOf(doc, deviation);
      if (at === undefined) continue;
      const step = doc.steps[at];
      if (addressed(doc, step, deviation)) continue;
      issues.push({
        range: firstLine(doc, step),
        message: messageOf(at + 1, deviation, runs),
        fixes: () => fixesFor(doc, at, deviation),
      });
    }
    return issues;
  },
};

/** The current step the facts are about: same text, and the same occurrence for a repeated text (ids `-2`, `-3`). */
function stepOf(doc: SopDocument, d: StepDeviation): number | undefined {
  const occurrence = Number(/-(\d{1,4})$/.exec(d.stepId.slice(2))?.[1] ?? 1);
  let seen = 0;
  for (let i = 0; i < doc.steps.length; i++) {
    if (doc.steps[i].text === d.stepText && ++seen === occurrence) return i;
  }
  return undefined;
}

/** The step already says what the finding asks for: made conditional, explained, or rewritten as people do it. */
function addressed(doc: SopDocument, step: SopStep, d: StepDeviation): boolean {
  // A heading step holds what is written under its heading.
  const source = doc.text.slice(step.start, Math.min(step.end, step.start + MAX_STEP_SOURCE));
  if (d.kind === 'skipped') return CONDITIONAL.test(step.text) || EXPLAINED_SKIP.test(source);
  if (d.kind === 'failed') return SAYS_IF_FAILS.test(source);
  // The fix writes the recorded way cut to one line of MAX_RECORDED_CHARS: compare with that.
  return EXPLAINED_AS_WRITTEN.test(source) || (d.latest !== undefined && words(step.text) === words(oneLine(d.latest, MAX_RECORDED_CHARS)));
}

function words(s: string): string {
  return s
    .slice(0, MAX_STEP_SOURCE)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function messageOf(n: number, d: StepDeviation, runs: RunFacts): string {
  const since = runs.sinceApproval ? 'since approval' : 'of this version';
  const counted = `${d.count} of ${d.runs} runs ${since}`;
  const latest = d.latest === undefined ? '' : quotedInMessage(d.latest);
  const sample =
    runs.logsUnread > 0 ? ` Counted from the newest ${runs.logsRead} of ${runs.logsRead + runs.logsUnread} run logs; older ones were not read.` : '';
  if (d.kind === 'skipped')
    return `Step ${n} was skipped in ${counted}${latest ? ` (latest reason: "${latest}")` : ''}: remove it, make it conditional, or explain why it matters.${sample}`;
  if (d.kind === 'failed')
    return `Step ${n} failed in ${counted}${latest ? ` (latest error: "${latest}")` : ''}: fix what it depends on, or say what to do when it fails.${sample}`;
  const why = d.latestWhy === undefined ? '' : quotedInMessage(d.latestWhy);
  const instead = latest ? ` (latest: "${latest}"${why ? `, because "${why}"` : ''})` : '';
  return `Step ${n} was done differently in ${counted}${instead}: write down what people really do, or explain why it must be done as written.${sample}`;
}

/** The step's first line: a step with sub-items should not paint all of them. */
function firstLine(doc: SopDocument, step: SopStep) {
  const start = doc.lines.positionAt(step.start);
  const end = doc.lines.positionAt(step.end);
  return end.line === start.line ? { start, end } : { start, end: { line: start.line, character: doc.lines.lineLength(start.line) } };
}

/**
 * A step as the fixes edit it, a list item ("4. Add a note …") or a heading ("### Step 4: Add a note", with the
 * body under it up to the next heading of its level): where its words are, and where a line is added to it.
 */
interface EditableStep {
  step: SopStep;
  number?: number;
  /** Offset where the step's words begin (after the list marker and any task box, or the heading's number). */
  wordsStart: number;
  /** Offset where the step's own words end: its first paragraph, or the heading's line. */
  wordsEnd: number;
  /** A line added at the end of the step (`- **If this step fails:** …`), nested in a list item or under the heading. */
  addLine(text: string): TextEdit;
  /** Deletes the step: the list item's lines, or the heading with its body. */
  removal(): TextEdit[];
}

/** The number a heading step starts with: "Step 4:", "4.", "4 -", "2.4". */
const STEP_NUMBER = /^[ \t]{0,8}(?:step[ \t]{1,8})?(?:\d{1,9}\.){0,4}\d{1,9}(?:[ \t]{0,8}[.):\u2013\u2014-])?[ \t]{0,8}/i;

function editableStep(doc: SopDocument, step: SopStep): EditableStep | undefined {
  return listStep(doc, step) ?? headingStep(doc, step);
}

function listStep(doc: SopDocument, step: SopStep): EditableStep | undefined {
  const item = doc.listItems.find((li) => li.start === step.start && li.level === 0);
  if (!item) return undefined;
  const line = doc.lines.positionAt(step.start).line;
  const lineStart = doc.lines.offsetAt({ line, character: 0 });
  let wordsStart = doc.lines.offsetAt({ line, character: item.contentColumn });
  const box = /^\[[ xX]\][ \t]{1,4}/.exec(doc.text.slice(wordsStart, wordsStart + 8));
  if (box) wordsStart += box[0].length;
  const nestedPrefix = doc.text.slice(lineStart, lineStart + item.contentColumn).replace(/[^>]/g, ' ');
  const last = lastLineEnd(doc, step);
  return {
    step,
    number: item.number,
    wordsStart,
    wordsEnd: paragraphEnd(doc, wordsStart, last),
    addLine: (text) => insert(doc, last, `${eolOf(doc)}${nestedPrefix}- ${text}`),
    removal: () => removeLines(doc, step.start, last),
  };
}

function headingStep(doc: SopDocument, step: SopStep): EditableStep | undefined {
  const section = doc.sections.find((s) => s.heading.start === step.start);
  if (!section) return undefined;
  const h = section.heading;
  const textStart = doc.lines.offsetAt(h.textRange.start);
  const textEnd = doc.lines.offsetAt(h.textRange.end);
  const number = STEP_NUMBER.exec(doc.text.slice(textStart, textEnd));
  // The body's last line that is not blank: a line added goes after it, a blank line between.
  let bodyEnd = section.end;
  while (bodyEnd > h.end && /\s/.test(doc.text[bodyEnd - 1])) bodyEnd--;
  bodyEnd = Math.max(bodyEnd, textEnd);
  const eol = eolOf(doc);
  return {
    step,
    number: step.number,
    wordsStart: textStart + (number?.[0].length ?? 0),
    wordsEnd: textEnd,
    addLine: (text) => insert(doc, bodyEnd, `${eol}${eol}- ${text}`),
    // The heading, its body and the blank lines after it, up to the next heading.
    removal: () => [{ range: doc.rangeOf(doc.lines.offsetAt({ line: doc.lines.positionAt(h.start).line, character: 0 }), section.end), newText: '' }],
  };
}

function fixesFor(doc: SopDocument, at: number, d: StepDeviation): Fix[] {
  const item = editableStep(doc, doc.steps[at]);
  if (!item) return [];
  const n = at + 1;
  const fixes: Fix[] = [];
  if (d.kind === 'skipped') {
    fixes.push(
      backToApproval(doc, `Remove step ${n}`, [...item.removal(), ...renumbered(doc, at, item)]),
      backToApproval(doc, `Make step ${n} conditional ("Only when …:")`, [insert(doc, item.wordsStart, CONDITION_PREFIX)]),
      backToApproval(doc, `Explain why step ${n} matters even when skipped`, [item.addLine(WHY_SKIPPED)]),
    );
  } else if (d.kind === 'different') {
    const what = d.latest === undefined ? '' : safeMarkdownText(d.latest);
    if (what)
      fixes.push(
        backToApproval(doc, `Write what was done instead: "${quotedInMessage(d.latest!, 60)}"`, [
          { range: doc.rangeOf(item.wordsStart, item.wordsEnd), newText: what },
        ]),
      );
    fixes.push(backToApproval(doc, `Explain why step ${n} must be done as written`, [item.addLine(WHY_AS_WRITTEN)]));
  } else {
    fixes.push(backToApproval(doc, `Say what to do when step ${n} fails`, [item.addLine(IF_FAILS)]));
  }
  return fixes;
}

/** The change, and `status: draft` with it: a changed SOP goes back through review and approval. */
function backToApproval(doc: SopDocument, title: string, edits: TextEdit[]): Fix {
  const status = doc.frontMatter.keys.get('status');
  const already = status && /^\s*["']?draft["']?\s*$/i.test(doc.text.slice(status.valueStart, status.valueEnd));
  const draft = already ? undefined : markDraftFix(doc, title);
  return draft ? { title: `${title}, and send the SOP back for approval`, edits: [...edits, ...draft.edits] } : { title, edits };
}

function insert(doc: SopDocument, offset: number, newText: string): TextEdit {
  const p = doc.lines.positionAt(offset);
  return { range: { start: p, end: p }, newText };
}

/** Offset of the end of the step's last line (a step's end may fall at the start of the line after it). */
function lastLineEnd(doc: SopDocument, step: SopStep): number {
  let line = doc.lines.positionAt(step.end).line;
  if (line > doc.lines.positionAt(step.start).line && doc.lines.positionAt(step.end).character === 0) line--;
  return doc.lines.offsetAt({ line, character: doc.lines.lineLength(line) });
}

/** The end of the step's own words: its first paragraph, which ends at a blank line or a nested block. */
function paragraphEnd(doc: SopDocument, wordsStart: number, limit: number): number {
  let line = doc.lines.positionAt(wordsStart).line;
  let end = doc.lines.offsetAt({ line, character: doc.lines.lineLength(line) });
  for (let k = 0; k < 50; k++) {
    const next = line + 1;
    const start = doc.lines.offsetAt({ line: next, character: 0 });
    if (start > limit || start <= end) break;
    const text = doc.text.slice(start, start + doc.lines.lineLength(next));
    if (/^[ \t>]*$/.test(text) || /^[ \t>]{0,40}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|```|~~~|#)/.test(text)) break;
    line = next;
    end = start + doc.lines.lineLength(next);
  }
  return Math.min(end, limit);
}

/** Deletes whole lines from the one holding `start` to the one holding `end`. */
function removeLines(doc: SopDocument, start: number, end: number): TextEdit[] {
  const first = doc.lines.positionAt(start).line;
  const last = doc.lines.positionAt(end).line;
  if (last + 1 < doc.lines.lineCount) return [{ range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' }];
  // The last line of the file: take the line break before it instead.
  const prev = Math.max(0, first - 1);
  return [{ range: { start: { line: prev, character: doc.lines.lineLength(prev) }, end: { line: last, character: doc.lines.lineLength(last) } }, newText: '' }];
}

/** The steps after a removed one, in the same numbering, one lower: "5." becomes "4.", "Step 5:" "Step 4:". */
function renumbered(doc: SopDocument, at: number, item: EditableStep): TextEdit[] {
  const edits: TextEdit[] = [];
  let expected = item.number === undefined ? undefined : item.number + 1;
  for (let i = at + 1; expected !== undefined && i < doc.steps.length; i++, expected++) {
    const later = doc.steps[i];
    const heading = doc.headings.find((h) => h.start === later.start);
    const from = heading ? doc.lines.offsetAt(heading.textRange.start) : later.start;
    const marker = heading
      ? /^([ \t]{0,8}(?:step[ \t]{1,8})?(?:\d{1,9}\.){0,4})(\d{1,9})(?![\d.]\d)/i.exec(doc.text.slice(from, from + 60))
      : /^()(\d{1,9})(?=[.)])/.exec(doc.text.slice(from, from + 10));
    if (!marker || Number(marker[2]) !== expected) break;
    const digits = from + marker[1].length;
    edits.push({ range: doc.rangeOf(digits, digits + marker[2].length), newText: String(expected - 1) });
  }
  return edits;
}
