import { strict as assert } from 'node:assert';
import { parseSop } from '../../../src/core/sop/model';
import { carryKeptIds, identifySteps, keptStepIds, matchSteps, normaliseStepText, stepIdOf } from '../../../src/core/runs/stepIdentity';
import { approvalEdits } from '../../../src/core/approval/approve';
import { applyEdits } from '../../../src/core/text/applyEdits';
import { REFUND_SOP } from './refundSop';

describe('step identities', () => {
  const steps = identifySteps(parseSop(REFUND_SOP));

  it('gives each of the seven steps its own short id, and finds the approval gate and who approves it', () => {
    assert.equal(steps.length, 7);
    assert.equal(new Set(steps.map((s) => s.id)).size, 7);
    assert.ok(steps.every((s) => /^s-[0-9a-f]{10}$/.test(s.id)));
    const gates = steps.filter((s) => s.gate);
    assert.deepEqual(
      gates.map((s) => s.number),
      [5],
    );
    assert.equal(gates[0].gate?.approver, 'Priya Nair (Finance manager)');
  });

  it('keeps the ids when steps are renumbered, moved or another step is edited', () => {
    const moved = REFUND_SOP.replace('2. Check that the return arrived in the warehouse log.\n', '')
      .replace('6. Issue the refund', '6. Check that the return arrived in the warehouse log.\n7. Issue the refund')
      .replace(
        '3. Work out the refund: the amount paid minus the return shipping fee.',
        '3. Work out the refund: the amount paid minus the return label cost.',
      );
    const after = identifySteps(parseSop(moved));
    const ids = new Map(after.map((s) => [s.text, s.id]));
    assert.equal(ids.get('Check that the return arrived in the warehouse log.'), steps[1].id, 'moved from 2 to 6');
    assert.equal(ids.get("Add a note to the customer's profile in Zendesk with the refund amount."), steps[3].id, 'renumbered');
    assert.notEqual(ids.get('Work out the refund: the amount paid minus the return label cost.'), steps[2].id, 'the edited step itself changes');
  });

  it('ignores case, Markdown marks and a "Step 3:" prefix, but not the words', () => {
    assert.equal(stepIdOf('**Issue** the refund in the `Shopify` admin.'), stepIdOf('Step 6: issue the refund in the Shopify admin'));
    assert.notEqual(stepIdOf('Issue the refund in the Shopify admin.'), stepIdOf('Issue the credit note in the Shopify admin.'));
    assert.equal(normaliseStepText('3) Work out the refund!'), 'work out the refund');
  });

  it('maps a reworded step to its current version, and a removed one to nothing', () => {
    const older = [
      { id: 'old-1', text: 'Find the order in Shopify and check the amount paid.' },
      { id: 'old-2', text: 'Print the refund form and file it in the cabinet.' },
      { id: steps[5].id, text: steps[5].text },
    ];
    const map = matchSteps(older, steps);
    assert.equal(map.get('old-1'), steps[0].id);
    assert.equal(map.has('old-2'), false);
    assert.equal(map.get(steps[5].id), steps[5].id);
  });

  it('gives a repeated step a second id instead of joining the two', () => {
    const twice = REFUND_SOP.replace('7. Email the customer', '7. Issue the refund in the Shopify admin.\n8. Email the customer');
    const ids = identifySteps(parseSop(twice)).map((s) => s.id);
    assert.equal(ids[6], `${ids[5]}-2`);
  });

  describe('kept by approval', () => {
    const approved = () => {
      const doc = parseSop(REFUND_SOP);
      const edits = approvalEdits(doc, { approver: 'Priya Nair', date: '2026-11-02', evidence: [], bodySha256: 'x', stepIds: steps.map((s) => s.id) });
      return applyEdits(REFUND_SOP, edits);
    };

    it('writes the ids on one line of the approval block', () => {
      const text = approved();
      assert.match(text, new RegExp(`\n  steps: \\[ ${steps[0].id}, ${steps[1].id}, .*${steps[6].id} \\]\n`));
      assert.deepEqual(
        keptStepIds(parseSop(text)),
        steps.map((s) => s.id),
      );
    });

    it('a step reworded after approval keeps its id, so its runs stay joined', () => {
      const reworded = approved().replace(
        '3. Work out the refund: the amount paid minus the return shipping fee.',
        '3. Calculate what to give back: subtract the return label from what they paid.',
      );
      const after = identifySteps(parseSop(reworded));
      assert.equal(after[2].id, steps[2].id, 'same place, new words: the same step');
      assert.deepEqual(
        after.map((s) => s.id),
        steps.map((s) => s.id),
      );
    });

    it('a new step gets its own id, and a moved step keeps its id', () => {
      const text = approved()
        .replace('4. Add a note', '4. Check the customer has no open chargeback in Stripe.\n5. Add a note')
        .replace('6. Issue the refund in the Shopify admin.\n', '')
        .replace('7. Email the customer', '6. Issue the refund in the Shopify admin.\n7. Email the customer');
      const after = identifySteps(parseSop(text));
      assert.equal(after[3].id, stepIdOf('Check the customer has no open chargeback in Stripe.'));
      assert.deepEqual(new Set(after.map((s) => s.id)).size, after.length);
      assert.equal(after.find((s) => s.text.startsWith('Issue the refund'))?.id, steps[5].id);
    });

    it('carries ids between anchors only where as many steps stand as stood there', () => {
      assert.deepEqual(carryKeptIds(['a', 'b', 'c', 'd'], ['a', 'X', 'c', 'd']), ['a', 'b', 'c', 'd']);
      assert.deepEqual(carryKeptIds(['a', 'b', 'c', 'd'], ['a', 'X', 'Y', 'c', 'd']), ['a', 'X', 'Y', 'c', 'd']);
      assert.deepEqual(carryKeptIds(['a', 'b', 'c'], ['c', 'b', 'a']).length, 3);
      assert.deepEqual(carryKeptIds([], ['a']), ['a']);
    });

    it('ignores a kept list that is not ids SOP Builder wrote', () => {
      const text = REFUND_SOP.replace('status: draft', 'status: approved\napproval:\n  steps: [1, 2, "<script>"]');
      assert.deepEqual(keptStepIds(parseSop(text)), []);
      assert.deepEqual(
        identifySteps(parseSop(text)).map((s) => s.id),
        steps.map((s) => s.id),
      );
    });
  });
});
