/**
 * The text the trigger is read from: the prose lines of notes, documents and script comments, and the
 * e-mails with who wrote them. Every file is read only up to a fixed size, so the cost stays bounded.
 */
import type { EmailFacts, EvidenceBundle } from '../../evidence/types';

/** Only the start of each file is read: a trigger is said near the top, and 100k-character files stay cheap. */
export const MAX_READ_CHARS = 32_000;
const MAX_LINE_CHARS = 600;
const MAX_LINES = 800;

export interface MailInfo {
  from: string;
  to: string;
  subject: string;
  date?: string;
  /** The sender writes from outside the team (a domain other than the team's own). */
  external: boolean;
  /** The first message of a thread (not a reply, forward, auto-reply or newsletter). */
  starter: boolean;
}

export interface Passage {
  path: string;
  kind: 'note' | 'email' | 'script' | 'config';
  /** Lines as written, for cron lines. */
  raw: string[];
  /** Prose lines without list, heading and quote markers; no tables, code blocks or quoted replies. */
  prose: string[];
  mail?: MailInfo;
}

const REPLY = /^\s{0,4}(?:(?:re|aw|sv|fw|fwd|wg|antw|tr)\s{0,3}:\s{0,3}){1,5}/i;
const AUTO_REPLY = /^\s{0,4}(?:automatic reply|auto-?reply|autoreply|out of (?:the )?office|abwesenheitsnotiz)\b/i;
const BULK_SENDER = /^(?:news|newsletter|no-?reply|do-?not-?reply|notifications?|notify|marketing|mailer-daemon|bounce[s]?)@/i;
/** A team's shared inbox (help@, support@, …): whoever writes to it is outside the team. */
export const SHARED_MAILBOX =
  /^(?:help|support|service|care|info|hello|contact|sales|billing|accounts|orders|team|helpdesk|enquiries|inquiries|customer[-.]?(?:care|service|success|support))@/i;
const ADDRESS = /[\w.+-]{1,64}@([\w-]{1,63}(?:\.[\w-]{1,63}){0,8})/g;

/** The passages of the work, in the bundle's order. */
export function passagesOf(bundle: EvidenceBundle): Passage[] {
  const team = teamDomain(bundle);
  const out: Passage[] = [];
  for (const f of bundle.included) {
    if (f.facts.type === 'email') out.push(mailPassage(f.path, f.facts, team));
    else if (f.kind === 'document' || f.kind === 'previous-sop') out.push(textPassage(f.path, 'note', f.text));
    else if (f.kind === 'script') out.push(textPassage(f.path, 'script', f.text));
    else if (f.kind === 'other') out.push(textPassage(f.path, 'config', f.text));
  }
  return out;
}

function linesOf(text: string): string[] {
  const head = text.length > MAX_READ_CHARS ? text.slice(0, MAX_READ_CHARS) : text;
  return head.split('\n', MAX_LINES).map((l) => (l.length > MAX_LINE_CHARS ? l.slice(0, MAX_LINE_CHARS) : l).replace(/\r$/, ''));
}

function textPassage(path: string, kind: Passage['kind'], text: string): Passage {
  const raw = linesOf(text);
  const prose: string[] = [];
  let fenced = false;
  for (const line of raw) {
    if (/^\s{0,3}(?:```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || /^\s{0,12}\|/.test(line)) continue;
    if (kind === 'script') {
      // Only comments are prose in a script; code is read elsewhere.
      const comment = /^\s{0,12}(?:#(?!!)|\/\/|--|;|\*(?!\/))\s?(.*)$/.exec(line);
      if (comment) prose.push(comment[1]);
    } else if (kind === 'note') prose.push(line.replace(/^\s{0,12}(?:#{1,6}\s+|[-*+]\s+|\d{1,3}[.)]\s+|>\s?)/, ''));
  }
  return { path, kind, raw, prose };
}

function mailPassage(path: string, mail: EmailFacts, team: string | undefined): Passage {
  const raw = linesOf(mail.body);
  // Quoted earlier messages are someone else's words, read with their own files.
  const prose = raw.filter((l) => !/^\s{0,4}>/.test(l));
  const sender = addressesOf(mail.from)[0] ?? '';
  const senderDomain = sender.split('@')[1]?.toLowerCase();
  const starter = !REPLY.test(mail.subject) && !AUTO_REPLY.test(mail.subject) && !BULK_SENDER.test(sender);
  return {
    path,
    kind: 'email',
    raw,
    prose,
    mail: {
      from: sender,
      to: addressesOf(mail.to)[0] ?? '',
      subject: mail.subject.slice(0, MAX_LINE_CHARS),
      date: mail.date,
      external: team !== undefined && senderDomain !== undefined && senderDomain !== team,
      starter,
    },
  };
}

function addressesOf(field: string): string[] {
  return [...field.slice(0, 2000).matchAll(ADDRESS)].map((m) => m[0].toLowerCase());
}

/**
 * The team's own e-mail domain: the one most often among senders and recipients (recipients count double,
 * a shared inbox counts more, and a tie goes to whoever received the earliest message).
 */
function teamDomain(bundle: EvidenceBundle): string | undefined {
  const counts = new Map<string, number>();
  const add = (field: string | undefined, weight: number): void => {
    for (const a of addressesOf(field ?? '')) {
      const d = a.split('@')[1];
      counts.set(d, (counts.get(d) ?? 0) + weight + (SHARED_MAILBOX.test(a) ? 3 : 0));
    }
  };
  const mails = bundle.included.flatMap((f) => (f.facts.type === 'email' ? [f.facts] : []));
  for (const m of mails) {
    add(m.from, 1);
    add(m.to, 2);
    add(m.cc, 2);
  }
  const earliest = [...mails].sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'))[0];
  if (earliest) add(earliest.to, 0.5);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The sentences of one prose line, each at most `max` characters. */
export function sentencesOf(line: string, max = 400): string[] {
  return line
    .split(/(?<=[.!?;])\s+(?=[A-Z0-9"'(])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => (s.length > max ? s.slice(0, max) : s));
}

/** One reading of what sets the work off, with how strongly the evidence says it. */
export interface TriggerCandidate {
  kind: 'event' | 'schedule';
  text: string;
  evidence: string[];
  /** 1 = a hint, 2 = said in passing or by someone outside the team, 3 = stated, 4 = stated with its day or time. */
  strength: number;
  cron?: string;
}
