import { basename, dirname, isInside, toPosix } from './paths';
import { hasTemplatePart } from './pathTemplate';

/** What the host finds at a path it looks at without listing: the command line stats it, the editor cannot. */
export type LookUnlisted = (absPath: string) => 'file' | 'directory' | undefined;

/**
 * Every file and folder in the workspace, kept current by the editor's file watcher (or walked once by
 * the CLI), so the path rule never touches the disk while someone types.
 *
 * The CLI's walk leaves out what .gitignore/.sopignore ignore (a folder of 100,000 exports), but an SOP may
 * still name a file there: such paths are "there, not listed". A path inside an unlisted folder is looked up
 * one at a time through `look` when the host gave one, and otherwise counts as there: it is never reported
 * missing for lack of a listing.
 */
export class WorkspaceIndex {
  readonly roots: string[];
  private readonly files = new Set<string>();
  /** Folders with something in them, and how many files and folders each holds directly. */
  private readonly dirs = new Map<string, number>();
  /** Files by lower-case name, built when first asked after a change (a walk adds 100,000 files, nobody asks). */
  private byName: Map<string, string[]> | undefined;
  private patternCache = new Map<string, boolean>();
  /** Ignored files and folders: there, but not listed (a folder's contents were not walked). */
  private readonly unlisted = new Map<string, 'file' | 'directory'>();
  private readonly look: LookUnlisted | undefined;
  /** Results derived from the index (path checks), dropped whenever it changes. */
  private memo = new Map<string, unknown>();
  /** Bumped on every change, so anything derived from the index can tell it is stale. */
  version = 0;

  constructor(roots: string[], files: Iterable<string> = [], look?: LookUnlisted) {
    this.roots = roots.map(toPosix);
    this.look = look;
    for (const f of files) this.addFile(f);
  }

  get size(): number {
    return this.files.size;
  }

  addFile(path: string): void {
    const p = path.includes('\\') || path.endsWith('/') || path[1] === ':' ? toPosix(path) : path;
    if (this.files.has(p) || this.dirs.has(p)) return;
    this.files.add(p);
    // A folder new to the index is one more entry of its own parent; a known one is already counted above.
    for (let d = this.parentOf(p); d !== undefined; d = this.parentOf(d)) {
      const n = this.dirs.get(d);
      this.dirs.set(d, (n ?? 0) + 1);
      if (n !== undefined) break;
    }
    this.changed();
  }

  /** The folder holding a path, or undefined at a workspace root (roots are not counted as folders). */
  private parentOf(p: string): string | undefined {
    const slash = p.lastIndexOf('/');
    const d = slash > 0 ? p.slice(0, slash) : undefined;
    return d === undefined || this.roots.includes(d) ? undefined : d;
  }

  /** A file or folder that is there but left out of the listing (ignored): its contents are not known. */
  addUnlisted(path: string, type: 'file' | 'directory'): void {
    const p = toPosix(path);
    if (this.unlisted.get(p) === type) return;
    this.unlisted.set(p, type);
    this.changed();
  }

  /** Removes a file, or a folder and everything in it. */
  remove(path: string): void {
    const p = toPosix(path);
    let forgot = false;
    for (const u of [...this.unlisted.keys()]) if (isInside(p, u)) forgot = this.unlisted.delete(u);
    const victims = this.files.has(p) ? [p] : this.dirs.has(p) ? [...this.files].filter((f) => isInside(p, f)) : [];
    for (const f of victims) {
      this.files.delete(f);
      // An emptied folder is gone, and one entry fewer for its own parent.
      for (let d = this.parentOf(f); d !== undefined; d = this.parentOf(d)) {
        const n = (this.dirs.get(d) ?? 1) - 1;
        if (n > 0) {
          this.dirs.set(d, n);
          break;
        }
        this.dirs.delete(d);
      }
    }
    if (victims.length > 0 || forgot) this.changed();
  }

