import type { EvidenceBundle, EvidenceFile } from '../../evidence/types';
import { sentences } from '../../sop/flatText';
import { wordsOf } from './claims';

/** A whole bullet, numbered item, table row, quoted line or e-mail paragraph: one thing someone wrote. */
export interface Statement {
  /** Its text on one line, without list, quote and table markers. */
  text: string;
  file: EvidenceFile;
  /** Quoted from an earlier message or from someone else ("> …"): a record, never the writer's own rule. */
  quoted: boolean;
}

/** One sentence from the notes and e-mails of the work, with where it came from. */
export interface NoteSentence {
  text: string;
  file: EvidenceFile;
  /** The statement it is part of. */
  statement: Statement;
  /** Order in which it was written (notes in file order, e-mails by date). */
  order: number;
  /** Date prefix of its bullet ("1 Nov", "2026-11-01"), if any. */
  date?: string;
}

const PAST_TO_IMPERATIVE: Record<string, string> = {
  downloaded: 'Download',
  ran: 'Run',
  're-ran': 'Re-run',
  reran: 'Re-run',
  checked: 'Check',
  sent: 'Send',
  posted: 'Post',
  saved: 'Save',
  exported: 'Export',
  emailed: 'Email',
  uploaded: 'Upload',
  copied: 'Copy',
  opened: 'Open',
  updated: 'Update',
  created: 'Create',
  filed: 'File',
  printed: 'Print',
  moved: 'Move',
  compared: 'Compare',
  reviewed: 'Review',
  logged: 'Log',
  recorded: 'Record',
  merged: 'Merge',
  entered: 'Enter',
  imported: 'Import',
  reconciled: 'Reconcile',
  verified: 'Verify',
  submitted: 'Submit',
  archived: 'Archive',
  renamed: 'Rename',
  filled: 'Fill',
  attached: 'Attach',
  booked: 'Book',
  paid: 'Pay',
  refunded: 'Refund',
  called: 'Call',
  confirmed: 'Confirm',
  counted: 'Count',
  scanned: 'Scan',
  closed: 'Close',
  prepared: 'Prepare',
  built: 'Build',
  generated: 'Generate',
  pulled: 'Pull',
  fetched: 'Fetch',
  cleaned: 'Clean',
  published: 'Publish',
  shared: 'Share',
  deleted: 'Delete',
  removed: 'Remove',
  added: 'Add',
  set: 'Set',
  asked: 'Ask',
};

const DATE_PREFIX = /^\s*(?:[-*+]\s+|\d+[.)]\s+)?((?:\d{1,2}\s+[A-Z][a-z]{2,8}|[A-Z][a-z]{2,8}\s+\d{1,2}|\d{4}-\d{2}-\d{2})(?:,?\s+\d{4})?)\s*[:—–-]\s*/;

/**
 * The lines of a paragraph joined by single spaces. Split and trim rather than a `\s*\n\s*` pattern,
 * which takes quadratic time on a long run of spaces in untrusted text.
 */
export function oneParagraph(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

const QUOTE_MARKS = /^\s{0,3}(?:>\s?){1,8}/;
const LIST_MARK = /^\s*(?:[-*+]\s+|\d+[.)]\s+)/;

/** A table row's cells joined with " | "; undefined for the header rule ("|---|:--:|"). */
function tableRow(line: string): string | undefined {
  const cells = line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
  return cells.every((c) => /^:?-{0,200}:?$/.test(c)) ? undefined : cells.filter(Boolean).join(' | ');
}

