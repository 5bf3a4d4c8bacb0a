import type { EvidenceBundle, EvidenceFile } from '../../evidence/types';
import { sentences } from '../../sop/flatText';

/** One sentence from the notes and e-mails of the work, with where it came from. */
export interface NoteSentence {
  text: string;
  file: EvidenceFile;
  /** Order in which it was written (notes in file order, e-mails by date). */
  order: number;
  /** Date prefix of its bullet ("1 Nov", "2026-11-01"), if any. */
  date?: string;
}

const PAST_TO_IMPERATIVE: Record<string, string> = {
  downloaded: 'Download', ran: 'Run', 're-ran': 'Re-run', reran: 'Re-run', checked: 'Check', sent: 'Send', posted: 'Post',
  saved: 'Save', exported: 'Export', emailed: 'Email', uploaded: 'Upload', copied: 'Copy', opened: 'Open', updated: 'Update',
  created: 'Create', filed: 'File', printed: 'Print', moved: 'Move', compared: 'Compare', reviewed: 'Review', logged: 'Log',
  recorded: 'Record', merged: 'Merge', entered: 'Enter', imported: 'Import', reconciled: 'Reconcile', verified: 'Verify',
  submitted: 'Submit', archived: 'Archive', renamed: 'Rename', filled: 'Fill', attached: 'Attach', booked: 'Book',
  paid: 'Pay', refunded: 'Refund', called: 'Call', confirmed: 'Confirm', counted: 'Count', scanned: 'Scan', closed: 'Close',
  prepared: 'Prepare', built: 'Build', generated: 'Generate', pulled: 'Pull', fetched: 'Fetch', cleaned: 'Clean',
  published: 'Publish', shared: 'Share', deleted: 'Delete', removed: 'Remove', added: 'Add', set: 'Set', asked: 'Ask',
};

const DATE_PREFIX = /^\s*(?:[-*+]\s+|\d+[.)]\s+)?((?:\d{1,2}\s+[A-Z][a-z]{2,8}|[A-Z][a-z]{2,8}\s+\d{1,2}|\d{4}-\d{2}-\d{2})(?:,?\s+\d{4})?)\s*[:—–-]\s*/;

/** Notes as sentences in the order they were written: bullets of Markdown/text notes, then e-mail bodies by date. */
export function noteSentences(bundle: EvidenceBundle): NoteSentence[] {
  const out: NoteSentence[] = [];
  let order = 0;
  const docs = bundle.included.filter((f) => f.kind === 'document' && !/^readme\b/i.test(f.path.split('/').pop() ?? ''));
  for (const file of docs) {
    // Indented lines continue the bullet above them (notes wrap long lines).
    const joined: string[] = [];
    for (const line of file.text.split(/\r?\n/)) {
      if (joined.length && /^\s{2,}\S/.test(line) && !/^\s*(?:[-*+]|\d+[.)])\s/.test(line) && joined[joined.length - 1].trim()) {
        joined[joined.length - 1] += ' ' + line.trim();
      } else joined.push(line);
    }
    for (const rawLine of joined) {
      if (/^\s*#/.test(rawLine) || !rawLine.trim()) continue;
      const date = rawLine.match(DATE_PREFIX)?.[1];
      const line = rawLine.replace(DATE_PREFIX, '').replace(/^\s*(?:[-*+]\s+|\d+[.)]\s+)/, '').trim();
      for (const [s, e] of sentences(line)) out.push({ text: line.slice(s, e), file, order: order++, date });
    }
  }
  const emails = bundle.included
    .filter((f) => f.facts.type === 'email')
    .sort((a, b) => ((a.facts as { date?: string }).date ?? '').localeCompare((b.facts as { date?: string }).date ?? ''));
  for (const file of emails) {
    const body = (file.facts as { body: string }).body;
    const text = body.split(/\n(?:On .+ wrote:|-----Original Message-----|>)/)[0];
    for (const para of text.split(/\n\s*\n/)) {
      const flat = para.replace(/\s*\n\s*/g, ' ').trim();
      if (!flat || /^(?:hi|hello|dear|thanks|thank you|cheers|best|regards)\b[^.]*$/i.test(flat) || flat.split(' ').length < 3) continue;
      for (const [s, e] of sentences(flat)) out.push({ text: flat.slice(s, e), file, order: order++ });
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
  return (verb + rest).replace(/\s+/g, ' ').replace(/,\s*then\s+then\b/g, ', then').trim();
}

/** "Re-ran with --tolerance 0.50, fine": how a failure was recovered from, not a step of its own. */
export const RECOVERY = /^(?:re-?ran|retried|re-?did|re-?tried|fixed|worked around)\b/i;

export const FAILURE_WORDS = /\b(?:said|error|errors|failed|fails|failure|unmatched|mismatch|wrong|missing|broke|broken|down|rounding|timed out|rejected|bounced|crashed|duplicate|stuck)\b/i;
export const RULE_WORDS = /\b(?:not ok|never|don't|do not|without asking|only if|only when|must|must not|if|unless|stop|wait)\b/i;
export const CHECK_WORDS = /^(?:checked|compared|verified|confirmed|counted)\b/i;
export const APPROVAL_EVENT = /\b(?:approved|signed off|gave the go-ahead)\b/i;
