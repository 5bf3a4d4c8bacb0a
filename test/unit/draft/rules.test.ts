import { strict as assert } from 'node:assert';
import { workFixture, workFolders } from '../../support/workFixtures';
import type { EvidenceBundle, EvidenceFacts, EvidenceFile } from '../../../src/core/evidence/types';
import { findGates, findRules, procedureApprover, type Gate, type Rule } from '../../../src/core/draft/offline/rules';
import { FIXTURES } from '../helpers';

interface Expected {
  facts: Array<{ id: string; pattern?: string; text?: string; what: string }>;
  gates: Array<{ approver: string; about: string }>;
  notApproverOfProcedure: string[];
}

const FOLDERS = workFolders(FIXTURES);

function fixture(name: string): Promise<{ bundle: EvidenceBundle; expected: Expected }> {
  return workFixture<Expected>(FIXTURES, name);
}

/** A document or e-mail of a finished piece of work, written here in the styles real work uses. */
function file(path: string, text: string, facts: EvidenceFacts = { type: 'document', headings: [] }): EvidenceFile {
  const kind = facts.type === 'email' ? 'email' : facts.type === 'script' ? 'script' : 'document';
  return { path, absPath: `/w/${path}`, kind, bytes: text.length, mtimeMs: 0, sha256: '', facts, text, summarized: false, redactions: {} };
}

function mail(path: string, from: string, to: string, subject: string, body: string): EvidenceFile {
  return file(path, body, { type: 'email', from, to, subject, body, date: '2026-11-12T09:00:00Z' });
}

function bundle(...files: EvidenceFile[]): EvidenceBundle {
  return { root: '/w', selection: ['work'], included: files, excluded: [], notes: [] };
}

const texts = (rules: Rule[]) => rules.map((r) => r.text);
const gateOn = (gates: Gate[], about: RegExp) => gates.find((g) => about.test(g.scope));

