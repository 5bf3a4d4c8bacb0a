import ignore from 'ignore';
import type { Workspace } from './port';

type Ignore = ignore.Ignore;

/**
 * `.gitignore` and `.sopignore` rules, folder by folder as git reads them: a folder's rules apply to
 * what is under it, deeper rules win, and `.sopignore` is read after `.gitignore` in the same
 * folder, so `!out/` in a `.sopignore` brings back outputs that git ignores.
 *
 * Every pattern becomes a regular expression tested against every path the walk sees, so patterns
 * whose matching cost grows with the path (several `**`, many wildcards) and very long ignore files
 * are refused with a note. A refused pattern is not applied: the files it meant to hide may be read
 * (sensitive-name rules still leave credentials out), which the note says.
 */

export const IGNORE_FILES = ['.gitignore', '.sopignore'] as const;

export const IGNORE_LIMITS = {
  /** Characters in one pattern; longer ones also make regular expressions the engine refuses. */
  patternChars: 512,
  /** `*` runs, `?` and `[...]` in one pattern. */
  wildcards: 8,
  /** `**` in one pattern (a trailing `/**` is free): each one multiplies the cost by the path depth. */
  globstars: 2,
  patternsPerFile: 500,
  /** Patterns of all ignore files of one collection: each path is tested against all that apply. */
  patternsInAll: 1000,
  /** Folders deeper than this are left out: matching cost grows with depth. */
  depth: 64,
} as const;

export interface IgnoreLevel {
  /** Workspace-relative folder the rules belong to ('' for the root). */
  dir: string;
  ig: Ignore;
  /** Patterns refused in this folder's ignore files, as notes for the evidence bundle. */
  refused: string[];
  /** Which names any of the rules could match: most entries of a walk are then never tested (see `childIgnoredBy`). */
  names: NameFilter;
  /** Every rule is a name to match at any depth (no "/" but a trailing one): an entry is then tested by its name alone. */
  byNameOnly: boolean;
  /**
   * The rules, when every one is a plain name with at most one `*` at its start or end (`*.log`, `__pycache__/`,
   * `!keep.log`), which is how most ignore files are written: then an entry's name is matched here, in order, last
   * match winning, as the library would, without the library's per-path cache. Undefined otherwise.
   */
  simple?: SimpleRule[];
}

interface SimpleRule {
  negated: boolean;
  dirOnly: boolean;
  /** Lower case; what comes before or after the `*`, or the whole name. */
  text: string;
  star: 'start' | 'end' | 'none';
  reason: string;
}

const SIMPLE_RULE = /^(!?)(\*?)([\w.-]+)(\*?)(\/?)$/;

/** The rules as simple rules, or undefined when any of them needs the library (a "/", a `?`, a range, an escape, two stars). */
function simpleRulesOf(patterns: Array<{ pattern: string; mark: string }>): SimpleRule[] | undefined {
  const rules: SimpleRule[] = [];
  for (const { pattern, mark } of patterns) {
    const m = SIMPLE_RULE.exec(pattern.trimEnd());
    if (!m || (m[2] && m[4])) return undefined;
    rules.push({
      negated: m[1] === '!',
      dirOnly: m[5] === '/',
      text: m[3].toLowerCase(),
      star: m[2] ? 'start' : m[4] ? 'end' : 'none',
      reason: `ignored by ${mark} ("${pattern}")`,
    });
  }
  return rules;
}

/** `afterLevel` for a level of simple rules, by the entry's name. */
function afterSimpleRules(rules: SimpleRule[], name: string, isDir: boolean, reason: string | undefined): string | undefined {
  const n = name.toLowerCase();
  let last: SimpleRule | undefined;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    const hit = r.star === 'start' ? n.endsWith(r.text) : r.star === 'end' ? n.startsWith(r.text) : n === r.text;
    if (hit) last = r;
  }
  if (!last) return reason;
  return last.negated ? undefined : last.reason;
}

/**
 * The last segment of every rule, as a cheap test on a name (lower case: the rules ignore case). A rule
 * can only match a path whose name matches its last segment; a last segment with other wildcards
 * (`*`, `**`, `[ab]`, escapes) lets every name through.
 */
interface NameFilter {
  exact: Set<string>;
  suffixes: string[];
  prefixes: string[];
  anyName: boolean;
}

