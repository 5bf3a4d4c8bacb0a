import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeOpenAI } from '../../support/fakeOpenAI';
import { closeAll, file, frontMatter, settings, sopDiagnostics, waitFor } from '../util';

interface Outcome {
  uri: vscode.Uri;
  provider: string;
  error?: { kind: string; message: string };
  firstCharMs?: number;
  repair?: { before: number; after?: number; kept: string; why?: string };
}

const REPLY = [
  '# Month end close',
  '',
  '## Why this matters',
  '',
  'The books must match the bank before the journal is posted.',
  '',
  '## When to run it',
  '',
  'Monthly, on the first business day.',
  '',
  '## Who owns it',
  '',
  '- Owner: Sam Lee',
  '- Approver: Priya Nair (Finance manager)',
  '',
  '## Inputs needed',
  '',
  '- `exports/bank-2026-10.csv` and `exports/stripe-payouts-2026-10.csv`',
  '',
  '## Steps',
  '',
  '1. Run `python3 scripts/reconcile.py --month 2026-10` (evidence: `month-end-close/scripts/reconcile.py`) — mechanical.',
  '2. Send `out/reconciliation-2026-10.csv` to Priya Nair (Finance manager) for sign-off — judgment.',
  '3. Get approval before posting the journal.',
  '',
  '## Decision points',
  '',
  '- Tolerance above 0.50 EUR needs Priya Nair.',
  '',
  '## Quality checks',
  '',
  '- All payouts matched.',
  '',
  '## Common failures',
  '',
  '- Rounding differences on Stripe payouts.',
  '',
  '## Escalation',
  '',
  '- Contact Priya Nair (Finance manager) with the report attached. Stop if more than one payout is unmatched.',
  '',
  '## Expected output',
  '',
  '`out/reconciliation-2026-10.csv`, signed off.',
  '',
].join('\n');

describe('draft: OpenAI-compatible provider against a local server', function () {
  this.timeout(90_000);
  let server: Awaited<ReturnType<typeof startFakeOpenAI>>;

  before(async () => {
    server = await startFakeOpenAI({ text: REPLY, tokenChars: 12, tokensPerSecond: 400, model: 'test-model', finishReason: 'stop' });
    await settings({
      'draft.provider': 'openai',
      'draft.baseUrl': server.url,
      'draft.model': 'test-model',
      'draft.skipPreview': true,
      'draft.timeoutSeconds': 10,
    });
  });
  after(async () => {
    await closeAll();
    await settings({
      'draft.provider': undefined,
      'draft.baseUrl': undefined,
      'draft.model': undefined,
      'draft.skipPreview': undefined,
      'draft.timeoutSeconds': undefined,
    });
    await server.close();
  });

  it('streams the model’s text into the new SOP, saves it, records provider and model, and lints it', async () => {
    const pending = vscode.commands.executeCommand<Outcome>('sopBuilder.draftSop', file('month-end-close'), [file('month-end-close')]);
    // While it streams, the file already exists on disk with the in-progress marker.
    const target = file('sops/month-end-close.sop.md');
    await waitFor('the draft file to appear', () => vscode.workspace.textDocuments.some((d) => d.uri.toString() === target.toString()), 20_000);
    const outcome = await pending;
    assert.equal(outcome.error, undefined, outcome.error?.message);
    assert.equal(outcome.provider, 'openai');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(outcome.uri));
    assert.ok(text.endsWith(REPLY), 'the whole reply, after the front matter');
    const fm = frontMatter(text);
    assert.deepEqual((fm.drafted as Record<string, unknown>).provider, 'openai');
    assert.deepEqual((fm.drafted as Record<string, unknown>).model, 'test-model');
    assert.ok(typeof outcome.firstCharMs === 'number' && outcome.firstCharMs < 1000, `first character ${outcome.firstCharMs} ms after the first token`);
    const request = server.requests.find((r) => r.path.endsWith('/chat/completions'))!;
    const body = request.body as { model: string; messages: Array<{ role: string; content: string }> };
    assert.equal(body.model, 'test-model');
    assert.match(body.messages[1].content, /month-end-close\/scripts\/reconcile\.py/);
    assert.ok(!JSON.stringify(body).includes('S3cr3tPassw0rd'), 'no secret reaches the model');
    assert.ok(!JSON.stringify(body).includes('sk_live_51Hx9a'), 'the .env is never read into the prompt');
    const gates = await waitFor('the unnamed gate in step 3', () => {
      const d = sopDiagnostics(outcome.uri, 'unnamed-approval-gate');
      return d.length > 0 && d;
    });
    assert.equal(gates.length, 1);
  });

  it('sends the unnamed gate back to the model once and keeps the repaired draft in the editor', async () => {
    const fixed = REPLY.replace('3. Get approval before posting the journal.', '3. Get approval from Priya Nair (Finance manager) before posting the journal.');
    const before = server.requests.length;
    server.enqueue({ text: REPLY }, { text: fixed });
    const outcome = await vscode.commands.executeCommand<Outcome>('sopBuilder.draftSop', file('month-end-close'), [file('month-end-close')]);
    assert.equal(outcome.error, undefined, outcome.error?.message);
    assert.equal(outcome.repair?.kept, 'repaired', JSON.stringify(outcome.repair));
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(outcome.uri));
    assert.ok(text.endsWith(fixed), 'the repaired draft replaced the first one');
    assert.equal(text.split('## Steps').length, 2, 'one draft in the file, not two');
    const asked = server.requests.slice(before).filter((r) => r.path.endsWith('/chat/completions'));
    assert.equal(asked.length, 2);
    const repairMessages = (asked[1].body as { messages: Array<{ role: string; content: string }> }).messages;
    assert.equal(repairMessages[repairMessages.length - 2].role, 'assistant');
    assert.match(repairMessages[repairMessages.length - 1].content, /\(unnamed-approval-gate\): Approval gate "Get approval"/);
    // The command lints the result before it returns: the gate the first draft left unnamed is gone.
    assert.deepEqual(sopDiagnostics(outcome.uri, 'unnamed-approval-gate'), []);
  });

  it('keeps the partial draft with a visible marker when the stream is cut', async () => {
    server.setBehaviour({ text: REPLY, tokenChars: 12, tokensPerSecond: 400, model: 'test-model', finishReason: 'stop', cutAfterTokens: 20 });
    const outcome = await vscode.commands.executeCommand<Outcome>('sopBuilder.draftSop', file('month-end-close'), [file('month-end-close')]);
    assert.equal(outcome.error?.kind, 'stream-cut');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(outcome.uri));
    assert.ok(text.includes(REPLY.slice(0, 12 * 20)), 'the text that arrived is kept');
    assert.match(text, /> \*\*Draft incomplete:\*\* The model's stream stopped/);
  });
});