  private changed(): void {
    this.version++;
    this.byName = undefined;
    if (this.patternCache.size > 0) this.patternCache = new Map();
    if (this.memo.size > 0) this.memo = new Map();
  }

  /** Remembers a value computed from the index until the index changes (bounded). */
  remember<T>(key: string, compute: () => T): T {
    const known = this.memo.get(key);
    if (known !== undefined || this.memo.has(key)) return known as T;
    const value = compute();
    if (this.memo.size > 50_000) this.memo = new Map();
    this.memo.set(key, value);
    return value;
  }

  isFile(path: string): boolean {
    const p = toPosix(path);
    if (this.files.has(p)) return true;
    const u = this.unlistedAnswer(p);
    return u === 'file' || u === 'unknown';
  }

  exists(path: string): boolean {
    const p = toPosix(path);
    return this.files.has(p) || this.dirs.has(p) || this.roots.includes(p) || this.unlistedAnswer(p) !== undefined;
  }

  /** What is at a path left out of the listing: its type, 'unknown' inside an unlisted folder nobody can look in, or undefined. */
  private unlistedAnswer(p: string): 'file' | 'directory' | 'unknown' | undefined {
    if (this.unlisted.size === 0) return undefined;
    const known = this.unlisted.get(p);
    if (known) return known;
    if (!this.insideUnlistedFolder(p)) return undefined;
    return this.look ? this.remember(`look\0${p}`, () => this.look!(p)) : 'unknown';
  }

  private insideUnlistedFolder(p: string): boolean {
    for (let d = dirname(p); d !== dirname(d); d = dirname(d)) if (this.unlisted.get(d) === 'directory') return true;
    return false;
  }

  rootOf(path: string): string | undefined {
    const p = toPosix(path);
    let best: string | undefined;
    for (const r of this.roots) if (isInside(r, p) && (!best || r.length > best.length)) best = r;
    return best;
  }

  /** True when some file or folder's full path matches the pattern; results are cached until the index changes. */
  matches(pattern: { readonly source: string; test(path: string): boolean }): boolean {
    const key = pattern.source;
    const cached = this.patternCache.get(key);
    if (cached !== undefined) return cached;
    let found = false;
    for (const f of this.files) {
      if (pattern.test(f)) {
        found = true;
        break;
      }
    }
    if (!found)
      for (const d of this.dirs.keys())
        if (pattern.test(d)) {
          found = true;
          break;
        }
    if (!found) found = this.unlistedMayMatch(pattern);
    this.patternCache.set(key, found);
    return found;
  }

  /**
   * A template matches an ignored file or folder itself, or may match inside an unlisted folder: that folder's
   * contents are not listed, so the template counts as matched there rather than reported missing.
   */
  private unlistedMayMatch(pattern: { readonly source: string; test(path: string): boolean }): boolean {
    if (this.unlisted.size === 0) return false;
    const fixed = literalFolder(pattern.source);
    for (const [u, type] of this.unlisted) {
      if (pattern.test(u)) return true;
      if (type === 'directory' && (isInside(fixed, u) || isInside(u, fixed))) return true;
    }
    return false;
  }

  withName(name: string): string[] {
    if (!this.byName) {
      this.byName = new Map();
      for (const f of this.files) {
        const key = basename(f).toLowerCase();
        const same = this.byName.get(key);
        if (same) same.push(f);
        else this.byName.set(key, [f]);
      }
    }
    return [...(this.byName.get(name.toLowerCase()) ?? [])];
  }

  allFiles(): IterableIterator<string> {
    return this.files.values();
  }

  allDirs(): IterableIterator<string> {
    return this.dirs.keys();
  }
}

/** The folders at the start of a templated path before its first template part ("/w/exports" of "/w/exports/<month>/a.csv"). */
function literalFolder(source: string): string {
  const parts = source.split('/');
  let n = 0;
  while (n < parts.length - 1 && !hasTemplatePart(parts[n])) n++;
  return parts.slice(0, n).join('/') || '/';
}
