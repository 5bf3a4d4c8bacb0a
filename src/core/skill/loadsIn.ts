import { SKILL_LOADERS, type LoaderFinding, type SkillLoaderId } from './loaders';

/**
 * Which agents will find an exported skill: each agent reads skills from its own folders, and checks them its own
 * way. Folders are workspace-relative; a skill named x must sit in <folder>/x.
 */
export interface SkillAgent {
  agent: string;
  /** The workspace folders it reads skills from, in the order it reads them (the first skill of a name wins). */
  reads: readonly string[];
  /** Whose rules decide whether it loads the skill. */
  loader: SkillLoaderId;
  source: string;
}

export const SKILL_AGENTS: readonly SkillAgent[] = [
  { agent: 'Codex', reads: ['.agents/skills'], loader: 'agent-skills-spec', source: 'developers.openai.com/codex/skills' },
  { agent: 'Claude Code', reads: ['.claude/skills'], loader: 'anthropic', source: 'code.claude.com/docs/en/skills' },
  {
    agent: 'VS Code / Copilot',
    reads: ['.github/skills', '.agents/skills', '.claude/skills'],
    loader: 'vscode',
    source: 'microsoft/vscode promptFileLocations.ts (DEFAULT_SKILL_SOURCE_FOLDERS)',
  },
];

/** A folder the skill was written to, with what every loader found in it. */
export interface PlacedSkill {
  /** Workspace-relative folder (or absolute, when it is outside the workspace). */
  folder: string;
  findings: LoaderFinding[];
}

export interface LoadsInRow {
  agent: string;
  loads: boolean;
  /** The folder it loads the skill from, when it finds one. */
  folder?: string;
  why: string;
  /** Why it does not load: no copy where it reads, a skill of the same name found first, or its rules refuse it. */
  cause?: 'no-copy' | 'other-skill' | 'rules';
}

/** Where a copy goes for the agents that need one: the folder an agent reads, the hint to add it. */
export const COPY_HINT: Record<string, string> = {
  '.claude/skills': 'export the Claude Code copy (setting sopBuilder.skill.alsoFor, or sop skill --also claude)',
  '.github/skills': 'export the GitHub copy (setting sopBuilder.skill.alsoFor, or sop skill --also github)',
  '.agents/skills': 'export to .agents/skills (the default output folder)',
};

/** A folder an agent reads that holds a skill of the same name the export did not write this time. */
export interface OtherSkill {
  folder: string;
  kind: 'someone-else' | 'earlier-export';
}

export function loadsIn(placed: readonly PlacedSkill[], name: string, others: readonly OtherSkill[] = []): LoadsInRow[] {
  return SKILL_AGENTS.map((a) => {
    const at = (dir: string) => `${dir}/${name}`;
    const found = a.reads.map((dir) => placed.find((p) => p.folder === at(dir))).filter((p): p is PlacedSkill => !!p);
    // The agent takes the first skill of a name in its reading order, whoever wrote it.
    const firstDir = a.reads.find((dir) => found.some((p) => p.folder === at(dir)) || others.some((o) => o.folder === at(dir)));
    const other = firstDir === undefined ? undefined : others.find((o) => o.folder === at(firstDir));
    if (other) {
      const what =
        other.kind === 'someone-else'
          ? 'a skill SOP Builder did not export, so it loads that one: rename one of the two'
          : 'an earlier export this one left out, which may be out of date: export that copy again, or delete it';
      return { agent: a.agent, loads: false, folder: other.folder, why: `${other.folder} holds ${what}.`, cause: 'other-skill' };
    }
    if (found.length === 0) {
      const hint = a.reads.map((dir) => COPY_HINT[dir]).find((h) => h) ?? `export a copy to ${a.reads[0]}`;
      return { agent: a.agent, loads: false, why: `no copy in ${a.reads.join(', ')}: ${hint}.`, cause: 'no-copy' };
    }
    const first = found[0];
    const loader = SKILL_LOADERS[a.loader];
    const errors = first.findings.filter((f) => f.loader === a.loader && f.severity === 'error');
    if (errors.length > 0)
      return { agent: a.agent, loads: false, folder: first.folder, why: `${errors[0].message} (${errors[0].rule}; ${errors[0].source})`, cause: 'rules' };
    const warnings = first.findings.filter((f) => f.loader === a.loader && f.severity === 'warning');
    const copies = found.slice(1).map((p) => p.folder);
    const notes = [
      ...warnings.map((w) => w.message),
      ...(copies.length ? [`${copies.join(' and ')} hold${copies.length === 1 ? 's' : ''} the same files, skipped as duplicates`] : []),
    ];
    return { agent: a.agent, loads: true, folder: first.folder, why: `passes ${loader.label}${notes.length ? `; ${notes.join('; ')}` : ''}.` };
  });
}

/** The table `sop skill` prints and the editor logs. */
export function renderLoadsIn(rows: readonly LoadsInRow[]): string {
  const width = Math.max(...rows.map((r) => r.agent.length));
  const lines = rows.map((r) => `  ${r.loads ? '✓' : '✗'} ${r.agent.padEnd(width)}  ${r.folder ? `${r.folder}: ` : ''}${r.why}`);
  return ['loads in:', ...lines].join('\n');
}
