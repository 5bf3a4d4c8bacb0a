/**
 * Approval gates: sentences that make someone approve, sign off, review before work goes on, or hold
 * work. Whether a gate names who decides is judged on the sentence alone.
 */

/** How a quick fix adds a name to a gate: right after the matched words, or at the end of the sentence. */
export type NameSlot = { at: 'after-match'; prefix: string } | { at: 'sentence-end' };

export interface GateMatch {
  /** [start, end) in the sentence. */
  start: number;
  end: number;
  phrase: string;
  slot: NameSlot;
}

const DET = String.raw`(?:(?:a|an|the|written|explicit|final|formal|their|his|her|your|its|prior|manager's|managerial)\s+)*`;
const APPROVAL_NOUN = String.raw`(?:approval|sign[- ]?off|authori[sz]ation|go[- ]ahead|green light|the ok|an ok|okay)`;

interface GatePattern {
  re: RegExp;
  slot: NameSlot;
}

const PATTERNS: GatePattern[] = [
  {
    // "get approval", "needs sign-off", "wait for the go-ahead", "send it for approval"
    re: new RegExp(
      String.raw`\b(?:get|gets|getting|got|obtain|obtains|obtaining|request|requests|requesting|seek|seeks|seeking|secure|need|needs|needing|require|requires|requiring|await|awaits|awaiting|wait(?:ing)? (?:for|on)|pending|without|until|upon|after|before|subject to|for)\s+${DET}${APPROVAL_NOUN}\b`,
      'i',
    ),
    slot: { at: 'after-match', prefix: ' from ' },
  },
  {
    // "approval is required", "sign-off needed"
    re: new RegExp(String.raw`\b${APPROVAL_NOUN}\s+(?:is\s+|are\s+)?(?:required|needed|mandatory|necessary)\b`, 'i'),
    slot: { at: 'sentence-end' },
  },
  {
    // "must be approved", "has to be signed off", "to be reviewed"
    re: /\b(?:must|should|shall|need(?:s)? to|has to|have to|to)\s+(?:first\s+)?be\s+(?:reviewed and\s+)?(?:approved|signed[- ]off|authori[sz]ed|reviewed|cleared)\b/i,
    slot: { at: 'after-match', prefix: ' by ' },
  },
  {
    // "the Finance manager must approve", "Dana approves", "X signs off on"
    re: /\b(?:(?:must|should|shall|needs? to|has to|have to|will)\s+(?:first\s+)?(?:approve|sign[- ]off|authori[sz]e|review and approve)|approves|signs[- ]off|authori[sz]es|reviews and approves)\b/i,
    slot: { at: 'sentence-end' },
  },
  {
    // "needs Marcus (Support lead) to sign off", "ask the controller to approve"
    re: /\b(?:needs?|requires?|get|gets|ask|asks|have|has)\s+[^.;!?]{1,50}?\bto\s+(?:approve|sign[- ]off|authori[sz]e|review and approve)\b/i,
    slot: { at: 'sentence-end' },
  },
  {
    // "do not send until approved", "once signed off", "hold until it is approved"
    re: /\b(?:until|unless|once|after|when)\s+(?:(?:it|this|they|these|that|everything|the\s+[\w-]+(?:\s+[\w-]+)?)\s+)?(?:(?:is|are|has been|have been|gets|get|was)\s+)?(?:approved|signed[- ]off|authori[sz]ed|cleared)\b/i,
    slot: { at: 'after-match', prefix: ' by ' },
  },
  {
    // "stop and ask", "stop and check with"
    re: /\bstop\s+and\s+(?:ask|check(?: with)?|confirm(?: with)?|wait|escalate(?: to)?)\b/i,
    slot: { at: 'after-match', prefix: ' ' },
  },
  {
    // "do not send ... until ..." / "never pay ... without ..."
    re: /\b(?:do not|don't|never|must not|cannot|can't)\s+(?:send|proceed|continue|submit|publish|pay|release|post|file|issue|refund|close|deploy|ship|e-?mail|share|run|move on|go ahead|start|book|transfer|wire|approve)\b[^.;!?]{0,120}?\b(?:until|without|before)\b[^.;!?]{0,120}?\b(?:approv\w*|sign[- ]?off|signed|review\w*|confirm\w*|check\w*|go[- ]ahead|ok|okay)\b/i,
    slot: { at: 'sentence-end' },
  },
  {
    // "hold the payment until ...", "put it on hold"
    re: /\b(?:hold|pause|park)\b[^.;!?]{0,60}?\buntil\b|\bon hold\b/i,
    slot: { at: 'sentence-end' },
  },
  {
    // "review ... before sending", "send it for review"
    re: /\b(?:review|reviewed|check(?:ed)? and approve)\b[^.;!?]{0,80}?\bbefore\s+(?:sending|continuing|proceeding|submitting|publishing|paying|releasing|posting|filing|closing|moving on|going on|you\b|it\b|anything\b|the\b)|\bfor\s+(?:a\s+|final\s+)?(?:review|sign-?off)\b/i,
    slot: { at: 'sentence-end' },
  },
];

export function findGate(sentence: string): GateMatch | undefined {
  // The earliest match names the gate; one whose end is a natural place for a name wins over it.
  let best: GateMatch | undefined;
  let slotted: GateMatch | undefined;
  for (const p of PATTERNS) {
    const m = p.re.exec(sentence);
    if (!m) continue;
    const found: GateMatch = { start: m.index, end: m.index + m[0].length, phrase: m[0], slot: p.slot };
    if (!best || found.start < best.start) best = found;
    if (p.slot.at === 'after-match' && (!slotted || found.start < slotted.start)) slotted = found;
  }
  return slotted ?? best;
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
const DEPARTMENTS =
  'finance|legal|compliance|security|hr|human resources|payroll|operations|ops|it|accounts payable|accounts receivable|' +
  'procurement|treasury|support|sales|marketing|management|leadership|engineering|risk|audit|tax|billing|accounting|qa';

/** Capitalised words that are not people even after "from" or "by". */
const NOT_NAMES = new Set(
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

function escapeRe(s: string): string {
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
  const roleRe = roles.length ? new RegExp(String.raw`\b(?:${roles.join('|')})s?\b`, 'i') : undefined;
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
    if (/[\w.+-]{1,64}@[\w-]+\.[\w.-]+/.test(sentence)) return true;
    if (/\b(?:approver|owner|reviewer|sign-?off|approvers)s?\s+(?:listed|named|given|set|shown|recorded|identified)\s+(?:in|under|at|on)\b/i.test(sentence)) {
      return true;
    }
    if (roleRe?.test(sentence)) return true;
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
