import { isChecklist, meaningOf, withoutAsides } from './sectionMeaning';

/** The ten parts of an SOP, in the order a reader meets them. */
export const SECTION_KINDS = ['why', 'trigger', 'owner', 'inputs', 'steps', 'decisions', 'quality', 'failures', 'escalation', 'output'] as const;

export type SectionKind = (typeof SECTION_KINDS)[number];

export function isSectionKind(value: string): value is SectionKind {
  return (SECTION_KINDS as readonly string[]).includes(value);
}

export interface SectionInfo {
  kind: SectionKind;
  /** The name a reader sees in messages and inserted headings. */
  title: string;
  /** What the part is for, used in messages and skeletons. */
  purpose: string;
  headings: string[];
}

export const SECTIONS: Record<SectionKind, SectionInfo> = {
  why: {
    kind: 'why',
    title: 'Why this matters',
    purpose: 'why the work exists and what goes wrong when it is skipped',
    headings: ['Why this matters', 'Why', 'Purpose', 'Objective', 'Objectives', 'Background', 'Context', 'Summary', 'Overview', 'Scope', 'Introduction'],
  },
  trigger: {
    kind: 'trigger',
    title: 'When to run it',
    purpose: 'the event or schedule that starts the procedure',
    headings: ['When to run', 'When to run it', 'When to run this', 'Trigger', 'Triggers', 'Schedule', 'When', 'Frequency'],
  },
  owner: {
    kind: 'owner',
    title: 'Who owns it',
    purpose: 'who owns the procedure and who approves its results',
    headings: ['Who owns it', 'Who owns this', 'Owner', 'Owners', 'Ownership', 'Roles', 'Roles and responsibilities', 'Responsibilities', 'Who'],
  },
  inputs: {
    kind: 'inputs',
    title: 'Inputs needed',
    purpose: 'the files, access and tools needed before starting',
    headings: ['Inputs', 'Inputs needed', 'Prerequisites', 'Requirements', 'Tools needed', 'Before you start', 'What you need'],
  },
  steps: {
    kind: 'steps',
    title: 'Steps',
    purpose: 'the numbered steps, in the order they are done',
    headings: ['Steps', 'Procedure', 'Instructions', 'Process', 'How to', 'Method'],
  },
  decisions: {
    kind: 'decisions',
    title: 'Decision points',
    purpose: 'the judgment calls, what to decide and on what basis',
    headings: ['Decision points', 'Decisions', 'Rules', 'Business rules', 'Judgment calls', 'Judgement calls'],
  },
  quality: {
    kind: 'quality',
    title: 'Quality checks',
    purpose: 'how to verify the result before handing it over',
    headings: ['Quality checks', 'Quality check', 'Verification', 'Validation', 'Checks', 'Definition of done', 'QA', 'Quality'],
  },
  failures: {
    kind: 'failures',
    title: 'Common failures',
    purpose: 'what usually goes wrong and how to recover',
    headings: [
      'Common failures',
      'Failure cases',
      'Failures',
      'Troubleshooting',
      'Exceptions',
      'Known issues',
      'Common problems',
      'Common mistakes',
      'Rollback',
      'Recovery',
      'FAQ',
    ],
  },
  escalation: {
    kind: 'escalation',
    title: 'Escalation',
    purpose: 'who to contact, what evidence to include, and when to stop rather than guess',
    headings: [
      'Escalation',
      'Escalation rules',
      'Escalations',
      'When to escalate',
      'Contacts',
      'Escalation path',
      'Getting help',
      'Contact',
      'Who to contact',
      'Point of contact',
      'Escalation policy',
    ],
  },
  output: {
    kind: 'output',
    title: 'Expected output',
    purpose: 'what exists when the work is done, and where',
    headings: ['Expected output', 'Output', 'Outputs', 'Deliverables', 'Deliverable', 'Result', 'Results', 'Expected result'],
  },
};

/**
 * Reduces a heading to the words that identify it: case, emoji, leading numbering ("4.", "4.1", "IV.",
 * "Step 4:" is kept) and trailing punctuation do not matter.
 */
