/**
 * Approval gates: sentences that make someone approve, sign off, review before work goes on, or hold
 * work. Whether a gate names who decides is judged on the clause of the gate, not the whole sentence.
 */
import { createMemo } from '../text/memo';
import { gateShapeOf, type GateShape } from './gateSentence';
import { ROLE_HEADS } from './roles';

/** How a quick fix adds a name to a gate: right after the matched words, or at the end of the sentence. */
export type NameSlot = { at: 'after-match'; prefix: string } | { at: 'sentence-end' };

/** A gate found in a sentence: its shape ([start, end) in the sentence, its clause, who it names), and how to name who. */
export interface GateMatch extends Pick<GateShape, 'start' | 'end' | 'clause' | 'agents' | 'anaphoric' | 'hold'> {
  phrase: string;
  slot: NameSlot;
}

/**
 * The gate of a sentence: where it is, and the clause and phrases that may say who approves. The fix for an
 * unnamed gate puts a name right after an approval noun ("get approval from …"), after a participle
 * ("until approved by …"), or at the end of the sentence.
 */
export function findGate(sentence: string): GateMatch | undefined {
  // Typing in one sentence re-reads its whole chunk: the other sentences' answers are kept.
  return gateMemo.get(sentence, () => findGateUncached(sentence));
}

const gateMemo = createMemo<GateMatch | undefined>(4000);

function findGateUncached(sentence: string): GateMatch | undefined {
  const shape = gateShapeOf(sentence) ?? grantOf(sentence) ?? holdOf(sentence);
  if (!shape) return undefined;
  const phrase = sentence.slice(shape.start, shape.end);
  const slot: NameSlot = /^stop\s+and\s/i.test(phrase)
    ? { at: 'after-match', prefix: ' ' }
    : shape.nounTrigger
      ? { at: 'after-match', prefix: ' from ' }
      : /(?:approved|signed[- ]off|cleared|authori[sz]ed|reviewed|granted|permitted)$/i.test(phrase)
        ? { at: 'after-match', prefix: ' by ' }
        : { at: 'sentence-end' };
  return { start: shape.start, end: shape.end, phrase, slot, clause: shape.clause, agents: shape.agents, anaphoric: shape.anaphoric, hold: shape.hold };
}

// "An exception may be granted if …", "waivers are only granted by the CFO": someone grants it, so someone decides.
const GRANTED =
  /\b(?:exceptions?|waivers?|exemptions?|extensions?|deviations?|variances?|overrides?)\b[^.;:!?]{0,80}?\b(?:(?:may|can|could|will|must|shall|should)\s+(?:only\s+)?be|(?:is|are)\s+(?:only\s+)?)\s*(?:granted|permitted)\b/i;

/** An exception or waiver that is granted: the grant is the gate, and "by …" after it says who grants it. */
function grantOf(sentence: string): GateShape | undefined {
  const m = GRANTED.exec(sentence);
  if (!m) return undefined;
  const end = m.index + m[0].length;
  const verbAt = end - /\S+$/.exec(m[0])![0].length;
  const rest = sentence.slice(end);
  const clauseEnd = /\s(?:if|when|unless|where|provided)\s|[;:]/i.exec(rest);
  const clauseTo = end + (clauseEnd ? clauseEnd.index : rest.length);
  const by = /^\s+by\s+/i.exec(rest);
  return {
    start: verbAt,
    end,
    nounTrigger: false,
    clause: [m.index, clauseTo],
    agents: by ? [[end + by[0].length, clauseTo]] : [],
    anaphoric: false,
  };
}

/** "Stop and ask", "hold the payment until …", "put it on hold": holds without an approval word. */
function holdOf(sentence: string): (GateShape & { hold: true }) | undefined {
  const m = /\bstop\s+and\s+(?:ask|check(?: with)?|confirm(?: with)?|wait|escalate(?: to)?)\b|\b(?:hold|pause|park)\b[^.;!?]{0,60}?\buntil\b|\bon hold\b/i.exec(
    sentence,
  );
  if (!m) return undefined;
  const clauseEnd = /\s(?:if|when|unless)\s/i.exec(sentence.slice(m.index));
  const end = clauseEnd ? m.index + clauseEnd.index : sentence.length;
  return { start: m.index, end: m.index + m[0].length, nounTrigger: false, clause: [0, end], agents: [[m.index, end]], anaphoric: false, hold: true };
}

/** Role words that name who approves; teams add their own in config. */
export const DEFAULT_ROLE_WORDS = [
  'manager',
  'director',
  'head',
  'officer',
  'supervisor',
  'controller',
  'comptroller',
  'accountant',
  'bookkeeper',
  'owner',
  'cfo',
  'ceo',
  'coo',
  'cto',
  'cio',
  'ciso',
  'vp',
  'vice president',
  'president',
  'chair',
  'partner',
  'principal',
  'counsel',
  'lawyer',
  'attorney',
  'paralegal',
  'auditor',
  'treasurer',
  'secretary',
  'administrator',
  'admin',
  'coordinator',
  'specialist',
  'engineer',
  'on-call',
  'founder',
  'team lead',
  'tech lead',
  'project lead',
  'ops lead',
  'finance lead',
  'support lead',
  'shift lead',
  'analyst',
  'pharmacist',
  'physician',
  'nurse',
  'dispatcher',
  'foreman',
  'editor',
  'board of directors',
  'board members',
];

/** Departments and teams count when the sentence makes them the actor ("from Finance", "the legal team"). */
export const DEPARTMENTS =
  'finance|legal|compliance|security|hr|human resources|payroll|operations|ops|it|accounts payable|accounts receivable|' +
  'procurement|treasury|support|sales|marketing|management|leadership|engineering|risk|audit|tax|billing|accounting|qa';

