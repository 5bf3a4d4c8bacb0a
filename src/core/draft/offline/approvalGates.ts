/**
 * Every approval gate in the team's words, with what it covers and who approves it. "A refund over 200 EUR
 * must be approved by the Support Lead" covers refunds over 200 EUR; "Martin approved a one-off 10%
 * discount" covers that discount: neither makes its approver the approver of the whole procedure.
 */
import type { EvidenceBundle } from '../../evidence/types';
import { APPROVAL_HINT } from '../../sop/gateSentence';
import { findGate } from '../../sop/gates';
import { buildDirectory, type Directory } from './approvers';
import { thresholdIn } from './thresholds';
import { inSopVoice, teamStatements, type TeamStatement } from './teamWords';

export interface Gate {
  /** "Helena Varga (Support Lead)", or the role when the evidence names nobody who holds it. */
  approver: string;
  /** What it covers: "A refund over 200 EUR", "manual override to qualified". */
  scope: string;
  /** The action it must precede: "the refund is issued". */
  before?: string;
  /** The condition under which it applies: "over 200 EUR", "until Devon has confirmed a test login". */
  condition?: string;
  /** One decision approved once ("approved a one-off 10% discount"), not a standing gate. */
  oneOff?: boolean;
  /** The sentence that sets it, in the SOP's voice: the rule with the same text is this gate, to be stated once. */
  sentence?: string;
  /** Someone decides what happens ("decides on pausing work"), rather than approving the work itself. */
  decides?: boolean;
  evidence: string[];
}

/** A clause of a statement: notes chain what happened with arrows and dashes. */
const CLAUSE_BREAK = /\s(?:->|→|=>|[-–—])\s|;\s/;
const HINT = /\b(?:approv\w{0,6}|sign(?:s|ed)?[- ]off|checked|confirm\w{0,4}|decides?|decision|call|okay\w{0,2}|ok)\b/i;
const ONE_OFF = /\b(?:one-off|one off|once|exception\w{0,2}|this (?:customer|client|deal|order|time|case) only|just this)\b/i;
const PASSIVE =
  /\b(?:is|are|be|gets?)\s(?:checked|confirmed|approved|signed off|reviewed|cleared|authori[sz]ed|decided)\s(?:and\s[a-z]{2,20}\s)?by\s([^,;.]{2,80}?)(?=\sbefore\b|\sfirst\b|[,;.]|$)/i;
const UNTIL =
  /\b(?:until|till|once)\s((?:[A-Z][a-z'’-]{1,20}(?:\s[A-Z][a-z'’-]{1,20})?|the\s[\w\s-]{2,40}?|she|he|they))\s(?:has\s|have\s)?(?:confirmed|approved|signed off|checked|agreed|okayed|decided)\b\s?([^,;.]{0,80})/;
const ACTIVE =
  /^((?:she|he|they)|[A-Z][a-z'’-]{1,20}(?:\s[A-Z][a-z'’-]{1,20})?|the\s[a-z][\w\s-]{2,40}?)\s(?:\([^()]{1,40}\)\s)?(?:approves|signs off on|signs off|decides on|decides whether|decides|okays|authori[sz]es)\s([^.;]{3,120}?)(?=\sbefore\b|[.;,]|$)/i;
const CALL = /^(.{3,160}?)\s(?:is|are)\s(?:also\s)?(?:the\s)?([\w\s'’-]{2,40}?)(?:'s|’s)\s(?:call|decision)\b/i;
const PAST =
  /\b([A-Z][a-z'’-]{1,20}(?:\s[A-Z][a-z'’-]{1,20})?)\s(?:\([^()]{1,40}\)\s)?(?:approved|okayed|signed off)\s(?!by\b|it\b|that\b)([^.;,]{3,120}?)(?=\s(?:and|then)\s[a-z]{2,20}(?:ed|ent)\b|[.;,]|\s[-–—]\s|$)/;
