import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { indexFolder } from '../../support/indexFolder';
import type { EvidenceFact, EvidenceFacts } from '../../../src/core/workspace/evidenceFacts';
import { lintSop } from '../../../src/core/lint/lint';
import { reviewSop, type ReviewAnswer, type ReviewQuestionId, type ReviewReport } from '../../../src/core/review/review';
import { toPosix } from '../../../src/core/workspace/paths';
import { REPO } from '../helpers';

const WS = toPosix(resolve(REPO, 'test/unit/review/fixtures/close-ws'));
const index = indexFolder(WS);

function sopText(name: string): string {
  return readFileSync(resolve(WS, 'sops', name), 'utf8');
}

function review(name: string, text = sopText(name), extra: { workspace?: boolean; evidence?: EvidenceFacts } = {}): ReviewReport {
  return reviewSop({ text, filePath: `${WS}/sops/${name}`, workspace: extra.workspace === false ? undefined : index, evidence: extra.evidence });
}

function answer(report: ReviewReport, id: ReviewQuestionId): ReviewAnswer {
  const a = report.answers.find((x) => x.id === id);
  assert.ok(a, `no answer for ${id}`);
  return a;
}

/** The 0-based line of the first line of `text` that contains `words`. */
function lineOf(text: string, words: string): number {
  const n = text.split('\n').findIndex((l) => l.includes(words));
  assert.ok(n >= 0, `"${words}" is not in the SOP`);
  return n;
}

/** Reviews a fixture SOP (or a changed copy of its text) and returns the text, the report and one answer. */
function reviewed(name: string, id: ReviewQuestionId, text = sopText(name)) {
  const report = review(name, text);
  return { text, report, answer: answer(report, id) };
}

function verdicts(report: ReviewReport): Record<string, string> {
  return Object.fromEntries(report.answers.map((a) => [a.id, a.verdict]));
}

const GOOD = 'payout-reconciliation.sop.md';

