import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintSop, type LintResult } from '../../../src/core/lint/lint';
import type { ExportedSkillFolder, SkillFacts } from '../../../src/core/lint/skillFacts';
import { EXPORT_SKILL_COMMAND } from '../../../src/core/lint/rules/skill-drift';
import { bodyHash } from '../../../src/core/sop/approvalRecord';
import { SKILL_RECORD } from '../../../src/core/skill/record';
import { planSkillExport, writeSkillExport } from '../../../src/core/usecases/exportSkill';
import { exportedSkills, sopSkillFacts } from '../../../src/core/usecases/skillFacts';
import { openSop } from '../../../src/core/usecases/sop';
import { toPosix } from '../../../src/core/workspace/paths';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { link, put } from '../../support/tempTree';
import { config, of, only } from '../helpers';

const SOP_PATH = 'sops/month-end-close.sop.md';
const SOP = `---
title: Month-end close
owner: Priya Shah (Accountant)
---

# Month-end close

## Why this matters

The books must close by the third working day or the board pack is late.

## Steps

1. Export the trial balance from Xero to \`exports/trial-balance.csv\`.
2. Ask Omar Haddad (Finance director) to sign off the accruals before posting them.
3. Post the accruals journal in Xero.
`;
const TITLE_LINE = 5;
const NAME = 'month-end-close';
const COPY = `.claude/skills/${NAME}`;

function folder(dir: string, o: Partial<ExportedSkillFolder> = {}): ExportedSkillFolder {
  return { folder: `${dir}/${NAME}`, handEdits: [], exportDigest: 'export-1', sopBodySha256: bodyHash(SOP), exportedOn: '2026-11-02', ...o };
}

function threeFolders(o: { claude?: Partial<ExportedSkillFolder>; all?: Partial<ExportedSkillFolder> } = {}): SkillFacts {
  return {
    foldersUnread: 0,
    folders: [folder('.agents/skills', o.all), folder('.claude/skills', { ...o.all, ...o.claude }), folder('.github/skills', o.all)],
  };
}

function lint(text: string, skills: SkillFacts | undefined): LintResult {
  return lintSop({ text, filePath: `/ws/${SOP_PATH}`, config: config(only('skill-drift')), skills });
}

const messages = (text: string, skills: SkillFacts | undefined) => of(lint(text, skills), 'skill-drift').map((f) => f.message);

