/**
 * The team's e-mails as steps of the work: a reply to the customer, a hand-over, an approval given. A
 * customer's mail is the trigger or the context of the work, never a step, and a step never names the
 * customer's people.
 */
import type { EmailFacts, EvidenceBundle, EvidenceFile } from '../../evidence/types';
import { onTeam } from './teamWords';
import type { Stamp } from './timelineDates';
import { JUDGMENT } from './timelineVoice';

const MAX_FILE_CHARS = 64_000;
const AUTO_REPLY = /^(?:automatic reply|auto(?:matic)?-?reply|out of (?:the )?office|auto:)/i;
const BULK_SENDER = /\b(?:no-?reply|newsletter|news|marketing|notifications?|mailer-daemon)@/i;

export interface MailStep {
  text: string;
  kind: 'mechanical' | 'judgment';
  /** Subject and the sender's own words, for finding the scripts and files it names. */
  raw: string;
  stamp?: Stamp;
  /** Minutes since 1970, UTC. */
  minutes?: number;
}

/** A message kept as a note ("Date: … From: … To: …") is read as an e-mail. */
export function keptMessage(file: EvidenceFile): EmailFacts | undefined {
  const head = file.text.slice(0, 600);
  const field = (name: string) => new RegExp(`^${name}\\s?:\\s?(.{1,200})$`, 'im').exec(head)?.[1].trim();
  const date = field('date');
  const from = field('from');
  if (!date || !from) return undefined;
  const parsed = new Date(date);
  const body = file.text
    .slice(0, MAX_FILE_CHARS)
    .split(/\n\s*\n/)
    .slice(1)
    .join('\n\n');
  return {
    type: 'email',
    from,
    to: field('to') ?? '',
    subject: field('subject') ?? '',
    body,
    ...(Number.isNaN(parsed.getTime()) ? {} : { date: parsed.toISOString() }),
  };
}

/** A display name from "Ines Duarte <ines@x>" or the address's local part. */
function nameOf(address: string): string {
  const m = /^\s{0,5}"?([^"<,]{1,80}?)"?\s{0,5}</.exec(address);
  return (m?.[1] ?? address.replace(/@.*$/, '')).trim();
}

/** The addresses of a header, split at commas outside quoted names ("Doe, Jo" <jo@x>). */
function addresses(header: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of header.slice(0, 4_000)) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out
    .map((a) => a.trim())
    .filter(Boolean)
    .slice(0, 50);
}

/** The team's own mail as a step at its Date: a reply to the customer, a hand-over, an approval given. */
export function mailStep(mail: EmailFacts, domain: string | undefined): MailStep | undefined {
  if (AUTO_REPLY.test(mail.subject) || BULK_SENDER.test(mail.from) || !onTeam(mail.from, domain)) return undefined;
  const to = addresses(mail.to);
  const toCustomer = to.some((t) => !onTeam(t, domain));
  const own = mail.body.slice(0, MAX_FILE_CHARS).split(/\n(?=On .{0,200} wrote:|-{3,20}\s?Original Message|>)/)[0];
  const subject = mail.subject.replace(/^(?:(?:re|fwd?|aw|wg)\s?:\s?){1,5}/i, '').slice(0, 160);
  const reply = /^re\s?:/i.test(mail.subject);
  const sender = nameOf(mail.from);
  let text: string;
  let kind: MailStep['kind'] = 'mechanical';
  if (!toCustomer && /^\s{0,40}(?:(?:hi|hello|dear)\b[^\n]{0,40}\n+\s{0,10})?(?:approved|ok to|go ahead|yes,? approved)\b/i.test(own.slice(0, 300))) {
    text = `Get approval from ${sender}: “${subject}”`;
    kind = 'judgment';
  } else if (toCustomer) {
    text = `Send the ${reply ? 'reply' : 'e-mail'} to the customer: “${subject}”`;
  } else {
    const recipient = to.map(nameOf).join(', ') || 'the team';
    const asks = /\?|\bplease\b|\bcan you\b|\bcould you\b|\bover to you\b/i.test(own.slice(0, 4_000));
    text = asks ? `Ask ${recipient} by e-mail: “${subject}”` : `Send ${recipient} the e-mail “${subject}”`;
    if (JUDGMENT.test(subject + ' ' + own.slice(0, 2_000))) kind = 'judgment';
  }
  const at = mail.date ? Date.parse(mail.date) : NaN;
  const stamp = Number.isNaN(at) ? undefined : { day: mail.date!.slice(0, 10), time: mail.date!.slice(11, 16) };
  return { text, kind, raw: subject + '\n' + own.slice(0, 4_000), stamp, minutes: Number.isNaN(at) ? undefined : Math.floor(at / 60_000) };
}

/** The customers' people, by name: a step says "the customer's contact", never one customer's name. */
export function customerNames(bundle: EvidenceBundle, domain: string | undefined): string[] {
  if (!domain) return [];
  const team = new Set<string>();
  const outside = new Set<string>();
  for (const f of bundle.included) {
    if (f.facts.type !== 'email') continue;
    for (const a of addresses([f.facts.from, f.facts.to, f.facts.cc ?? ''].join(','))) {
      const name = nameOf(a);
      if (!/^[A-Z][\w'-]{1,30}(?:\s[A-Z][\w'-]{1,30}){0,3}$/.test(name)) continue;
      (onTeam(a, domain) ? team : outside).add(name);
    }
  }
  const teamFirst = new Set([...team].map((n) => n.split(' ')[0]));
  const names = new Set<string>();
  for (const n of outside) {
    if (team.has(n)) continue;
    names.add(n);
    const first = n.split(' ')[0];
    if (n.includes(' ') && first.length >= 3 && !teamFirst.has(first)) names.add(first);
  }
  return [...names].sort((a, b) => b.length - a.length);
}

export function genericPeople(text: string, customers: string[]): string {
  let t = text;
  for (const name of customers) t = t.split(new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)).join("the customer's contact");
  return t.replace(/\bthe customer's contact's\b/g, "the customer's contact's");
}
