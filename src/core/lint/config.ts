import { parse, printParseErrorCode, findNodeAtLocation, parseTree, type ParseError, type Node as JsonNode } from 'jsonc-parser';
import { SECTION_KINDS, isSectionKind, type SectionKind } from '../sop/sections';
import { DEFAULT_ROLE_WORDS } from '../sop/gates';
import type { SeveritySetting } from './severity';
import { dirname, isInside, join, toPosix } from '../workspace/paths';

/** Config files looked for in the SOP's folder and each folder above it, nearest first. */
export const CONFIG_FILE_NAMES = ['.sop-lint.jsonc', '.sop-lint.json'];

export const DEFAULT_SOP_FILES = ['**/*.sop.md', '**/sops/**/*.md', '**/SOPs/**/*.md'];

export interface LintConfig {
  rules: Record<string, SeveritySetting>;
  requiredSections: SectionKind[];
  headings: Partial<Record<SectionKind, string[]>>;
  roleWords: string[];
  /** Globs (workspace-relative) of Markdown files that are SOPs. */
  sopFiles: string[];
  /** Any Markdown file whose front matter says `type: sop` is an SOP too. */
  frontMatterType: boolean;
  /** Globs of mentioned paths the path rules leave alone (outputs that do not exist until the work runs). */
  ignorePaths: string[];
}

/** What one layer (a config file, or the editor's settings) says; anything left out is inherited. */
export interface ConfigLayer {
  rules?: Record<string, SeveritySetting>;
  requiredSections?: SectionKind[];
  headings?: Partial<Record<SectionKind, string[]>>;
  roleWords?: string[];
  /** Replace the built-in role words instead of adding to them. */
  replaceRoleWords?: boolean;
  sopFiles?: string[];
  frontMatterType?: boolean;
  ignorePaths?: string[];
}

export function defaultConfig(): LintConfig {
  return {
    rules: {},
    requiredSections: [...SECTION_KINDS],
    headings: {},
    roleWords: [...DEFAULT_ROLE_WORDS],
    sopFiles: [...DEFAULT_SOP_FILES],
    frontMatterType: true,
    ignorePaths: [],
  };
}

export function applyLayer(base: LintConfig, layer: ConfigLayer): LintConfig {
  const headings: Partial<Record<SectionKind, string[]>> = { ...base.headings };
  for (const [k, v] of Object.entries(layer.headings ?? {})) {
    const kind = k as SectionKind;
    headings[kind] = [...(headings[kind] ?? []), ...(v ?? [])];
  }
  return {
    rules: { ...base.rules, ...(layer.rules ?? {}) },
    requiredSections: layer.requiredSections ? [...layer.requiredSections] : base.requiredSections,
    headings,
    roleWords: layer.replaceRoleWords ? [...(layer.roleWords ?? [])] : [...base.roleWords, ...(layer.roleWords ?? [])],
    sopFiles: layer.sopFiles ? [...layer.sopFiles] : base.sopFiles,
    frontMatterType: layer.frontMatterType ?? base.frontMatterType,
    ignorePaths: [...base.ignorePaths, ...(layer.ignorePaths ?? [])],
  };
}

export interface ConfigProblem {
  file: string;
  message: string;
  /** Offsets into the config file. */
  start: number;
  end: number;
}

const SEVERITIES = ['off', 'info', 'warning', 'error'];

/**
 * Reads one config file's text. A file that is not valid JSON-with-comments, or that says something the
 * linter cannot use, gives one problem pointing at the first place that is wrong.
 */
