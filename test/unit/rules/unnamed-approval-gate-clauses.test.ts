import { strict as assert } from 'node:assert';
import { findGate } from '../../../src/core/sop/gates';
import { lintAt, of, only } from '../helpers';

/** Findings of the rule on one list item of a small SOP. */
function findings(sentence: string, roleWords?: string[]) {
  const text = `# Release\n\n## Steps\n\n1. ${sentence}\n`;
  const layer = roleWords ? { ...only('unnamed-approval-gate'), roleWords } : only('unnamed-approval-gate');
  return of(lintAt('sops/x.sop.md', text, layer), 'unnamed-approval-gate');
}

const unreported = (sentences: string[], roleWords?: string[]) => sentences.filter((s) => findings(s, roleWords).length > 0);
const missed = (sentences: string[]) => sentences.filter((s) => findings(s).length !== 1);

describe('unnamed-approval-gate reads the gate clause', () => {
  it('accepts roles it has no list entry for: titles in capitals, "the X", maintainers, committers, channels', () => {
    assert.deepEqual(
      unreported([
        'Do not page the wider engineering org until cleared by the Incident Commander.',
        'We push to the beta channel as soon as the QA signs off for the build.',
        'The first reviewer should approve the change, and the second reviewer should merge it.',
        'Do not tag the release until a maintainer in #release-dev has approved the notes.',
        'Changes to the stable branch must be approved by a committer.',
        'The Fix Lead must approve the disclosure date before the announcement goes out.',
        'Wait for the release shepherd to sign off before you publish the tarball.',
        'The release needs at least three PMC members to vote +1 on it.',
        'Employees must request approval for the purchase from the QMO.',
        'The change must have two reviews from people from the platform group.',
        'Publish the advisory only after reviewing it with the security lead.',
        'Every change to the release channels must be signed off by at least two people from the release team.',
        'Once a Cargo team member has approved the backport, start sending pull requests.',
        'Purchases above 10k need sign-off from two budget holders.',
        'Do not start the migration until the DBA has given the go-ahead.',
        'Ask your lead for a review before you merge.',
        'The consent form must be countersigned by a second nurse.',
        'Escalate to the security team and wait for their go-ahead.',
      ]),
      [],
    );
  });

  it('reports gates whose clause names nobody', () => {
    assert.deepEqual(
      missed([
        'Do not share anything about the outage outside the team until you have approval to do so.',
        'Receive sign off on the final wording of the customer e-mail and schedule it for Monday.',
        'Merge the change log PR after review is complete.',
        'Only approved builds of the installer should be uploaded to the download site.',
        'Any change to the production rules must be signed off by at least two people.',
        'Rebase the branch, dismiss the stale approvals, and ask for a new review.',
        'Open the pull request against the release branch, wait for CI to pass and get an approval.',
        'The deploy job should be started when the release is signed off.',
        'Extra spend outside the plan would need to be reviewed separately.',
        'If nobody else is around, let others peer-review the branch before continuing.',
        'No changes may be deployed to production without a sign-off.',
        'Do not restart the service until it has been reviewed and approved.',
      ]),
      [],
    );
  });

  it('does not let someone named elsewhere in the sentence, for something else, name the gate', () => {
    assert.equal(findings('Tell the Finance manager, then wait for approval before paying.').length, 1);
    assert.equal(findings('Upload the build to staging, notify the QA team, and wait for sign-off.').length, 1);
    assert.equal(findings('Do not e-mail the Support lead until the refund is approved.').length, 1);
    assert.equal(findings('Spending beyond what the Board of Directors approved would need to be reviewed separately.').length, 1);
    assert.equal(findings('Do not e-mail customers until the refund is approved by the Support lead.').length, 0);
  });

  it('leaves cadences, state names, reading instructions, evidence, outcomes, permissions and questions alone', () => {
    assert.deepEqual(
      unreported([
        'Each procedure should be reviewed at least annually.',
        'Core processes must be reviewed at minimum once per year.',
        'Once the draft is ready for review, the author moves it to the review folder.',
        'Move the document to the "under review" folder.',
        'Please take a moment to review the guide above before continuing.',
        'Review the generated notes carefully before adding them to the change log.',
        'For approval, you must attach a receipt to the expense report.',
        'If the candidate is not approved, fix the problem and cut the next candidate.',
        'If/when approved, a confirmation e-mail is sent to you and your manager.',
        'When a change like this is reviewed, you can simply approve it.',
        'The reviewer can approve the pull request once the tests pass.',
        "It's fine to ask for a second review in the description if you are unsure.",
        "You don't have to ask permission before buying a book under 30 USD.",
        'Records do not usually require a review and release step.',
        'What remediation actions need approval?',
        'Keep an eye on approved cherry-picks so they do not get stuck.',
        'The approval process is described in the finance handbook.',
        'Decisions may take up to two days once the functional approval has been obtained.',
        'Standard changes are pre-approved and need no further review.',
      ]),
      [],
    );
  });

  it('takes the approval of the sentence before for "Upon approval"', () => {
    const text =
      '# Buying\n\n## Steps\n\nThe requester asks their supervisor for budget approval. The supervisor checks the budget and approves or denies the request. Upon approval, the requester places the order.\n';
    assert.equal(of(lintAt('sops/x.sop.md', text, only('unnamed-approval-gate')), 'unnamed-approval-gate').length, 0);
    const alone = '# Buying\n\n## Steps\n\nUpon approval, the requester places the order.\n';
    assert.equal(of(lintAt('sops/x.sop.md', alone, only('unnamed-approval-gate')), 'unnamed-approval-gate').length, 1);
  });

  it('keeps the roleWords setting for roles that are neither a known head word nor in capitals', () => {
    const sentence = 'Get approval from the duty captain before sailing.';
    assert.equal(findings(sentence).length, 1);
    assert.equal(findings(sentence, ['captain']).length, 0);
  });

  it('puts the quick-fix name where the gate ends', () => {
    assert.deepEqual(findGate('Receive sign off on the final copy.')?.slot, { at: 'after-match', prefix: ' from ' });
    assert.deepEqual(findGate('Do not post until cleared.')?.slot, { at: 'after-match', prefix: ' by ' });
    assert.deepEqual(findGate('If the totals differ, stop and ask.')?.slot, { at: 'after-match', prefix: ' ' });
  });

  it('stays fast on long adversarial sentences', () => {
    const hostile = [
      'Do not merge until approved by '.repeat(4000),
      'approval '.repeat(12000),
      `${'a'.repeat(50)}-`.repeat(2000) + ' review',
      `?${' '.repeat(100_000)}x approval`,
      `${'for review, '.repeat(9000)}wait for sign-off`,
    ];
    for (const sentence of hostile) {
      const t0 = performance.now();
      findGate(sentence);
      findings(sentence.slice(0, 100_000));
      assert.ok(performance.now() - t0 < 2000, `took ${Math.round(performance.now() - t0)} ms`);
    }
  });
});
