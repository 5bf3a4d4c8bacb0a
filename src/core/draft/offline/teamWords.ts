/**
 * What the team wrote, statement by statement, with who wrote it and where: the words rules and gates
 * are read from. A customer's e-mail is never the team's word, and neither is what the team wrote to a
 * customer about one case.
 */
import type { EvidenceBundle, EvidenceFile } from '../../evidence/types';
import { sentences } from '../../sop/flatText';

/** Each file is read from its first part only: rules sit in notes and policies, not 5 MB logs. */
export const MAX_FILE_CHARS = 64_000;
/** A longer line is untrusted text, not a statement someone wrote; it is cut. */
const MAX_LINE_CHARS = 2_000;

export type Source = 'policy' | 'rules-section' | 'note' | 'template' | 'script' | 'team-email';

export interface TeamStatement {
  /** One sentence, on one line, without list, quote and table markers. */
  text: string;
  /** The whole bullet or paragraph it is part of (for pronouns: "Sofia (team lead) - she approves …"). */
  statement: string;
  file: EvidenceFile;
  source: Source;
  /** A dated log line ("2026-11-13 09:05 asked Helena"): a record of one run, never a standing rule. */
  record: boolean;
  /** E-mail sender, when it came from an e-mail. */
  sender?: string;
}

const POLICY_FILE = /\b(?:polic(?:y|ies)|rules?|handbook|guidelines?|checklist|playbook|standards?)\b/i;
const RULES_LABEL = /\b(?:rules?|polic(?:y|ies)|checklist|guidelines?|timing|internal|when it fails|do(?:'|’)?s and don(?:'|’)?ts|lessons)\b/i;
/** "2026-11-12 19:22", "18 Nov:", "09:30", "Tue 25 Nov:": a line of a log of what happened. */
const DATED =
  /^(?:\d{4}-\d{2}-\d{2}\b|\d{1,2}:\d{2}\b|\d{1,2}\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\b|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\s\d{1,2}\s[A-Z][a-z]{2})/;
const LIST_MARK = /^\s{0,12}(?:[-*+]|\d{1,3}[.)])\s+/;
const QUOTE = /^\s{0,3}>/;

/** The domain most From/To/Cc addresses share: the team's own; undefined without e-mails. */
export function teamDomain(bundle: EvidenceBundle): string | undefined {
  const counts = new Map<string, number>();
  for (const f of bundle.included) {
    if (f.facts.type !== 'email') continue;
    const headers = [f.facts.from, f.facts.to, f.facts.cc ?? ''].join(',').slice(0, 10_000);
    for (const m of headers.matchAll(/@([\w.-]{1,120})/g)) counts.set(m[1].toLowerCase(), (counts.get(m[1].toLowerCase()) ?? 0) + 1);
  }
  let best: [string, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0];
}

function domainOf(header: string): string | undefined {
  return /@([\w.-]{1,120})/.exec(header.slice(0, 1_000))?.[1].toLowerCase();
}

/** Someone on the team, by their address; true when nothing tells (no addresses at all). */
export function onTeam(header: string, domain: string | undefined): boolean {
  const d = domainOf(header);
  return !domain || !d || d === domain;
}

/** The team's statements in every included file, in file order. */
export function teamStatements(bundle: EvidenceBundle): TeamStatement[] {
  const domain = teamDomain(bundle);
  const out: TeamStatement[] = [];
  for (const file of bundle.included) {
    const text = file.text.slice(0, MAX_FILE_CHARS);
    if (file.facts.type === 'email') out.push(...emailStatements(file, domain));
    else if (file.kind === 'script' || file.kind === 'other' || (file.kind === 'data' && /\.(?:ya?ml|toml|ini|cfg|conf)$/i.test(file.path))) {
      out.push(...lineStatements(commentLines(text), file, 'script'));
    } else if (file.kind === 'document' && !/^readme\b/i.test(file.path.split('/').pop() ?? '')) {
      out.push(...documentStatements(text, file));
    }
  }
  return out;
}

