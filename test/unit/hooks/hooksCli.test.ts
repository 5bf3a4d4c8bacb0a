import { strict as assert } from 'node:assert';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { put } from '../../support/tempTree';
import { approvedSop, REFUND_BODY } from './refundGate';

describe('sop hooks', function () {
  this.timeout(20_000);
  let root: string;
  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'sop-hooks-cli-')));
    put(root, 'sops/customer-refunds.sop.md', approvedSop());
    put(root, 'sops/intake.sop.md', approvedSop(REFUND_BODY.replace(/^5\. .*$/m, '5. Check the refund amount against the order total.')));
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  const sop = (...args: string[]) => main(['hooks', '--workspace', root, ...args], {}, () => undefined);

  it('writes the hook, registers it for the three agents and names the gates it enforces', async () => {
    const r = await sop(join(root, 'sops/customer-refunds.sop.md'));
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      `${root}/.agents/hooks/sop-customer-refunds-gates.mjs`,
      `${root}/.github/hooks/sop-customer-refunds.json`,
      `${root}/.claude/settings.json`,
    ]);
    assert.equal(r.stderr, 'gates enforced (2 step(s) after them held back until approved):\n  step 5: approved by Priya Nair (Finance manager)\n');
  });

  it('replaces its own files only with --force, and leaves settings that already run it alone', async () => {
    const again = await sop(join(root, 'sops/customer-refunds.sop.md'));
    assert.equal(again.exitCode, 2);
    assert.match(
      again.stderr,
      /\.agents\/hooks\/sop-customer-refunds-gates\.mjs, \.github\/hooks\/sop-customer-refunds\.json already exist: pass --force to replace them\./,
    );
    const forced = await sop('--force', join(root, 'sops/customer-refunds.sop.md'));
    assert.equal(forced.exitCode, 0, forced.stderr);
    assert.match(forced.stderr, /\.claude\/settings\.json already runs the hook: left as it was\./);
  });

  it('exits 1 with what to do for an SOP without a gate', async () => {
    const r = await sop(join(root, 'sops/intake.sop.md'));
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /^sop: sops\/intake\.sop\.md has no approval gate in its numbered steps/);
  });
});