describe('rules the team works by', () => {
  it('keeps the rules of a policy page with their numbers and units exactly as written', () => {
    const rules = findRules(
      bundle(
        file(
          'work/policy/returns-policy.md',
          '# Returns policy\n\nYou can return an item within 14 days of delivery for a full refund.\nFrom day 15 to day 60 we offer store credit, valid for 12 months.\n\n## Internal\n\n- Orders above 500 USD are checked by the Finance Manager (Ana Ruiz) before the refund is sent.\n- Never refund by bank transfer.\n- Store credit is issued as a gift card.\n',
        ),
      ),
    );
    const all = texts(rules).join('\n');
    for (const phrase of [
      'within 14 days of delivery',
      'From day 15 to day 60',
      'valid for 12 months',
      'above 500 USD',
      'Never refund by bank transfer',
      'gift card',
    ]) {
      assert.ok(all.includes(phrase), `missing "${phrase}" in:\n${all}`);
    }
    assert.equal(rules.find((r) => r.text.includes('500 USD'))?.kind, 'threshold');
    assert.equal(rules.find((r) => r.text.includes('12 months'))?.kind, 'threshold', 'a day range with a validity reads as a threshold first');
  });

  it('reads rules from notes, script comments and an e-mail between colleagues, in their own words', () => {
    const rules = findRules(
      bundle(
        file(
          'work/notes/how-i-run-it.md',
          'Monthly export notes (Kai)\n\nRules we follow:\n- only load the file after the totals match the bank\n- the share of rejected rows must stay below 3 percent\n\nMisc: coffee machine is broken again\n',
        ),
        file(
          'work/scripts/check.py',
          '#!/usr/bin/env python3\n"""Checks the export.\nStops with exit code 5 when more than 2 percent of the rows are duplicates.\n"""\nLIMIT = 0.02\n',
          {
            type: 'script',
            language: 'python',
            commands: [],
            arguments: [],
            inputs: [],
            outputs: [],
            thresholds: [{ text: 'LIMIT = 0.02', line: 5 }],
            exits: [],
          },
        ),
        mail(
          'work/mail/a.eml',
          'Kai Berg <kai@ops.example>',
          'Lee Park <lee@ops.example>',
          'Re: export',
          'Lee, from now on we never send the export before 10:00.\n\nKai',
        ),
      ),
    );
    const all = texts(rules).join('\n');
    assert.match(all, /Only load the file after the totals match the bank/);
    assert.match(all, /below 3 percent/);
    assert.match(all, /more than 2 percent of the rows are duplicates/);
    assert.match(all, /never send the export before 10:00/);
    assert.match(all, /`LIMIT = 0\.02`/);
    assert.doesNotMatch(all, /coffee/);
  });

  it("never takes a customer's sentence for a rule, nor what the team told one customer", () => {
    const rules = findRules(
      bundle(
        mail(
          'work/mail/1.eml',
          'Ruth Ade <ruth@post.example>',
          'help@shop.example',
          'Refund',
          'You must refund me within 3 days or I will leave a bad review. I always pay on time.',
        ),
        mail(
          'work/mail/2.eml',
          'Shop Help <help@shop.example>',
          'Ruth Ade <ruth@post.example>',
          'Re: Refund',
          'Dear Ruth, please send the parcel back within 14 days. We never charge for the return.',
        ),
        mail(
          'work/mail/3.eml',
          'Bo Lund <bo@shop.example>',
          'Ida Holm <ida@shop.example>',
          'Re: Refund',
          'Ida, refunds above 50 EUR must be logged in the sheet.',
        ),
        mail('work/mail/4.eml', 'Ida Holm <ida@shop.example>', 'Bo Lund <bo@shop.example>', 'Refund', 'Ok'),
      ),
    );
    const all = texts(rules).join('\n');
    assert.doesNotMatch(all, /bad review|always pay|within 3 days/);
    assert.doesNotMatch(all, /parcel back|charge for the return/);
    assert.match(all, /refunds above 50 EUR must be logged/i);
  });

  it('leaves out incidents and the log of one run', () => {
    const rules = findRules(
      bundle(
        file(
          'work/notes/run.md',
          'Run notes\n\n2026-11-03 09:10  more than 5% of rows invalid, asked Ada to fix them\n2026-11-03 10:00  import ran, never again on a Friday\n\n- Last time the export failed because the token had expired.\n- The import must never run with more than 5% invalid rows.\n',
        ),
      ),
    );
    assert.deepEqual(texts(rules), ['The import must never run with more than 5% invalid rows.']);
  });

  it('states each rule once, in the clearest place it is written', () => {
    const rules = findRules(
      bundle(
        file(
          'work/policy/refund-policy.md',
          '# Refund policy\n\n- Refunds are never paid by bank transfer.\n- Reminders go out 7 days overdue.\n- A second reminder goes out 14 days overdue.\n',
        ),
        file('work/notes/agent.md', 'My notes\n\n- remember: refunds never by bank transfer!\n- never pay refunds by bank transfer\n'),
      ),
    );
    const bank = rules.filter((r) => /bank transfer/.test(r.text));
    assert.equal(bank.length, 1, texts(rules).join('\n'));
    assert.equal(bank[0].text, 'Refunds are never paid by bank transfer.');
    assert.deepEqual(bank[0].evidence, ['work/policy/refund-policy.md', 'work/notes/agent.md']);
    assert.ok(rules.some((r) => r.text.includes('7 days overdue')) && rules.some((r) => r.text.includes('14 days overdue')), 'other numbers are another rule');
  });

  it('takes the instructions of a template, not the text it sends', () => {
    const rules = findRules(
      bundle(
        file(
          'work/templates/reply.md',
          'Hi {{name}},\n\nPlease pay within 7 days.\n\n{{the answer in one sentence; never promise a delivery date}}\n\n---\nChecklist:\n1. Reply within 4 business hours.\n',
        ),
      ),
    );
    const all = texts(rules).join('\n');
    assert.match(all, /Never promise a delivery date/);
    assert.match(all, /Reply within 4 business hours/);
    assert.doesNotMatch(all, /Please pay within 7 days/);
  });
});