describe('rule skill-drift', () => {
  it('reports a copy changed by hand on the title line, with the export as its fix', () => {
    const found = of(lint(SOP, threeFolders({ claude: { handEdits: [{ file: 'SKILL.md', change: 'changed' }] } })), 'skill-drift');
    assert.deepEqual(
      found.map((f) => f.message),
      [
        `\`${COPY}/SKILL.md\` was changed by hand since the skill was exported: export again to put it back, or bring the change into the SOP so the next export keeps it.`,
      ],
    );
    assert.equal(found[0].range.start.line, TITLE_LINE);
    assert.equal(SOP.split('\n')[TITLE_LINE], '# Month-end close');
    const fix = found[0].fixes()[0];
    assert.deepEqual(fix.command, { id: EXPORT_SKILL_COMMAND, args: [] });
    assert.deepEqual(fix.edits, [], 'the fix changes no text: it runs the export');
  });

  it('says what to do about a file added or removed in a copy', () => {
    const skills = threeFolders({
      claude: {
        handEdits: [
          { file: 'notes.md', change: 'added' },
          { file: 'scripts/post_accruals.py', change: 'removed' },
        ],
      },
    });
    assert.deepEqual(messages(SOP, skills), [
      `\`${COPY}/notes.md\` was added by hand since the skill was exported: export again to remove it, or bring it into the SOP so the next export keeps it.`,
      `\`${COPY}/scripts/post_accruals.py\` was removed by hand since the skill was exported: export again to put it back, or take it out of the SOP so the next export leaves it out.`,
    ]);
  });

  it('is silent when every copy is what the export of the current text wrote, and without facts', () => {
    assert.deepEqual(messages(SOP, threeFolders()), []);
    assert.deepEqual(messages(SOP, undefined), []);
    assert.deepEqual(messages(SOP, { folders: [], foldersUnread: 0 }), []);
  });

  it('reports the SOP changed since the export, but not for a front-matter change such as an approval', () => {
    const edited = SOP.replace('3. Post the accruals journal in Xero.', '3. Post the accruals journal in Xero and attach the sign-off.');
    assert.deepEqual(messages(edited, threeFolders()), [
      'The SOP changed since its skill was exported on 2026-11-02: export the skill again so agents follow the current text.',
    ]);
    const approved = SOP.replace('owner: Priya Shah (Accountant)', 'owner: Priya Shah (Accountant)\nstatus: approved\napproved: 2026-11-20');
    assert.deepEqual(messages(approved, threeFolders()), []);
  });

  it('does not compare the body with a record written before the body hash was kept', () => {
    const edited = SOP.replace('Xero.', 'Xero today.');
    assert.deepEqual(messages(edited, threeFolders({ all: { sopBodySha256: undefined } })), []);
  });

  it('names a copy that holds another export than the others', () => {
    const stale = threeFolders({ claude: { exportDigest: 'export-0', sopBodySha256: 'a'.repeat(64), exportedOn: '2026-09-14' } });
    assert.deepEqual(messages(SOP, stale), [
      `\`${COPY}\` holds another export of this skill than \`.agents/skills/${NAME}\` (exported on 2026-09-14, not 2026-11-02), so the agents that read it follow different instructions: export again so every copy is the same.`,
    ]);
  });

  it('names ten hand edits and counts the rest in one more finding', () => {
    const handEdits = Array.from({ length: 14 }, (_, i) => ({ file: `references/note-${String(i).padStart(2, '0')}.md`, change: 'added' as const }));
    const found = messages(SOP, threeFolders({ claude: { handEdits } }));
    assert.equal(found.length, 11);
    assert.match(found[9], /note-09\.md/);
    assert.match(found[10], /^4 more files in the skill's folders were changed, added or removed by hand/);
  });

  it('shows a hostile file name from a record or a folder as one short line, quickly', () => {
    const file = `SKILL.md\u202e\n# injected \`${'a\u0000b`'.repeat(25_000)}`;
    const started = Date.now();
    const [message] = messages(SOP, threeFolders({ claude: { handEdits: [{ file, change: 'changed' }] } }));
    assert.ok(Date.now() - started < 2000);
    const name = message.slice(1, message.indexOf('` was changed by hand'));
    assert.ok(name.length <= 200, `${name.length} characters`);
    for (const c of ['\n', '\u0000', '\u202e', '`']) assert.ok(!name.includes(c), `no ${JSON.stringify(c)} in the name`);
    assert.ok(name.startsWith(`${COPY}/SKILL.md # injected`), name.slice(0, 60));
  });

  it('reports on the first line of an SOP without a title, and says how many skill folders were not read', () => {
    const untitled = '## Steps\n\n1. Post the accruals journal in Xero.\n';
    const facts = { ...threeFolders({ claude: { tooManyFiles: true } }), foldersUnread: 3 };
    const found = of(lint(untitled, facts), 'skill-drift');
    assert.deepEqual(
      found.map((f) => f.range.start.line),
      [0, 0],
    );
    assert.match(found[1].message, /^`\.claude\/skills\/month-end-close` holds far more files than the export wrote/);
    assert.match(found[1].message, / 3 more skill folders were not read \(lint reads the first ones only\), so a copy there is not checked\.$/);
  });
});

describe('skill facts from the workspace', () => {
  let root: string;
  beforeEach(() => {
    root = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-skill-drift-'))));
    put(root, SOP_PATH, SOP);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function exported() {
    const ws = createNodeWorkspace(root);
    const sop = await openSop(ws, `${root}/${SOP_PATH}`);
    const plan = await planSkillExport(ws, sop, { outFolder: '.agents/skills', also: ['claude', 'github'] });
    await writeSkillExport(ws, plan);
    return ws;
  }

  it('finds the three folders of a fresh export, each as written and from the current text', async () => {
    const ws = await exported();
    const facts = await sopSkillFacts(ws, { root, relPath: SOP_PATH });
    assert.ok(facts);
    assert.deepEqual(
      facts.folders.map((f) => [f.folder, f.handEdits, f.sopBodySha256]),
      ['.agents/skills', '.claude/skills', '.github/skills'].map((d) => [`${d}/${NAME}`, [], bodyHash(SOP)]),
    );
    assert.equal(new Set(facts.folders.map((f) => f.exportDigest)).size, 1, 'one export');
    assert.match(facts.folders[0].exportedOn ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(messages(SOP, facts), []);
    assert.equal(await sopSkillFacts(ws, { root, relPath: 'sops/other.sop.md' }), undefined, "another SOP's facts");
  });

  it('looks in the configured skill folder, and only there besides the copies', async () => {
    const ws = createNodeWorkspace(root);
    const plan = await planSkillExport(ws, await openSop(ws, `${root}/${SOP_PATH}`), { outFolder: 'team/skills', also: ['claude'] });
    await writeSkillExport(ws, plan);
    const configured = await sopSkillFacts(ws, { root, relPath: SOP_PATH }, { outFolder: 'team/skills/' });
    assert.deepEqual(
      configured?.folders.map((f) => f.folder),
      [`team/skills/${NAME}`, COPY],
    );
    const byDefault = await sopSkillFacts(ws, { root, relPath: SOP_PATH });
    assert.deepEqual(
      byDefault?.folders.map((f) => f.folder),
      [COPY],
    );
  });

  it('sees a hand edit in a copy, a file over the size limit, and an older record without the body hash', async () => {
    const ws = await exported();
    const skillMd = join(root, COPY, 'SKILL.md');
    writeFileSync(skillMd, readFileSync(skillMd, 'utf8') + '\nAlso e-mail the board pack to Omar.\n');
    put(root, `.github/skills/${NAME}/big.log`, 'x'.repeat(1024 * 1024 + 1));
    const record = join(root, `.agents/skills/${NAME}`, SKILL_RECORD);
    const old = JSON.parse(readFileSync(record, 'utf8')) as Record<string, unknown>;
    delete old.sopBodySha256;
    writeFileSync(record, JSON.stringify(old, null, 2) + '\n');
    utimesSync(record, new Date('2026-10-01T12:00:00Z'), new Date('2026-10-01T12:00:00Z'));
    const facts = (await sopSkillFacts(ws, { root, relPath: SOP_PATH }))!;
    assert.deepEqual(
      facts.folders.map((f) => [f.folder, f.handEdits.map((e) => `${e.file} ${e.change}`), f.sopBodySha256 !== undefined, f.exportedOn]),
      [
        [`.agents/skills/${NAME}`, [], false, '2026-10-01'],
        [COPY, ['SKILL.md changed'], true, facts.folders[1].exportedOn],
        [`.github/skills/${NAME}`, ['big.log added'], true, facts.folders[2].exportedOn],
      ],
    );
  });

  it('reads at most the given number of skill folders, and none through a skills folder linked out of the workspace', async function () {
    this.timeout(5000);
    const ws = await exported();
    const outside = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-skill-outside-'))));
    try {
      put(outside, `${NAME}/${SKILL_RECORD}`, readFileSync(join(root, COPY, SKILL_RECORD), 'utf8'));
      rmSync(join(root, '.github/skills'), { recursive: true });
      link(root, '.github/skills', outside);
      const started = Date.now();
      const all = await exportedSkills(ws, root);
      assert.deepEqual(
        all.bySop.get(SOP_PATH)!.map((s) => s.folder),
        [`.agents/skills/${NAME}`, COPY],
      );
      const two = await exportedSkills(ws, root, { maxFolders: 1 });
      assert.equal(two.unread, 1);
      assert.ok(Date.now() - started < 2000);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
