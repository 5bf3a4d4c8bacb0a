import type { ExportedSkillFolder, SkillFacts } from '../lint/skillFacts';
import { driftOf, parseSkillRecord, sha256, SKILL_RECORD, type SkillRecord } from '../skill/record';
import { isInside } from '../workspace/paths';
import { readText, type Workspace } from '../workspace/port';
import { DEFAULT_SKILL_FOLDER, SKILL_COPY_FOLDERS } from '../skill/folders';

/** Skill folders read for lint, across the three skill folders: far more skills than a workspace exports. */
export const MAX_SKILL_FOLDERS_LINTED = 200;
/** Files in a skill folder are read up to this size; a bigger one is not what the export wrote (it copies nothing bigger). */
export const MAX_SKILL_FILE_BYTES = 1024 * 1024;
/** Files and folder depth read in one skill folder: an export writes a handful, a folder beyond these was added to by hand. */
const MAX_FILES_PER_SKILL = 500;
const MAX_DEPTH = 8;

/** A skill folder holding SOP Builder's record, and when the record was written. */
interface RecordedSkill {
  /** Workspace-relative folder. */
  folder: string;
  record: SkillRecord;
  recordMtimeMs: number;
}

/** The records found in the skill folders, by the SOP each names (workspace-relative). */
export interface ExportedSkills {
  bySop: Map<string, RecordedSkill[]>;
  /** Skill folders not read, past MAX_SKILL_FOLDERS_LINTED. */
  unread: number;
}

/** The folders skills are exported to: the configured one (workspace-relative), then the copies' folders. */
export function skillFoldersOf(outFolder: string = DEFAULT_SKILL_FOLDER): string[] {
  let own = outFolder.replace(/\\/g, '/').replace(/^\.\//, '');
  while (own.endsWith('/')) own = own.slice(0, -1);
  const usable = own && !own.startsWith('/') && !/^[a-z]:/i.test(own) && !own.split('/').includes('..') ? own : DEFAULT_SKILL_FOLDER;
  return [...new Set([usable, ...Object.values(SKILL_COPY_FOLDERS)])];
}

/** Reads the record of every skill folder in the skill folders: once for a whole `sop lint`, once per SOP in the editor. */
export async function exportedSkills(ws: Workspace, root: string, o: { outFolder?: string; maxFolders?: number } = {}): Promise<ExportedSkills> {
  const max = o.maxFolders ?? MAX_SKILL_FOLDERS_LINTED;
  const bySop = new Map<string, RecordedSkill[]>();
  let seen = 0;
  let unread = 0;
  for (const base of skillFoldersOf(o.outFolder)) {
    const abs = `${root}/${base}`;
    // A skills folder that is a link out of the workspace is not read (the export refuses to write there too).
    const real = await ws.realPath(abs).catch(() => undefined);
    if (!real || !isInside(root, real)) continue;
    const entries = await ws.list(abs).catch(() => []);
    for (const e of entries.filter((x) => x.type === 'directory').sort((a, b) => a.name.localeCompare(b.name))) {
      if (++seen > max) {
        unread++;
        continue;
      }
      const found = await readRecord(ws, `${e.absPath}/${SKILL_RECORD}`);
      if (!found) continue;
      const list = bySop.get(found.record.sop) ?? [];
      list.push({ folder: `${base}/${e.name}`, ...found });
      bySop.set(found.record.sop, list);
    }
  }
  return { bySop, unread };
}

async function readRecord(ws: Workspace, path: string): Promise<{ record: SkillRecord; recordMtimeMs: number } | undefined> {
  const st = await ws.stat(path).catch(() => undefined);
  if (!st || st.type !== 'file' || st.size > MAX_SKILL_FILE_BYTES) return undefined;
  const record = parseSkillRecord(await readText(ws, path, MAX_SKILL_FILE_BYTES).catch(() => undefined));
  return record && { record, recordMtimeMs: st.mtimeMs };
}

/**
 * Where the SOP's exported skill is now, for lint (both hosts): each folder whose record names the SOP, with the
 * files changed by hand since. Undefined when no skill folder names it. `skills` is the records already read.
 */
export async function sopSkillFacts(
  ws: Workspace,
  sop: { root: string; relPath: string },
  o: { skills?: ExportedSkills; outFolder?: string } = {},
): Promise<SkillFacts | undefined> {
  const skills = o.skills ?? (await exportedSkills(ws, sop.root, { outFolder: o.outFolder }));
  const mine = skills.bySop.get(sop.relPath);
  if (!mine || mine.length === 0) return undefined;
  const folders: ExportedSkillFolder[] = [];
  for (const s of mine) {
    const now = await currentHashes(ws, `${sop.root}/${s.folder}`);
    folders.push({
      folder: s.folder,
      handEdits: now.tooMany ? [] : driftOf(s.record, now.hashes),
      ...(now.tooMany ? { tooManyFiles: true } : {}),
      exportDigest: sha256(JSON.stringify(Object.entries(s.record.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))),
      ...(s.record.sopBodySha256 ? { sopBodySha256: s.record.sopBodySha256 } : {}),
      ...(s.recordMtimeMs > 0 ? { exportedOn: new Date(s.recordMtimeMs).toISOString().slice(0, 10) } : {}),
    });
  }
  return { folders, foldersUnread: skills.unread };
}

/** Path inside the folder → sha256 now; a link, a device or a file over the size limit gets a value no export wrote. */
async function currentHashes(ws: Workspace, dir: string): Promise<{ hashes: Map<string, string>; tooMany: boolean }> {
  const hashes = new Map<string, string>();
  let tooMany = false;
  const walk = async (folder: string, prefix: string, depth: number): Promise<void> => {
    const entries = await ws.list(folder).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (tooMany) return;
      if (e.type === 'directory') {
        if (depth >= MAX_DEPTH) tooMany = true;
        else await walk(e.absPath, `${prefix}${e.name}/`, depth + 1);
        continue;
      }
      if (hashes.size >= MAX_FILES_PER_SKILL) {
        tooMany = true;
        return;
      }
      hashes.set(prefix + e.name, e.type === 'file' ? await fileHash(ws, e.absPath) : `not a file: ${e.type}`);
    }
  };
  await walk(dir, '', 0);
  return { hashes, tooMany };
}

async function fileHash(ws: Workspace, path: string): Promise<string> {
  const st = await ws.stat(path).catch(() => undefined);
  if (!st) return 'unreadable';
  if (st.size > MAX_SKILL_FILE_BYTES) return `over the size limit: ${st.size} bytes`;
  return ws.read(path, MAX_SKILL_FILE_BYTES).then(sha256, () => 'unreadable');
}