function emailStatements(file: EvidenceFile, domain: string | undefined): TeamStatement[] {
  if (file.facts.type !== 'email') return [];
  const { from, to, body, subject } = file.facts;
  // A customer's words are never a rule, and what the team wrote to a customer is about one case.
  if (!onTeam(from, domain) || !to.split(',').every((t) => onTeam(t, domain))) return [];
  if (/^(?:automatic reply|out of office|auto:)/i.test(subject)) return [];
  const own = body.slice(0, MAX_FILE_CHARS).split(/\n(?=On .{0,200} wrote:|-{3,}\s?Original Message|>)/)[0];
  const paras = own.split(/\n\s*\n/).map((p) => oneLine(p));
  return paras.flatMap((para) => split(para, file, 'team-email', false, from));
}

/** Comment and docstring lines of a script or config file: the author's words about it. */
function commentLines(text: string): string[] {
  const lines: string[] = [];
  let inDoc = false;
  for (const raw of text.split('\n').slice(0, 400)) {
    const line = raw.slice(0, MAX_LINE_CHARS).trim();
    const fence = /^(?:[rRuU]?"""|''')/.test(line) || /"""\s*$/.test(line);
    if (inDoc || /^(?:[rRuU]?"""|''')/.test(line)) {
      const inner = line.replace(/"""|'''/g, '').trim();
      if (inner) lines.push(inner);
      if (fence && (inDoc || (line.match(/"""|'''/g) ?? []).length === 1)) inDoc = !inDoc;
      continue;
    }
    const comment = /^(?:#(?!!)|\/\/|--|;)\s?(.*)$/.exec(line);
    if (comment && comment[1].trim()) lines.push(comment[1].trim());
  }
  return lines;
}

function lineStatements(lines: string[], file: EvidenceFile, source: Source): TeamStatement[] {
  return lines.flatMap((l) => split(l, file, source, false));
}

/** A policy, handbook or rules page: by its name, its folder, or its first heading. */
export function isPolicyFile(file: { path: string; text: string }): boolean {
  const firstHeading = /^#\s+(.{1,200})$/m.exec(file.text.slice(0, 4_000))?.[1] ?? '';
  return POLICY_FILE.test(file.path.split('/').pop() ?? '') || POLICY_FILE.test(firstHeading) || /(?:^|\/)polic(?:y|ies)\//i.test(file.path);
}

/** A template of a message to the customer: in a templates folder, or with {{placeholders}} near its start. */
export function isTemplateFile(file: { path: string; text: string }): boolean {
  return /(?:^|\/)templates?\//i.test(file.path) || /\{\{[^}\n]{1,80}\}\}/.test(file.text.slice(0, 4_000));
}