/** The lines of a note, with continuation lines joined to the line above (notes wrap long bullets and quotes). */
function noteLines(text: string): string[] {
  // Each line being built is kept as its pieces and joined at the end: testing a string that grows with every
  // line joined to it would cost the whole line again for each line.
  const joined: Array<{ first: string; pieces: string[]; hasText: boolean }> = [];
  for (const line of text.split(/\r?\n/)) {
    const last = joined[joined.length - 1];
    const lastQuoted = last !== undefined && QUOTE_MARKS.test(last.first);
    // A paragraph wrapped without indent: the line before stops mid-sentence and this one starts no item of its own.
    const lazy =
      last?.hasText &&
      !/[.!?:;)"”]\s*$/.test(last.pieces[last.pieces.length - 1].slice(-8)) &&
      !/^\s*(?:#|\||```)/.test(last.first) &&
      /^\S/.test(line) &&
      !LIST_MARK.test(line) &&
      !/^(?:#|\||```|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}\b)/.test(line) &&
      !QUOTE_MARKS.test(line) &&
      !lastQuoted;
    const wrapped = (last?.hasText && /^\s{2,}\S/.test(line) && !LIST_MARK.test(line)) || lazy;
    const quoteGoesOn = lastQuoted && QUOTE_MARKS.test(line) && !LIST_MARK.test(line.replace(QUOTE_MARKS, '')) && line.replace(QUOTE_MARKS, '').trim();
    if (wrapped || quoteGoesOn) {
      const piece = line.replace(QUOTE_MARKS, '').trim();
      last!.pieces.push(piece);
      last!.hasText ||= piece !== '';
    } else {
      joined.push({ first: line, pieces: [line], hasText: line.trim() !== '' });
    }
  }
  return joined.map((j) => j.pieces.join(' '));
}

/** Notes as sentences in the order they were written: bullets of Markdown/text notes, then e-mail bodies by date. */
export function noteSentences(bundle: EvidenceBundle): NoteSentence[] {
  const out: NoteSentence[] = [];
  let order = 0;
  const add = (line: string, file: EvidenceFile, quoted: boolean, date?: string) => {
    const statement: Statement = { text: line, file, quoted };
    for (const [s, e] of sentences(line)) out.push({ text: line.slice(s, e), file, statement, order: order++, date });
  };
  const docs = bundle.included.filter((f) => f.kind === 'document' && !/^readme\b/i.test(f.path.split('/').pop() ?? ''));
  for (const file of docs) {
    for (const rawLine of noteLines(file.text)) {
      const quoted = QUOTE_MARKS.test(rawLine);
      const unquoted = rawLine.replace(QUOTE_MARKS, '');
      if (/^\s*#/.test(unquoted) || !unquoted.trim()) continue;
      const row = /^\s*\|/.test(unquoted) ? tableRow(unquoted) : unquoted;
      if (!row) continue;
      const date = row.match(DATE_PREFIX)?.[1];
      const line = row.replace(DATE_PREFIX, '').replace(LIST_MARK, '').trim();
      if (line) add(line, file, quoted, date);
    }
  }
  const emails = bundle.included
    .filter((f) => f.facts.type === 'email')
    .sort((a, b) => ((a.facts as { date?: string }).date ?? '').localeCompare((b.facts as { date?: string }).date ?? ''));
  for (const file of emails) {
    const body = (file.facts as { body: string }).body;
    const [own, ...history] = body.split(/\n(?=On .+ wrote:|-----Original Message-----|>)/);
    for (const para of own.split(/\n\s*\n/)) {
      const flat = oneParagraph(para);
      if (!flat || /^(?:hi|hello|dear|thanks|thank you|cheers|best|regards)\b[^.]*$/i.test(flat) || flat.split(' ').length < 3) continue;
      add(flat, file, false);
    }
    // The quoted history is someone else's words: kept only so a claim in it can be asked about.
    const quotedLines = history
      .join('\n')
      .split('\n')
      .filter((l) => QUOTE_MARKS.test(l))
      .map((l) => l.replace(QUOTE_MARKS, ''));
    for (const para of quotedLines.join('\n').split(/\n\s*\n/)) {
      const flat = oneParagraph(para);
      if (flat) add(flat, file, true);
    }
  }
  return out;
}

/** "Downloaded the bank statement" → "Download the bank statement"; undefined when it is not an action. */
export function asInstruction(sentence: string): string | undefined {
  const m = sentence.match(/^([A-Za-z-]+)\b(.*)$/s);
  if (!m) return undefined;
  const verb = PAST_TO_IMPERATIVE[m[1].toLowerCase()];
  if (!verb || RECOVERY.test(sentence)) return undefined;
  // "..., ran `x`" and "... and posted y" read as instructions too.
  const rest = m[2].replace(/(,\s*|\band\s+|\bthen\s+)([A-Za-z-]+)\b/g, (all, lead: string, word: string) => {
    const v = PAST_TO_IMPERATIVE[word.toLowerCase()];
    return v ? `${lead.startsWith(',') ? ', then ' : lead}${v.toLowerCase()}` : all;
  });
  return (verb + rest)
    .replace(/\s+/g, ' ')
    .replace(/,\s*then\s+then\b/g, ', then')
    .trim();
}

/** "Re-ran with --tolerance 0.50, fine": how a failure was recovered from, not a step of its own. */
export const RECOVERY = /^(?:re-?ran|retried|re-?did|re-?tried|fixed|worked around)\b/i;

export const FAILURE_WORDS =
  /\b(?:said|error|errors|failed|fails|failure|unmatched|mismatch|wrong|missing|broke|broken|down|rounding|timed out|rejected|bounced|crashed|duplicate|stuck)\b/i;
export const RULE_WORDS = /\b(?:not ok|never|don't|do not|without asking|only if|only when|must|must not|if|unless|stop|wait)\b/i;
export const CHECK_WORDS = /^(?:checked|compared|verified|confirmed|counted)\b/i;

/** Words that say an approval was given. */
const GRANTED =
  /\b(?:approved|authori[sz]ed|signed[- ]off|go[- ]ahead|green[- ]?lit|(?:approval|sign-?off|permission)\s(?:was\s|is\s|has been\s)?(?:granted|given))\b/i;

/**
 * "Priya approved on 3 Nov": the sentence records an approval given. It is an event of the run, never
 * a rule of the procedure and never a gate passed.
 */
export function recordsApproval(sentence: string): boolean {
  return GRANTED.test(wordsOf(sentence));
}
