/**
 * Where skills are written, apart from the export's code: lint reads these folders on every SOP it checks, and must
 * not load the export (and the evidence readers it uses) to know them.
 */

/** Where skills go unless the person says otherwise (`sopBuilder.skill.outputFolder`, `sop skill --out`). */
export const DEFAULT_SKILL_FOLDER = '.agents/skills';

/** The other folders agents read skills from: a copy of the export goes to each one chosen. */
export const SKILL_COPY_FOLDERS = { claude: '.claude/skills', github: '.github/skills' } as const;
export type SkillCopyFor = keyof typeof SKILL_COPY_FOLDERS;
/** Claude Code reads only .claude/skills; .github/skills is the folder Copilot recommends and VS Code reads first. */
export const DEFAULT_SKILL_ALSO_FOR: readonly SkillCopyFor[] = ['claude', 'github'];
