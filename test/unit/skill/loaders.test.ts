import { strict as assert } from 'node:assert';
import { checkSkillLoaders, type LoaderFinding, type SkillLoaderId } from '../../../src/core/skill/loaders';
import { loadsIn, renderLoadsIn, type PlacedSkill } from '../../../src/core/skill/loadsIn';

const BODY = '# Supplier invoice approval\n\nMatch each invoice to its purchase order, then ask the finance lead before paying.\n';
const GOOD =
  'name: supplier-invoice-approval\ndescription: Carries out the "Supplier invoice approval" procedure. Use it when an invoice arrives in the payables inbox.';

function skillMd(frontMatter: string, eol = '\n'): Map<string, string> {
  return new Map([['SKILL.md', `---\n${frontMatter}\n---\n\n${BODY}`.replace(/\n/g, eol)]]);
}

function errors(findings: LoaderFinding[], loader: SkillLoaderId): string[] {
  return findings.filter((f) => f.loader === loader && f.severity === 'error').map((f) => f.rule);
}

/** The same files in every folder an agent reads, as `sop skill` writes them by default. */
function everywhere(files: Map<string, string>, name: string): PlacedSkill[] {
  return ['.agents/skills', '.claude/skills', '.github/skills'].map((dir) => ({ folder: `${dir}/${name}`, findings: checkSkillLoaders(files, name) }));
}

