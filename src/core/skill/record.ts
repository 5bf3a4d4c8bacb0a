import { createHash } from 'node:crypto';
import { readFrontMatter, SKILL_FILE } from './validate';

/**
 * The record SOP Builder keeps in every folder it exports a skill to: which SOP it came from and the hash of
 * each file as written. It marks the folder as SOP Builder's (a folder without it is someone's own skill and is
 * never replaced), and it is how a file changed by hand in any copy is told apart from the export.
 */
export const SKILL_RECORD = '.sop-skill.json';
const EXPORTED_BY = 'SOP Builder';

export interface SkillRecord {
  exportedBy: typeof EXPORTED_BY;
  /** Workspace-relative path of the SOP the skill was exported from. */
  sop: string;
  /** Path inside the skill folder → sha256 of its bytes. */
  files: Record<string, string>;
  /** The SOP's body hash when the skill was exported (as approval records it); records from before it was kept have none. */
  sopBodySha256?: string;
}

/** A file of an earlier export that is no longer what SOP Builder wrote. */
export interface SkillDrift {
  /** Path inside the skill folder. */
  file: string;
  change: 'changed' | 'added' | 'removed';
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The record's text for a skill's files; the same files give the same bytes, so every copy stays identical. */
export function renderSkillRecord(files: Map<string, string>, sopPath: string, sopBodySha256?: string): string {
  const hashes: Record<string, string> = {};
  for (const rel of [...files.keys()].filter((f) => f !== SKILL_RECORD).sort()) hashes[rel] = sha256(files.get(rel)!);
  const record: SkillRecord = { exportedBy: EXPORTED_BY, sop: sopPath, files: hashes, ...(sopBodySha256 ? { sopBodySha256 } : {}) };
  return JSON.stringify(record, null, 2) + '\n';
}

export function parseSkillRecord(text: string | undefined): SkillRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as Partial<SkillRecord>;
    if (data?.exportedBy !== EXPORTED_BY || typeof data.sop !== 'string' || typeof data.files !== 'object' || data.files === null) return undefined;
    const files = Object.fromEntries(Object.entries(data.files).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const body = typeof data.sopBodySha256 === 'string' && /^[0-9a-f]{64}$/i.test(data.sopBodySha256) ? data.sopBodySha256.toLowerCase() : undefined;
    return { exportedBy: EXPORTED_BY, sop: data.sop, files, ...(body ? { sopBodySha256: body } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Whose skill a folder holds: 'sop-builder' with its record, 'sop-builder' without one when SKILL.md names its SOP
 * in metadata.source (exports from before the record), otherwise 'someone-else'.
 */
export function skillOwner(record: SkillRecord | undefined, skillMd: string | undefined): 'sop-builder' | 'someone-else' {
  if (record) return 'sop-builder';
  const fm = skillMd === undefined ? undefined : readFrontMatter(skillMd);
  const metadata = fm && 'data' in fm ? fm.data.metadata : undefined;
  const source = metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>).source : undefined;
  return typeof source === 'string' && /\.(?:md|markdown)$/i.test(source) ? 'sop-builder' : 'someone-else';
}

/** The files that differ from the record: changed, added by hand, or removed. `hashes`: path → sha256 now. */
export function driftOf(record: SkillRecord, hashes: Map<string, string>): SkillDrift[] {
  const out: SkillDrift[] = [];
  for (const [file, hash] of Object.entries(record.files)) {
    const now = hashes.get(file);
    if (now === undefined) out.push({ file, change: 'removed' });
    else if (now !== hash) out.push({ file, change: 'changed' });
  }
  for (const file of hashes.keys()) if (file !== SKILL_RECORD && !(file in record.files)) out.push({ file, change: 'added' });
  return out.sort((a, b) => (a.file === SKILL_FILE ? -1 : b.file === SKILL_FILE ? 1 : a.file.localeCompare(b.file)));
}
