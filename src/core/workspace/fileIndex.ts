import { basename, dirname, isInside, toPosix } from './paths';

/**
 * Every file and folder in the workspace, kept current by the editor's file watcher (or walked once by
 * the CLI), so the path rule never touches the disk while someone types.
 */
export class WorkspaceIndex {
  readonly roots: string[];
  private readonly files = new Set<string>();
  private readonly dirs = new Map<string, number>();
  private readonly byName = new Map<string, Set<string>>();
  private patternCache = new Map<string, boolean>();
  /** Results derived from the index (path checks), dropped whenever it changes. */
  private memo = new Map<string, unknown>();
  /** Bumped on every change, so anything derived from the index can tell it is stale. */
  version = 0;

  constructor(roots: string[], files: Iterable<string> = []) {
    this.roots = roots.map(toPosix);
    for (const f of files) this.addFile(f);
  }

  get size(): number {
    return this.files.size;
  }

  addFile(path: string): void {
    const p = toPosix(path);
    if (this.files.has(p) || this.dirs.has(p)) return;
    this.files.add(p);
    const name = basename(p).toLowerCase();
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(p);
    for (let d = dirname(p); d && !this.roots.includes(d) && d !== dirname(d); d = dirname(d)) {
      this.dirs.set(d, (this.dirs.get(d) ?? 0) + 1);
    }
    this.changed();
  }

  /** Removes a file, or a folder and everything in it. */
  remove(path: string): void {
    const p = toPosix(path);
    const victims = this.files.has(p) ? [p] : this.dirs.has(p) ? [...this.files].filter((f) => isInside(p, f)) : [];
    for (const f of victims) {
      this.files.delete(f);
      this.byName.get(basename(f).toLowerCase())?.delete(f);
      for (let d = dirname(f); d && !this.roots.includes(d) && d !== dirname(d); d = dirname(d)) {
        const n = (this.dirs.get(d) ?? 1) - 1;
        if (n <= 0) this.dirs.delete(d);
        else this.dirs.set(d, n);
      }
    }
    if (victims.length > 0) this.changed();
  }

  private changed(): void {
    this.version++;
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
    return this.files.has(toPosix(path));
  }

  exists(path: string): boolean {
    const p = toPosix(path);
    return this.files.has(p) || this.dirs.has(p) || this.roots.includes(p);
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
    this.patternCache.set(key, found);
    return found;
  }

  withName(name: string): string[] {
    return [...(this.byName.get(name.toLowerCase()) ?? [])];
  }

  allFiles(): IterableIterator<string> {
    return this.files.values();
  }

  allDirs(): IterableIterator<string> {
    return this.dirs.keys();
  }
}
