import ignore from 'ignore';

type Ignore = ignore.Ignore;
import type { EvidenceFs } from './types';

/**
 * `.gitignore` and `.sopignore` rules, folder by folder as git reads them: a folder's rules apply to
 * what is under it, deeper rules win, and `.sopignore` is read after `.gitignore` in the same
 * folder, so `!out/` in a `.sopignore` brings back outputs that git ignores.
 */

export const IGNORE_FILES = ['.gitignore', '.sopignore'] as const;

export interface IgnoreLevel {
  /** Workspace-relative folder the rules belong to ('' for the root). */
  dir: string;
  ig: Ignore;
}

/** Reads the ignore files of one folder; `present` lists which of them exist (undefined: try both). */
export async function loadIgnoreLevel(fs: EvidenceFs, absDir: string, relDir: string, present?: Set<string>): Promise<IgnoreLevel | undefined> {
  const ig = ignore();
  let any = false;
  for (const name of IGNORE_FILES) {
    if (present && !present.has(name)) continue;
    let text: string;
    try {
      text = new TextDecoder('utf-8').decode(await fs.readFile(`${absDir}/${name}`, 256 * 1024));
    } catch {
      continue;
    }
    const source = relDir ? `${relDir}/${name}` : name;
    const patterns = text
      .split(/\r?\n/)
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((pattern) => ({ pattern, mark: source }));
    if (patterns.length === 0) continue;
    ig.add(patterns);
    any = true;
  }
  return any ? { dir: relDir, ig } : undefined;
}

/** Why `relPath` is ignored ("ignored by .gitignore (\"*.log\")"), or undefined. Folders are tested with a trailing slash. */
export function ignoredBy(levels: IgnoreLevel[], relPath: string, isDir: boolean): string | undefined {
  let reason: string | undefined;
  for (const level of levels) {
    if (level.dir && relPath !== level.dir && !relPath.startsWith(level.dir + '/')) continue;
    const sub = level.dir ? relPath.slice(level.dir.length + 1) : relPath;
    if (!sub) continue;
    let r: ReturnType<Ignore['test']>;
    try {
      r = level.ig.test(isDir ? `${sub}/` : sub);
    } catch {
      // `ignore` refuses names such as "..." that look like relative paths; no rule can name them anyway.
      continue;
    }
    if (r.ignored) reason = `ignored by ${r.rule?.mark ?? 'an ignore file'} ("${r.rule?.pattern ?? ''}")`;
    else if (r.unignored) reason = undefined;
  }
  return reason;
}
