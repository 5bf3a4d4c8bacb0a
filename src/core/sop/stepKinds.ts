import { DEFAULT_ROLE_WORDS, findGate } from './gates';
import { phraseNamesSomeone } from './whoApproves';
import type { ApprovalGate, SopDocument, SopSentence, SopStep } from './model';
import { approverOf, peopleOf } from './people';

/**
 * What kind of work a numbered step is: a gate (a person must approve before work goes on), a judgment call
 * (a person decides), mechanical (it can be done the same way every time, so it can be automated), or unmarked
 * (the SOP does not say; treated as needing a person by anything that runs unattended).
 */
export type StepKind = 'gate' | 'judgment' | 'mechanical' | 'unmarked';

export interface ClassifiedStep {
  step: SopStep;
  /** 1-based position among the SOP's numbered steps. */
  index: number;
  kind: StepKind;
  /** The approval gates inside the step. */
  gates: ApprovalGate[];
  /** A stop condition inside the step ("Stop if…", "STOP", "escalate"), when it has one. */
  stops: SopSentence[];
  /** Who approves or decides, when the step names someone (or the SOP's approver for a gate that does not). */
  who?: string;
}

/** Markers writers (and the offline drafter) put on steps: "— mechanical", "(judgment)". */
export const MECHANICAL_MARKER = /(?:[—–]|\s-|\()\s*mechanical\b/i;
export const JUDGMENT_MARKER = /(?:[—–]|\s-|\()\s*judg(?:e)?ment(?:\s+call)?\b/i;
/** Either marker with its dash or brackets, to cut out of a step's text ("Run x — mechanical." → "Run x."). */
// Starts only where a run of spaces starts: from inside a long run every start would rescan it.
export const STEP_KIND_MARKER = /(?<!\s)\s*(?:[—–]|\s-|\()\s*(?:mechanical|judg(?:e)?ment(?: call)?)\)?(?=[.\s]|$)/gi;
const STOP_SENTENCE = /(?:^|[\s*_(])(?:stop|escalate|do not (?:continue|proceed|go on))\b/i;
const DECIDE_WORDS = /\b(?:decide|decides|use (?:your )?judg(?:e)?ment|at (?:your|their) discretion|if it looks (?:wrong|off)|judg(?:e)?ment call)\b/i;

export function classifySteps(doc: SopDocument): ClassifiedStep[] {
  const approver = approverOf(doc);
  // Sorted once, then each step takes its slice: a 2,000-step SOP is not 2,000 scans of every sentence.
  const sentencesByStart = [...doc.sentences].sort((a, b) => a.start - b.start);
  const gatesByStart = [...doc.gates].sort((a, b) => a.sentence.start - b.sentence.start);
  return doc.steps.map((step, i) => {
    const sentences = within(sentencesByStart, (s) => s.start, step).filter((s) => s.where !== 'heading');
    const gates = within(gatesByStart, (g) => g.sentence.start, step);
    const stops = sentences.filter((s) => STOP_SENTENCE.test(s.text) && !gates.some((g) => g.sentence === s));
    const raw = doc.text.slice(step.start, step.end);
    let kind: StepKind;
    if (gates.length > 0) kind = 'gate';
    else if (JUDGMENT_MARKER.test(raw) || DECIDE_WORDS.test(raw)) kind = 'judgment';
    else if (MECHANICAL_MARKER.test(raw)) kind = 'mechanical';
    else kind = 'unmarked';
    const who = [...gates.map((g) => g.sentence.text), raw].map((t) => roleIn(t, doc)).find((w) => w) ?? (kind === 'gate' ? approver : undefined);
    return { step, index: i + 1, kind, gates, stops, who };
  });
}

/** The items (sorted by `startOf`) that start inside [span.start, span.end). */
function within<T>(sorted: T[], startOf: (t: T) => number, span: { start: number; end: number }): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(sorted[mid]) < span.start) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < sorted.length && startOf(sorted[end]) < span.end) end++;
  return sorted.slice(lo, end);
}

const NOT_QUALIFIERS = /^(?:The|A|An|If|When|Then|Ask|Contact|Email|Call|Decide|With|Your|Our|Send|Until|Approver|Owner|And|Or)$/;

/** The person or role a sentence names as the one who decides, if it names one ("Dana Reyes (Finance manager)", "the Finance manager"). */
export function roleIn(sentence: string, doc: SopDocument): string | undefined {
  for (const p of peopleOf(doc)) {
    const bare = p.name.replace(/\s*\(.*\)\s*$/, '').trim();
    const role = p.name.match(/\(([^)]+)\)/)?.[1];
    if ((bare && sentence.includes(bare)) || (role && sentence.toLowerCase().includes(role.toLowerCase()))) return p.name;
  }
  const named = gateApprover(sentence);
  // A name or a group ("Lee Park", "the security team"); a bare role word reads better as the role loop writes it.
  if (named && /\s/.test(named)) return named;
  let best: { at: number; text: string } | undefined;
  for (const word of DEFAULT_ROLE_WORDS) {
    const m = new RegExp(String.raw`\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}s?\b`, 'i').exec(sentence);
    if (!m || (best && best.at <= m.index)) continue;
    const qualifier = sentence.slice(0, m.index).match(/(?:^|\s)([A-Z][\w-]*)\s+$/)?.[1];
    const at = qualifier && !NOT_QUALIFIERS.test(qualifier) ? m.index - qualifier.length - 1 : m.index;
    best = { at, text: `the ${sentence.slice(at, m.index + m[0].length)}` };
  }
  return best?.text ?? named;
}

/** Who an approval gate's own words name ("get approval from Lee Park (Release manager)", "approved by the security team"). */
const MAX_APPROVER_CHARS = 120;
/** "the CFO and the Head of Sales"; longer is a clause, not who. */
const MAX_APPROVER_WORDS = 8;
/** What an approver is written in where runs, reviews and exports repeat it: words, no Markdown, HTML or paths. */
const PLAIN_WORDS = /^[\p{L}\p{N} @#.'\u2019&,-]+$/u;
/** Who a pronoun is, the sentence does not say. */
const PRONOUN = /^(?:he|she|him|her|they|them|you|we|us|me|it|someone|somebody|anyone|anybody)$/i;

function gateApprover(sentence: string): string | undefined {
  const gate = findGate(sentence);
  // A hold ("hold the payment until …") spans its whole clause: who decides is read by the role words instead.
  if (!gate || gate.hold) return undefined;
  for (const [a, b] of gate.agents) {
    // "The Controller approves …" is asked as "the Controller".
    const phrase = sentence
      .slice(a, b)
      .trim()
      .replace(/^The(?=\s)/, 'the');
    if (
      !phrase ||
      phrase.split(/\s+/).length > MAX_APPROVER_WORDS ||
      PRONOUN.test(phrase) ||
      !PLAIN_WORDS.test(phrase) ||
      !phraseNamesSomeone(phrase, a === 0, { roleWords: [...DEFAULT_ROLE_WORDS], knownNames: [] })
    )
      continue;
    // The role written after a name: "Lee Park (Release manager)".
    const role = /^\s{0,4}\(([^()\n]{1,60})\)/.exec(sentence.slice(b));
    if (role && !PLAIN_WORDS.test(role[1])) return phrase.length > MAX_APPROVER_CHARS ? undefined : phrase;
    const who = role ? `${phrase} ${role[0].trim()}` : phrase;
    return who.length > MAX_APPROVER_CHARS ? undefined : who;
  }
  return undefined;
}
