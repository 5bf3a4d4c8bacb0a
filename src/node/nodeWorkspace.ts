import { constants, lstatSync, readdirSync, type Dirent, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FsEntry, Workspace } from '../core/workspace/port';
import { toPosix } from '../core/workspace/paths';

/** The workspace port over node's fs: the `sop` command line, tests, and the editor's local reads of links and chunks. */

const CHUNK = 1024 * 1024;
// O_NONBLOCK: a FIFO that slipped through opens and reads empty instead of hanging.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function entryOf(absPath: string, s: Stats): FsEntry {
  const type = s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';
  const p = toPosix(absPath);
  return { absPath: p, name: p.slice(p.lastIndexOf('/') + 1), type, size: s.size, mtimeMs: s.mtimeMs };
}

/**
 * An entry of a folder listing: types only (sizes come from a stat of the files that are read), and its path
 * joined only when asked for — a walk asks for few of them, and a walk of 100,000 files spent a fifth of its
 * time collecting garbage.
 */
class ListedEntry implements FsEntry {
  constructor(
    private readonly folder: string,
    readonly name: string,
    readonly type: FsEntry['type'],
  ) {}
  get absPath(): string {
    return this.folder + this.name;
  }
  get size(): number {
    return 0;
  }
  get mtimeMs(): number {
    return 0;
  }
}

async function* chunksOf(absPath: string, maxBytes: number): AsyncIterable<Uint8Array> {
  const handle = await open(absPath, READ_FLAGS);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
    // Buffers the size of what is there (plus one byte, to see a file that grew), never a whole chunk for a small file.
    for (let total = 0; total < maxBytes;) {
      const buf = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, maxBytes - total, st.size - total + 1)));
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      yield new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * What is at a path, without following a link (a link counts as a file), or undefined: the file index asks this,
 * one path at a time, for paths an SOP names inside folders the walk left out.
 */
export function lookOnDisk(absPath: string): 'file' | 'directory' | undefined {
  try {
    const s = lstatSync(absPath, { throwIfNoEntry: false });
    return !s ? undefined : s.isDirectory() ? 'directory' : 'file';
  } catch {
    // A file where a folder was expected on the way (ENOTDIR), or no permission to look: nothing to be found there.
    return undefined;
  }
}

/**
 * A folder listing on a local disk takes microseconds, less than handing it to node's thread pool and back (which
 * made a walk of many small folders twice as slow as git's). So folders are listed in place while that is fast;
 * after several slow listings in a row (a network drive, a cold disk — not one busy moment) they are listed in the
 * background, where the walk's read-ahead overlaps them, with one listing in place now and then to notice the
 * disk is fast again.
 */
const SLOW_LISTING_MS = 2;
const SLOW_LISTING_MS_PER_ENTRY = 0.005;
const SLOW_LISTINGS_IN_A_ROW = 3;
const BACKGROUND_LISTINGS_PER_PROBE = 64;

export function createNodeWorkspace(roots: string | readonly string[]): Workspace {
  let slowInARow = 0;
  let inBackground = 0;
  function listInPlace(absPath: string): Dirent[] {
    const started = performance.now();
    const dirents = readdirSync(absPath, { withFileTypes: true });
    const slow = performance.now() - started > SLOW_LISTING_MS + dirents.length * SLOW_LISTING_MS_PER_ENTRY;
    slowInARow = slow ? slowInARow + 1 : 0;
    return dirents;
  }
  async function listing(absPath: string): Promise<Dirent[]> {
    if (slowInARow < SLOW_LISTINGS_IN_A_ROW || ++inBackground % BACKGROUND_LISTINGS_PER_PROBE === 0) return listInPlace(absPath);
    return readdir(absPath, { withFileTypes: true });
  }
  return {
    roots: (typeof roots === 'string' ? [roots] : roots).map(toPosix),
    async list(absPath) {
      const dirents = await listing(absPath);
      const base = toPosix(absPath);
      const folder = base === '/' ? '/' : `${base}/`;
      const entries: FsEntry[] = new Array(dirents.length);
      let unknown: number[] | undefined;
      // No promise per entry: a folder of 10,000 files is one readdir and one loop.
      for (let i = 0; i < dirents.length; i++) {
        const d = dirents[i];
        const type = d.isSymbolicLink() ? 'symlink' : d.isDirectory() ? 'directory' : d.isFile() ? 'file' : undefined;
        entries[i] = new ListedEntry(folder, d.name, type ?? 'other');
        if (!type) (unknown ??= []).push(i);
      }
      // Unknown entry types (some file systems): ask lstat.
      if (unknown)
        await Promise.all(
          unknown.map((i) =>
            lstat(entries[i].absPath).then(
              (s) => (entries[i] = entryOf(entries[i].absPath, s)),
              () => undefined,
            ),
          ),
        );
      return entries;
    },
    stat: async (absPath) => entryOf(absPath, await stat(absPath)),
    realPath: async (absPath) => toPosix(await realpath(absPath)),
    async read(absPath, maxBytes) {
      const parts: Uint8Array[] = [];
      let size = 0;
      for await (const c of chunksOf(absPath, maxBytes ?? Number.MAX_SAFE_INTEGER)) {
        parts.push(c);
        size += c.length;
      }
      return new Uint8Array(Buffer.concat(parts, size));
    },
    readChunks: chunksOf,
    exists: (absPath) =>
      lstat(absPath).then(
        () => true,
        () => false,
      ),
    async write(absPath, data, options) {
      await mkdir(dirname(absPath), { recursive: true });
      // "wx": never over an existing file, and never through a link that appeared where the file goes.
      await writeFile(absPath, data, { flag: options?.overwrite ? 'w' : 'wx' });
    },
    async append(absPath, data) {
      // O_APPEND: each write lands at the end, whoever else writes; O_NOFOLLOW: never through a link.
      const handle = await open(absPath, constants.O_WRONLY | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0));
      try {
        if (!(await handle.stat()).isFile()) throw Object.assign(new Error(`${absPath} is not a regular file`), { code: 'ENOTFILE' });
        await handle.write(data);
      } finally {
        await handle.close();
      }
    },
    remove: (absPath) => rm(absPath, { recursive: true, force: true }),
  };
}
