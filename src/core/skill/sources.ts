import { decodeText } from '../evidence/decode';
import { createSensitiveRules, type SensitiveRules } from '../evidence/sensitive';
import { sensitiveNameReason } from '../approval/copyRules';
import { readHead, readRefusal } from '../approval/evidenceFiles';
import type { Workspace } from '../workspace/port';
import { resolveInside, type InsidePath } from '../workspace/inside';
import { MAX_SKILL_RESOURCE_BYTES, type SkillSourceRead } from './export';

/**
 * The host's side of reading a file for a skill, the same in the editor and the command line: where the file
 * really is decides first, then its names, then what kind of file it is, and only then are bytes read.
 */

const defaultRules = createSensitiveRules();

/** Before any stat: undefined to go on, 'missing' to say nothing, or why the file is not read. */
export function skillSourceWhere(rel: string, where: InsidePath, rules: SensitiveRules = defaultRules): SkillSourceRead | 'missing' | undefined {
  if (!where.inside) return { refused: where.reason };
  if (!where.exists) return 'missing';
  const name = sensitiveNameReason(rel, where.realRel, rules);
  return name ? { refused: name } : undefined;
}

/** After the stat: undefined to read at most MAX_SKILL_RESOURCE_BYTES, 'missing' for a folder, or why not. */
export function skillSourceStat(stat: { type: string; size: number }): SkillSourceRead | 'missing' | undefined {
  if (stat.type === 'directory') return 'missing';
  const refused = readRefusal(stat, MAX_SKILL_RESOURCE_BYTES, 'copy into a skill');
  return refused ? { refused } : undefined;
}

/** The bytes read (at most the limit + 1): text with where it really is, or why it is not copied. */
export function skillSourceText(bytes: Uint8Array, where: { realRel: string }): SkillSourceRead {
  if (bytes.length > MAX_SKILL_RESOURCE_BYTES)
    return { refused: `too large to copy into a skill: over the ${MAX_SKILL_RESOURCE_BYTES / 1024 / 1024} MB limit` };
  const decoded = decodeText(bytes);
  if ('binary' in decoded) return { refused: `a binary file (${decoded.binary}): a skill copies scripts and text only` };
  return { text: decoded.text, target: where.realRel };
}

/** A file the export asks for, read through the editor's or node's file system by the rules above. */
export async function readSkillSource(root: string, rel: string, disk: Workspace, rules: SensitiveRules = defaultRules): Promise<SkillSourceRead | undefined> {
  const where = await resolveInside(root, rel, disk.realPath);
  const before = skillSourceWhere(rel, where, rules);
  if (before !== undefined || !where.inside) return before === 'missing' ? undefined : before;
  const kind = skillSourceStat(await disk.stat(where.real));
  if (kind !== undefined) return kind === 'missing' ? undefined : kind;
  return skillSourceText(await readHead(disk, where.real, MAX_SKILL_RESOURCE_BYTES + 1), where);
}