/** Capitalised words that are not people even after "from" or "by". */
export const NOT_NAMES = new Set(
  (
    'The This That These Those It Them Their A An Monday Tuesday Wednesday Thursday Friday Saturday Sunday January ' +
    'February March April May June July August September October November December Slack Teams Email E-mail Excel ' +
    'Outlook Gmail Drive SharePoint Jira Zoom Step Section Owner Approver Approval Inputs Steps Escalation Output ' +
    'Quality Checks Notes If When Then Before After Once Until All Any Each Every No Not Yes Someone Somebody Anyone ' +
    'Anybody Everyone Everybody Nobody We You They He She I Appendix Annex Page Table Figure Chapter Part Item ' +
    'Refunds Payments Invoices Orders Reports Changes Discounts Expenses Transfers Requests'
  ).split(' '),
);

export interface NamingContext {
  roleWords: string[];
  /** People and roles the document itself names (front matter, Owner section): mentioning one counts. */
  knownNames: string[];
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const namingChecks = new Map<string, (sentence: string) => boolean>();

/** The check for a set of role words and names, built once and reused while they stay the same. */
export function createNamingCheck(ctx: NamingContext): (sentence: string) => boolean {
  const key = ctx.roleWords.join('\u0001') + '\u0002' + ctx.knownNames.join('\u0001');
  let check = namingChecks.get(key);
  if (!check) {
    check = buildNamingCheck(ctx);
    if (namingChecks.size > 32) namingChecks.clear();
    namingChecks.set(key, check);
  }
  return check;
}

function buildNamingCheck(ctx: NamingContext): (sentence: string) => boolean {
  const roles = ctx.roleWords.filter((w) => w.trim()).map((w) => escapeRe(w.trim()).replace(/\s+/g, '\\s+'));
  // The role heads every procedure uses ("Incident Commander", "maintainer", "QMO") count as well as the team's own words.
  const roleRe = new RegExp(String.raw`\b(?:${[ROLE_HEADS, ...roles].join('|')})(?:s|es)?\b`, 'i');
  const names = ctx.knownNames
    .flatMap((n) => [n, n.split(/\s+/)[0]])
    .filter((n) => n && n.length >= 2 && !NOT_NAMES.has(n))
    .map(escapeRe);
  const knownRe = names.length ? new RegExp(String.raw`(?:^|[^\w@])(?:${[...new Set(names)].join('|')})\b`) : undefined;
  const deptRe = new RegExp(
    String.raw`\b(?:from|by|to|with|ask|asks|contact|ping|email|e-mail|notify|cc)\s+(?:the\s+)?(?:${DEPARTMENTS})\b(?!\s+(?:report|file|folder|data|export|sheet|spreadsheet|system|tool|drive))|\bthe\s+(?:${DEPARTMENTS})\s+(?:team|department|dept|desk|group)\b|^(?:the\s+)?(?:${DEPARTMENTS})\s+(?:team\s+)?(?:approves|signs|must|reviews|confirms|decides|authori[sz]es)\b`,
    'i',
  );
  const personAfterVerb =
    /\b(?:from|by|ask|asks|asking|with|contact|call|phone|text|message|ping|email|e-mail|tell|notify|cc)\s+((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+)?)/g;
  // "to Priya" names someone only after a verb of handing over: "go to Appendix B" does not.
  const personAfterTo =
    /\b(?:send|sends|sent|forward|give|hand|pass|escalate|submit|email|e-mail|report|show|take)\b[^.;!?]{0,60}?\bto\s+((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+)?)/g;
  // A capitalised first word is a person only when it does the approving: "Priya approves", not "Refunds must be approved".
  const personAsSubject =
    /^(?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+)?\s+(?:\([^)]*\)\s+)?(?:approves|signs off|signs|reviews|confirms|decides|authori[sz]es|checks|(?:must|will|has to|needs to|should)\s+(?:approve|sign|review|confirm|decide|authori[sz]e|check))\b/;

  const personApprovingMidSentence =
    /\s([A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+)?\s+(?:approves|has approved|approved|signs off|has signed off|signed off|confirms|has confirmed|reviews|has reviewed|okays|has okayed|agrees|has agreed)\b/g;

  return (sentence: string) => {
    if (/(?:^|\s|\()@[\w.-]+/.test(sentence)) return true;
    // Bounded local part: an unbounded one rescans every long word from each of its letters.
    if (sentence.includes('@') && /[\w.+-]{1,64}@[\w-]+\.[\w.-]+/.test(sentence)) return true;
    if (/\b(?:approver|owner|reviewer|sign-?off|approvers)s?\s+(?:listed|named|given|set|shown|recorded|identified)\s+(?:in|under|at|on)\b/i.test(sentence)) {
      return true;
    }
    if (roleRe.test(sentence)) return true;
    if (knownRe?.test(sentence)) return true;
    if (deptRe.test(sentence)) return true;
    // "Ask Marcus ..." at the start of a sentence: the verb is capitalised, the name still is.
    const lowered = sentence.charAt(0).toLowerCase() + sentence.slice(1);
    for (const re of [personAfterVerb, personAfterTo]) {
      for (const m of lowered.matchAll(re)) {
        const first = m[1].split(/\s+/)[0];
        if (!NOT_NAMES.has(first)) return true;
      }
    }
    const subject = sentence.match(personAsSubject);
    if (subject && !NOT_NAMES.has(subject[0].split(/\s+/)[0])) return true;
    for (const m of sentence.matchAll(personApprovingMidSentence)) if (!NOT_NAMES.has(m[1])) return true;
    return false;
  };
}
