import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EvidenceDisk } from '../core/approval/evidenceFiles';
import { toPosix } from '../core/workspace/paths';

/**
 * Bounded reads of files on this machine's disk, shared by the `sop` command line and the editor (for local
 * workspaces, where links can be resolved): regular files only, in chunks, never past a limit.
 */

const CHUNK = 1024 * 1024;
// O_NONBLOCK: a FIFO that slipped through opens and reads empty instead of hanging.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function typeOf(s: { isFile(): boolean; isDirectory(): boolean }): 'file' | 'directory' | 'other' {
  return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
}

/**
 * Reads a regular file from the start in chunks, at most `maxBytes` (callers pass limit + 1 to see that a file
 * is over its limit). Throws for anything but a regular file; never reads a device or pipe.
 */
export function forEachChunkSync(abs: string, maxBytes: number, onChunk: (chunk: Uint8Array) => void): void {
  const fd = openSync(abs, READ_FLAGS);
  try {
    if (!fstatSync(fd).isFile()) throw new Error('not a regular file');
    const buf = Buffer.alloc(Math.min(CHUNK, Math.max(1, maxBytes)));
    for (let total = 0; total < maxBytes; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, maxBytes - total), null);
      if (n === 0) break;
      total += n;
      onChunk(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

/** The first `maxBytes` bytes of a regular file (pass a limit + 1 to see whether a file is over it). */
export function readHeadSync(abs: string, maxBytes: number): Uint8Array {
  const parts: Buffer[] = [];
  let size = 0;
  forEachChunkSync(abs, maxBytes, (c) => {
    parts.push(Buffer.from(c));
    size += c.length;
  });
  return new Uint8Array(Buffer.concat(parts, size));
}

/** Approval's file access over node's fs (tests, and any command-line approval). */
export function createNodeEvidenceDisk(): EvidenceDisk {
  return {
    realPath: async (p) => toPosix(await realpath(p)),
    async stat(p) {
      const s = await stat(p);
      return { type: typeOf(s), size: s.size, mtimeMs: s.mtimeMs };
    },
    async *readChunks(p, maxBytes) {
      const handle = await open(p, READ_FLAGS);
      try {
        if (!(await handle.stat()).isFile()) throw new Error('not a regular file');
        for (let total = 0; total < maxBytes; ) {
          const buf = Buffer.alloc(Math.min(CHUNK, maxBytes - total));
          const { bytesRead } = await handle.read(buf, 0, buf.length, null);
          if (bytesRead === 0) break;
          total += bytesRead;
          yield buf.subarray(0, bytesRead);
        }
      } finally {
        await handle.close();
      }
    },
    async writeFile(p, data) {
      await mkdir(dirname(p), { recursive: true });
      // "wx": never through a link that appeared where the copy goes.
      await writeFile(p, data, { flag: 'wx' });
    },
    async deleteFolder(p) {
      await rm(p, { recursive: true, force: true });
    },
  };
}