export function parseConfigLayer(text: string, file: string, knownRules: string[]): { layer?: ConfigLayer; problem?: ConfigProblem } {
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    return {
      problem: {
        file,
        message: `${file.split('/').pop()} nests objects or lists more than ${MAX_CONFIG_DEPTH} levels deep (a valid config needs at most 3); SOP lint ignores this file until it is fixed.`,
        start: deep,
        end: deep + 1,
      },
    };
  }
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  if (errors.length > 0) {
    const e = errors[0];
    return {
      problem: {
        file,
        message: `${file.split('/').pop()} is not valid JSON with comments (${printParseErrorCode(e.error)}); SOP lint ignores this file until it is fixed.`,
        start: e.offset,
        end: e.offset + Math.max(1, e.length),
      },
    };
  }
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const at = (path: Array<string | number>, message: string): { problem: ConfigProblem } => {
    const node: JsonNode | undefined = tree ? findNodeAtLocation(tree, path) : undefined;
    const target = node?.parent?.type === 'property' && path.length > 0 ? (node.parent.children?.[0] ?? node) : node;
    return {
      problem: {
        file,
        message: `${message} SOP lint ignores ${file.split('/').pop()} until it is fixed.`,
        start: target?.offset ?? 0,
        end: (target?.offset ?? 0) + (target?.length ?? 1),
      },
    };
  };
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return at([], 'The config must be a JSON object, like { "rules": { "missing-path": "warning" } }.');
  }
  const o = value as Record<string, unknown>;
  const layer: ConfigLayer = {};
  const allowed = ['$schema', 'rules', 'requiredSections', 'headings', 'roleWords', 'replaceRoleWords', 'sopFiles', 'frontMatterType', 'ignorePaths'];
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) return at([key], `Unknown setting "${key}"; the settings are ${allowed.slice(1).join(', ')}.`);
  }
  if (o.rules !== undefined) {
    if (!isObject(o.rules)) return at(['rules'], '"rules" must map rule ids to off, info, warning or error.');
    layer.rules = {};
    for (const [id, sev] of Object.entries(o.rules)) {
      if (!knownRules.some((k) => k.toLowerCase() === id.toLowerCase())) {
        return at(['rules', id], `Unknown rule "${id}"; the rules are ${knownRules.filter((k) => /^[a-z]+(?:-[a-z]+)+$/.test(k)).join(', ')}.`);
      }
      const s = sev === false ? 'off' : sev === true ? 'on' : sev;
      if (typeof sev !== 'boolean' && (typeof s !== 'string' || !SEVERITIES.includes(s))) {
        return at(['rules', id], `Rule "${id}" must be off, info, warning, error, true or false (found ${JSON.stringify(sev)}).`);
      }
      layer.rules[id] = s as SeveritySetting;
    }
  }
  if (o.requiredSections !== undefined) {
    if (!Array.isArray(o.requiredSections)) return at(['requiredSections'], '"requiredSections" must be a list of section names.');
    for (const [i, k] of o.requiredSections.entries()) {
      if (typeof k !== 'string' || !isSectionKind(k)) {
        return at(['requiredSections', i], `Unknown section ${JSON.stringify(k)}; the sections are ${SECTION_KINDS.join(', ')}.`);
      }
    }
    layer.requiredSections = o.requiredSections as SectionKind[];
  }
  if (o.headings !== undefined) {
    if (!isObject(o.headings)) return at(['headings'], '"headings" must map section names to lists of extra headings.');
    layer.headings = {};
    for (const [k, v] of Object.entries(o.headings)) {
      if (!isSectionKind(k)) return at(['headings', k], `Unknown section "${k}"; the sections are ${SECTION_KINDS.join(', ')}.`);
      if (!isStringList(v)) return at(['headings', k], `"headings.${k}" must be a list of heading texts.`);
      layer.headings[k] = v;
    }
  }
  for (const key of ['roleWords', 'sopFiles', 'ignorePaths'] as const) {
    if (o[key] === undefined) continue;
    if (!isStringList(o[key])) return at([key], `"${key}" must be a list of strings.`);
    layer[key] = o[key] as string[];
  }
  for (const key of ['replaceRoleWords', 'frontMatterType'] as const) {
    if (o[key] === undefined) continue;
    if (typeof o[key] !== 'boolean') return at([key], `"${key}" must be true or false.`);
    layer[key] = o[key] as boolean;
  }
  return { layer };
}

/** Deeper than this and the file is refused before it is parsed: the JSON parser recurses once per level. */
export const MAX_CONFIG_DEPTH = 64;

/** Offset of the first bracket that opens a level deeper than MAX_CONFIG_DEPTH (strings and comments skipped). */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '{' || c === '[') {
      if (++depth > MAX_CONFIG_DEPTH) return i;
    } else if (c === '}' || c === ']') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** The config files that apply to a file, farthest first, stopping at the workspace root that holds it. */
export function configCandidates(filePath: string, roots: string[]): string[] {
  const file = toPosix(filePath);
  const root = roots
    .map(toPosix)
    .filter((r) => isInside(r, file))
    .sort((a, b) => b.length - a.length)[0];
  const dirs: string[] = [];
  for (let d = dirname(file); ; d = dirname(d)) {
    dirs.push(d);
    if ((root && d === root) || d === dirname(d)) break;
  }
  return dirs.reverse().flatMap((d) => CONFIG_FILE_NAMES.map((n) => join(d, n)));
}

export interface ResolvedConfig {
  config: LintConfig;
  /** The config files that were read, farthest first. */
  files: string[];
  problems: ConfigProblem[];
}

/**
 * Layers the editor's settings (lowest), then every config file from the workspace root down to the SOP's
 * folder (nearest wins). `read` returns a file's text, or undefined when there is none.
 */
export function resolveConfig(
  filePath: string,
  roots: string[],
  read: (path: string) => string | undefined,
  knownRules: string[],
  settings: ConfigLayer = {},
): ResolvedConfig {
  let config = applyLayer(defaultConfig(), settings);
  const files: string[] = [];
  const problems: ConfigProblem[] = [];
  const candidates = configCandidates(filePath, roots);
  // Candidates come in pairs per folder: .sop-lint.jsonc wins over .sop-lint.json.
  for (let i = 0; i < candidates.length; i += CONFIG_FILE_NAMES.length) {
    const path = candidates.slice(i, i + CONFIG_FILE_NAMES.length).find((c) => read(c) !== undefined);
    if (!path) continue;
    files.push(path);
    const { layer, problem } = parseConfigLayer(read(path)!, path, knownRules);
    if (problem) problems.push(problem);
    else if (layer) config = applyLayer(config, layer);
  }
  return { config, files, problems };
}
