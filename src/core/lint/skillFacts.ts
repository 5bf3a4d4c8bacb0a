/**
 * Where the SOP's exported skill is now, handed to lint as data (as run facts are): each folder whose
 * `.sop-skill.json` record names the SOP, with what was changed there by hand since the export.
 * `usecases/skillFacts.ts` reads them through the workspace port; lint only reads these, never a skill folder.
 */

export type SkillFileChange = 'changed' | 'added' | 'removed';

export interface ExportedSkillFolder {
  /** Workspace-relative folder, e.g. `.claude/skills/refund-a-customer`. */
  folder: string;
  /** Files changed, added or removed by hand since the export (paths inside the folder). */
  handEdits: Array<{ file: string; change: SkillFileChange }>;
  /** The folder holds more files than are read: far more than an export writes, so it was added to by hand. */
  tooManyFiles?: boolean;
  /** One value per export (a digest of the files its record lists): copies from the same export share it. */
  exportDigest: string;
  /** The SOP's body hash when the skill was exported; records written before it was kept have none. */
  sopBodySha256?: string;
  /** The day the record was written (YYYY-MM-DD, from its file's time), when known. */
  exportedOn?: string;
}

export interface SkillFacts {
  /** The canonical folder first, then the copies for other agents. */
  folders: ExportedSkillFolder[];
  /** Skill folders left unread because only the first ones are read. */
  foldersUnread: number;
}
