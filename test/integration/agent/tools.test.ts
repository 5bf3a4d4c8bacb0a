import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, file } from '../util';

const EXTENSION_ID = 'sop-builder.sop-builder';
/** The example's .env holds these: no tool and no chat answer may ever show them. */
const SECRETS = ['S3cr3tPassw0rd', 'sk_live_51Hx9aQ2eZvKYlo2C8cR4fakeKeyForTheExample0000'];

async function tool<T>(name: string, input: Record<string, unknown>): Promise<T> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);
  const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
  for (const s of SECRETS) assert.ok(!text.includes(s), `${name} must not return the secret ${s.slice(0, 6)}…`);
  return JSON.parse(text) as T;
}

const SOP = `---
title: Month-end close
type: sop
owner: Sam Lee (Operations assistant)
approver: Priya Nair (Finance manager)
---

# Month-end close

## Steps

1. Run \`bash month-end-close/scripts/fetch_exports.sh <YYYY-MM>\` to download the bank and Stripe exports.
2. Run \`python3 month-end-close/scripts/reconcile.py --month <YYYY-MM>\`.
3. Send the reconciliation to Priya Nair (Finance manager) for approval and wait for her sign-off.
4. Post the journal entries in Xero.
`;

describe('SOP Builder for agents in VS Code', function () {
  this.timeout(90_000);
  after(closeAll);

  it('lists its tools to the models, tagged and described', () => {
    const ours = vscode.lm.tools.filter((t) => t.name.startsWith('sop_'));
    assert.deepEqual(ours.map((t) => t.name).sort(), [
      'sop_collect_evidence',
      'sop_conformance',
      'sop_drafting_prompt',
      'sop_export_skill',
      'sop_lint',
      'sop_record_run_event',
      'sop_review',
      'sop_start_run',
    ]);
    assert.ok(ours.every((t) => t.tags.includes('sop') && t.description.length > 40));
  });

  it("offers sop mcp to the editor's MCP support", async () => {
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { mcpOffered: boolean };
    assert.equal(api.mcpOffered, true);
  });

  it('collects evidence as a draft does: the .env is left out with its reason, and no secret is returned', async () => {
    const out = await tool<{ included: Array<{ path: string; text: string }>; excluded: Array<{ path: string; reason: string }> }>('sop_collect_evidence', {
      paths: ['month-end-close'],
    });
    const script = out.included.find((f) => f.path === 'month-end-close/scripts/reconcile.py');
    assert.ok(script && script.text.length > 100, JSON.stringify(out.included.map((f) => f.path)));
    assert.ok(!out.included.some((f) => f.path.endsWith('.env')));
    const env = out.excluded.find((e) => e.path === 'month-end-close/.env');
    assert.ok(env, `excluded: ${JSON.stringify(out.excluded)}`);
  });

  it('refuses a path outside the workspace, with the reason', async () => {
    const out = await tool<{ error?: string }>('sop_collect_evidence', { paths: ['../../etc'] });
    assert.match(out.error ?? '', /is refused \(outside the workspace: .*only files inside the open workspace folders are read/);
  });

  it('never lints a key or .env file, and never returns a secret an SOP quotes', async () => {
    const env = await tool<{ error?: string }>('sop_lint', { path: 'month-end-close/.env' });
    assert.match(env.error ?? '', /is not read \(/);
    // The secret is pasted into a placeholder the linter quotes back; the tool result carries it redacted.
    const out = await tool<{ findings: Array<{ rule: string; message: string }> }>('sop_lint', {
      path: 'sops/pasted.sop.md',
      text: SOP.replace('1. Run', `1. TODO set STRIPE_SECRET_KEY=${SECRETS[1]} then run`),
    });
    assert.ok(out.findings.length > 0);
  });

  it('lints SOP text before it is written, with the same findings as the editor', async () => {
    const out = await tool<{ findings: Array<{ rule: string; line: number }> }>('sop_lint', {
      path: 'sops/draft-by-agent.sop.md',
      text: SOP.replace(
        'Send the reconciliation to Priya Nair (Finance manager) for approval and wait for her sign-off.',
        'Journal entries over 5,000 EUR need sign-off before they are posted.',
      ),
    });
    assert.ok(out.findings.some((f) => f.rule === 'missing-section'));
    assert.ok(
      out.findings.some((f) => f.rule === 'unnamed-approval-gate' && f.line === 14),
      JSON.stringify(out.findings),
    );
  });

  it('starts a run as the agent, records steps, and refuses the agent a gate approval', async () => {
    await vscode.workspace.fs.writeFile(file('sops/month-end-close.sop.md'), new TextEncoder().encode(SOP));
    const run = await tool<{ runLog: string; steps: Array<{ number: number; gate?: { approver?: string } }> }>('sop_start_run', {
      path: 'sops/month-end-close.sop.md',
      parameters: { month: '2026-11' },
    });
    assert.match(run.runLog, /^sops\/runs\/month-end-close\/.+\.jsonl$/);
    assert.equal(run.steps[2].gate?.approver, 'Priya Nair (Finance manager)');
    const done = await tool<{ recorded?: string }>('sop_record_run_event', { runLog: run.runLog, event: { type: 'step-done', step: { number: 1 } } });
    assert.equal(done.recorded, 'step-done');
    const approval = await tool<{ error?: string }>('sop_record_run_event', {
      runLog: run.runLog,
      event: { type: 'gate-approved', step: { number: 3 }, by: 'Priya Nair', saw: 'the totals', actor: { kind: 'person', name: 'Priya Nair' } },
    });
    assert.match(approval.error ?? '', /only a person can approve a gate/);
    const log = new TextDecoder().decode(await vscode.workspace.fs.readFile(file(run.runLog)));
    assert.deepEqual(
      log
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).actor.kind),
      ['agent', 'agent'],
      'the agent cannot pass itself off as a person',
    );
    const conformance = await tool<{ verdict: string }>('sop_conformance', { path: 'sops/month-end-close.sop.md' });
    assert.equal(conformance.verdict, 'followed', 'so far: step 1 done, the refused approval not recorded');
  });

  it('exports the gates as agent hooks: a script, the Copilot / VS Code hook file, and Claude Code settings merged', async () => {
    await vscode.workspace.fs.writeFile(file('.claude/settings.json'), new TextEncoder().encode('{ "permissions": { "allow": ["Bash(ls:*)"] } }\n'));
    const out = await vscode.commands.executeCommand<{ written: string[] }>('sopBuilder.exportHooks', file('sops/month-end-close.sop.md'), {
      acceptUnapproved: true,
    });
    assert.ok(out, 'exported');
    assert.ok(
      out.written.some((p) => /^\.agents\/hooks\/.+-gates\.mjs$/.test(p)),
      out.written.join(', '),
    );
    assert.ok(out.written.some((p) => /^\.github\/hooks\/.+\.json$/.test(p)));
    const settings = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file('.claude/settings.json')))) as {
      permissions: unknown;
      hooks: { PreToolUse: Array<{ hooks: Array<{ command: string }> }> };
    };
    assert.deepEqual(settings.permissions, { allow: ['Bash(ls:*)'] }, "the team's own settings are kept");
    assert.match(settings.hooks.PreToolUse[0].hooks[0].command, /\.agents\/hooks\/.+-gates\.mjs/);
  });

  it('@sop /draft streams a draft from the evidence with a button to save it, and /run offers the run commands', async () => {
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as {
      chat(request: unknown, stream: unknown): Promise<vscode.ChatResult>;
    };
    const said: string[] = [];
    const buttons: vscode.Command[] = [];
    const stream = { markdown: (s: string) => said.push(s), progress: () => undefined, button: (c: vscode.Command) => buttons.push(c) };
    const result = await api.chat({ command: 'draft', prompt: 'month-end-close/', references: [] }, stream);
    const text = said.join('');
    assert.equal(result.errorDetails, undefined, text);
    assert.match(text, /Drafting from \d+ evidence file\(s\)/);
    assert.match(text, /## Steps/);
    for (const s of SECRETS) assert.ok(!text.includes(s));
    assert.equal(buttons[0].command, 'sopBuilder.draftSop');

    said.length = 0;
    buttons.length = 0;
    await api.chat({ command: 'run', prompt: 'sops/month-end-close.sop.md', references: [] }, stream);
    assert.match(said.join(''), /sops\/month-end-close\.sop\.md\*\*: followed — 1 run\(s\) of its current text/);
    assert.deepEqual(
      buttons.map((b) => b.command),
      ['sopBuilder.startRun', 'sopBuilder.resumeRun', 'sopBuilder.showRuns'],
    );
  });
});
