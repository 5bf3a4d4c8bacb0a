import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, file } from '../util';

interface StepView {
  id: string;
  number: number;
  text: string;
  code: string[];
  status: string;
  blockedBy?: number;
  gate?: { state: string; approver?: string; by?: string };
}
interface ActionResult {
  ok: boolean;
  problem?: string;
  view: { steps: StepView[]; finished?: string; next?: number; conformance: { followed: boolean; violations: unknown[] } };
}

const SOP = 'sops/monthly-sales-report.sop.md';
const act = (logPath: string, message: unknown) => vscode.commands.executeCommand<ActionResult>('sopBuilder.runAction', logPath, message, 'Sam Lee');
const lines = async (logPath: string) =>
  new TextDecoder()
    .decode(await vscode.workspace.fs.readFile(vscode.Uri.file(logPath)))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('a run of an approved SOP in the editor', function () {
  this.timeout(90_000);
  after(closeAll);

  it('starts a run with its month, checks steps off, is held at the gate until the approval is recorded, and finishes followed', async () => {
    const started = await vscode.commands.executeCommand<{ logPath: string }>('sopBuilder.startRun', file(SOP), {
      person: 'Sam Lee',
      parameters: { month: '2026-11' },
    });
    assert.ok(started?.logPath.includes('/sops/runs/monthly-sales-report/'), `run log beside the SOP: ${started?.logPath}`);
    const [first] = await lines(started.logPath);
    assert.equal(first.type, 'run-started');
    assert.deepEqual(first.parameters, { month: '2026-11' });
    assert.deepEqual((first.sop as { approvedOn: string }).approvedOn, '2026-08-03');

    const ready = await act(started.logPath, { type: 'ready' });
    const steps = ready.view.steps;
    assert.equal(steps.length, 5);
    assert.deepEqual(
      steps[1].code.slice(0, 2),
      ['python3 scripts/clean_sales.py --month 2026-11', 'exports/2026-11/orders-clean.csv'],
      'commands with the month filled in',
    );
    assert.equal(steps[3].gate?.approver, 'Priya Nair (Finance manager)');
    assert.equal(steps[4].blockedBy, 4);

    for (const n of [1, 2, 3, 4]) assert.equal((await act(started.logPath, { type: 'step', action: 'done', stepId: steps[n - 1].id })).ok, true, `step ${n}`);
    const held = await act(started.logPath, { type: 'step', action: 'done', stepId: steps[4].id });
    assert.equal(held.ok, false);
    assert.match(held.problem!, /Step 5 waits for the approval gate at step 4/);
    assert.equal((await lines(started.logPath)).filter((e) => e.type === 'step-done').length, 4, 'nothing was written for the held step');

    const approved = await act(started.logPath, {
      type: 'gate',
      decision: 'approved',
      stepId: steps[3].id,
      by: 'Priya Nair',
      saw: 'summary.csv for 2026-11 against the dashboard',
    });
    assert.equal(approved.ok, true, approved.problem);
    assert.equal(approved.view.steps[4].blockedBy, undefined);
    assert.equal((await act(started.logPath, { type: 'step', action: 'done', stepId: steps[4].id })).ok, true);
    const finished = await act(started.logPath, { type: 'finish', outcome: 'completed' });
    assert.equal(finished.view.finished, 'completed');
    assert.equal(finished.view.conformance.followed, true);
    const events = await lines(started.logPath);
    assert.deepEqual(
      events.map((e) => e.type),
      ['run-started', 'step-done', 'step-done', 'step-done', 'step-done', 'gate-approved', 'step-done', 'run-finished'],
    );
    const approval = events[5] as { actor: { kind: string; name: string }; by: string; saw: string };
    assert.deepEqual(approval.actor, { kind: 'person', name: 'Sam Lee' });
    assert.equal(approval.by, 'Priya Nair');

    const page = await vscode.commands.executeCommand<{ html: string }>('sopBuilder.showRuns', file(SOP));
    assert.match(page.html, /4 runs: 4 of this text; 1 followed the SOP/);
    assert.match(page.html, /Step 5 \(&#34;Email the board pack contacts/);
  });

  it('resumes a run left open: what was recorded is there, and the next step is where it stopped', async () => {
    const started = await vscode.commands.executeCommand<{ logPath: string }>('sopBuilder.startRun', file(SOP), {
      person: 'Sam Lee',
      parameters: { month: '2026-12' },
    });
    const { view } = await act(started.logPath, { type: 'ready' });
    await act(started.logPath, { type: 'step', action: 'done', stepId: view.steps[0].id });
    await act(started.logPath, { type: 'step', action: 'skipped', stepId: view.steps[1].id, reason: 'Priya ran the cleaning script for the audit' });
    await closeAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const resumed = await vscode.commands.executeCommand<{ logPath: string }>('sopBuilder.resumeRun', vscode.Uri.file(started.logPath), { person: 'Sam Lee' });
    assert.equal(resumed?.logPath, started.logPath);
    const again = await act(started.logPath, { type: 'ready' });
    assert.deepEqual(
      again.view.steps.map((s) => s.status),
      ['done', 'skipped', 'open', 'open', 'open'],
    );
    assert.equal(again.view.next, 3);
  });

  it('a hand-edited log with a bad line opens, names the line, and keeps the rest', async () => {
    const started = await vscode.commands.executeCommand<{ logPath: string }>('sopBuilder.startRun', file(SOP), {
      person: 'Sam Lee',
      parameters: { month: '2027-01' },
    });
    const uri = vscode.Uri.file(started.logPath);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text + '{"type":"step-done", oops}\n'));
    const { view } = await act(started.logPath, { type: 'ready' });
    const shown = view as unknown as { problems: string[] };
    assert.match(shown.problems[0], /^line 2: not valid JSON/);
    assert.equal((await act(started.logPath, { type: 'step', action: 'done', stepId: view.steps[0].id })).ok, true, 'the run goes on');
  });
});
