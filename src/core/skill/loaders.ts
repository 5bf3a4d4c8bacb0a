import { COMPATIBILITY_MAX, DESCRIPTION_MAX, NAME_MAX, readFrontMatter, SKILL_FILE, SPEC_SOURCE, validateSkill } from './validate';

/**
 * What each loader that reads exported skills requires of SKILL.md, one check list per loader, each check with
 * where the rule comes from. An `error` means that loader refuses or silently drops the skill; a `warning` means
 * it loads it but changes or flags something.
 */

export type SkillLoaderId = 'agent-skills-spec' | 'vscode' | 'anthropic';

export interface SkillLoader {
  id: SkillLoaderId;
  label: string;
  source: string;
}

export const SKILL_LOADERS: Record<SkillLoaderId, SkillLoader> = {
  'agent-skills-spec': { id: 'agent-skills-spec', label: 'the Agent Skills specification', source: SPEC_SOURCE },
  vscode: {
    id: 'vscode',
    label: "VS Code's skill loader",
    source: 'microsoft/vscode chat/common/promptSyntax/service/promptsServiceImpl.ts (computeSkillDiscoveryInfo)',
  },
  anthropic: {
    id: 'anthropic',
    label: "Anthropic's skill validator",
    source: 'anthropics/skills skill-creator/scripts/quick_validate.py; platform.claude.com Agent Skills overview',
  },
};

export interface LoaderFinding {
  loader: SkillLoaderId;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  /** Where the rule is written down. */
  source: string;
}

interface SkillFacts {
  text: string;
  folderName: string;
  /** The front matter, when it parses as a map. */
  data?: Record<string, unknown>;
}

interface LoaderCheck {
  rule: string;
  severity: 'error' | 'warning';
  source: string;
  /** What is wrong and what to do, or undefined when the skill passes. */
  check(facts: SkillFacts): string | undefined;
}

const VSCODE = 'microsoft/vscode promptsServiceImpl.ts computeSkillDiscoveryInfo';
const QUICK_VALIDATE = 'anthropics/skills quick_validate.py';
const PLATFORM = 'platform.claude.com/docs/en/agents-and-tools/agent-skills/overview (name field)';
/** VS Code removes XML tags from the name and description; bounded so a long run of "<" stays linear. */
const XML_TAG = /<[^<>]{1,256}>/g;
const KEBAB = /^[a-z0-9-]+$/;
const ANTHROPIC_KEYS = new Set(['name', 'description', 'license', 'allowed-tools', 'metadata', 'compatibility']);

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const VSCODE_CHECKS: LoaderCheck[] = [
  {
    rule: 'vscode-header',
    severity: 'error',
    source: VSCODE,
    check: (f) =>
      f.data ? undefined : 'VS Code cannot read the YAML header of SKILL.md, so it skips the skill: fix the front matter between the "---" lines.',
  },
  {
    rule: 'vscode-name-missing',
    severity: 'error',
    source: `${VSCODE} (skipReason missing-name)`,
    check: (f) => (!f.data || text(f.data.name)?.trim() ? undefined : 'VS Code skips a skill without a name: add "name:" with the folder name.'),
  },
  {
    rule: 'vscode-name-mismatch',
    severity: 'error',
    source: `${VSCODE} (skipReason name-mismatch; truncateAgentSkillName)`,
    check: (f) => {
      const name = text(f.data?.name)?.trim();
      if (!name) return undefined;
      const seen = name.replace(XML_TAG, '').slice(0, NAME_MAX);
      return seen === f.folderName
        ? undefined
        : `VS Code reads the name as "${seen}" (tags removed, cut to ${NAME_MAX} characters), which is not the folder name "${f.folderName}", so it skips the skill: make the name and the folder the same.`;
    },
  },
  {
    rule: 'vscode-description-missing',
    severity: 'error',
    source: `${VSCODE} (skipReason missing-description)`,
    check: (f) =>
      !f.data || text(f.data.description)?.trim()
        ? undefined
        : 'VS Code skips a skill without a description: add "description:" saying what it does and when to use it.',
  },
  {
    rule: 'vscode-description-cut',
    severity: 'warning',
    source: `${VSCODE} (truncateAgentSkillDescription)`,
    check: (f) => {
      const d = text(f.data?.description);
      return d && d.length > DESCRIPTION_MAX ? `VS Code cuts the description to ${DESCRIPTION_MAX} characters: shorten it so the end is not lost.` : undefined;
    },
  },
  {
    rule: 'vscode-xml-tags',
    severity: 'warning',
    source: `${VSCODE} (sanitizeAgentSkillText)`,
    check: (f) =>
      [f.data?.name, f.data?.description].some((v) => typeof v === 'string' && new RegExp(XML_TAG.source).test(v))
        ? 'VS Code removes <tags> from the name and description: write them without angle brackets.'
        : undefined,
  },
];