describe('skill loaders: one check list per loader, each check with its source', () => {
  it('finds nothing wrong with a well-formed skill, for any loader', () => {
    assert.deepEqual(checkSkillLoaders(skillMd(GOOD), 'supplier-invoice-approval'), []);
  });

  it('says which loader each finding is for and where the rule is written down', () => {
    const findings = checkSkillLoaders(skillMd('name: Supplier-Invoices\ndescription: Pays invoices.'), 'supplier-invoices');
    assert.deepEqual(errors(findings, 'agent-skills-spec'), ['name-format', 'name-matches-folder']);
    assert.deepEqual(errors(findings, 'vscode'), ['vscode-name-mismatch']);
    assert.deepEqual(errors(findings, 'anthropic'), ['anthropic-name']);
    for (const f of findings) {
      assert.ok(f.source.length > 0, `${f.rule} names its source`);
      assert.match(f.message, /: [a-z]/i, `${f.rule} says what to do`);
    }
    assert.match(findings.find((f) => f.loader === 'vscode')!.source, /promptsServiceImpl\.ts/);
    assert.match(findings.find((f) => f.loader === 'anthropic')!.source, /quick_validate\.py/);
  });

  it('VS Code reads a name over 64 characters cut short, so it no longer matches its folder', () => {
    const long = 'monthly-' + 'a'.repeat(60);
    const findings = checkSkillLoaders(skillMd(`name: ${long}\ndescription: Builds the report.`), long);
    assert.deepEqual(errors(findings, 'vscode'), ['vscode-name-mismatch']);
    assert.match(findings.find((f) => f.rule === 'vscode-name-mismatch')!.message, /cut to 64 characters/);
    assert.deepEqual(errors(findings, 'agent-skills-spec'), ['name-length']);
  });

  it('VS Code drops a skill without a description; it only cuts a long one', () => {
    assert.deepEqual(errors(checkSkillLoaders(skillMd('name: payouts'), 'payouts'), 'vscode'), ['vscode-description-missing']);
    const long = checkSkillLoaders(skillMd(`name: payouts\ndescription: ${'Pays the suppliers. '.repeat(60)}`), 'payouts');
    assert.deepEqual(errors(long, 'vscode'), []);
    assert.ok(long.some((f) => f.rule === 'vscode-description-cut' && f.severity === 'warning'));
  });

  it("Anthropic's validator alone refuses CRLF line ends and keys outside its list", () => {
    const crlf = checkSkillLoaders(skillMd(GOOD, '\r\n'), 'supplier-invoice-approval');
    assert.deepEqual(errors(crlf, 'anthropic'), ['anthropic-front-matter']);
    assert.deepEqual(errors(crlf, 'vscode'), []);
    assert.deepEqual(errors(crlf, 'agent-skills-spec'), []);
    const extra = checkSkillLoaders(skillMd(`${GOOD}\ntags: finance`), 'supplier-invoice-approval');
    assert.deepEqual(errors(extra, 'anthropic'), ['anthropic-keys']);
    assert.deepEqual(errors(extra, 'agent-skills-spec'), ['unknown-key']);
    assert.deepEqual(errors(extra, 'vscode'), [], 'VS Code ignores keys it does not know');
  });

  it('warns about a reserved word in the name without failing Claude Code', () => {
    const files = skillMd('name: claude-rollout\ndescription: Rolls the assistant out to a team. Use it when a team asks for access.');
    const findings = checkSkillLoaders(files, 'claude-rollout');
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity]),
      [['anthropic-reserved-word', 'warning']],
    );
    const claude = loadsIn(everywhere(files, 'claude-rollout'), 'claude-rollout').find((r) => r.agent === 'Claude Code')!;
    assert.equal(claude.loads, true);
    assert.match(claude.why, /refuse it on upload/);
  });

  it('stays fast on a 100k-character hostile description', () => {
    const started = Date.now();
    for (const hostile of ['<'.repeat(100_000), '<a'.repeat(50_000), `${'-'.repeat(50_000)}>`]) {
      checkSkillLoaders(skillMd(`name: payouts\ndescription: "${hostile}"`), 'payouts');
    }
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

describe('the "loads in" table', () => {
  it('shows every agent loading a valid skill exported to all three folders, VS Code from .github/skills', () => {
    const rows = loadsIn(everywhere(skillMd(GOOD), 'supplier-invoice-approval'), 'supplier-invoice-approval');
    assert.deepEqual(
      rows.map((r) => [r.agent, r.loads, r.folder]),
      [
        ['Codex', true, '.agents/skills/supplier-invoice-approval'],
        ['Claude Code', true, '.claude/skills/supplier-invoice-approval'],
        ['VS Code / Copilot', true, '.github/skills/supplier-invoice-approval'],
      ],
    );
    assert.match(
      rows[2].why,
      /\.agents\/skills\/supplier-invoice-approval and \.claude\/skills\/supplier-invoice-approval hold the same files, skipped as duplicates/,
    );
    const table = renderLoadsIn(rows);
    assert.match(table, /^loads in:\n {2}✓ Codex +\.agents\/skills\/supplier-invoice-approval: passes the Agent Skills specification\.$/m);
    assert.match(table, /^ {2}✓ Claude Code +\.claude\/skills\/supplier-invoice-approval: passes Anthropic's skill validator\.$/m);
  });

  it('marks every agent ✗, with the rule and its source, for a name the spec and VS Code refuse', () => {
    const files = skillMd('name: Supplier Invoices\ndescription: Pays supplier invoices. Use it on the 1st of the month.');
    const rows = loadsIn(everywhere(files, 'supplier-invoices'), 'supplier-invoices');
    assert.deepEqual(
      rows.map((r) => r.loads),
      [false, false, false],
    );
    assert.match(rows[0].why, /may only use lowercase letters.*\(name-format; agentskills\.io\/specification/);
    assert.match(
      rows[2].why,
      /VS Code reads the name as "Supplier Invoices".*not the folder name "supplier-invoices".*\(vscode-name-mismatch; microsoft\/vscode/,
    );
    assert.match(renderLoadsIn(rows), /^ {2}✗ VS Code \/ Copilot {2}\.github\/skills\/supplier-invoices: VS Code reads/m);
  });

  it('says which copy is missing and how to add it', () => {
    const placed = [{ folder: '.agents/skills/payouts', findings: [] }];
    const rows = loadsIn(placed, 'payouts');
    assert.deepEqual(
      rows.map((r) => [r.agent, r.loads]),
      [
        ['Codex', true],
        ['Claude Code', false],
        ['VS Code / Copilot', true],
      ],
    );
    assert.equal(rows[1].why, 'no copy in .claude/skills: export the Claude Code copy (setting sopBuilder.skill.alsoFor, or sop skill --also claude).');
    assert.equal(rows[2].folder, '.agents/skills/payouts');
  });

  it('names a skill of the same name that an agent finds first', () => {
    const placed = everywhere(skillMd(GOOD), 'supplier-invoice-approval').filter((p) => !p.folder.startsWith('.github/'));
    const rows = loadsIn(placed, 'supplier-invoice-approval', [{ folder: '.github/skills/supplier-invoice-approval', kind: 'someone-else' }]);
    const vscode = rows.find((r) => r.agent === 'VS Code / Copilot')!;
    assert.deepEqual([vscode.loads, vscode.cause, vscode.folder], [false, 'other-skill', '.github/skills/supplier-invoice-approval']);
    assert.match(vscode.why, /holds a skill SOP Builder did not export, so it loads that one: rename one of the two\.$/);
    assert.deepEqual(
      rows.filter((r) => r.agent !== 'VS Code / Copilot').map((r) => r.loads),
      [true, true],
    );
  });
});