const GLOB = /[*?[\\]/;

function nameFilterOf(patterns: string[]): NameFilter {
  const f: NameFilter = { exact: new Set(), suffixes: [], prefixes: [], anyName: false };
  for (const raw of patterns) {
    let p = raw.replace(/^!/, '').trimEnd().toLowerCase();
    while (p.endsWith('/')) p = p.slice(0, -1);
    const last = p.slice(p.lastIndexOf('/') + 1);
    const star = last.indexOf('*');
    if (!GLOB.test(last)) f.exact.add(last);
    else if (star === 0 && !GLOB.test(last.slice(1))) f.suffixes.push(last.slice(1));
    else if (star === last.length - 1 && !GLOB.test(last.slice(0, -1))) f.prefixes.push(last.slice(0, -1));
    else f.anyName = true;
  }
  return f;
}

function mayMatch(f: NameFilter, name: string): boolean {
  if (f.anyName) return true;
  const n = name.toLowerCase();
  if (f.exact.has(n)) return true;
  for (const s of f.suffixes) if (n.endsWith(s)) return true;
  for (const s of f.prefixes) if (n.startsWith(s)) return true;
  return false;
}

/** How many more patterns one collection may apply; shared by all folders of a walk. */
export interface IgnoreAllowance {
  patternsLeft: number;
}

export function newIgnoreAllowance(): IgnoreAllowance {
  return { patternsLeft: IGNORE_LIMITS.patternsInAll };
}

/** Why a pattern cannot be matched in bounded time, or undefined when it can. */
export function refusePattern(pattern: string): string | undefined {
  const L = IGNORE_LIMITS;
  if (pattern.length > L.patternChars) return `too long (${pattern.length.toLocaleString('en-US')} characters; the limit is ${L.patternChars})`;
  const globstars = countMatches(pattern.replace(/\/\*\*\s*$/, ''), /\*\*+/g);
  if (globstars > L.globstars) return `too many "**" (${globstars}; the limit is ${L.globstars})`;
  const wildcards = countMatches(pattern, /\*+|\?|\[/g);
  if (wildcards > L.wildcards) return `too many wildcards (${wildcards}; the limit is ${L.wildcards})`;
  try {
    ignore().add(pattern).test('a');
  } catch {
    return 'it cannot be read as a gitignore pattern';
  }
  return undefined;
}

function countMatches(s: string, re: RegExp): number {
  let n = 0;
  for (const _ of s.matchAll(re)) n++;
  return n;
}

/**
 * Reads the ignore files of one folder; `present` lists which of them exist (undefined: try both).
 * Undefined when there are none, or nothing in them.
 */
export async function loadIgnoreLevel(
  fs: Workspace,
  absDir: string,
  relDir: string,
  present?: Set<string>,
  allowance: IgnoreAllowance = newIgnoreAllowance(),
): Promise<IgnoreLevel | undefined> {
  const ig = ignore();
  const refused: string[] = [];
  const applied: Array<{ pattern: string; mark: string }> = [];
  let any = false;
  for (const name of IGNORE_FILES) {
    if (present && !present.has(name)) continue;
    let text: string;
    try {
      text = new TextDecoder('utf-8').decode(await fs.read(`${absDir}/${name}`, 256 * 1024));
    } catch {
      continue;
    }
    const source = relDir ? `${relDir}/${name}` : name;
    const { patterns, notes } = vetIgnoreFile(text, source, allowance);
    refused.push(...notes);
    if (patterns.length > 0) ig.add(patterns);
    applied.push(...patterns);
    any ||= patterns.length > 0 || notes.length > 0;
  }
  if (!any) return undefined;
  const byNameOnly = applied.every((p) => matchesAnyDepth(p.pattern));
  const simple = byNameOnly ? simpleRulesOf(applied) : undefined;
  return { dir: relDir, ig, refused, names: nameFilterOf(applied.map((p) => p.pattern)), byNameOnly, ...(simple ? { simple } : {}) };
}

/** Notes about single refused patterns, per file; beyond this they are counted. */
const NOTED_PER_FILE = 5;

/** The patterns of one ignore file that can be applied, and notes about those that cannot. */
function vetIgnoreFile(text: string, source: string, allowance: IgnoreAllowance): { patterns: Array<{ pattern: string; mark: string }>; notes: string[] } {
  const patterns: Array<{ pattern: string; mark: string }> = [];
  const notes: string[] = [];
  let unnoted = 0;
  let overFrom = 0;
  let overCount = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const pattern = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (!pattern.trim() || pattern.startsWith('#')) continue;
    if (patterns.length >= IGNORE_LIMITS.patternsPerFile || allowance.patternsLeft <= 0) {
      if (overCount++ === 0) overFrom = i + 1;
      continue;
    }
    const why = refusePattern(pattern);
    if (why) {
      if (notes.length < NOTED_PER_FILE)
        notes.push(`${source} line ${i + 1}: pattern refused, ${why} — it is not applied, so files it meant to hide may be read; simplify it`);
      else unnoted++;
      continue;
    }
    patterns.push({ pattern, mark: source });
    allowance.patternsLeft--;
  }
  if (unnoted > 0)
    notes.push(`${source}: ${unnoted} more patterns refused for the same reasons — they are not applied, so files they meant to hide may be read`);
  if (overCount > 0) {
    const L = IGNORE_LIMITS;
    notes.push(
      `${source} from line ${overFrom}: ${overCount.toLocaleString('en-US')} patterns not applied (the limit is ${L.patternsPerFile} per file and ${L.patternsInAll.toLocaleString('en-US')} in all), so files they meant to hide may be read; shorten the ignore file or select a smaller folder`,
    );
  }
  return { patterns, notes };
}

/** Why `relPath` is ignored ("ignored by .gitignore (\"*.log\")"), or undefined. Folders are tested with a trailing slash. */
export function ignoredBy(levels: IgnoreLevel[], relPath: string, isDir: boolean): string | undefined {
  if (depthOf(relPath) > IGNORE_LIMITS.depth)
    return `nested more than ${IGNORE_LIMITS.depth} folders deep: not read; select a folder further down to include it`;
  let reason: string | undefined;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.dir && relPath !== level.dir && !relPath.startsWith(level.dir + '/')) continue;
    const sub = level.dir ? relPath.slice(level.dir.length + 1) : relPath;
    if (sub) reason = afterLevel(level, sub, isDir, reason);
  }
  return reason;
}