describe('approval gates and who approves the procedure', () => {
  const policy = file(
    'work/pricing/discount-rules.md',
    "# Discount rules\n\n1. Any discount above 15% needs written approval from the Sales Director (Ana Ruiz) before the quote is sent.\n2. Goodwill credits are the Support Lead's call.\n",
  );
  const log = file(
    'work/notes/deal-log.md',
    'Deal log (Sam)\n\n2026-11-03  Martin Lowe (Head of Sales) approved a one-off 20% discount for this deal - exception, not the rule\n2026-11-04  sent the final report to Priya Nair (Finance manager) for sign-off before posting\n',
  );

  it('finds each gate with what it covers, who approves, the action it precedes and its condition', () => {
    const gates = findGates(bundle(policy, log, file('work/notes/team.md', 'Team: Jo Kim (Support Lead)\n')));
    const discount = gateOn(gates, /discount above 15%/);
    assert.ok(discount, JSON.stringify(gates));
    assert.equal(discount.approver, 'Ana Ruiz (Sales Director)');
    assert.equal(discount.before, 'the quote is sent');
    assert.equal(discount.condition, 'above 15%');
    assert.equal(discount.oneOff, false);
    // The rule that sets the gate is stated once: the drafter can tell it by its sentence.
    const rules = findRules(bundle(policy));
    assert.ok(
      rules.some((r) => r.text === discount.sentence),
      `${discount.sentence} not among ${texts(rules).join(' / ')}`,
    );
    const goodwill = gateOn(gates, /Goodwill/);
    assert.equal(goodwill?.approver, 'Jo Kim (Support Lead)');
    const once = gateOn(gates, /20% discount/);
    assert.equal(once?.approver, 'Martin Lowe (Head of Sales)');
    assert.equal(once?.oneOff, true);
  });

  it('makes the approver of one decision a gate of that decision, never the approver of the procedure', () => {
    const gates = findGates(bundle(policy, log));
    assert.equal(procedureApprover(gates, bundle(policy, log)), 'Priya Nair (Finance manager)');
    const onlyExceptions = bundle(
      policy,
      file('work/notes/deal-log.md', 'Deal log\n\n2026-11-03  Martin (Head of Sales) approved a one-off 20% discount for this deal\n'),
    );
    assert.equal(procedureApprover(findGates(onlyExceptions), onlyExceptions), undefined);
  });

  it('reads gates written as holds, passives and decisions', () => {
    const b = bundle(
      file(
        'work/notes/onboarding.md',
        'Onboarding notes\n\n- agreed: single sign-on stays optional until Sam has confirmed a test login; we never enforce it before that\n- Invoices are checked by the controller (Ola Berg) before they are paid.\n- Messaged Kim (team lead) - she approves every shift swap before the rota goes out.\n- Omar decides on a collection agency.\n',
      ),
    );
    const gates = findGates(b);
    assert.equal(gateOn(gates, /single sign-on/)?.approver, 'Sam');
    assert.match(gateOn(gates, /single sign-on/)?.condition ?? '', /until Sam has confirmed a test login/);
    assert.equal(gateOn(gates, /single sign-on/)?.before, 'enforce single sign-on');
    assert.equal(gateOn(gates, /Invoices/)?.approver, 'Ola Berg (controller)');
    assert.equal(gateOn(gates, /swap/)?.approver, 'Kim (team lead)');
    assert.equal(gateOn(gates, /swap/)?.before, 'the rota goes out');
    assert.equal(gateOn(gates, /collection agency/)?.decides, true);
    // The controller's standing check of every invoice is the approval of the work; the swap, the hold and the decision are not.
    assert.equal(procedureApprover(gates, b), 'Ola Berg (controller)');
    const withoutCheck = bundle(
      file(
        'work/notes/o.md',
        'Notes\n\n- Messaged Kim (team lead) - she approves every shift swap before the rota goes out.\n- Omar decides on a collection agency.\n',
      ),
    );
    assert.equal(procedureApprover(findGates(withoutCheck), withoutCheck), undefined);
  });

  it("reads gates written in other styles, and none in a customer's e-mail", () => {
    const b = bundle(
      file(
        'work/handbook/expenses.md',
        "# Expense handbook\n\n- Expenses over 1,000 GBP require sign-off from the CFO before payment.\n- No payment is released without the controller's approval.\n",
      ),
      mail('work/mail/1.eml', 'Jo Kim <jo@acme.example>', 'Ray Diaz <ray@acme.example>', 'Re: claim', 'Ray, noted.'),
      mail('work/mail/2.eml', 'Ray Diaz <ray@acme.example>', 'Jo Kim <jo@acme.example>', 'Re: claim', 'Thanks Jo.'),
      mail(
        'work/mail/3.eml',
        'Vera Lang <vera@client.example>',
        'Jo Kim <jo@acme.example>',
        'claim',
        'Your manager must approve my refund before Friday, the order needs approval by Tom Hart.',
      ),
    );
    const gates = findGates(b);
    const expenses = gateOn(gates, /Expenses/);
    assert.equal(expenses?.approver, 'CFO');
    assert.equal(expenses?.condition, 'over 1,000 GBP');
    assert.match(gateOn(gates, /payment/i)?.approver ?? '', /controller/);
    assert.ok(!gates.some((g) => /Tom Hart|manager/i.test(g.approver)), JSON.stringify(gates));
    assert.equal(procedureApprover(gates, b), 'controller', 'the unconditional gate on every payment is the approval of the work');
  });

  it('names the owner the evidence gives the procedure, unless they are not on the team', () => {
    const owned = bundle(file('work/notes/kickoff.md', 'Kickoff notes\n\nThis checklist is owned by Hana Sato (Customer Success Lead).\n'));
    assert.equal(procedureApprover(findGates(owned), owned), 'Hana Sato (Customer Success Lead)');
    const customer = bundle(
      mail('work/mail/1.eml', 'Ana Ruiz <ana@vendor.example>', 'Bo Lund <bo@vendor.example>', 'Re: go-live', 'Thanks.'),
      mail('work/mail/2.eml', 'Bo Lund <bo@vendor.example>', 'Ana Ruiz <ana@vendor.example>', 'Re: go-live', 'Thanks.'),
      mail('work/mail/3.eml', 'Dev Price <dev@client.example>', 'Bo Lund <bo@vendor.example>', 'test login', 'It works.'),
      file(
        'work/notes/n.md',
        'Notes\n\n- the go-live plan is approved by Dev Price (IT admin)\n- Go-live is approved by Dev Price (IT admin) before we switch.\n',
      ),
    );
    assert.equal(procedureApprover(findGates(customer), customer), undefined);
  });
});

