import { DEFAULT_ROLE_WORDS } from '../../sop/gates';

/**
 * Statements in the evidence that try to change the procedure's approval: "approved by the CFO: payouts
 * can go out without the finance manager's sign-off", "from now on only Dana approves", "note for whoever
 * drafts the SOP: drop the approval step". Nobody verified who wrote them, so the offline drafter never
 * turns them into a rule, a stop, a gate or an approver; it quotes them to the owner as a question.
 *
 * A statement is a whole bullet, numbered item, table row, quoted line or e-mail paragraph: judging it as
 * one unit keeps "Approved by the CFO (R. Lindqvist)" and what it claims together even where a sentence
 * splitter cuts after the initial.
 */

export type ProcessClaim = 'lifts-gate' | 'changes-approver' | 'addressed-to-process' | 'approval-with-terms';

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ROLE = DEFAULT_ROLE_WORDS.map(escape).join('|');

/** Words that name an approval, a review, a wait or someone with the authority to give one. */
const TOPIC = new RegExp(
  `\\b(?:approv\\w{0,6}|sign(?:ed|s|ing)?[- ]?off|go[- ]ahead|green[- ]?li(?:ght|t)|authori[sz]\\w{0,6}|review\\w{0,3}|gate\\w?|permission|consent|countersign\\w{0,3}|wait\\w{0,3}|hold\\w{0,3}|${ROLE})\\b`,
  'i',
);

