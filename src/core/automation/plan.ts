import type { SopDocument } from '../sop/model';
import { approverCandidates } from '../sop/people';
import type { SectionKind } from '../sop/sections';
import { classifySteps, JUDGMENT_MARKER, MECHANICAL_MARKER, roleIn, STEP_KIND_MARKER, type ClassifiedStep } from '../sop/stepKinds';
import { hasTemplatePart } from '../workspace/pathTemplate';
import { shellWord } from './commandWords';
import { isCheckoutPath, readOnlyCommand, type CommandWord } from './readOnly';

/** What an unattended run may do, where it must stop, and what is never done without a person. */
export interface AutomationPlan {
  /** The mechanical steps before the first one that needs a person, in order. */
  unattended: PlannedStep[];
  /** The first step that needs a person; undefined when every step is mechanical. */
  stopsAt?: StopPoint;
  checks: AutomationCheck[];
  /** Quality checks only a person can do. */
  manualChecks: Array<{ text: string; line: number }>;
  neverUnattended: ReservedForPerson[];
  /** Stop conditions the SOP states (in the unattended steps and under Escalation). */
  stopConditions: string[];
  /** Who to ask when the SOP names nobody for a stop. */
  fallbackWho: string;
}

export interface PlannedStep {
  number: number;
  /** The step's first paragraph, Markdown kept, without its evidence note or kind marker. */
  text: string;
  /** 1-based. */
  line: number;
}

export type PersonKind = 'gate' | 'judgment' | 'unmarked' | 'acts-for-someone';

export interface StopPoint extends PlannedStep {
  kind: PersonKind;
  /** Who to ask. */
  ask: string;
  /** Why the run stops here, in words for the report. */
  why: string;
}

export interface ReservedForPerson {
  kind: PersonKind | 'decision' | 'escalation';
  step?: number;
  text: string;
  line: number;
  who: string;
}

export interface AutomationCheck {
  kind: 'command' | 'exit-code' | 'file' | 'total';
  text: string;
  line: number;
  /** The command as the SOP writes it (command checks). */
  command?: string;
  /** The file it is about. */
  path?: string;
  /** The SOP marks the check "— mechanical". */
  markedMechanical: boolean;
  /** Only reads: safe to run anywhere, any number of times. */
  readOnly: boolean;
  /** The command the workflow runs for it, when it runs there, as the words it passes (each quoted for a shell). */
  workflowCommand?: string;
  /** Why it is not in the workflow, when it is not. */
  notInWorkflow?: string;
}

const WHY: Record<PersonKind, string> = {
  gate: 'an approval gate: a person must approve before the work goes on',
  judgment: 'a judgment call: a person decides',
  unmarked: 'the SOP does not mark it mechanical, so it is left to a person',
  'acts-for-someone': "it sends, pays, posts or publishes, which an automation never does on anyone's behalf",
};

/** Mechanical steps that still act for someone: the run never does these. */
const ACTS_FOR_SOMEONE =
  /^(?:send|e-?mail|pay|publish|post|transfer|approve|sign[- ]off|submit|deploy|release|wire|notify|upload|share)\b|\b(?:then|and|to)\s+(?:send|e-?mail|pay|publish|post|transfer|approve|submit|deploy|release|wire)\b/i;

const COMMAND_START =
  /^(?:\.{0,2}\/)?(?:[\w.-]+\/)*[\w.-]+\.(?:sh|bash|py|js|mjs|cjs|ts|rb|pl|ps1|r|sql)\b|^(?:python3?|bash|sh|zsh|node|npx|npm|pnpm|yarn|psql|mysql|sqlite3|duckdb|grep|egrep|fgrep|rg|test|\[|diff|cmp|wc|head|tail|cat|ls|stat|sha256sum|sha1sum|sha512sum|b2sum|shasum|md5sum|jq|yq|file|cut|xargs|env|less|more|csvstat|csvlook|xsv|make|git|curl|wget|awk|sed|find|sort|uniq|sop|rm|mv|cp|touch|mkdir|chmod|echo|printf|tee|rsync|scp|ssh|aws|gcloud|az|kubectl|docker|terraform|Rscript|ruby|perl|pwsh|go|cargo|dotnet|java)\b/;
const SAFE_PATH = /^(?!\/)(?!.*\.\.)[\w./-]+$/;

export function cleanStepText(doc: SopDocument, start: number, end: number): string {
  const raw = doc.text.slice(start, end).replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/, '');
  const firstParagraph = raw.split(/\r?\n\s*(?:[-*+]|\d{1,9}[.)])\s|\r?\n\s*\r?\n/)[0];
  return firstParagraph
    .replace(/\s+/g, ' ')
    .replace(/\s*\(evidence:[^)]*\)/gi, '')
    .replace(STEP_KIND_MARKER, '')
    .trim();
}

