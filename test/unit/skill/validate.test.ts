import { strict as assert } from 'node:assert';
import { validateSkill, type SkillRuleId } from '../../../src/core/skill/validate';

const GOOD_BODY = '# Monthly report\n\nRun [the cleaner](scripts/clean.py), then read [the guide](references/guide.md).\n';

function skill(
  frontMatter: string,
  body = GOOD_BODY,
  extra: Record<string, string> = { 'scripts/clean.py': 'print(1)\n', 'references/guide.md': '# Guide\n' },
): Map<string, string> {
  return new Map([['SKILL.md', `---\n${frontMatter}\n---\n\n${body}`], ...Object.entries(extra)]);
}

const GOOD = 'name: monthly-report\ndescription: Builds the monthly report. Use it on the 2nd business day of the month.';

function rules(files: Map<string, string>, folder = 'monthly-report'): SkillRuleId[] {
  return validateSkill(files, folder).map((p) => p.rule);
}

function only(files: Map<string, string>, rule: SkillRuleId, folder = 'monthly-report'): void {
  const problems = validateSkill(files, folder);
  assert.deepEqual(
    problems.map((p) => p.rule),
    [rule],
    JSON.stringify(problems),
  );
  // Every message says what is wrong and what to do: a colon separates the two.
  assert.match(problems[0].message, /: [a-z]/i);
}

describe('validateSkill (Agent Skills specification)', () => {
  it('passes a well-formed skill with optional license, compatibility and metadata', () => {
    const fm = `${GOOD}\nlicense: Apache-2.0\ncompatibility: Needs python3\nmetadata:\n  owner: ops`;
    assert.deepEqual(validateSkill(skill(fm), 'monthly-report'), []);
  });

  describe('missing-skill-md', () => {
    it('passes when SKILL.md is there', () => assert.deepEqual(rules(skill(GOOD)), []));
    it('fails a folder without SKILL.md', () => only(new Map([['scripts/clean.py', 'x']]), 'missing-skill-md'));
  });

  describe('bad-front-matter', () => {
    it('passes YAML front matter', () => assert.deepEqual(rules(skill(GOOD)), []));
    it('fails SKILL.md without front matter', () => only(new Map([['SKILL.md', '# Just a heading\n']]), 'bad-front-matter'));
    it('fails front matter that is not valid YAML', () => only(skill('name: [monthly-report\ndescription: x'), 'bad-front-matter'));
    it('fails front matter that is a list, not a map', () => only(skill('- name\n- description'), 'bad-front-matter'));
  });

  describe('name-length', () => {
    const long = 'a'.repeat(64);
    it('passes a 64-character name', () => assert.deepEqual(rules(skill(`name: ${long}\ndescription: d`), long), []));
    it('fails a 65-character name', () => only(skill(`name: ${long}a\ndescription: d`), 'name-length', long + 'a'));
    it('fails a missing name', () => only(skill('description: d'), 'name-length'));
  });

  describe('name-format', () => {
    it('passes lowercase letters, digits and single hyphens', () => assert.deepEqual(rules(skill('name: q3-close-2\ndescription: d'), 'q3-close-2'), []));
    for (const bad of ['Monthly-Report', 'monthly_report', '-monthly', 'monthly-', 'monthly--report', 'monthly report']) {
      it(`fails "${bad}"`, () => only(skill(`name: "${bad}"\ndescription: d`), 'name-format', bad));
    }
  });

  describe('name-matches-folder', () => {
    it('passes when the folder has the same name', () => assert.deepEqual(rules(skill(GOOD), 'monthly-report'), []));
    it('fails when the folder is named differently', () => only(skill(GOOD), 'name-matches-folder', 'monthly-reports'));
  });

  describe('description-length', () => {
    it('passes 1024 characters', () => assert.deepEqual(rules(skill(`name: monthly-report\ndescription: ${'d'.repeat(1024)}`)), []));
    it('fails 1025 characters', () => only(skill(`name: monthly-report\ndescription: ${'d'.repeat(1025)}`), 'description-length'));
    it('fails an empty description', () => only(skill('name: monthly-report\ndescription: ""'), 'description-length'));
  });

  describe('description-angle-brackets', () => {
    it('passes a description without angle brackets', () => assert.deepEqual(rules(skill(GOOD)), []));
    it('fails a description with < or >', () =>
      only(skill('name: monthly-report\ndescription: Builds the report for "<month>"'), 'description-angle-brackets'));
  });

  describe('metadata-map', () => {
    it('passes a map', () => assert.deepEqual(rules(skill(`${GOOD}\nmetadata:\n  team: finance`)), []));
    it('fails a string', () => only(skill(`${GOOD}\nmetadata: finance`), 'metadata-map'));
  });

  describe('unknown-key', () => {
    it('passes only the keys of the specification', () => assert.deepEqual(rules(skill(`${GOOD}\nlicense: MIT`)), []));
    it('fails any other top-level key', () => {
      const problems = validateSkill(skill(`${GOOD}\nowner: Sam Lee`), 'monthly-report');
      assert.deepEqual(
        problems.map((p) => p.rule),
        ['unknown-key'],
      );
      assert.match(problems[0].message, /"owner".*move it under metadata/);
    });
  });

  describe('link-missing', () => {
    it('passes links to files in the folder (and ignores URLs and anchors)', () => {
      assert.deepEqual(rules(skill(GOOD, `${GOOD_BODY}\nSee [docs](https://example.com/x.md) and [above](#steps).\n`)), []);
    });
    it('fails a link to a file that is not in the folder', () => {
      only(skill(GOOD, 'Run [it](scripts/missing.py).\n'), 'link-missing');
    });
    it('fails a reference definition and an image to missing files', () => {
      assert.deepEqual(rules(skill(GOOD, 'See [guide][g] and ![chart](assets/chart.png).\n\n[g]: references/nope.md\n')), ['link-missing', 'link-missing']);
    });
  });

  describe('link-too-deep', () => {
    it('passes one level deep', () => assert.deepEqual(rules(skill(GOOD, 'Read [it](./references/guide.md).\n')), []));
    it('fails two levels deep', () => only(skill(GOOD, 'Read [it](references/a/b.md).\n', { 'references/a/b.md': 'x' }), 'link-too-deep'));
    it('fails a link that climbs out of the folder', () => only(skill(GOOD, 'Read [it](../x.md).\n'), 'link-too-deep'));
    it('fails an absolute path', () => only(skill(GOOD, 'Read [it](/etc/x.md).\n'), 'link-too-deep'));
  });
});