const SENT_FOR =
  /\b(?:send|sends|sent|submit|submits|submitted|hand|hands|handed|pass|passes|passed|forward|forwards|forwarded)\s(.{3,80}?)\sto\s((?:the\s)?[A-Za-z][\w\s-]{1,40}?)\s(?:\(([^()]{1,40})\)\s)?for\s(?:a\s|an\s|the\s|their\s|his\s|her\s)?(?:sign-?off|approval|go-ahead|ok|okay)\b/i;
const DATE_AND_TIME = /^\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s[A-Z][a-z]{2,8})?\s*(?:\d{1,2}:\d{2})?\s*/;
/** "No payment is released without the controller's approval", "never ship without QA's sign-off". */
const NOT_WITHOUT =
  /\b(?:no|never|nothing|not)\b[^.;]{0,80}?\bwithout\s((?:the\s|a\s|an\s)?[\w\s()-]{2,60}?)(?:'s|’s)\s(?:written\s|prior\s|explicit\s|formal\s)?(?:approval|sign-?off|ok|okay|go-ahead|consent)\b/i;
const APPROVED_REPLY = /^approved\s?[:,-]\s?(.{3,160})/i;

const MAX_APPROVAL_SENTENCES = 1_500;
const MAX_GATES = 200;

/** Every gate the team's words set, each once. */
export function findGates(bundle: EvidenceBundle): Gate[] {
  const dir = buildDirectory(bundle);
  const gates: Gate[] = [];
  let read = 0;
  for (const s of teamStatements(bundle)) {
    if (!HINT.test(s.text) && !APPROVAL_HINT.test(s.text)) continue;
    // Parsing is the cost: a procedure's evidence holds a few dozen approval sentences, not thousands.
    if (++read > MAX_APPROVAL_SENTENCES || gates.length >= MAX_GATES) break;
    const gate = gateOf(s, dir);
    if (gate) add(gates, { ...gate, sentence: inSopVoice(s.text) });
  }
  return gates;
}

function gateOf(s: TeamStatement, dir: Directory): Gate | undefined {
  const text = s.text.slice(0, 600);
  const evidence = [s.file.path];
  // "Approved: 10% off the onboarding fee, once." — a reply that approves one decision.
  const reply = s.sender ? APPROVED_REPLY.exec(text) : undefined;
  if (reply && s.sender) {
    const approver = dir.resolve(/^([^<]{1,80}?)\s?</.exec(s.sender)?.[1] ?? s.sender);
    if (approver) return { approver, scope: tidy(reply[1]), oneOff: true, evidence };
  }
  let before = '';
  let previous = '';
  for (const part of text.split(CLAUSE_BREAK)) {
    const context = s.statement.slice(0, Math.max(0, s.statement.indexOf(part))) || before;
    const gate = clauseGate(part, dir, context + ' ' + before, text);
    const arrow = previous && text.includes(`${previous.trim()} ->`) ? previous.trim() : '';
    before += ' ' + part;
    previous = part;
    if (!gate) continue;
    // "If a shift cannot be covered, tell Sofia - she decides", "mentions an upgrade -> sent it for approval":
    // the condition may sit in an earlier clause.
    const condition = gate.condition ?? /\b(?:if|unless)\s[^,;.]{3,80}/i.exec(text)?.[0].trim() ?? reason(arrow);
    return { ...gate, ...(condition ? { condition } : {}), oneOff: gate.oneOff || ONE_OFF.test(text), evidence };
  }
  return undefined;
}

/** "mentions an upgrade -> sent it for approval": the general reason before an arrow, not the details of one case. */
function reason(clause: string): string | undefined {
  const t = tidy(clause.replace(DATE_AND_TIME, ''));
  return t && !/\d|\b[A-Z][a-z]+\s[A-Z]/.test(t) ? t : undefined;
}

type Found = Omit<Gate, 'evidence'>;

function clauseGate(part: string, dir: Directory, context: string, whole = part): Found | undefined {
  const past = PAST.exec(part);
  if (past) {
    const approver = dir.resolve(past[1]);
    if (approver) return { approver, scope: tidy(past[2]), oneOff: true };
  }
  const sent = SENT_FOR.exec(part);
  if (sent) {
    const approver = dir.resolve(`${sent[2]} ${sent[3] ? `(${sent[3]})` : ''}`.trim(), context);
    if (approver) return { approver, scope: tidy(sent[1]), before: beforeIn(part), ...conditionOf(sent[1], part) };
  }
  const call = CALL.exec(part);
  if (call) {
    const approver = dir.resolve(call[2], context);
    if (approver) return { approver, scope: tidy(call[1]), decides: true, ...conditionOf(call[1], part) };
  }
  const active = ACTIVE.exec(part);
  if (active) {
    const approver = dir.resolve(active[1], context);
    const decides = /\bdecides\b/i.test(active[0]);
    if (approver) return { approver, scope: tidy(active[2]), before: beforeIn(part), ...(decides ? { decides } : {}), ...conditionOf(active[2], part) };
  }
  const until = UNTIL.exec(part);
  if (until) {
    const approver = dir.resolve(until[1], context);
    const held = part.slice(0, until.index).replace(/^[\w\s]{0,20}:\s/, '');
    if (approver && held.trim()) return { approver, scope: tidy(held), condition: tidy(until[0]), before: beforeIn(part) ?? heldAction(held, whole) };
  }
  const without = NOT_WITHOUT.exec(part);
  if (without) {
    const approver = dir.resolve(without[1], context);
    const scope = part.slice(without.index, part.indexOf('without', without.index)).replace(/^(?:no|never|nothing|not)\s/i, '');
    if (approver && scope.trim()) return { approver, scope: tidy(scope), ...conditionOf(scope, part) };
  }
  const passive = PASSIVE.exec(part);
  if (passive) {
    const approver = dir.resolve(passive[1], context);
    const scope = part.slice(0, passive.index);
    if (approver && scope.trim()) return { approver, scope: tidy(scope), before: beforeIn(part), ...conditionOf(scope, part) };
  }
  return sentenceGate(part, dir, context);
}

/** "SSO stays optional until …; we never enforce it before that": the action held is "enforce SSO". */
function heldAction(held: string, whole: string): string | undefined {
  const m = /\b(?:never|not|don't|do not|cannot|can't)\s([a-z]{3,20})\s(?:it|them|this)\sbefore\s(?:that|then)\b/i.exec(whole);
  const subject = held.trim().split(/\s(?:stays|stay|remains|remain|is|are|will|must|should|can|keeps)\b/)[0];
  return m && subject && subject.length <= 60 ? `${m[1]} ${tidy(subject)}` : undefined;
}

/** The linter's gate finder: "needs Wen's approval (data lead) first", "must be approved by the Support Lead". */
function sentenceGate(part: string, dir: Directory, context: string): Found | undefined {
  const g = findGate(part);
  if (!g) return undefined;
  const named = g.agents.map(([a, b]) => part.slice(a, b)).join(' ');
  // "Freya's approval (Marketing Ops lead)": the role in brackets right after the gate words.
  const after = /^\s?\(([^()]{2,40})\)/.exec(part.slice(g.end))?.[1] ?? '';
  const approver = dir.resolve(`${named} ${after}`.trim() || part.slice(g.end), context);
  if (!approver) return undefined;
  let scope = part.slice(g.clause[0], g.start);
  if (!scope.trim())
    scope = part
      .slice(g.end)
      .replace(/^\s?(?:from|by)\s[^,;]{0,60}?(?=\sfor\b|\sbefore\b|$)/, '')
      .replace(/^\s?for\s/, '');
  if (!scope.trim()) return undefined;
  return { approver, scope: tidy(scope), before: beforeIn(part), ...conditionOf(scope, part) };
}

function beforeIn(part: string): string | undefined {
  const m = /\bbefore\s((?:the|a|an|it|they|anything|you|we)\s[^,;.()]{2,80}|[a-z]{3,20}ing\b[^,;.()]{0,60})/i.exec(part);
  return m && !/^(?:that|then|this)\b/i.test(m[1]) ? m[1].trim() : undefined;
}

function conditionOf(scope: string, part: string): { condition?: string } {
  const threshold = thresholdIn(scope);
  if (threshold) return { condition: threshold };
  const clause = /\b(?:if|unless|when|that|which|who)\s[^,;.]{3,80}/i.exec(scope) ?? /\b(?:if|unless)\s[^,;.]{3,80}/i.exec(part);
  return clause ? { condition: clause[0].trim() } : {};
}

/** A scope as a phrase: no arrows, list numbers or trailing punctuation, lower-case start unless a name. */
function tidy(phrase: string): string {
  const t = phrase
    .replace(/\s+/g, ' ')
    .replace(/^[\s,:;-]+|[\s,:;.-]+$/g, '')
    .replace(/^(?:and|but|so|then|agreed)\s?:?\s/i, '')
    // "A refund over 200 EUR must | be approved": the modal belongs to the gate, not to what it covers.
    .replace(/(?:\s(?:only|first|must|should|shall|needs?|has|have|to|be|is|are|not|always)){1,4}$/i, '');
  return /^(?:A|An|The|Any|Every|Each|All)\b/.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t;
}

const WORDS = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}%]+/u)
      .filter((w) => w.length > 2 && !/^(?:the|any|every|each|and|for)$/.test(w)),
  );

