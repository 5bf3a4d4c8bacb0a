import { isEvidenceCopy } from './evidenceCopyFolder';
import type { WorkspaceIndex } from './fileIndex';
import { basename, dirname, isInside, relativeTo, resolve, toPosix } from './paths';
import { hasTemplatePart, MAX_TEMPLATE_PARTS, pathTemplate, type PathTemplate } from './pathTemplate';

export type PathStatus =
  | { status: 'exists'; resolved: string }
  | { status: 'missing'; candidates: string[] }
  | { status: 'absolute' }
  | { status: 'outside' }
  /** Too many wildcard or template parts to match against the workspace in bounded time. */
  | { status: 'unchecked'; parts: number };

const ABSOLUTE = /^(?:\/|~(?:\/|$)|\$\{?HOME\}?(?:[\\/]|$)|%USERPROFILE%(?:[\\/]|$)|[A-Za-z]:[\\/]|\\\\)/;

export function isAbsolutePath(value: string): boolean {
  return ABSOLUTE.test(value);
}

/** Top folders of a disk, not of a web site: `/Users/sam/…` in a link is still a path on one machine. */
const FILESYSTEM_ROOT =
  /^\/(?:Users|home|root|etc|var|tmp|opt|usr|bin|sbin|lib|private|Volumes|mnt|media|srv|proc|dev|sys|Library|System|Applications)(?:\/|$)/;

/**
 * A link to the root of the site the SOP is published on (`[PagerDuty](/manual/pagerduty.html)`): it means
 * the site's root, not the disk's, so it is neither absolute nor outside the workspace.
 */
export function isSiteRootLink(value: string, source: string): boolean {
  return (source === 'link' || source === 'image' || source === 'definition') && /^\/(?!\/)/.test(value) && !FILESYSTEM_ROOT.test(value);
}

/**
 * Where a path mentioned in an SOP can live: relative to the SOP's own folder, to a workspace root, or to
 * the work folder the SOP declares (`workdir:` in front matter, absolute here). It exists when any of those
 * does; it is outside when all of them climb out of the workspace.
 */
/** Answers kept per SOP until the index changes: far more paths than an SOP names. */
const MAX_ANSWERS = 50_000;

export function checkPath(value: string, sopPath: string, index: WorkspaceIndex, workdirs: string[] = []): PathStatus {
  if (isAbsolutePath(value)) return { status: 'absolute' };
  // Both path rules ask, on every keystroke: the answer only changes when the index does. One map per SOP and work
  // folders, so each question hashes the short path, not a key as long as the SOP's path and the path together.
  const answers = index.remember(`check\0${sopPath}\0${workdirs.join('\0')}`, () => new Map<string, PathStatus>()) as Map<string, PathStatus>;
  const known = answers.get(value);
  if (known) return known;
  const status = resolvePath(value, sopPath, index, workdirs);
  if (answers.size < MAX_ANSWERS) answers.set(value, status);
  return status;
}

function resolvePath(value: string, sopPath: string, index: WorkspaceIndex, workdirs: string[]): PathStatus {
  const rel = value.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
  const bases = [dirname(toPosix(sopPath)), ...index.roots, ...workdirs];
  const candidates: string[] = [];
  for (const base of bases) {
    const abs = resolve(base, rel);
    if (index.roots.some((r) => isInside(r, abs)) && !candidates.includes(abs)) candidates.push(abs);
  }
  if (candidates.length === 0) return { status: 'outside' };
  const template = hasTemplatePart(rel);
  for (const c of candidates) {
    const pattern = template ? pathTemplate(c) : undefined;
    if (pattern && pattern.parts > MAX_TEMPLATE_PARTS) return { status: 'unchecked', parts: pattern.parts };
    if (pattern ? index.matches(pattern) : index.exists(c)) return { status: 'exists', resolved: c };
  }
  return { status: 'missing', candidates };
}

/** Turns "exports/<month>/sales-YYYY-MM.csv" into a matcher over full paths (linear time, see pathTemplate). */
export function templateRegex(path: string): PathTemplate {
  return pathTemplate(path);
}

const MAX_SUGGESTED_LENGTH = 400;

/**
 * Existing paths a missing one most likely meant: the same file name elsewhere first, then the closest
 * spelling. Returned relative to `from` (the SOP's folder or a workspace root, as the mention was written).
 */
export function suggestPaths(value: string, sopPath: string, index: WorkspaceIndex, preferSopRelative: boolean, limit = 3): string[] {
  const rel = value
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/\/$/, '');
  // Spelling distance costs (length × length) per workspace file: a path longer than any real one gets none.
  if (rel.length > MAX_SUGGESTED_LENGTH) return [];
  const name = basename(rel);
  // Copies kept at approval are history, never the file to point at.
  const sameName = index.withName(name).filter((p) => !isEvidenceCopy(p));
  let picks: string[];
  if (sameName.length > 0) {
    picks = sameName.sort((a, b) => distance(rel, a) - distance(rel, b)).slice(0, limit);
  } else {
    const scored: Array<[number, string]> = [];
    const lowerName = name.toLowerCase();
    for (const f of index.allFiles()) {
      if (isEvidenceCopy(f)) continue;
      const d = distance(lowerName, basename(f).toLowerCase());
      if (d <= Math.max(2, Math.floor(lowerName.length / 3))) scored.push([d * 100 + distance(rel, f) / 100, f]);
    }
    picks = scored
      .sort((a, b) => a[0] - b[0])
      .slice(0, limit)
      .map(([, f]) => f);
  }
  const sopDir = dirname(toPosix(sopPath));
  const root = index.rootOf(sopPath) ?? index.roots[0];
  const relativeToSop = preferSopRelative || value.startsWith('./') || value.startsWith('../');
  return picks.map((p) => relativeTo(relativeToSop || !root ? sopDir : root, p));
}

/** Levenshtein distance, on the shorter tail when one string is a long path. */
function distance(a: string, b: string): number {
  if (a === b) return 0;
  if (b.length > a.length + 40) b = b.slice(b.length - a.length - 40);
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