function lineOf(doc: SopDocument, offset: number): number {
  return doc.lines.positionAt(offset).line + 1;
}

/** The top-level list items of a kind of section, or its paragraphs when it has no list. */
function itemsOf(doc: SopDocument, kind: SectionKind): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const section of doc.sectionsOf(kind)) {
    const inside = (b: { start: number }) => b.start >= section.heading.end && b.start < section.end;
    const items = doc.listItems.filter((li) => li.level === 0 && inside(li));
    const blocks = items.length ? items : doc.contentBlocks.filter((b) => inside(b) && !b.placeholderOnly);
    out.push(...blocks.map((b) => ({ start: b.start, end: Math.min(b.end, section.end) })));
  }
  return out;
}

export function planAutomation(doc: SopDocument): AutomationPlan {
  const fallbackWho = approverCandidates(doc)[0] ?? 'the owner of this procedure';
  const classified = classifySteps(doc);
  const kindOf = (c: ClassifiedStep): PersonKind | undefined => {
    if (c.kind !== 'mechanical') return c.kind;
    return ACTS_FOR_SOMEONE.test(cleanStepText(doc, c.step.start, c.step.end)) ? 'acts-for-someone' : undefined;
  };
  const planned = (c: ClassifiedStep): PlannedStep => ({
    number: c.step.number ?? c.index,
    text: cleanStepText(doc, c.step.start, c.step.end),
    line: lineOf(doc, c.step.start),
  });
  const firstStop = classified.findIndex((c) => kindOf(c) !== undefined);
  const before = firstStop < 0 ? classified : classified.slice(0, firstStop);
  const stop = firstStop < 0 ? undefined : classified[firstStop];

  const neverUnattended: ReservedForPerson[] = [];
  const seen = new Set<number>();
  for (const c of classified) {
    const kind = kindOf(c);
    if (!kind) continue;
    const p = planned(c);
    neverUnattended.push({ kind, step: p.number, text: p.text, line: p.line, who: c.who ?? fallbackWho });
    for (const g of c.gates) seen.add(g.sentence.start);
  }
  for (const item of itemsOf(doc, 'decisions')) {
    neverUnattended.push({
      kind: 'decision',
      text: cleanStepText(doc, item.start, item.end),
      line: lineOf(doc, item.start),
      who: roleIn(doc.text.slice(item.start, item.end), doc) ?? fallbackWho,
    });
    for (const g of doc.gates) if (g.sentence.start >= item.start && g.sentence.start < item.end) seen.add(g.sentence.start);
  }
  const escalation = doc.sentences.filter(
    (s) => s.where !== 'heading' && doc.sectionsOf('escalation').some((sec) => s.start >= sec.start && s.start < sec.end),
  );
  const contact = escalation.find((s) => /^\W*(?:contact|escalate to|call|e-?mail)\b/i.test(s.text));
  const escalationWho = (contact && roleIn(contact.text, doc)) ?? fallbackWho;
  const stopConditions: string[] = [];
  for (const s of escalation) {
    if (s === contact || !/\b(?:stop|escalate|do not|don't|never|wait|until)\b/i.test(s.text)) continue;
    const text = s.text
      .replace(/\s*\(evidence:[^)]*\)/gi, '')
      .replace(/^\W*stop(?: if)?\W*:?\s*/i, '')
      .trim();
    neverUnattended.push({ kind: 'escalation', text, line: s.range.start.line + 1, who: roleIn(s.text, doc) ?? escalationWho });
    stopConditions.push(text);
    seen.add(s.start);
  }
  for (const g of doc.gates) {
    if (seen.has(g.sentence.start) || !g.section?.kinds.length || g.section.kinds.includes('steps')) continue;
    neverUnattended.push({ kind: 'gate', text: g.sentence.text, line: g.sentence.range.start.line + 1, who: roleIn(g.sentence.text, doc) ?? fallbackWho });
  }
  for (const c of before) for (const s of c.stops) stopConditions.unshift(s.text.replace(/\s*\(evidence:[^)]*\)/gi, ''));

  const { checks, manualChecks } = qualityChecks(doc);
  return {
    neverUnattended: distinct(neverUnattended),
    unattended: before.map(planned),
    stopsAt: stop && { ...planned(stop), kind: kindOf(stop)!, ask: stop.who ?? fallbackWho, why: WHY[kindOf(stop)!] },
    checks,
    manualChecks,
    stopConditions: [...new Set(stopConditions)],
    fallbackWho,
  };
}

