/**
 * The steps of the work in the order they happened, from all the evidence: numbered lists and dated
 * log lines in notes, the team's own e-mails by their Date, and scripts where the notes run them or where
 * their data flows. A customer's e-mail is the trigger or context of the work, never a step of it.
 */
import type { EvidenceBundle, EvidenceFile } from '../../evidence/types';
import { sameStep } from './sameStep';
import { scriptsMentioned, type ScriptFile } from './scripts';
import { teamDomain } from './teamWords';
import { customerNames, genericPeople, keptMessage, mailStep } from './timelineMail';
import { contextDay, isoOf, leadingStamp, minutesOf, usualYear, type Stamp } from './timelineDates';
import { clauseInstruction, isImperative, JUDGMENT } from './timelineVoice';

export interface TimelineStep {
  text: string;
  kind: 'mechanical' | 'judgment';
  evidence: string[];
  /** Workspace-relative path of the script the step runs. */
  script?: string;
  /** When the evidence says it happened, ISO ("2026-11-13T09:05", "2026-11-13"). */
  at?: string;
  /** The sub-bullets under the step in a note's list ("7 days overdue: the friendly reminder"). */
  details?: string[];
  /**
   * A later case of the same work in a log of several ("Ticket #90577 …" after "Ticket #90412 …"): what it did
   * differently is a branch of the procedure, not more steps after the first case.
   */
  branch?: { header: string };
}

