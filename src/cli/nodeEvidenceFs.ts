import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { EvidenceFs, FsEntry } from '../core/evidence/types';
import { toPosix } from '../core/workspace/paths';

/** The evidence walker's file system over node's fs, for the `sop` CLI and tests. */

function entryOf(absPath: string, name: string, s: Stats): FsEntry {
  const type = s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';
  return { absPath: toPosix(absPath), name, type, size: s.size, mtimeMs: s.mtimeMs };
}

export function createNodeEvidenceFs(): EvidenceFs {
  return {
    async readDir(absPath) {
      // The listing's own types are enough to walk: sizes come from a stat of the files that are read.
      const dirents = await readdir(absPath, { withFileTypes: true });
      const base = absPath.replace(/\/+$/, '');
      return Promise.all(
        dirents.map(async (d) => {
          const p = `${base}/${d.name}`;
          if (d.isSymbolicLink() || d.isDirectory() || d.isFile()) {
            const type = d.isSymbolicLink() ? 'symlink' : d.isDirectory() ? 'directory' : 'file';
            return { absPath: toPosix(p), name: d.name, type, size: 0, mtimeMs: 0 } satisfies FsEntry;
          }
          // Unknown dirent types (some file systems): ask lstat.
          try {
            return entryOf(p, d.name, await lstat(p));
          } catch {
            return { absPath: toPosix(p), name: d.name, type: 'other', size: 0, mtimeMs: 0 } satisfies FsEntry;
          }
        }),
      );
    },
    async stat(absPath) {
      const p = toPosix(absPath);
      return entryOf(p, p.slice(p.lastIndexOf('/') + 1), await stat(absPath));
    },
    async realPath(absPath) {
      return toPosix(await realpath(absPath));
    },
    async readFile(absPath, maxBytes) {
      // O_NONBLOCK: opening a FIFO that slipped through must fail, not hang.
      const handle = await open(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      try {
        const s = await handle.stat();
        if (!s.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
        const want = maxBytes === undefined ? s.size : Math.min(s.size, maxBytes);
        const buf = Buffer.alloc(want);
        let got = 0;
        while (got < want) {
          const { bytesRead } = await handle.read(buf, got, want - got, got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return new Uint8Array(buf.buffer, buf.byteOffset, got);
      } finally {
        await handle.close();
      }
    },
  };
}
