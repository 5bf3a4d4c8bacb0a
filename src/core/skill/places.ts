import { readText, type Workspace } from '../workspace/port';
import { driftOf, parseSkillRecord, sha256, SKILL_RECORD, skillOwner, type SkillDrift } from './record';
import { SKILL_FILE } from './validate';

/** Skill files are small; a bigger file found in a skill folder is hashed on its first bytes only. */
const MAX_READ = 4 * 1024 * 1024;

/** What a folder the skill is about to be written to holds now. */
export interface SkillFolderState {
  /** 'none': nothing there; 'sop-builder': an earlier export; 'someone-else': a folder SOP Builder did not write. */
  holds: 'none' | 'sop-builder' | 'someone-else';
  /** Whether the folder has a SKILL.md (a folder without one is not a skill at all). */
  hasSkillMd: boolean;
  /** Files changed, added or removed by hand since the export (empty without a record to compare with). */
  drift: SkillDrift[];
  /** An earlier export without a record: its hand edits cannot be told apart. */
  unrecorded: boolean;
  /** The SOP an earlier export with a record came from. */
  sop?: string;
}

export async function skillFolderState(ws: Workspace, folder: string): Promise<SkillFolderState> {
  if (!(await ws.exists(folder))) return { holds: 'none', hasSkillMd: false, drift: [], unrecorded: false };
  if ((await ws.stat(folder)).type !== 'directory') return { holds: 'someone-else', hasSkillMd: false, drift: [], unrecorded: false };
  const files = await folderFiles(ws, folder);
  const record = parseSkillRecord(files.has(SKILL_RECORD) ? new TextDecoder().decode(files.get(SKILL_RECORD)) : undefined);
  const skillMd = files.has(SKILL_FILE) ? new TextDecoder().decode(files.get(SKILL_FILE)) : undefined;
  const hasSkillMd = skillMd !== undefined;
  const holds = hasSkillMd || record ? skillOwner(record, skillMd) : 'someone-else';
  const hashes = new Map([...files].map(([rel, bytes]) => [rel, sha256(bytes)]));
  return { holds, hasSkillMd, drift: record ? driftOf(record, hashes) : [], unrecorded: holds === 'sop-builder' && !record, sop: record?.sop };
}

/** The files under a folder, by path relative to it, as bytes. */
export async function folderFiles(ws: Workspace, dir: string, prefix = '', out = new Map<string, Uint8Array>()): Promise<Map<string, Uint8Array>> {
  for (const e of await ws.list(dir)) {
    if (e.type === 'directory') await folderFiles(ws, e.absPath, `${prefix}${e.name}/`, out);
    else if (e.type === 'file') out.set(prefix + e.name, await ws.read(e.absPath, MAX_READ).catch(() => new Uint8Array()));
  }
  return out;
}

/** The files under a folder as text, as the validators see them. */
export async function folderTexts(ws: Workspace, dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await ws.list(dir)) {
    if (e.type === 'directory') for (const [rel, t] of await folderTexts(ws, e.absPath)) out.set(`${e.name}/${rel}`, t);
    else if (e.type === 'file') out.set(e.name, await readText(ws, e.absPath, MAX_READ).catch(() => ''));
  }
  return out;
}
