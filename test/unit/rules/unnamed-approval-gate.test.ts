import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIXTURES, applyFix, lintAt, of, only, textAt } from '../helpers';

function corpus(name: string): string[] {
  return readFileSync(resolve(FIXTURES, 'gates', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('<!--'));
}

function gateFindings(sentence: string) {
  const text = `# Refunds\n\n## Steps\n\n1. ${sentence}\n`;
  return of(lintAt('sops/x.sop.md', text, only('unnamed-approval-gate')), 'unnamed-approval-gate');
}

describe('rule unnamed-approval-gate', () => {
  it('never flags a gate that names a role, person, handle, team or e-mail (fixture corpus)', () => {
    const falseAlarms = corpus('named.md').filter((s) => gateFindings(s).length > 0);
    assert.deepEqual(falseAlarms, []);
  });

  it('flags every gate that does not say who approves (fixture corpus)', () => {
    const misses = corpus('unnamed.md').filter((s) => gateFindings(s).length === 0);
    assert.deepEqual(misses, []);
  });

  it('leaves sentences that only mention approval alone', () => {
    const flagged = corpus('not-gates.md').filter((s) => gateFindings(s).length > 0);
    assert.deepEqual(flagged, []);
  });

  it('does not let the front-matter approver silently name a gate', () => {
    const text = '---\napprover: Priya Nair (Finance manager)\n---\n# Refunds\n\n## Steps\n\n1. Get approval before paying.\n';
    const found = of(lintAt('sops/x.sop.md', text, only('unnamed-approval-gate')), 'unnamed-approval-gate');
    assert.equal(found.length, 1);
    assert.equal(textAt(text, found[0].range), 'Get approval before paying.');
    assert.match(found[0].message, /does not say who approves/);
  });

  it('counts a name the document gives the approver when the sentence uses it', () => {
    const text = '---\napprover: Priya Nair\n---\n# Refunds\n\n## Steps\n\n1. Wait for Priya before paying: she approves every refund.\n';
    assert.equal(of(lintAt('sops/x.sop.md', text, only('unnamed-approval-gate')), 'unnamed-approval-gate').length, 0);
  });

  it('reads "once approved" as the approval the sentence before names', () => {
    const findings = (body: string) => of(lintAt('sops/x.sop.md', `# Access\n\n## Steps\n\n${body}\n`, only('unnamed-approval-gate')), 'unnamed-approval-gate');
    assert.deepEqual(findings('New admins are approved through the monthly CAB vote. Once approved, they get the vault role.'), []);
    assert.deepEqual(findings('1. Send the access request to the Security lead for approval.\n2. Once approved, add the user to the group.'), []);
    // Nobody is named before it: the gate is reported.
    assert.equal(findings('1. Fill in the access request.\n2. Once approved, add the user to the group.').length, 1);
    // A gate that names nobody, right after a sentence of the same paragraph that says who approves.
    assert.deepEqual(findings('Trips may not be approved by the Travel desk. If in doubt, submit a ticket for pre-approval.'), []);
    assert.equal(findings('1. Trips may not be approved by the Travel desk.\n2. Submit a ticket for pre-approval.').length, 1);
    // Another section's sentence is not the one before.
    assert.equal(findings('Requests go to the Security lead for approval.\n\n## Output\n\nOnce approved, the user is in the group.').length, 1);
  });

  it("reads a table's header as the name of a column, and its cells as what holds", () => {
    const table = (row: string) =>
      of(
        lintAt('sops/x.sop.md', `# Cards\n\n## Steps\n\n| Spend | Approval needed |\n|---|---|\n${row}\n`, only('unnamed-approval-gate')),
        'unnamed-approval-gate',
      );
    assert.deepEqual(table('| Under $500 | Team lead |'), []);
    assert.equal(table('| Over $500 | Only with approval (with approval) |').length, 1);
  });

  it('reports the sentence, not the whole paragraph', () => {
    const text = '# X\n\n## Steps\n\nCheck the totals. Get sign-off before sending. Then archive it.\n';
    const [issue] = of(lintAt('sops/x.sop.md', text, only('unnamed-approval-gate')), 'unnamed-approval-gate');
    assert.equal(textAt(text, issue.range), 'Get sign-off before sending.');
  });

  it('takes extra role words from config', () => {
    const text = '# X\n\n## Steps\n\n1. Get approval from the duty captain before sailing.\n';
    assert.equal(of(lintAt('sops/x.sop.md', text, only('unnamed-approval-gate')), 'unnamed-approval-gate').length, 1);
    const layer = { ...only('unnamed-approval-gate'), roleWords: ['captain'] };
    assert.equal(of(lintAt('sops/x.sop.md', text, layer), 'unnamed-approval-gate').length, 0);
  });

  it('ignores gates in headings, code blocks and front matter', () => {
    const text = '---\nnote: get approval\n---\n# Get approval\n\n## Steps\n\n```\nget approval before sending\n```\n\n`wait for approval`\n';
    assert.equal(of(lintAt('sops/x.sop.md', text, only('unnamed-approval-gate')), 'unnamed-approval-gate').length, 0);
  });

  describe('quick fixes', () => {
    const text =
      '---\napprover: Priya Nair (Finance manager)\nowner: Dana Reyes\n---\n# Refunds\n\n## Steps\n\n1. Refunds over 200 EUR need sign-off before they are paid.\n2. Do not send the email until approved.\n';

    it('names the approver from front matter right after the gate words', () => {
      const result = lintAt('sops/x.sop.md', text, only('unnamed-approval-gate'));
      const titles = of(result, 'unnamed-approval-gate')[0]
        .fixes()
        .map((f) => f.title);
      assert.deepEqual(titles.slice(0, 2), ['Name the approver: Priya Nair (Finance manager)', 'Name the approver: Dana Reyes']);
      const fixed = applyFix(text, result, 'unnamed-approval-gate', 'Name the approver: Priya');
      assert.match(fixed, /1\. Refunds over 200 EUR need sign-off from Priya Nair \(Finance manager\) before they are paid\./);
      const fixed2 = applyFix(text, result, 'unnamed-approval-gate', 'Name the approver: Priya', 1);
      assert.match(fixed2, /2\. Do not send the email until approved by Priya Nair \(Finance manager\)\./);
      const again = lintAt('sops/x.sop.md', fixed, only('unnamed-approval-gate'));
      assert.equal(of(again, 'unnamed-approval-gate').length, 1, 'the fixed gate is no longer reported');
    });

    it('offers a placeholder to type the approver when the document names nobody', () => {
      const bare = '# Refunds\n\n## Steps\n\n- Get approval before paying.\n';
      const result = lintAt('sops/x.sop.md', bare, only('unnamed-approval-gate'));
      const fix = of(result, 'unnamed-approval-gate')[0]
        .fixes()
        .find((f) => f.title === 'Name the approver…')!;
      assert.ok(fix.preferred);
      assert.equal(fix.edits[0].newText, ' from <role or person>');
      assert.equal(fix.edits[0].snippet, ' from ${1:<role or person>}');
    });

    it('adds escalation steps nested under the gate', () => {
      const result = lintAt('sops/x.sop.md', text, only('unnamed-approval-gate'));
      const fixed = applyFix(text, result, 'unnamed-approval-gate', 'Add escalation steps');
      assert.ok(
        fixed.includes(
          '1. Refunds over 200 EUR need sign-off before they are paid.\n   - **Escalate to:** Priya Nair (Finance manager)\n   - **Include:** <what evidence to send: files, screenshots, totals, error text>\n   - **Stop if:** <the condition where you stop rather than guess>\n2. Do not send',
        ),
        fixed,
      );
    });
  });
});