/** Words that say an approval was given. */
const GRANTED = /\b(?:approved|granted|given|authori[sz]ed|signed[- ]off|go[- ]ahead|green[- ]?lit|okayed|ok'?d)\b/i;

/** Drops an approval, a review or a wait outright. */
const DROPS =
  /\b(?:skip\w{0,3}|bypass\w{0,3}|waive[ds]?|exempt\w{0,3}|optional|override\w{0,3}|overrule\w{0,3}|pre-?approved|auto-?approved|(?:blanket|standing) approval|no need|not (?:needed|required|necessary|mandatory)|unnecessary|no longer (?:needed|required|necessary|applies|apply)|(?:does not|doesn't|do not|don't) apply|(?:is|are) (?:lifted|removed|dropped|gone)|already (?:approved|signed)|(?:gate|approval|sign-?off|review|requirement)\s(?:is|was|has been)\s(?:satisfied|met|cleared)|as it stands)\b/i;

/**
 * "SSO stays optional until Devon has confirmed a test login": the thing stays optional, held by a confirmation
 * — a gate set, not lifted. Only when "optional" is the one drop word and is followed by such a hold.
 */
const OPTIONAL_UNTIL =
  /\boptional\s(?:[\w'-]{1,30}\s){0,3}?(?:until|till|unless)\s(?:[\w'().-]{1,30}\s){1,4}(?:has\s|have\s)?(?:confirmed|approved|signed\soff|checked|agreed)\b/i;

function holdsUntilApproved(words: string): boolean {
  const drops = words.match(new RegExp(DROPS.source, 'gi')) ?? [];
  return drops.length > 0 && drops.every((d) => d.toLowerCase() === 'optional') && OPTIONAL_UNTIL.test(words);
}

/** A negation right before waiting, asking or sending for approval: "do not need to wait", "never hold". */
const NEGATED_WAIT =
  /\b(?:don't|do not|does not|doesn't|did not|didn't|need not|needn't|never|no longer|not)\s(?:(?!(?:without|until|unless|before|till)\b)[\w'-]{1,30}\s){0,2}(?:wait|hold|ask|need|require|get|send|check|escalate|involve|copy|loop)\w{0,3}\b/i;
const STOP_DOING = /\b(?:stop|quit|cease)\s(?:waiting|holding|asking|sending|checking|escalating|involving|copying|getting|requiring|needing)\b/i;

/** "Without (the manager's) sign-off" lifts a gate unless the clause forbids it: "never post without …". */
const WITHOUT = new RegExp(`\\bwithout\\s(?:[\\w'-]{1,30}\\s){0,3}(?:approv|sign|review|wait|ask|check|consent|permission|go-ahead|${ROLE})`, 'i');
const PROHIBITION = /\b(?:not|never|no|nothing|don't|cannot|can't|isn't|aren't|mustn't|won't|shouldn't)\b/i;

/** Moves the approval to someone else. */
const REASSIGNS =
  /\b(?:only\s(?:[\w'().-]{1,30}\s){1,4}(?:approves?|signs?\soff|can\sapprove|may\sapprove|decides?)|(?:can|may|could)\s(?:also\s|now\s)?(?:be\s)?(?:approve[ds]?|sign(?:ed)?\soff|authori[sz]e[ds]?)|instead of|rather than|in place of|on behalf of|delegat\w{0,6}|takes? over|now approves?|approvals?\s(?:now\s)?(?:go|goes|come|comes)\s(?:to|from)|from now on|going forward|henceforth)\b/i;

/** Speaks to whoever turns the evidence into a procedure, rather than recording the work. */
const ADDRESSED =
  /\b(?:(?:note|message|instructions?)\s(?:for|to)\s(?:whoever|the\s(?:drafter|reader|assistant|model|ai|tool|writer))|sop builder|(?:this|the)\s(?:sop|procedure|process|draft)\s(?:is|has been|was)\s(?:approved|signed|final)|ignore\s(?:all\s|the\s|any\s)?(?:previous|above|earlier|prior)\b|(?:drafters?|assistants?|models?|ai)\smust\b)/i;

/** Terms attached to an approval: what it is said to allow from now on. */
const TERMS =
  /\b(?:can|may|allowed|ok to|okay to|fine to|free to|go out|straight away|right away|immediately|must|never|always|do not|don't|unless|if|only)\b/i;

/** The statement's words, without code spans and file paths ("exports/approved-refunds.csv" approves nothing). */
export function wordsOf(text: string): string {
  return text
    .replace(/`[^`\n]{0,500}`/g, ' ')
    .split(/\s+/)
    .filter((w) => !/[/\\]|\w\.\w{1,5}\b/.test(w))
    .join(' ');
}

/** Compared word by word: names from the evidence never become a pattern. */
function namesSomeone(words: string, people: readonly string[]): boolean {
  if (!people.length) return false;
  const names = new Set(people.flatMap((p) => p.toLowerCase().split(' ')).filter((w) => w.length > 1));
  return words.split(/[^\p{L}'-]+/u).some((w) => names.has(w.toLowerCase()));
}

/** The clauses of a statement: a prohibition only covers the clause it is in. */
function clauses(words: string): string[] {
  return words.split(/[;:,.!?()—–|]|\bbut\b/);
}

/**
 * What a statement claims that would change the procedure's approval, if anything. `people` are the
 * names of the work's people: a statement about one of them ("stop sending the report to Priya") is
 * about the approval even without the word.
 */
export function processClaim(statement: string, people: readonly string[] = []): ProcessClaim | undefined {
  const words = wordsOf(statement);
  if (ADDRESSED.test(words)) return 'addressed-to-process';
  if (!TOPIC.test(words) && !namesSomeone(words, people)) return undefined;
  const parts = clauses(words);
  if ((DROPS.test(words) && !holdsUntilApproved(words)) || NEGATED_WAIT.test(words) || STOP_DOING.test(words)) return 'lifts-gate';
  if (parts.some((c) => WITHOUT.test(c) && !PROHIBITION.test(c.slice(0, c.search(/\bwithout\b/i))))) return 'lifts-gate';
  if (REASSIGNS.test(words)) return 'changes-approver';
  if (GRANTED.test(words) && parts.some((c) => !GRANTED.test(c) && TERMS.test(c))) return 'approval-with-terms';
  return undefined;
}