const ANTHROPIC_CHECKS: LoaderCheck[] = [
  {
    rule: 'anthropic-front-matter',
    severity: 'error',
    source: `${QUICK_VALIDATE} (^---\\n(.*?)\\n---)`,
    check: (f) =>
      /^---\n[\s\S]*?\n---/.test(f.text) && f.data
        ? undefined
        : 'The validator needs SKILL.md to start with "---" and a YAML map, with plain line ends (no byte-order mark, no CRLF): save it that way.',
  },
  {
    rule: 'anthropic-keys',
    severity: 'error',
    source: `${QUICK_VALIDATE} (ALLOWED_PROPERTIES)`,
    check: (f) => {
      const extra = Object.keys(f.data ?? {}).filter((k) => !ANTHROPIC_KEYS.has(k));
      return extra.length ? `The validator refuses the key(s) ${extra.join(', ')}: move them under metadata.` : undefined;
    },
  },
  {
    rule: 'anthropic-name',
    severity: 'error',
    source: `${QUICK_VALIDATE} (kebab-case, length)`,
    check: (f) => {
      if (!f.data) return undefined;
      const name = text(f.data.name)?.trim();
      if (!name) return 'The validator needs a name: add "name:" in kebab-case.';
      if (!KEBAB.test(name) || name.startsWith('-') || name.endsWith('-') || name.includes('--') || name.length > NAME_MAX)
        return `The validator refuses the name "${name}": use at most ${NAME_MAX} lowercase letters, digits and single hyphens.`;
      return undefined;
    },
  },
  {
    rule: 'anthropic-description',
    severity: 'error',
    source: `${QUICK_VALIDATE} (angle brackets, length)`,
    check: (f) => {
      if (!f.data) return undefined;
      const d = text(f.data.description)?.trim();
      if (!d) return 'The validator needs a description: add "description:" saying what the skill does and when to use it.';
      if (/[<>]/.test(d)) return 'The validator refuses "<" and ">" in the description: remove them.';
      return d.length > DESCRIPTION_MAX ? `The validator refuses a description over ${DESCRIPTION_MAX} characters: shorten it.` : undefined;
    },
  },
  {
    rule: 'anthropic-compatibility',
    severity: 'error',
    source: `${QUICK_VALIDATE} (compatibility)`,
    check: (f) => {
      const c = f.data?.compatibility;
      if (c === undefined) return undefined;
      return typeof c === 'string' && c.length > 0 && c.length <= COMPATIBILITY_MAX
        ? undefined
        : `The validator needs compatibility to be text of 1–${COMPATIBILITY_MAX} characters: fix it or remove it.`;
    },
  },
  {
    rule: 'anthropic-reserved-word',
    severity: 'warning',
    source: PLATFORM,
    check: (f) => {
      const name = text(f.data?.name) ?? '';
      const word = /anthropic|claude/.exec(name)?.[0];
      return word
        ? `The name contains the reserved word "${word}": Claude Code loads it, but claude.ai and the Claude API refuse it on upload; retitle the SOP to share it there.`
        : undefined;
    },
  },
];

/** Every loader's findings for one skill folder (path inside it → text) named `folderName`. */
export function checkSkillLoaders(files: Map<string, string>, folderName: string): LoaderFinding[] {
  const spec = SKILL_LOADERS['agent-skills-spec'];
  const out: LoaderFinding[] = validateSkill(files, folderName).map((p) => ({
    loader: spec.id,
    rule: p.rule,
    severity: 'error',
    message: p.message,
    source: spec.source,
  }));
  const skillMd = files.get(SKILL_FILE);
  if (skillMd === undefined) return out;
  const fm = readFrontMatter(skillMd);
  const facts: SkillFacts = { text: skillMd, folderName, data: 'data' in fm ? fm.data : undefined };
  const run = (loader: SkillLoaderId, checks: LoaderCheck[]) => {
    for (const c of checks) {
      const message = c.check(facts);
      if (message) out.push({ loader, rule: c.rule, severity: c.severity, message, source: c.source });
    }
  };
  run('vscode', VSCODE_CHECKS);
  run('anthropic', ANTHROPIC_CHECKS);
  return out;
}