describe('reviewSop', () => {
  describe('a complete SOP', () => {
    const report = review(GOOD);

    it('answers yes to all seven questions and is ready to approve', () => {
      assert.deepEqual(verdicts(report), { inputs: 'yes', judgment: 'yes', gates: 'yes', done: 'yes', failures: 'yes', sensitive: 'yes', paths: 'yes' });
      assert.equal(report.ready, true);
      assert.deepEqual(report.lint, { errors: 0, warnings: 0, info: 0 });
      assert.equal(report.title, 'Stripe payout reconciliation');
      assert.match(report.reasons[0], /No lint errors remain, none of the seven questions is answered "no" and nothing is left open/);
      assert.deepEqual(report.openItems, []);
    });

    it('asks the seven questions in order', () => {
      assert.deepEqual(
        report.answers.map((a) => a.id),
        ['inputs', 'judgment', 'gates', 'done', 'failures', 'sensitive', 'paths'],
      );
      assert.equal(answer(report, 'inputs').question, 'Does it include every input someone needs before starting?');
    });

    it('counts the kinds of steps and names the judgment call and the gate with their lines', () => {
      const text = sopText(GOOD);
      const judgment = answer(report, 'judgment');
      assert.match(judgment.summary, /^6 steps: 4 mechanical, 1 judgment, 1 approval gate, 0 unmarked; 3 decision points explained\.$/);
      const step4 = judgment.findings.find((f) => f.text.startsWith('Step 4 is a judgment call'));
      assert.ok(step4);
      assert.equal(step4.line, lineOf(text, '4. Look at every payout'));
      const gate = answer(report, 'gates').findings.find((f) => f.text.startsWith('Step 5:'));
      assert.ok(gate);
      assert.match(gate.text, /approved by Priya Nair \(Finance manager\)/);
      assert.equal(gate.line, lineOf(text, '5. Send `out/payout-reconciliation'));
    });

    it('finds the customer-data rule and the scripts the steps run', () => {
      const text = sopText(GOOD);
      const rule = answer(report, 'sensitive').findings.find((f) => f.text.startsWith('Handling rule'));
      assert.ok(rule);
      assert.equal(rule.line, lineOf(text, 'do not paste or forward customer data'));
      const paths = answer(report, 'paths').findings.map((f) => f.text);
      assert.ok(paths.includes('Step 3 runs `scripts/reconcile_payouts.py`: found at scripts/reconcile_payouts.py.'), paths.join('\n'));
    });

    it('gives the same answers from a lint already made (the use cases pass it)', () => {
      const text = sopText(GOOD);
      const linted = lintSop({ text, filePath: `${WS}/sops/${GOOD}`, workspace: index });
      const fromIssues = reviewSop({ text, filePath: `${WS}/sops/${GOOD}`, workspace: index, linted });
      assert.deepEqual(fromIssues, report);
    });
  });

  describe('1. inputs', () => {
    it('is "no" without an Inputs section, and the SOP is not ready', () => {
      const report = review('refund-batch.sop.md');
      const inputs = answer(report, 'inputs');
      assert.equal(inputs.verdict, 'no');
      assert.match(inputs.summary, /There is no Inputs section/);
      assert.equal(report.ready, false);
      assert.equal(report.lint.errors, 0, 'only a missing-section warning: the "no" alone blocks approval');
      assert.ok(
        report.reasons.some((r) => /^Inputs — answered "no": There is no Inputs section.* Next: Add an "Inputs needed" section/.test(r)),
        report.reasons.join('\n'),
      );
    });

    it('is "partly" when a step uses a file or a tool the Inputs section does not list', () => {
      const text = sopText(GOOD).replace(
        '6. Save the signed-off reconciliation',
        '6. Load the refunds with `psql -f scripts/load.sql` and compare them with `exports/2026-10/refund-requests.csv` — mechanical.\n7. Save the signed-off reconciliation',
      );
      const inputs = answer(review(GOOD, text), 'inputs');
      assert.equal(inputs.verdict, 'partly');
      const file = inputs.findings.find((f) => f.text.includes('`exports/2026-10/refund-requests.csv`'));
      assert.ok(file, inputs.findings.map((f) => f.text).join('\n'));
      assert.match(file.text, /^Step 6 uses `exports\/2026-10\/refund-requests\.csv`, which the Inputs section does not list: "Load the refunds with psql/);
      assert.equal(file.line, lineOf(text, '6. Load the refunds'));
      assert.ok(inputs.findings.some((f) => f.text.startsWith('Step 6 runs `psql`, which the Inputs section does not list as a tool')));
      assert.match(inputs.summary, /does not list 1 file the steps use and 1 tool they run \(`psql`\)/);
    });

    it('does not count files a step writes or cites as evidence as missing inputs', () => {
      const inputs = answer(review(GOOD), 'inputs');
      assert.ok(!inputs.findings.some((f) => f.text.includes('out/payout-reconciliation')));
    });
  });

  describe('2. mechanical vs judgment', () => {
    it('is "no" when no step is marked, quoting each step at its line', () => {
      const { text, report, answer: judgment } = reviewed('customer-onboarding.sop.md', 'judgment');
      assert.equal(judgment.verdict, 'no');
      assert.match(judgment.summary, /^5 steps: 0 mechanical, 0 judgment, 0 approval gates, 5 unmarked: no step is marked/);
      const step2 = judgment.findings.find((f) => f.text.startsWith('Step 2 '));
      assert.deepEqual(step2, {
        text: 'Step 2 does not say whether it is mechanical or a judgment call: "Set the payment terms to 30 days."',
        line: lineOf(text, '2. Set the payment terms'),
      });
      assert.equal(judgment.findings.filter((f) => /does not say whether it is mechanical/.test(f.text)).length, 5);
      assert.equal(report.ready, false);
    });

    it('is "partly" when some steps are marked and one is not', () => {
      const text = sopText(GOOD).replace("with the month's close papers — mechanical.", "with the month's close papers.");
      const judgment = answer(review(GOOD, text), 'judgment');
      assert.equal(judgment.verdict, 'partly');
      assert.deepEqual(
        judgment.findings.filter((f) => f.text.includes('does not say whether')).map((f) => f.line),
        [lineOf(text, '6. Save the signed-off')],
      );
    });
  });

  describe('3. gates', () => {
    it('is "no" for a gate that does not name who approves, and the lint error blocks approval', () => {
      const { text, report, answer: gates } = reviewed('supplier-payments.sop.md', 'gates');
      assert.equal(gates.verdict, 'no');
      const line = lineOf(text, '5. Get approval before releasing');
      assert.deepEqual(
        gates.findings.find((f) => f.line === line),
        { text: 'Step 5: "Get approval before releasing the payment batch." — does not say who approves.', line },
      );
      assert.equal(report.ready, false);
      assert.match(report.reasons[0], new RegExp(`^1 lint error remains \\(unnamed-approval-gate on line ${line + 1}\\): fix it`));
      assert.match(gates.next ?? '', /Name the role or person who approves/);
    });

    it('reports an escalation section that leaves something out', () => {
      const text = sopText(GOOD)
        .replace(/- \*\*Include:\*\*.*\n/, '')
        .replace(/- \*\*Stop if\*\*.*\n/, '');
      const gates = answer(review(GOOD, text), 'gates');
      assert.equal(gates.verdict, 'partly');
      assert.ok(
        gates.findings.some((f) => f.text.startsWith('incomplete-escalation (warning): Escalation does not say what evidence to include, when to stop')),
      );
    });
  });

  describe('4. done', () => {
    it('is "partly" when a quality check does not say what to look at', () => {
      const text = sopText(GOOD).replace('- Every payout id in the export appears in the reconciliation exactly once.', '- Make sure everything looks right.');
      const done = answer(review(GOOD, text), 'done');
      assert.equal(done.verdict, 'partly');
      assert.deepEqual(
        done.findings.find((f) => f.text.startsWith('This check')),
        { text: 'This check does not say what to look at or what passes: "Make sure everything looks right."', line: lineOf(text, 'Make sure everything') },
      );
    });

    it('is "no" without an expected output or quality checks', () => {
      const text = sopText(GOOD)
        .replace(/## Quality checks[\s\S]*?(?=## Common failures)/, '')
        .replace(/## Expected output[\s\S]*$/, '');
      assert.equal(answer(review(GOOD, text), 'done').verdict, 'no');
    });
  });

  describe('5. failures', () => {
    it('is "no" when no failure says how to recover, quoting each', () => {
      const { text, report, answer: failures } = reviewed('stock-count.sop.md', 'failures');
      assert.equal(failures.verdict, 'no');
      assert.match(failures.summary, /"Common failures" lists 3 failure cases; 3 of them do not say how to recover/);
      assert.deepEqual(
        failures.findings.map((f) => f.line),
        [lineOf(text, 'scanner battery'), lineOf(text, 'Items without a barcode'), lineOf(text, 'count sheet totals')],
      );
      assert.equal(failures.findings[0].text, 'This failure does not say how to recover: "The scanner battery runs out halfway through an aisle."');
      assert.equal(report.ready, false);
    });

    it('is "yes" when each failure says what to do', () => {
      assert.equal(answer(review('refund-batch.sop.md'), 'failures').verdict, 'yes');
    });
  });

  describe('6. sensitive data', () => {
    it('is a hard "no" for a secret pasted into the SOP, quoted only redacted', () => {
      const { text, report, answer: sensitive } = reviewed('daily-sales-sync.sop.md', 'sensitive');
      assert.equal(sensitive.verdict, 'no');
      assert.equal(report.lint.errors, 0, 'the linter does not look for secrets; the review does');
      assert.equal(report.ready, false);
      const secret = sensitive.findings[0];
      assert.equal(secret.line, lineOf(text, 'SHOP_API_TOKEN=Zq8'));
      assert.match(secret.text, /^A secret \(secret value\) is written in the SOP: ".*SHOP_API_TOKEN=\[redacted: secret value\]/);
      assert.ok(!JSON.stringify(report).includes('Zq8Xw7Vu6Ts5'), 'the report never repeats the secret');
      assert.ok(report.reasons.some((r) => /^Sensitive data — answered "no".*rotate it/.test(r)));
    });

    it('is "partly" when customer data is mentioned without a rule for handling it, which does not block approval', () => {
      const text = sopText(GOOD)
        .replace(/- The Stripe export holds customer names[\s\S]*?id only\.\n/, '')
        .replace('Stripe pays card sales out', "Stripe pays our customers' card payments out");
      const { report, answer: sensitive } = reviewed(GOOD, 'sensitive', text);
      assert.equal(sensitive.verdict, 'partly');
      assert.deepEqual(sensitive.findings[0], {
        text: `It deals with personal or customer data: "Stripe pays our customers' card payments out to the bank in batches, net of fees."`,
        line: lineOf(text, 'Stripe pays our customers'),
      });
      assert.equal(report.ready, true);
      assert.ok(report.reasons.some((r) => /^Sensitive data — answered "partly", worth a look before approving: Say how to handle the data/.test(r)));
    });

    it('names a sensitive file the SOP mentions', () => {
      const text = sopText(GOOD).replace('- Python 3 and the scripts in `scripts/`.', '- Python 3, the scripts in `scripts/` and the key in `.env`.');
      const sensitive = answer(review(GOOD, text, { workspace: false }), 'sensitive');
      assert.ok(sensitive.findings.some((f) => f.text === '`.env` is a sensitive file (environment file).' && f.line === lineOf(text, 'the key in `.env`')));
    });
  });

  describe('7. paths', () => {
    it('is "no" for a script the steps run that is not in the workspace', () => {
      const { text, report, answer: paths } = reviewed('month-end-accruals.sop.md', 'paths');
      assert.equal(paths.verdict, 'no');
      const line = lineOf(text, '2. Run `python3 scripts/post_accruals.py');
      assert.deepEqual(paths.findings[0], {
        text: 'Step 2 runs `scripts/post_accruals.py`, which is not in the workspace: "Run python3 scripts/post_accruals.py --month 2026-10 to draft the accrual journal — mechanical."',
        line,
      });
      assert.ok(!paths.findings.some((f) => f.text.startsWith('missing-path')), 'the lint finding is told once, as the step');
      assert.match(report.reasons[0], new RegExp(`^1 lint error remains \\(missing-path on line ${line + 1}\\)`));
    });

    it('lists recorded evidence files the SOP never mentions', () => {
      const text = sopText(GOOD).replace(
        '  - path: notes/2026-10-payout-notes.md\n',
        '  - path: notes/2026-10-payout-notes.md\n  - path: templates/welcome-email.md\n',
      );
      const paths = answer(review(GOOD, text), 'paths');
      assert.equal(paths.verdict, 'partly');
      assert.deepEqual(
        paths.findings.find((f) => f.text.startsWith('Evidence file')),
        {
          text: 'Evidence file `templates/welcome-email.md` was recorded with the SOP but no step or section mentions it.',
          line: lineOf(text, 'path: templates/welcome-email.md'),
        },
      );
    });

    it('shows evidence that changed since approval', () => {
      const text = sopText(GOOD)
        .replace('status: draft', 'status: approved\napproved: 2026-11-04')
        .replace('  - path: scripts/reconcile_payouts.py\n', `  - path: scripts/reconcile_payouts.py\n    sha256: ${'a'.repeat(64)}\n`);
      const changed: EvidenceFacts = new Map<string, EvidenceFact>(
        [...text.matchAll(/path: (\S+)/g)].map(([, p]) => [p, { sha256: (p.startsWith('scripts/') ? 'b' : 'c').repeat(64) }]),
      );
      const paths = answer(review(GOOD, text, { evidence: changed }), 'paths');
      assert.equal(paths.verdict, 'partly');
      const drift = paths.findings.find((f) => f.text.startsWith('evidence-drift'));
      assert.ok(drift);
      assert.match(drift.text, /Evidence file "scripts\/reconcile_payouts\.py" changed since approval on 2026-11-04/);
      assert.equal(drift.line, lineOf(text, 'path: scripts/reconcile_payouts.py'));
      assert.match(paths.next ?? '', /Re-check the steps against the evidence/);
    });

    it('says the paths were not checked when there is no workspace', () => {
      const paths = answer(review(GOOD, undefined, { workspace: false }), 'paths');
      assert.equal(paths.verdict, 'partly');
      assert.ok(paths.findings.some((f) => f.text === 'No workspace was given, so the paths in the SOP were not checked against the files.'));
    });
  });
});

describe('reviewSop on a draft with things left open', () => {
  const good = sopText(GOOD);
  const draft = good
    .replace(
      '# Stripe payout reconciliation\n',
      "# Stripe payout reconciliation\n\nDrafted by SOP Builder's offline drafter from 9 evidence files, for a new operations assistant. Check every step against how the work is really done before approving it.\n",
    )
    .replace('## When to run it\n', '## When to run it\n\n**Question for the owner:** does the run wait for the bank holiday calendar?\n')
    .replace('## Expected output\n', '## Expected output\n\nThe reconciliation report for {{MONTH}} is filed.\n');

  it('is not ready while a question for the owner, the drafter’s note or a placeholder is open, and says where each is', () => {
    const report = review(GOOD, draft);
    assert.equal(report.lint.errors, 0, 'nothing else is wrong with it');
    assert.equal(report.ready, false);
    assert.deepEqual(
      report.openItems.map((f) => f.line),
      [lineOf(draft, 'Drafted by SOP Builder'), lineOf(draft, 'Question for the owner'), lineOf(draft, '{{MONTH}}')],
    );
    const reason = report.reasons.find((r) => r.startsWith('The draft is not finished'));
    assert.ok(reason, report.reasons.join('\n'));
    assert.match(
      reason,
      /1 drafter's note to check every step \(line \d+\), 1 question for the owner \(line \d+\) and 1 placeholder \(line \d+\) are still open/,
    );
    assert.ok(!report.reasons.some((r) => /ready for the approver/.test(r)));
  });

  it('is ready again once each is settled', () => {
    const settled = draft
      .replace(/Drafted by SOP Builder.*\n/, '')
      .replace('**Question for the owner:** does the run wait for the bank holiday calendar?', 'The run waits for the bank holiday calendar.')
      .replace('{{MONTH}}', 'the month');
    const report = review(GOOD, settled);
    assert.deepEqual(report.openItems, []);
    assert.equal(report.ready, true);
  });

  it('is not ready while a streamed draft still carries its unfinished-draft marker', () => {
    const cut = `${good}\n> **Draft incomplete:** the model stopped answering. Everything above arrived before it stopped; run **Draft SOP** again or finish it by hand.\n`;
    const report = review(GOOD, cut);
    assert.equal(report.ready, false);
    assert.match(report.openItems[0].text, /^The draft did not finish: "Draft incomplete:/);
  });
});