/** Each file is read from its first part only; a timeline longer than this is not one procedure. */
const MAX_FILE_CHARS = 64_000;
const MAX_LINE_CHARS = 2_000;
const MAX_STEPS = 40;
const MAX_ITEMS_PER_FILE = 200;
const MAX_DETAILS = 12;
/** The header of one case in a log of several: a ticket, order, case or request with its number. */
const CASE_HEADER = /^(?:ticket|case|order|request|claim|incident|invoice|deal|lead|account)\b.{0,80}?(?:#\s?\d{2,}|\b[A-Z]{2,6}-\d{2,})|^#\s?\d{3,}\b/i;
/** Events are compared pairwise to find the same action told twice: their number is bounded. */
const MAX_EVENTS = 400;

type Source = 'list' | 'log' | 'email' | 'script';

interface Event {
  text: string;
  kind: TimelineStep['kind'];
  file: EvidenceFile;
  source: Source;
  /** What was written, for finding the scripts and files it names. */
  raw: string;
  stamp?: Stamp;
  /** Minutes since 1970, UTC when known; notes are shifted by the team's clock offset. */
  minutes?: number;
  utc?: boolean;
  script?: string;
  chain: number;
  pos: number;
  details?: string[];
  branch?: { header: string };
}

/** Headings and labels over lines that are rules, lessons or ideas, not what was done. */
const NOT_STEPS =
  /\b(?:rules?|polic(?:y|ies)|guidelines?|timing|when it fails|if it fails|lessons?|learned|do(?:'|’)?s and don(?:'|’)?ts|open points?|ideas?|questions?|todo|to do|faq)\b/i;
const POLICY_FILE = /\b(?:polic(?:y|ies)|rules?|handbook|guidelines?|standards?|faq)\b/i;
const NUMBERED = /^(\d{1,3})[.)]\s+/;
const CHECKBOX = /^[-*+]\s\[[ xX]\]\s+/;
const BULLET = /^[-*+]\s+/;
const SECRET = /\b(?:password|passwd|pw|login|token|api[ -]?key|secret|credentials?)\b/i;
/** A log line about a failure and its recovery: the SOP's "when it fails", not a step. */
const INCIDENT = /\b(?:exit(?:ed)?\s(?:code\s)?\d|failed|error|outage|crashed|timed out)\b/i;
const APPROVED_BY = /^([A-Z][a-z]{1,20})(?:\s\([^()]{1,60}\))?\s(?:approved|ok(?:'d)?|signed off|agreed|said yes|gave the go-ahead)\b\s?(.*)$/i;
/** "manual override needs Freya's approval (…) before …": a gate the writer passed through. */
const NEEDS_APPROVAL = /^(.{3,120}?)\s(?:needs|need|requires|required)\s([A-Z][a-z]{1,20})'s\s(?:approval|ok|sign-off)\b([^.]{0,200})/;

export function findTimeline(bundle: EvidenceBundle, scripts: ScriptFile[]): TimelineStep[] {
  const domain = teamDomain(bundle);
  const customers = customerNames(bundle, domain);
  const year = usualYear(bundle.included.map((f) => f.path + '\n' + f.text.slice(0, MAX_FILE_CHARS)));
  const events: Event[] = [];
  let chain = 0;
  for (const file of bundle.included) {
    if (events.length >= MAX_EVENTS) break;
    const mail = file.facts.type === 'email' ? file.facts : file.kind === 'document' ? keptMessage(file) : undefined;
    if (mail) {
      const said = mailStep(mail, domain);
      if (said) events.push({ ...said, file, source: 'email', utc: true, chain: chain++, pos: 0 });
    } else if (isNote(file)) {
      events.push(...noteEvents(file, year, chain++));
    }
  }
  events.splice(MAX_EVENTS);
  shiftNoteClocks(events);
  for (const e of events) e.script ??= scriptsMentioned(e.raw, scripts)[0]?.file.path;
  const steps = ordered(events).map((group) => asStep(group, customers));
  return placeScripts(steps, scripts).slice(0, MAX_STEPS);
}

function isNote(file: EvidenceFile): boolean {
  const name = file.path.split('/').pop() ?? '';
  if (file.kind !== 'document' || /^readme\b/i.test(name)) return false;
  if (/(?:^|\/)(?:templates?|polic(?:y|ies))\//i.test(file.path) || POLICY_FILE.test(name)) return false;
  const head = file.text.slice(0, 4_000);
  if (/\{\{[^}\n]{1,80}\}\}/.test(head)) return false;
  // A document that speaks to "you" (a proposal, a letter) gives the customer's next steps, not the team's.
  const you = (head.match(/\byour?\b/gi) ?? []).length;
  const me = (head.match(/\b(?:I|my|me)\b/g) ?? []).length;
  return you < 2 || you <= me;
}

/** The lines of a note that record a step: numbered items, checklist items and dated log lines. */
function noteEvents(file: EvidenceFile, year: number | undefined, chain: number): Event[] {
  const text = file.text.slice(0, MAX_FILE_CHARS);
  let day = contextDay(file.path, text, year);
  const items: Array<{ raw: string; source: Source; stamp?: Stamp; details: Array<{ raw: string }>; branch?: { header: string } }> = [];
  let parent: (typeof items)[number] | undefined;
  // A header of one case ("Ticket #90577 - …") once a case has been logged starts another case.
  let branch: { header: string } | undefined;
  // Under a "Rules" heading, up to the next heading; under a "Rules:" label, up to the next blank line.
  let underHeading = false;
  let underLabel: 'no' | 'open' | 'items' = 'no';
  let open: { raw: string } | undefined;
  for (const full of text.split(/\r?\n/)) {
    if (items.length >= MAX_ITEMS_PER_FILE) break;
    const line = full.slice(0, MAX_LINE_CHARS).trimEnd();
    const trimmed = line.trim();
    if (/^#{1,6}\s/.test(trimmed)) {
      underHeading = NOT_STEPS.test(trimmed);
      underLabel = 'no';
      open = undefined;
      continue;
    }
    if (!trimmed) {
      if (underLabel === 'items') underLabel = 'no';
      open = undefined;
      continue;
    }
    const indented = /^\s{2,}/.test(line);
    if (indented && open && !BULLET.test(trimmed) && !NUMBERED.test(trimmed)) {
      if (open.raw.length < MAX_LINE_CHARS) open.raw += withoutSecrets(' ' + trimmed);
      continue;
    }
    // A sub-bullet is a detail of the step above; its wrapped lines go with it, not with the step.
    if (indented && (BULLET.test(trimmed) || NUMBERED.test(trimmed)) && open) {
      open = { raw: withoutSecrets(trimmed.replace(CHECKBOX, '').replace(NUMBERED, '').replace(BULLET, '')) };
      if (parent && parent.details.length < MAX_DETAILS) parent.details.push(open);
      continue;
    }
    if (!indented && !BULLET.test(trimmed) && !NUMBERED.test(trimmed) && /:$/.test(trimmed) && NOT_STEPS.test(trimmed) && trimmed.length < 120) {
      underLabel = 'open';
      open = undefined;
      continue;
    }
    if (underLabel === 'open') underLabel = 'items';
    if (underHeading || underLabel !== 'no') continue;
    const numbered = NUMBERED.test(trimmed) || CHECKBOX.test(trimmed);
    const body = trimmed.replace(CHECKBOX, '').replace(NUMBERED, '').replace(BULLET, '');
    const { stamp, rest } = leadingStamp(body, { year, day });
    if (stamp) day = stamp.day;
    if (!numbered && !stamp) {
      if (!indented && items.length > 0 && CASE_HEADER.test(trimmed)) branch = { header: trimmed.slice(0, 120) };
      open = undefined;
      parent = undefined;
      continue;
    }
    const item = { raw: rest, source: (numbered ? 'list' : 'log') as Source, stamp, details: [], ...(branch ? { branch } : {}) };
    items.push(item);
    open = parent = item;
  }
  return items.flatMap((item, pos) => {
    const said = instruction(item.raw, item.source === 'list');
    if (!said) return [];
    const minutes = item.stamp ? minutesOf(item.stamp) : undefined;
    const details = item.details.map((d) => voice(d.raw)).filter((d) => d.length > 3 && !SECRET.test(d));
    return [
      {
        ...said,
        file,
        source: item.source,
        raw: item.raw,
        stamp: item.stamp,
        minutes,
        chain,
        pos,
        ...(details.length ? { details } : {}),
        ...(item.branch ? { branch: item.branch } : {}),
      },
    ];
  });
}

/** A wrapped line up to the sentence that gives a password or a login. */
function withoutSecrets(text: string): string {
  const kept: string[] = [];
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    if (SECRET.test(sentence)) break;
    kept.push(sentence);
  }
  return kept.join(' ');
}

/** A note's line as one instruction: its actions in order, what it reacted to in brackets. */
function instruction(raw: string, listed: boolean): { text: string; kind: Event['kind'] } | undefined {
  const line = raw
    .split(/(?<=[.!?])\s+(?=[A-Z])/)
    .filter((s) => !SECRET.test(s))
    .join(' ')
    .trim();
  if (!line || INCIDENT.test(line)) return undefined;
  const kind = JUDGMENT.test(line.replace(/"[^"]{0,80}"|“[^”]{0,80}”/g, '')) ? 'judgment' : 'mechanical';
  if (listed && isImperative(line)) return { text: firstSentence(line), kind };
  const done: string[] = [];
  const context: string[] = [];
  for (const piece of clauses(line)) {
    const approval = APPROVED_BY.exec(piece);
    const needed = NEEDS_APPROVAL.exec(piece);
    const said = approval
      ? approvalStep(approval[1], approval[2])
      : needed
        ? `Get ${needed[2]}'s approval for ${needed[1].replace(/^(?:the|a|an)\s/i, '')}${needed[3]}`
        : clauseInstruction(piece);
    if (said) done.push(done.length ? said.charAt(0).toLowerCase() + said.slice(1) : said);
    else if (piece.split(/\s+/).length >= 2) context.push(piece);
  }
  if (!done.length) return listed ? { text: firstSentence(line), kind } : undefined;
  // What the step reacted to is that run's case ("Lumo Solar scored 55"): an example for the next run, not a rule.
  const because = context.length ? ` (in the documented run: ${context.join('; ').slice(0, 160)})` : '';
  return { text: done.join(', then ') + because, kind: done.some((d) => /^Get .{1,40} approval/.test(d)) ? 'judgment' : kind };
}

function approvalStep(name: string, rest: string): string {
  const what = rest.trim().replace(/^(?:the|a|an|this|that)\s/i, (w) => `for ${w}`);
  return `Get ${name}'s approval${what ? ' ' + what : ''}`;
}

/** "a; b -> c, so d, tagged e": the pieces a log line strings together, each one action or one fact. */
function clauses(line: string): string[] {
  const out: string[] = [];
  for (const part of line.split(/\s{0,5}(?:;|->|→|=>)\s{0,5}|,\s(?=(?:so|and then|then)\s)/).slice(0, 12)) {
    const pieces = part.split(/,\s/).slice(0, 12);
    let current = pieces[0] ?? '';
    for (const p of pieces.slice(1)) {
      if (clauseInstruction(p)) {
        out.push(current);
        current = p;
      } else current += ', ' + p;
    }
    out.push(current);
  }
  return out.map((c) => c.trim()).filter(Boolean);
}

function firstSentence(text: string): string {
  const end = /[.!?](?=\s+[A-Z])/.exec(text);
  return (end ? text.slice(0, end.index + 1) : text).slice(0, 300);
}

/**
 * Notes keep the writer's wall clock, e-mails give UTC: the offset is the whole number of hours by which
 * most note times and e-mail times of the same moment differ.
 */
function shiftNoteClocks(events: Event[]): void {
  const mails = events.filter((e) => e.utc && e.minutes !== undefined);
  const counts = new Map<number, number>();
  for (const n of events) {
    if (n.utc || n.minutes === undefined || !n.stamp?.time) continue;
    for (const m of mails) {
      const diff = n.minutes - m.minutes!;
      if (diff % 60 === 0 && Math.abs(diff) <= 14 * 60) counts.set(diff, (counts.get(diff) ?? 0) + 1);
    }
  }
  let offset = 0;
  let best = 0;
  for (const [diff, n] of counts) if (n > best || (n === best && Math.abs(diff) < Math.abs(offset))) [offset, best] = [diff, n];
  for (const e of events) if (!e.utc && e.minutes !== undefined && e.stamp?.time) e.minutes -= offset;
}

/** What `sameAction` compares, worked out once per event: every event is compared with every other. */
interface EventFacts {
  files: Set<string>;
  acts: string;
  unquoted: string;
}

function factsOf(e: Event): EventFacts {
  return { files: filesOf(e.text), acts: acts(e.text), unquoted: e.text.replace(/"[^"]{0,80}"|“[^”]{0,80}”/g, '') };
}

/** Two records of one action: from different files, near in time, the same act on the same thing. */
function sameAction(a: Event, b: Event, fa: EventFacts, fb: EventFacts): boolean {
  if (a.file === b.file) return false;
  if (a.minutes !== undefined && b.minutes !== undefined) {
    const gap = Math.abs(a.minutes - b.minutes);
    if (gap > 24 * 60) return false;
    if (gap <= 2 && a.stamp?.time && b.stamp?.time && sharedName(a.text + ' ' + a.raw, b.text + ' ' + b.raw)) return true;
  }
  if (a.script && a.script === b.script) return true;
  // The same file made in both ("exports/aged-receivables-<date>.csv" and "…-2026-11-24.csv").
  if (fa.acts === fb.acts && [...fa.files].some((f) => fb.files.has(f))) return true;
  return sameStep(fa.unquoted, fb.unquoted, b.script) !== undefined;
}

/** Paths a step names, with dates, weeks and placeholders made alike. */
function filesOf(text: string): Set<string> {
  const paths = text.match(/[\w.-]{1,80}\/[\w.<>{}*/-]{1,160}\.[a-z]{2,5}\b/gi) ?? [];
  return new Set(paths.slice(0, 20).map((p) => p.replace(/<[^<>]{0,40}>|\{[^{}]{0,40}\}|\d{4}-\d{2}(?:-\d{2})?|\d{4}-?w\d{1,2}/gi, '*')));
}

/** The first verb a step does, from its words: "In Xero, run … and export it" exports. */
function acts(text: string): string {
  return /\b(export|download|fetch|send|post|publish|import|upload|save|copy|check|write|create)\b/i.exec(text)?.[1].toLowerCase() ?? '';
}

function sharedName(a: string, b: string): boolean {
  const names = (t: string) => new Set(t.match(/\b[A-Z][a-z]{2,20}\b/g) ?? []);
  const inB = names(b);
  return [...names(a)].some((n) => inB.has(n) && !/^(?:The|Send|Get|Ask|Run|Once|Re|Approved|Hi)$/.test(n));
}

/** Events grouped by action, in the order they happened: each source keeps its own order, dates interleave them. */
function ordered(events: Event[]): Event[][] {
  const parent = events.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const facts = events.map(factsOf);
  for (let i = 0; i < events.length; i++)
    for (let j = i + 1; j < events.length; j++) if (sameAction(events[i], events[j], facts[i], facts[j])) parent[root(j)] = root(i);
  const groupMinutes = new Map<number, number>();
  events.forEach((e, i) => {
    if (e.minutes === undefined) return;
    const r = root(i);
    groupMinutes.set(r, Math.min(groupMinutes.get(r) ?? Infinity, e.minutes));
  });
  // Within one note the order is the writer's: a step never sorts before the one written above it.
  const key = new Map<Event, number>();
  const lastOfChain = new Map<number, number>();
  events.forEach((e, i) => {
    const own = groupMinutes.get(root(i));
    const prev = lastOfChain.get(e.chain) ?? -Infinity;
    const k = Math.max(own ?? prev, prev);
    key.set(e, k);
    lastOfChain.set(e.chain, k);
  });
  const sorted = events.map((e, i) => ({ e, i })).sort((x, y) => key.get(x.e)! - key.get(y.e)! || x.e.chain - y.e.chain || x.e.pos - y.e.pos);
  const groups = new Map<number, Event[]>();
  for (const { e, i } of sorted) {
    const r = root(i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(e);
  }
  return [...groups.values()];
}

const PREFERENCE: Record<Source, number> = { list: 0, log: 1, script: 2, email: 3 };

function asStep(group: Event[], customers: string[]): TimelineStep {
  const best = [...group].sort((a, b) => PREFERENCE[a.source] - PREFERENCE[b.source] || a.text.length - b.text.length)[0];
  // The writer's own clock when a note records it, else the e-mail's UTC time.
  const dated = group.filter((e) => e.stamp).sort((a, b) => Number(!!a.utc) - Number(!!b.utc) || (a.minutes ?? 0) - (b.minutes ?? 0))[0];
  const script = group.find((e) => e.script)?.script;
  const step: TimelineStep = {
    text: voice(genericPeople(best.text, customers)),
    kind: group.some((e) => e.kind === 'judgment') ? 'judgment' : 'mechanical',
    evidence: [...new Set(group.map((e) => e.file.path))],
  };
  if (script) step.script = script;
  const details = best.details ?? group.find((e) => e.details)?.details;
  if (details) step.details = details;
  // Told only in a later case: a branch. Told in the first case too: a step.
  if (group.every((e) => e.branch)) step.branch = group[0].branch;
  if (dated?.stamp) step.at = dated.utc ? new Date(dated.minutes! * 60_000).toISOString() : isoOf(dated.stamp);
  return step;
}

/** A capital first and one full stop last. */
function voice(text: string): string {
  const t = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[,;:]$/, '');
  const capitalised = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : capitalised + '.';
}

/** Scripts no note runs: after the step that makes or names their input, else by data flow, else last. */
function placeScripts(steps: TimelineStep[], scripts: ScriptFile[]): TimelineStep[] {
  const out = [...steps];
  for (const s of scripts) {
    if (out.some((st) => st.script === s.file.path)) continue;
    const step: TimelineStep = { text: `Run \`${commandOf(s)}\`.`, kind: 'mechanical', evidence: [s.file.path], script: s.file.path };
    const names = (paths: string[]) => paths.map((p) => p.split('/').pop()!).filter((n) => n.length > 3);
    const inputs = names(s.inputFiles);
    const outputs = names(s.outputFiles);
    // "Run the import" in the notes is the run of import_users.py: the step gets its command.
    const stems = (s.relToWorkdir.split('/').pop() ?? '')
      .replace(/\.\w{1,5}$/, '')
      .split(/[_.-]/)
      .filter((w) => w.length >= 4);
    const said = out.findIndex((st) => !st.script && stems.some((w) => new RegExp(`\\brun\\s(?:the\\s)?${w}\\b`, 'i').test(st.text)));
    if (said >= 0) {
      out[said] = {
        ...out[said],
        text: out[said].text.replace(/\.$/, '') + ` (\`${commandOf(s)}\`).`,
        script: s.file.path,
        evidence: [...out[said].evidence, s.file.path],
      };
      continue;
    }
    let at = -1;
    out.forEach((st, i) => {
      if (inputs.some((n) => st.text.includes(n)) || (st.script && s.dependsOn.includes(st.script))) at = i + 1;
    });
    if (at < 0) {
      const before = out.findIndex((st) => outputs.some((n) => st.text.includes(n)) || (st.script !== undefined && s.feeds.includes(st.script)));
      at = before >= 0 ? before : out.length;
    }
    out.splice(at, 0, step);
  }
  return out;
}

function commandOf(s: ScriptFile): string {
  return s.facts.usage?.replace(/^usage:\s*/i, '').slice(0, 200) ?? `${s.runner} ${s.relToWorkdir}`.trim();
}