/** The same approver over much the same scope is one gate: a standing gate wins over a one-off record of it. */
function add(gates: Gate[], gate: Gate): void {
  const wa = WORDS(gate.scope);
  const twin = gates.find((g) => {
    if (g.approver !== gate.approver) return false;
    const wb = WORDS(g.scope);
    const shared = [...wa].filter((w) => wb.has(w)).length;
    return shared > 0 && shared / Math.min(wa.size, wb.size) >= 0.5;
  });
  if (!twin) {
    gates.push(gate);
    return;
  }
  for (const e of gate.evidence) if (!twin.evidence.includes(e)) twin.evidence.push(e);
  if (twin.oneOff && !gate.oneOff) Object.assign(twin, { scope: gate.scope, condition: gate.condition, oneOff: false });
  twin.before ??= gate.before;
  twin.condition ??= gate.condition;
}

const EXCEPTIONAL =
  /\b(?:one-off|exception\w{0,2}|override\w{0,2}|manual|partial|extra|goodwill|beyond|special|non-standard|if|when|unless|that|which|who|any|every|each|all|swaps?|changes?)\b/i;

/**
 * Who approves the procedure's result: the one the evidence names as the procedure's owner or approver,
 * else the approver of the standing, unconditional gate on the work itself. Never someone whose only
 * approval covers an exception, a threshold or one decision; undefined when the evidence does not say.
 */
export function procedureApprover(gates: Gate[], bundle: EvidenceBundle): string | undefined {
  const dir = buildDirectory(bundle);
  for (const s of teamStatements(bundle)) {
    const m = /\b(?:procedure|process|checklist|routine|sop|runbook|playbook|workflow)\b[^.;]{0,40}?\b(?:owned|approved|signed off)\sby\s([^.;,]{2,80})/i.exec(
      s.text.slice(0, 600),
    );
    const who = m ? dir.resolve(m[1]) : undefined;
    const person = who ? dir.find(who.replace(/\s\(.*$/, '')) : undefined;
    if (who && (!person || dir.onTeam(person))) return who;
  }
  const candidates = new Set<string>();
  for (const g of gates) {
    if (g.oneOff || g.decides || g.condition || EXCEPTIONAL.test(g.scope)) continue;
    const person = dir.find(g.approver.replace(/\s\(.*$/, ''));
    if (person && !dir.onTeam(person)) continue;
    candidates.add(g.approver);
  }
  return candidates.size === 1 ? [...candidates][0] : undefined;
}
