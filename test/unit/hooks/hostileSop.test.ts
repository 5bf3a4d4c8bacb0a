import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportGateHooks } from '../../../src/core/hooks/export';
import { parseSop } from '../../../src/core/sop/model';
import { approvedSop, claudeCall, REFUND_BODY, runHook } from './refundGate';

const HOSTILE_STEP =
  "6. Issue the refund with `stripe refunds create` '); process.exit(1); // then `${process.exit(2)}` and \\`echo pwned\\` </script> \u2028 done.";

describe('a hostile SOP text cannot put code into the generated hook', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'sop-hooks-hostile-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const hostile = () =>
    approvedSop(REFUND_BODY.replace(/^6\. .*$/m, HOSTILE_STEP).replace('# Customer refunds', "# Refunds'); process.exit(3); // ${1+1} `x`"));

  it('embeds the text as JSON data only, and the script runs and quotes it back', () => {
    const r = exportGateHooks({
      doc: parseSop(hostile()),
      status: 'approved',
      sopPath: 'sops/refunds.sop.md',
      name: 'refunds',
      runsFolder: 'sops/runs/refunds',
    });
    const script = r.files.get(r.script)!;
    const code = script.slice(script.indexOf('\nconst SOP = ') + 1);
    // Everything the SOP wrote is inside the one JSON value, which parses back to the data.
    const json = code.slice('const SOP = '.length, code.indexOf('\n};\n') + 2);
    assert.deepEqual(JSON.parse(json).steps[0].text, r.data.steps[0].text);
    assert.ok(r.data.steps[0].text.includes("'); process.exit(1); //"));
    assert.ok(!script.includes('</script>'), 'the < is escaped');
    assert.ok(!script.includes('\u2028'));
    const path = join(dir, '.agents', 'hooks', 'sop-refunds-gates.mjs');
    mkdirSync(join(dir, '.agents', 'hooks'), { recursive: true });
    writeFileSync(path, script);
    const answer = runHook(path, claudeCall('Bash', { command: 'stripe refunds create --charge ch_9' }));
    assert.equal(answer.status, 0, answer.stderr);
    assert.equal(answer.decision, 'deny');
    assert.ok(answer.reason!.includes("'); process.exit(1); //"), answer.reason);
    assert.ok(answer.reason!.includes("Refunds'); process.exit(3); // ${1+1}"), answer.reason);
  });

  it('refuses an SOP whose steps hold no gate, and warns about an SOP that is not approved', () => {
    const noGate = approvedSop(REFUND_BODY.replace(/^5\. .*$/m, '5. Check the refund amount against the order total.'));
    assert.throws(
      () => exportGateHooks({ doc: parseSop(noGate), status: 'approved', sopPath: 'sops/refunds.sop.md', name: 'refunds', runsFolder: 'sops/runs/refunds' }),
      /has no approval gate in its numbered steps .* nothing for a hook to enforce/,
    );
    const draft = exportGateHooks({
      doc: parseSop(approvedSop()),
      status: 'draft',
      sopPath: 'sops/refunds.sop.md',
      name: 'refunds',
      runsFolder: 'sops/runs/refunds',
    });
    assert.match(draft.warnings[0], /^This SOP is not approved yet\. The hooks enforce the gates of a text nobody signed off/);
  });
});
