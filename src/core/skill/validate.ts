import { isMap, parseDocument } from 'yaml';
import type { Link, Image, Definition, Nodes } from 'mdast';
import { parseMarkdown } from '../sop/markdown';
import { isUrlOrEmail } from '../sop/pathSyntax';

/** A way a skill folder breaks the Agent Skills specification. */
export interface SkillProblem {
  rule: SkillRuleId;
  message: string;
  /** The file the problem is in, inside the skill folder. */
  file: string;
}

export type SkillRuleId =
  | 'missing-skill-md'
  | 'bad-front-matter'
  | 'name-length'
  | 'name-format'
  | 'name-matches-folder'
  | 'description-length'
  | 'description-angle-brackets'
  | 'metadata-map'
  | 'compatibility-length'
  | 'allowed-tools-format'
  | 'unknown-key'
  | 'link-missing'
  | 'link-too-deep';

export const SKILL_FILE = 'SKILL.md';
const ALLOWED_KEYS = new Set(['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools']);
export const NAME_MAX = 64;
export const DESCRIPTION_MAX = 1024;
export const COMPATIBILITY_MAX = 500;
/** Where the rules below come from. */
export const SPEC_SOURCE = 'agentskills.io/specification (skills-ref validator.py)';
const NAME_FORMAT = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Checks a skill folder (path inside the folder → text) against the Agent Skills specification.
 * `allowed-tools` is accepted too: the specification lists it as an experimental optional field.
 */
export function validateSkill(files: Map<string, string>, folderName: string): SkillProblem[] {
  const text = files.get(SKILL_FILE);
  if (text === undefined) {
    return [
      {
        rule: 'missing-skill-md',
        file: SKILL_FILE,
        message: `The skill folder "${folderName}" has no SKILL.md: add one with YAML front matter (name, description) and the instructions.`,
      },
    ];
  }
  const problems: SkillProblem[] = [];
  const add = (rule: SkillRuleId, message: string) => problems.push({ rule, message, file: SKILL_FILE });
  const fm = readFrontMatter(text);
  if ('missing' in fm) {
    add('bad-front-matter', 'SKILL.md does not start with YAML front matter: put "---", the name and description fields, and "---" on the first lines.');
  } else if ('invalid' in fm) {
    add('bad-front-matter', `The front matter of SKILL.md is not valid YAML (${fm.invalid}): fix it so it is a map with name and description.`);
  } else {
    checkFields(fm.data, folderName, add);
  }
  checkLinks(text, files, add);
  return problems;
}

/** The front matter of a SKILL.md as data, or why there is none: every loader's checks start here. */
export function readFrontMatter(text: string): { data: Record<string, unknown> } | { missing: true } | { invalid: string } {
  const fence = text.replace(/^\uFEFF/, '').match(/^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/);
  if (!fence) return { missing: true };
  const doc = parseDocument(fence[1]);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { invalid: doc.errors[0]?.message.split('\n')[0] ?? 'it is not a map of keys to values' };
  return { data: doc.toJS() as Record<string, unknown> };
}

function checkFields(data: Record<string, unknown>, folderName: string, add: (rule: SkillRuleId, message: string) => void): void {
  const name = data.name;
  if (typeof name !== 'string' || name.length === 0) {
    add('name-length', 'The front matter has no name: add "name:" with 1–64 lowercase letters, digits and hyphens, the same as the folder name.');
  } else {
    if (name.length > NAME_MAX)
      add('name-length', `The name is ${name.length} characters long: shorten it to at most ${NAME_MAX} (and rename the folder to match).`);
    if (!NAME_FORMAT.test(name)) {
      add(
        'name-format',
        `The name "${name}" may only use lowercase letters, digits and single hyphens, and may not start or end with a hyphen: use something like "${suggestName(name)}".`,
      );
    }
    if (name !== folderName)
      add('name-matches-folder', `The name "${name}" differs from the folder name "${folderName}": rename the folder or change the name so they are the same.`);
  }
  const description = data.description;
  if (typeof description !== 'string' || description.trim().length === 0) {
    add('description-length', 'The front matter has no description: add "description:" saying what the skill does and when to use it (1–1024 characters).');
  } else {
    if (description.length > DESCRIPTION_MAX)
      add('description-length', `The description is ${description.length} characters long: shorten it to at most ${DESCRIPTION_MAX}.`);
    if (/[<>]/.test(description))
      add('description-angle-brackets', 'The description contains "<" or ">": remove them (agents may read the description as markup).');
  }
  const metadata = data.metadata;
  if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))) {
    add('metadata-map', 'metadata must be a map of keys to values (e.g. "metadata:\\n  author: ops"): change it or remove it.');
  } else if (metadata && Object.values(metadata).some((v) => typeof v !== 'string')) {
    add('metadata-map', 'metadata must map keys to text values: quote numbers and dates, and move lists or maps into the instructions.');
  }
  const compatibility = data.compatibility;
  if (compatibility !== undefined && (typeof compatibility !== 'string' || !compatibility.trim() || compatibility.length > COMPATIBILITY_MAX)) {
    add(
      'compatibility-length',
      `compatibility must be text of 1–${COMPATIBILITY_MAX} characters (e.g. "Needs python3 and network access"): shorten it or remove it.`,
    );
  }
  const tools = data['allowed-tools'];
  if (tools !== undefined && typeof tools !== 'string') {
    add('allowed-tools-format', 'allowed-tools must be one line of tool names separated by spaces (e.g. "Bash(git:*) Read"): write it that way or remove it.');
  }
  for (const key of Object.keys(data)) {
    if (!ALLOWED_KEYS.has(key))
      add(
        'unknown-key',
        `The front matter key "${key}" is not part of the Agent Skills specification: move it under metadata or remove it (allowed: name, description, license, compatibility, metadata, allowed-tools).`,
      );
  }
}

function suggestName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, NAME_MAX)
      .replace(/-+$/, '') || 'my-skill'
  );
}

/** Link, image and reference-definition targets in SKILL.md that are not URLs or anchors. */
export function relativeLinks(text: string): string[] {
  const found: string[] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
      const url = (node as Link | Image | Definition).url;
      if (url && !isUrlOrEmail(url)) found.push(url);
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(parseMarkdown(text));
  return found;
}

function checkLinks(text: string, files: Map<string, string>, add: (rule: SkillRuleId, message: string) => void): void {
  for (const url of relativeLinks(text)) {
    let target = url.replace(/[#?].*$/, '');
    try {
      target = decodeURI(target);
    } catch {
      // A malformed escape: check the link as written.
    }
    const clean = target.replace(/^\.\//, '');
    const parts = clean.split('/');
    if (clean.startsWith('/') || parts.includes('..') || parts.length > 2) {
      add(
        'link-too-deep',
        `The link "${url}" must be relative to the skill folder and at most one folder deep (like scripts/run.py or references/guide.md): move the file and link to it there.`,
      );
      continue;
    }
    if (!files.has(clean)) add('link-missing', `The link "${url}" points to a file that is not in the skill folder: add the file or fix the link.`);
  }
}
