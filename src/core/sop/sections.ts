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
    headings: ['Why this matters', 'Why', 'Purpose', 'Objective', 'Objectives', 'Background', 'Context'],
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
    headings: ['Common failures', 'Failure cases', 'Failures', 'Troubleshooting', 'Exceptions', 'Known issues', 'Common problems', 'Common mistakes'],
  },
  escalation: {
    kind: 'escalation',
    title: 'Escalation',
    purpose: 'who to contact, what evidence to include, and when to stop rather than guess',
    headings: ['Escalation', 'Escalation rules', 'Escalations', 'When to escalate', 'Contacts', 'Escalation path', 'Getting help'],
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
  /** The headings that count for a kind, for messages. */
  headingsFor(kind: SectionKind): string[];
}

export function createHeadingMatcher(extra: Partial<Record<SectionKind, string[]>> = {}): HeadingMatcher {
  const byName = new Map<string, SectionKind>();
  const lists = new Map<SectionKind, string[]>();
  for (const kind of SECTION_KINDS) {
    const all = [...SECTIONS[kind].headings, ...(extra[kind] ?? [])];
    lists.set(kind, all);
    for (const h of all) {
      const n = normalizeHeading(h);
      if (n && !byName.has(n)) byName.set(n, kind);
    }
  }
  return {
    match(headingText) {
      const n = normalizeHeading(headingText);
      const whole = byName.get(n);
      if (whole) return [whole];
      const kinds: SectionKind[] = [];
      for (const part of n.split(/\s+(?:and|&)\s+|\s*[/,+]\s*/)) {
        const k = byName.get(part.trim());
        if (k && !kinds.includes(k)) kinds.push(k);
      }
      return kinds;
    },
    headingsFor(kind) {
      return lists.get(kind) ?? [];
    },
  };
}