/** The same words under Decision points and Escalation are one thing for a person, listed once. */
function distinct(items: ReservedForPerson[]): ReservedForPerson[] {
  const seen = new Set<string>();
  return items.filter((r) => {
    const key = r.text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
    return !seen.has(key) && !!seen.add(key);
  });
}

/** Checks a program can do (commands, exit codes, files, totals), and the ones only a person can. */
function qualityChecks(doc: SopDocument): { checks: AutomationCheck[]; manualChecks: Array<{ text: string; line: number }> } {
  const checks: AutomationCheck[] = [];
  const manualChecks: Array<{ text: string; line: number }> = [];
  for (const item of itemsOf(doc, 'quality')) {
    const raw = doc.text.slice(item.start, item.end);
    const text = cleanStepText(doc, item.start, item.end);
    const line = lineOf(doc, item.start);
    const markedMechanical = MECHANICAL_MARKER.test(raw) && !JUDGMENT_MARKER.test(raw);
    const spans = [...raw.matchAll(/`([^`\n]+)`/g)].map((m) => m[1].trim());
    const command = spans.find((s) => COMMAND_START.test(s) && (/\s/.test(s) || s.startsWith('./')));
    const paths = doc.paths.filter((p) => p.start >= item.start && p.start < item.end).map((p) => p.value);
    const path = [...paths, ...spans].find((s) => /\.\w{1,5}$/.test(s) && !/\s/.test(s));
    const base = { text, line, markedMechanical };
    if (command) {
      const verdict = readOnlyCommand(command);
      const notInWorkflow = !markedMechanical
        ? 'the SOP does not mark this check mechanical'
        : !verdict.ok
          ? `the command may change files or run a script (${verdict.why}), so only the agent runs it, as part of the run`
          : undefined;
      checks.push({
        ...base,
        kind: 'command',
        command,
        readOnly: verdict.ok,
        ...(verdict.ok && !notInWorkflow ? { workflowCommand: displayed(verdict.stages) } : { notInWorkflow }),
      });
    } else if (path && /\bexit(?:s|\s+code|\s+status)?\s*(?:code\s*)?0\b|\bmust\s+(?:finish|exit|succeed|pass)\b|\bexit code 0\b/i.test(raw)) {
      checks.push({
        ...base,
        kind: 'exit-code',
        path,
        readOnly: false,
        notInWorkflow: 'it is the exit code of a step: the agent checks it when it runs the step',
      });
    } else if (path && /\b(?:totals?|sums?|row count|rows|balances?|net|gross|match(?:es)?)\b/i.test(raw)) {
      checks.push({ ...base, kind: 'total', path, readOnly: true, notInWorkflow: 'it compares figures: the agent records them in the run report' });
    } else if (path && /\b(?:exists?|is\s+(?:written|present|created|there|not\s+empty|non-?empty)|has\s+(?:a\s+)?header)\b/i.test(raw)) {
      const concrete = !hasTemplatePart(path) && SAFE_PATH.test(path) && isCheckoutPath(path);
      const runs = markedMechanical && concrete;
      const why = !markedMechanical
        ? 'the SOP does not mark this check mechanical'
        : hasTemplatePart(path)
          ? 'the path has a placeholder, so it changes from run to run'
          : 'the path is not a plain path inside the checkout';
      checks.push({ ...base, kind: 'file', path, readOnly: true, ...(runs ? { workflowCommand: displayed(fileCheck(path)) } : { notInWorkflow: why }) });
    } else {
      manualChecks.push({ text, line });
    }
  }
  return { checks, manualChecks };
}

const fileCheck = (path: string): CommandWord[][] => [[{ fixed: 'test' }, { fixed: '-s' }, { value: path }]];

/** The words a check's workflow step passes, when the workflow runs it: the allow-list's own words, with the SOP's values kept apart. */
export function workflowWords(check: AutomationCheck): CommandWord[][] | undefined {
  if (!check.workflowCommand) return undefined;
  if (check.kind === 'file' && check.path) return fileCheck(check.path);
  const verdict = check.command ? readOnlyCommand(check.command) : undefined;
  return verdict?.ok ? verdict.stages : undefined;
}

/** The command as a person reads it in automation.json and the workflow: each word quoted for a shell. */
function displayed(stages: CommandWord[][]): string {
  return stages.map((words) => words.map((w) => ('fixed' in w ? w.fixed : shellWord(`${w.prefix ?? ''}${w.value}`))).join(' ')).join(' | ');
}