/** The reason a path is ignored once one level's rules have had their say (undefined: not ignored). */
function afterLevel(level: IgnoreLevel, sub: string, isDir: boolean, reason: string | undefined): string | undefined {
  let r: ReturnType<Ignore['test']>;
  try {
    r = level.ig.test(isDir ? `${sub}/` : sub);
  } catch {
    // `ignore` refuses names such as "..." that look like relative paths; no rule can name them anyway.
    return reason;
  }
  return r.ignored ? ignoredReason(r.rule) : r.unignored ? undefined : reason;
}

/**
 * Whether the entries of a folder the walk entered must be tested the slow way, with `ignoredBy`: when one level
 * alone ignores the folder (a deeper level re-included it with `!y/`), or its entries are past the depth limit.
 * Otherwise `childIgnoredBy` gives the same answers. Asked once per folder.
 */
export function folderNeedsFullCheck(levels: IgnoreLevel[], relDir: string): boolean {
  if (!relDir) return false;
  if (depthOf(relDir) + 1 > IGNORE_LIMITS.depth) return true;
  for (const level of levels) {
    if (level.dir && !relDir.startsWith(level.dir + '/')) continue;
    try {
      if (level.ig.test(`${level.dir ? relDir.slice(level.dir.length + 1) : relDir}/`).ignored) return true;
    } catch {
      // A name `ignore` refuses cannot be named by a rule either.
    }
  }
  return false;
}

/**
 * `ignoredBy` for an entry met in a walk, inside a folder the walk entered for which `folderNeedsFullCheck` is
 * false. Then only rules that match the entry itself count, and a rule whose last segment cannot match the
 * name is never run: the same answer, without testing most paths.
 */
export function childIgnoredBy(levels: IgnoreLevel[], relPath: string, name: string, isDir: boolean): string | undefined {
  let any = false;
  for (let i = 0; i < levels.length && !any; i++) any = mayMatch(levels[i].names, name);
  if (!any) return undefined;
  if (depthOf(relPath) > IGNORE_LIMITS.depth) return ignoredBy(levels, relPath, isDir);
  // As `ignoredBy`, but a level whose rules all match names at any depth is asked about the name alone: the folders
  // above are known not to be ignored, so the answer is the same, without the library walking (and remembering) them.
  let reason: string | undefined;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.dir && !(relPath.startsWith(level.dir) && relPath.charCodeAt(level.dir.length) === 47)) continue;
    reason = level.simple
      ? afterSimpleRules(level.simple, name, isDir, reason)
      : afterLevel(level, level.byNameOnly ? name : level.dir ? relPath.slice(level.dir.length + 1) : relPath, isDir, reason);
  }
  return reason;
}

/** A gitignore pattern with no "/" before its end matches a name at any depth; escapes are left to the full test. */
function matchesAnyDepth(pattern: string): boolean {
  const body = pattern.replace(/\/+$/, '');
  return !body.includes('/') && !body.includes('\\');
}

type Rule = ReturnType<Ignore['test']>['rule'];
/** The reason for each rule, made once: a walk meets thousands of files one `*.log` ignores. */
const reasons = new WeakMap<object, string>();

function ignoredReason(rule: Rule): string {
  if (!rule) return `ignored by an ignore file ("")`;
  let reason = reasons.get(rule);
  if (reason === undefined) reasons.set(rule, (reason = `ignored by ${rule.mark ?? 'an ignore file'} ("${rule.pattern ?? ''}")`));
  return reason;
}

/** Folders above a path: "a/b/c.txt" is 2 deep. */
function depthOf(relPath: string): number {
  let n = 0;
  for (let i = relPath.indexOf('/'); i >= 0; i = relPath.indexOf('/', i + 1)) n++;
  return n;
}
