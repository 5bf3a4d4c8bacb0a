import { createHash } from 'node:crypto';
import type { SensitiveRules } from '../evidence/sensitive';
import { resolveInside } from '../workspace/inside';
import type { Workspace } from '../workspace/port';
import { copyRefusal, MAX_COPIED_BYTES } from './evidenceCopies';
import { evidenceCopyPath, evidenceCopyRoot, type EvidenceCopyPlacement } from '../sop/evidenceCopyPaths';
import { EVIDENCE_COPY_FOLDER, isEvidenceCopy } from '../workspace/evidenceCopyFolder';

/** Evidence is hashed in chunks up to this size; a bigger file is reported, not read. */
export const MAX_HASHED_BYTES = 256 * 1024 * 1024;

export type HashedEvidence =
  | { status: 'hashed'; sha256: string; bytes: number; mtimeMs: number; /** The real file's workspace-relative path. */ target: string; data?: Uint8Array }
  | { status: 'missing' }
  | { status: 'refused'; reason: string };

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Why a file with this stat is not read at all, or undefined. */
export function readRefusal(stat: { type: string; size: number }, limit = MAX_HASHED_BYTES, purpose = 'hash'): string | undefined {
  if (stat.type === 'directory') return 'a folder, not a file: list the files in it one by one';
  if (stat.type !== 'file') return 'not a regular file (a pipe, socket or device): not read';
  if (stat.size > limit) return `too large to ${purpose}: ${megabytes(stat.size)}, over the ${megabytes(limit)} limit`;
  return undefined;
}

/**
 * Hashes one evidence file named by an SOP, inside the workspace only, reading a regular file of bounded size
 * in chunks. With `keepUpTo`, the bytes hashed are returned too when the file is no bigger.
 */
export async function hashEvidenceFile(root: string, path: string, disk: Workspace, keepUpTo = 0): Promise<HashedEvidence> {
  const where = await resolveInside(root, path, disk.realPath);
  if (!where.inside) return { status: 'refused', reason: where.reason };
  if (!where.exists) return { status: 'missing' };
  let stat;
  try {
    stat = await disk.stat(where.real);
  } catch {
    return { status: 'missing' };
  }
  const refused = readRefusal(stat);
  if (refused) return { status: 'refused', reason: refused };
  const hash = createHash('sha256');
  const kept: Uint8Array[] = [];
  let bytes = 0;
  try {
    for await (const chunk of disk.readChunks(where.real, MAX_HASHED_BYTES + 1)) {
      bytes += chunk.length;
      if (bytes > MAX_HASHED_BYTES)
        return { status: 'refused', reason: `too large to hash: it grew over the ${megabytes(MAX_HASHED_BYTES)} limit while being read` };
      hash.update(chunk);
      if (bytes <= keepUpTo) kept.push(chunk);
    }
  } catch {
    return { status: 'missing' };
  }
  const data = bytes <= keepUpTo ? concat(kept, bytes) : undefined;
  return { status: 'hashed', sha256: hash.digest('hex'), bytes, mtimeMs: stat.mtimeMs, target: where.realRel, data };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The first `maxBytes` bytes of a regular file (pass a limit + 1 to learn that a file is over it). */
export async function readHead(disk: Workspace, absPath: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const c of disk.readChunks(absPath, maxBytes)) {
    chunks.push(c);
    size += c.length;
  }
  return concat(chunks, size);
}

/** Hashes every listed file for an approval, keeping the bytes of those small enough to copy. */
export async function hashForApproval(root: string, paths: string[], disk: Workspace): Promise<Map<string, HashedEvidence>> {
  const out = new Map<string, HashedEvidence>();
  // One at a time: memory stays at one file's chunks, and a slow disk is not flooded.
  for (const path of paths) out.set(path, await hashEvidenceFile(root, path, disk, MAX_COPIED_BYTES));
  return out;
}

export interface KeptCopies {
  /** Workspace-relative folder holding the copies, when any were kept. */
  folder?: string;
  copied: string[];
  /** Evidence not copied, and why (in words to show). */
  notCopied: Array<{ path: string; reason: string }>;
}

/**
 * Keeps a copy of each hashed evidence file (the very bytes hashed), replacing the copies of an earlier approval
 * of this SOP. The copy folder and every copy are checked to be inside the workspace, in an evidence-copy
 * folder, after links: a folder that leads anywhere else is neither emptied nor written.
 */
export async function keepEvidenceCopies(
  root: string,
  sopRel: string,
  placement: EvidenceCopyPlacement,
  hashed: Map<string, HashedEvidence>,
  disk: Workspace,
  sensitive?: SensitiveRules,
): Promise<KeptCopies> {
  const folder = evidenceCopyRoot(sopRel, placement);
  if (!folder) return { copied: [], notCopied: [] };
  const place = await resolveInside(root, folder, disk.realPath);
  if (!place.inside || !isEvidenceCopy(place.realRel)) {
    const why = place.inside ? `it leads to ${place.realRel || 'the workspace root'}, which is not a ${EVIDENCE_COPY_FOLDER} folder` : place.reason;
    const reason = `the copy folder ${folder} is refused (${why}); remove that link, or set "sopBuilder.approval.evidenceCopies" to "off"`;
    return { copied: [], notCopied: [...hashed].filter(([, h]) => h.status === 'hashed').map(([path]) => ({ path, reason })) };
  }
  await disk.remove(place.abs);
  const result: KeptCopies = { copied: [], notCopied: [] };
  const written = new Set<string>();
  for (const [path, h] of hashed) {
    if (h.status !== 'hashed') continue;
    const refusal =
      copyRefusal(path, h.bytes, { target: h.target, data: h.data, sensitive }) ?? (h.data ? undefined : 'its bytes were not kept when it was hashed');
    const copy = evidenceCopyPath(sopRel, placement, path);
    const dest = copy && !refusal ? await resolveInside(root, copy, disk.realPath) : undefined;
    if (refusal || !dest?.inside || !isEvidenceCopy(dest.realRel)) {
      result.notCopied.push({
        path,
        reason: refusal ?? (dest && !dest.inside ? dest.reason : 'outside the workspace: list files inside the workspace folder'),
      });
      continue;
    }
    // "data/x.csv" and "./data/x.csv" are one file, with one copy.
    if (written.has(dest.real)) continue;
    written.add(dest.real);
    try {
      await disk.write(dest.real, h.data!);
      result.copied.push(path);
    } catch (e) {
      result.notCopied.push({
        path,
        reason: `could not be written to ${copy} (${e instanceof Error ? e.message : String(e)}): check that the folder is writable`,
      });
    }
  }
  if (result.copied.length > 0) result.folder = folder;
  return result;
}
