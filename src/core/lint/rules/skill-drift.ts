import type { SopDocument } from '../../sop/model';
import { bodyHash } from '../../sop/approvalRecord';
import type { Range } from '../../text/range';
import { MAX_RECORDED_CHARS, oneLine } from '../recordedText';
import type { ExportedSkillFolder, SkillFacts } from '../skillFacts';
import type { Fix, Rule, RuleIssue } from '../types';

/** The editor's command that exports the SOP as a skill; the quick fix runs it on the SOP (the CLI ignores it). */
export const EXPORT_SKILL_COMMAND = 'sopBuilder.exportSkill';
/** Hand edits named one by one; more are counted in one last finding. */
const MAX_NAMED_EDITS = 10;

const EXAMPLE_SOP = `# Refund a customer

## Why this matters

A refund sent twice is money the shop does not get back.

## Steps

1. Find the order in the Shopify admin and check the amount paid.
2. Issue the refund in the Shopify admin.
`;

/** The three folders an export of the example SOP wrote, as they are when nobody touched them. */
function exampleFolders(edited?: string): SkillFacts {
  const sopBodySha256 = bodyHash(EXAMPLE_SOP);
  return {
    foldersUnread: 0,
    folders: ['.agents/skills', '.claude/skills', '.github/skills'].map((dir) => ({
      folder: `${dir}/refund-a-customer`,
      handEdits: dir === edited ? [{ file: 'SKILL.md', change: 'changed' as const }] : [],
      exportDigest: 'export-of-2026-11-02',
      sopBodySha256,
      exportedOn: '2026-11-02',
    })),
  };
}

export const skillDrift: Rule = {
  id: 'skill-drift',
  aliases: ['skill-changed'],
  description: "The SOP's exported skill, and every copy of it for other agents, is still what the export of the current text wrote.",
  defaultSeverity: 'warning',
  docs: {
    summary: 'Exported skills match the SOP',
    fixable: true,
    failing: {
      caption: 'one finding, given that `.claude/skills/refund-a-customer/SKILL.md` was edited by hand after the export',
      sop: EXAMPLE_SOP,
      skills: exampleFolders('.claude/skills'),
    },
    passing: {
      caption: 'exported again: every copy is what the export wrote, from the current text',
      sop: EXAMPLE_SOP,
      skills: exampleFolders(),
    },
  },
  check({ doc, skills }) {
    if (!skills || skills.folders.length === 0) return [];
    const range = titleLine(doc);
    const note =
      skills.foldersUnread > 0
        ? ` ${skills.foldersUnread} more skill folders were not read (lint reads the first ones only), so a copy there is not checked.`
        : '';
    const issue = (message: string): RuleIssue => ({ range, message: message + note, fixes: () => [exportAgain()] });
    const now = currentBodyHash(doc.text);
    const reference = referenceFolder(skills.folders, now);
    const issues: RuleIssue[] = [];
    const changed = sopChangedSince(skills.folders, now);
    if (changed) issues.push(issue(changed));
    const edits = skills.folders.flatMap((f) => f.handEdits.map((e) => ({ path: shown(`${f.folder}/${e.file}`), change: e.change })));
    for (const e of edits.slice(0, MAX_NAMED_EDITS)) issues.push(issue(handEditMessage(e.path, e.change)));
    if (edits.length > MAX_NAMED_EDITS) {
      issues.push(
        issue(
          `${edits.length - MAX_NAMED_EDITS} more files in the skill's folders were changed, added or removed by hand since the skill was exported: export again to put them back, or bring the changes into the SOP so the next export keeps them.`,
        ),
      );
    }
    for (const f of skills.folders.filter((x) => x.tooManyFiles)) {
      issues.push(
        issue(
          `\`${shown(f.folder)}\` holds far more files than the export wrote, so files were added to it by hand since the skill was exported: export again to remove them, or bring what the agent needs into the SOP so the next export keeps it.`,
        ),
      );
    }
    for (const f of skills.folders.filter((x) => x.exportDigest !== reference.exportDigest)) {
      const dates =
        f.exportedOn && reference.exportedOn && f.exportedOn !== reference.exportedOn ? ` (exported on ${f.exportedOn}, not ${reference.exportedOn})` : '';
      issues.push(
        issue(
          `\`${shown(f.folder)}\` holds another export of this skill than \`${shown(reference.folder)}\`${dates}, so the agents that read it follow different instructions: export again so every copy is the same.`,
        ),
      );
    }
    return issues;
  },
};

/** A path as a message shows it: names on disk and in a record are anyone's, so one short line without backticks. */
function shown(path: string): string {
  return oneLine(path, MAX_RECORDED_CHARS).replace(/`/g, "'");
}

function exportAgain(): Fix {
  // The command gets the SOP's URI after these arguments (see the editor's code actions).
  return { title: 'Export the skill again (SOP: Export as Skill)', edits: [], command: { id: EXPORT_SKILL_COMMAND, args: [] } };
}

function handEditMessage(path: string, change: 'changed' | 'added' | 'removed'): string {
  if (change === 'added')
    return `\`${path}\` was added by hand since the skill was exported: export again to remove it, or bring it into the SOP so the next export keeps it.`;
  if (change === 'removed')
    return `\`${path}\` was removed by hand since the skill was exported: export again to put it back, or take it out of the SOP so the next export leaves it out.`;
  return `\`${path}\` was changed by hand since the skill was exported: export again to put it back, or bring the change into the SOP so the next export keeps it.`;
}

/** "The SOP changed since …" when no folder was exported from the current text (only records that kept the hash count). */
function sopChangedSince(folders: ExportedSkillFolder[], now: string): string | undefined {
  const recorded = folders.filter((f) => f.sopBodySha256 !== undefined);
  if (recorded.length === 0 || recorded.some((f) => f.sopBodySha256 === now)) return undefined;
  const newest = recorded
    .map((f) => f.exportedOn)
    .filter((d): d is string => d !== undefined)
    .sort()
    .pop();
  return `The SOP changed since its skill was exported${newest ? ` on ${newest}` : ''}: export the skill again so agents follow the current text.`;
}

/** The copy the others are compared with: one exported from the current text, else the newest, else the canonical one. */
function referenceFolder(folders: ExportedSkillFolder[], now: string): ExportedSkillFolder {
  const current = folders.find((f) => f.sopBodySha256 === now);
  if (current) return current;
  const dated = folders.filter((f) => f.exportedOn !== undefined).sort((a, b) => b.exportedOn!.localeCompare(a.exportedOn!));
  return dated[0] ?? folders[0];
}

/** The title's line, or the first line: the finding is about the whole SOP. */
function titleLine(doc: SopDocument): Range {
  if (doc.title) {
    const line = doc.title.range.start.line;
    return { start: { line, character: 0 }, end: { line, character: doc.lines.lineLength(line) } };
  }
  return { start: { line: 0, character: 0 }, end: { line: 0, character: doc.lines.lineLength(0) } };
}

/** The body hash of the last text seen: the editor lints the same text several times, and as you type. */
let lastBody: { text: string; hash: string } | undefined;
function currentBodyHash(text: string): string {
  if (lastBody?.text !== text) lastBody = { text, hash: bodyHash(text) };
  return lastBody.hash;
}