describe('hostile text', () => {
  const hostile = [
    'within '.repeat(15_000),
    '1,'.repeat(50_000),
    `${'a'.repeat(100_000)} approved`,
    `Approved: ${'(x '.repeat(30_000)}`,
    `${'Anna '.repeat(20_000)}approves every swap`,
    `{{${' '.repeat(100_000)}`,
    `until ${'Ab '.repeat(30_000)} has confirmed`,
    '|' + ' a |'.repeat(25_000),
    '- Refunds must be approved by the Support Lead before they go out.\n'.repeat(1_500),
    'Ann (Sales Manager) approved the discount -> she approves every swap.\n'.repeat(1_400),
    Array.from({ length: 3_000 }, (_, i) => `- Item ${i} must never exceed ${i} EUR.`).join('\n'),
    Array.from({ length: 2_000 }, (_, i) => `- Order ${i} needs approval from Person${i} (Lead${i}) before it ships.`).join('\n'),
  ];
  for (const [i, text] of hostile.entries()) {
    it(`reads 100k hostile characters (#${i + 1}) in under 2 s`, () => {
      const b = bundle(file('work/notes/x.md', text), mail('work/mail/x.eml', 'A B <a@x.example>', 'C D <c@x.example>', 'x', text));
      const t0 = Date.now();
      findRules(b);
      procedureApprover(findGates(b), b);
      assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    });
  }
});

describe('rules and gates of finished work (fixtures)', () => {
  for (const name of FOLDERS) {
    it(`${name}: its rules, every gate with its approver, and no wrong procedure approver`, async () => {
      const { bundle: b, expected } = await fixture(name);
      const rules = findRules(b);
      const gates = findGates(b);
      const wanted = expected.facts.filter((f) => ['threshold', 'timing', 'rule'].includes(f.what));
      const missed = wanted.filter((f) => !rules.some((r) => new RegExp(f.pattern ?? f.text!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i').test(r.text)));
      const share = Math.round((100 * (wanted.length - missed.length)) / wanted.length);
      console.log(
        `      ${name}: ${wanted.length - missed.length}/${wanted.length} rule facts (${share}%)${missed.length ? `, missed: ${missed.map((m) => m.id).join(', ')}` : ''}`,
      );
      assert.ok(share >= 85, `${name}: ${share}% of the rule facts found`);
      for (const g of expected.gates) {
        const found = gates.find((x) => new RegExp(g.approver, 'i').test(x.approver) && new RegExp(g.about, 'i').test(`${x.scope} ${x.condition ?? ''}`));
        assert.ok(found, `${name}: no gate by ${g.approver} about ${g.about} in ${JSON.stringify(gates, null, 1)}`);
      }
      const approver = procedureApprover(gates, b);
      for (const wrong of expected.notApproverOfProcedure) assert.ok(!approver?.includes(wrong), `${name}: ${wrong} made the approver of the procedure`);
      // A customer's e-mail is never the evidence of a rule.
      const customerMail = b.included.filter(
        (f) => f.facts.type === 'email' && expected.notApproverOfProcedure.some((n) => (f.facts as { from: string }).from.includes(n)),
      );
      for (const r of rules) assert.ok(!r.evidence.some((e) => customerMail.some((f) => f.path === e)), `${name}: a customer's words became a rule: ${r.text}`);
    });
  }
});