export function normalizeHeading(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(/[\p{Extended_Pictographic}\p{Emoji_Modifier}]|\u200d|\ufe0f/gu, ' ')
      .replace(/^\s*(?:section\s+)?(?:\d+(?:\.\d+)*|[ivxlc]+|[a-z])[.):]\s+/i, '')
      .replace(/^\s*\d+(?:\.\d+)*\s+/, '')
      .replace(/[*_`~]/g, '')
      // From the start of a run only: a run that does not reach the end would be rescanned from each character.
      .replace(/(?<![\s\p{P}])[\s\p{P}]+$/u, '')
      .replace(/^[\s\p{P}]+/u, '')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase()
  );
}

export interface HeadingMatcher {
  /** Section kinds a heading counts for (a compound heading like "Checks and failures" counts for both). */
  match(headingText: string): SectionKind[];
  /** The kinds of a document's headings in order: a "Checklist" after the steps counts as the quality checks. */
  matchAll(headingTexts: string[]): SectionKind[][];
  /** Only the headings listed whole (built in or configured): a document's first heading is its title unless listed. */
  matchListed(headingText: string): SectionKind[];
  /** The headings that count for a kind, for messages. */
  headingsFor(kind: SectionKind): string[];
}

/**
 * Matches headings to parts, in this order, and stops at the first that finds something:
 * 1. the whole heading as configured in `.sop-lint.jsonc` (`headings`), then as listed in SECTIONS;
 * 2. each part of a compound heading ("Checks and common failures", "Inputs / outputs") the same way;
 * 3. each part by meaning (sectionMeaning.ts): its opening word ("When", "Verify"), else its head noun
 *    ("Process Steps", "Steps for the scribe"), stemmed. Only the head counts: "Escalation policy review"
 *    is about a review, so it counts for nothing; a heading that weighs options ("Mock vs nomock") is decisions.
 * A "Checklist" counts as the steps, or as the quality checks when steps came before it.
 */
export function createHeadingMatcher(extra: Partial<Record<SectionKind, string[]>> = {}): HeadingMatcher {
  const byName = new Map<string, SectionKind>();
  const lists = new Map<SectionKind, string[]>();
  // Configured headings first, so that a team's own name for a part wins over a built-in one.
  for (const kind of SECTION_KINDS) for (const h of extra[kind] ?? []) addName(byName, h, kind);
  for (const kind of SECTION_KINDS) {
    for (const h of SECTIONS[kind].headings) addName(byName, h, kind);
    lists.set(kind, [...SECTIONS[kind].headings, ...(extra[kind] ?? [])]);
  }
  const listed = (n: string): SectionKind[] => {
    const whole = byName.get(n);
    if (whole) return [whole];
    return unique(splitCompound(n).flatMap((part) => byName.get(part) ?? []));
  };
  const meant = (raw: string, stepsAbove: boolean): SectionKind[] => {
    const n = normalizeHeading(raw);
    const whole = byName.get(n);
    if (whole) return [whole];
    // "Do we have Git dependencies? If so, contact those authors.": sentences, a step written as a heading.
    if (/\b[A-Za-z]{3,}[.?!]\s+[A-Za-z]/.test(raw)) return [];
    const question = /\?[\s*_`]{0,8}$/.test(raw);
    // A question is read from its first word only: "If I miss the cut-off, what is the timeline?" names no part.
    const parts = question ? [withoutAsides(n)] : splitCompound(withoutAsides(n));
    const kinds = parts.flatMap((part) => {
      const k = byName.get(part) ?? meaningOf(part, question);
      if (k === 'checklist') return stepsAbove ? 'quality' : 'steps';
      return k ?? [];
    });
    return unique(kinds);
  };
  return {
    match: (headingText) => meant(headingText, false),
    matchAll(headingTexts) {
      let stepsAbove = false;
      return headingTexts.map((text) => {
        const kinds = meant(text, stepsAbove);
        if (kinds.includes('steps') && !isChecklist(normalizeHeading(text))) stepsAbove = true;
        return kinds;
      });
    },
    matchListed: (headingText) => listed(normalizeHeading(headingText)),
    headingsFor: (kind) => lists.get(kind) ?? [],
  };
}

function addName(byName: Map<string, SectionKind>, heading: string, kind: SectionKind): void {
  const n = normalizeHeading(heading);
  if (n && !byName.has(n)) byName.set(n, kind);
}

function splitCompound(n: string): string[] {
  return n
    .split(/\s+(?:and|&|or)\s+|\s*[/,+;]\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