/** Notes, policies and templates: bullets with wrapped lines joined, headings and "Rules:" labels tracked. */
function documentStatements(text: string, file: EvidenceFile): TeamStatement[] {
  const template = isTemplateFile(file);
  const policy = isPolicyFile(file);
  // A message kept as a note ("Date: … From: … To: …") is read like an e-mail: only its firm rules count.
  const message = (text.slice(0, 400).match(/^(?:date|from|to|subject)\s?:/gim) ?? []).length >= 2;
  const out: TeamStatement[] = [];
  if (template) {
    // A template speaks to the customer; its instructions to the writer ("{{… never the internal KB}}") are the team's rules.
    for (const m of text.matchAll(/\{\{([^{}]{0,600})\}\}/g)) {
      const inner = oneLine(m[1]);
      if (inner.split(/\s+/).length >= 4) for (const piece of inner.split(/;\s/)) out.push(...split(piece, file, 'template', false));
    }
  }
  let rulesHeading = false;
  // A "Rules:" label covers the list under it, up to the next blank line after its items.
  let rulesLabel: 'none' | 'open' | 'items' = 'none';
  let afterRule = false;
  let header: string[] | undefined;
  for (const item of items(text)) {
    if (/^#{1,6}\s/.test(item)) {
      rulesHeading = RULES_LABEL.test(item);
      rulesLabel = 'none';
      continue;
    }
    if (/^(?:-{3,}|\*{3,}|_{3,})$/.test(item.trim())) {
      afterRule = true;
      continue;
    }
    if (!item.trim()) {
      if (rulesLabel === 'items') rulesLabel = 'none';
      header = undefined;
      continue;
    }
    const body = item.replace(LIST_MARK, '').trim();
    if (!LIST_MARK.test(item) && /:$/.test(body) && RULES_LABEL.test(body) && body.length < 120) {
      rulesLabel = 'open';
      continue;
    }
    if (rulesLabel === 'open') rulesLabel = 'items';
    const inRules = rulesHeading || rulesLabel !== 'none';
    if (QUOTE.test(item)) continue;
    if (template && (/\{\{/.test(body) || (!afterRule && !rulesHeading && rulesLabel === 'none' && !/^\(.*\)$/.test(body)))) continue;
    // "Date: Thu, 19 Nov", "Subject: …": the header of a message kept as a note.
    if (/^(?:date|from|to|cc|subject|sent)\s?:/i.test(body)) continue;
    let lineText = body.replace(/^\((.*)\)$/, '$1');
    if (/^\|/.test(body)) {
      const cells = tableCells(body);
      if (cells.every((c) => /^:?-{0,200}:?$/.test(c))) continue;
      if (!header) {
        header = cells;
        continue;
      }
      // "Team: Manual CSV export yes, up to 50,000 rows; Scheduled export no": a row read with its header.
      lineText =
        cells[0] +
        ': ' +
        cells
          .slice(1)
          .map((c, i) => `${header?.[i + 1] ?? ''} ${c}`.trim())
          .join('; ');
    }
    const record = DATED.test(body);
    const source: Source = message ? 'team-email' : policy ? 'policy' : inRules || afterRule ? 'rules-section' : template ? 'template' : 'note';
    out.push(...split(lineText, file, source, record));
  }
  return out;
}

/** Lines with wrapped continuations and paragraph lines joined; list items, log lines and table rows stay separate. */
function items(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.slice(0, MAX_LINE_CHARS);
    const last = out[out.length - 1];
    const own = /^\s*(?:#|\||>|[-*_]{3,}\s*$)/.test(line) || LIST_MARK.test(line) || DATED.test(line.trim());
    const lastOpen = last?.trim() && !/^\s*(?:#|\||[-*_]{3,}\s*$)/.test(last) && !/:$/.test(last.trim());
    const wrapped = /^\s{2,}\S/.test(line) || /^\s*[a-z(]/.test(line) || !/[.!?)]$/.test(last?.trim() ?? '');
    if (lastOpen && line.trim() && !own && wrapped) out[out.length - 1] = last + ' ' + line.trim();
    else out.push(line.trimEnd());
  }
  return out;
}

function tableCells(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

function oneLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

function split(statement: string, file: EvidenceFile, source: Source, record: boolean, sender?: string): TeamStatement[] {
  const flat = statement.replace(/^\|(.*)\|$/, '$1').trim();
  if (!flat) return [];
  return sentences(flat).map(([s, e]) => ({ text: flat.slice(s, e), statement: flat, file, source, record, sender }));
}

/** Labels in front of a rule that are not part of it. */
const LABEL = /^(?:agreed|note to self|note|reminder|rule|rules|tip|lesson|lessons|important|nb|n\.b\.)\s?:\s*/i;

/** In the SOP's voice: labels dropped, "we never X" as "Never X", a capital and a full stop. */
export function inSopVoice(sentence: string): string {
  let t = sentence.replace(/\s+/g, ' ').trim().replace(LABEL, '');
  t = t.replace(/^(?:we|you|i)\s(never|always|only)\s/i, (_, w: string) => `${w} `);
  t = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!:;]$/.test(t) ? t.replace(/[:;]$/, '.') : t + '.';
}

/** A policy page written to the customer ("You can return any item …"): "you" is the customer, not the reader. */
export function speaksToCustomers(text: string): boolean {
  return (text.slice(0, 20_000).match(/\byou(?:r)?\b/gi) ?? []).length >= 2;
}

/** "You can return any item within 14 days for a full refund to your card" → "The customer can … to their card". */
export function aboutTheCustomer(sentence: string): string {
  return sentence
    .replace(/\byours\b/gi, 'theirs')
    .replace(/\byour\b/gi, 'their')
    .replace(/\byou\b/gi, 'the customer')
    .replace(/^the customer\b/, 'The customer');
}
