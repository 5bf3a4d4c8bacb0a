import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { put } from '../../support/tempTree';
import { REPO } from '../helpers';
import { REFUND_SOP } from './refundSop';

const CLI = resolve(REPO, 'dist/cli.js');
const SOP = 'sops/customer-refunds.sop.md';

describe('sop run and sop conform (CLI)', () => {
  let ws: string;
  before(() => {
    ws = realpathSync(mkdtempSync(join(tmpdir(), 'sop-run-cli-')));
    put(ws, SOP, REFUND_SOP);
  });
  after(() => rmSync(ws, { recursive: true, force: true }));
  const sop = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ws, encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const person = (name: string) => ({ kind: 'person', name });

  it('says an SOP without runs is not yet tried, in sop conform and in the review', () => {
    const r = sop('conform', SOP);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^sops\/customer-refunds\.sop\.md: not yet tried/);
    assert.match(sop('review', SOP).out, /## Followed since approval\?\n\nNot yet tried: no run is recorded\./);
  });

  it('starts a run, records events from a script, refuses an agent approval, and reports the bypassed gate', () => {
    const start = sop('run', 'start', '--sop', SOP, '--param', 'order=#1042', '--by', 'Dana Reyes');
    assert.equal(start.code, 0, start.err);
    assert.match(start.err, /warning: sops\/customer-refunds\.sop\.md is not approved \(status: draft\)/);
    const log = start.out.trim();
    assert.match(log, /\/sops\/runs\/customer-refunds\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[0-9a-f]{6}\.jsonl$/);
    assert.deepEqual(JSON.parse(readFileSync(log, 'utf8')).parameters, { order: '#1042' });
    for (const n of [1, 2, 3, 4])
      assert.equal(sop('run', 'record', '--event', JSON.stringify({ type: 'step-done', actor: person('Dana Reyes'), step: { number: n } }), log).code, 0);
    const agent = sop(
      'run',
      'record',
      '--event',
      JSON.stringify({ type: 'gate-approved', actor: { kind: 'agent', name: 'refund-agent' }, step: { number: 5 }, by: 'Priya Nair', saw: 'the total' }),
      log,
    );
    assert.equal(agent.code, 1);
    assert.match(agent.err, /only a person can approve a gate/);
    for (const n of [5, 6]) sop('run', 'record', '--event', JSON.stringify({ type: 'step-done', actor: person('Dana Reyes'), step: { number: n } }), log);

    const text = sop('conform', SOP);
    assert.equal(text.code, 1, 'a bypassed gate fails the command');
    assert.match(text.out, /: hard failures — 1 run of its current text \(not approved\)\.\n/);
    assert.match(text.out, /hard failure: step 6 was recorded done \(line 7\) before step 5's approval gate/);
    const json = JSON.parse(sop('conform', '--format', 'json', SOP).out);
    assert.equal(json.verdict, 'hard failures');
    assert.deepEqual(
      json.runs[0].steps.map((s: { outcome: string }) => s.outcome),
      ['done', 'done', 'done', 'done', 'done', 'done', 'not-reached'],
    );
    assert.match(
      sop('review', SOP).out,
      /## Followed since approval\?\n\nNo: in 1 run of its current text, a step was done before its approval gate was approved\./,
    );
    assert.equal(JSON.parse(sop('review', '--format', 'json', SOP).out).runs.verdict, 'hard failures');
    const csv = sop('conform', '--format', 'csv', SOP).out.split('\r\n');
    assert.equal(csv[0], 'case_id,activity,timestamp,actor,actor_kind,step_id,event');
    assert.equal(csv.length, 1 + 7 + 1);
    // The runs can be named: a log, or a folder of logs (copied from a CI job, say).
    const named = JSON.parse(sop('conform', '--format', 'json', SOP, log).out);
    assert.equal(named.runs.length, 1);
    assert.equal(named.verdict, 'hard failures');
    assert.match(sop('conform', SOP, 'notes').err, /No run log \(\.jsonl\) in notes|no such/i);
    const html = sop('conform', '--format', 'html', SOP);
    assert.equal(html.code, 1, 'the page is written, and the exit code still says a gate was bypassed');
    assert.match(html.out, /^<!DOCTYPE html>/);
    assert.match(html.out, /Hard failures: a run went past an approval gate before the approver approved\./);
    assert.match(html.out, /aria-label="Step 6: 1 done, 0 different, 0 skipped, 0 failed of 1"/);
  });

  it('records the approval date in a run of an approved SOP; a run of the same text before approval counts too', () => {
    const approve = sop('approve', '--by', 'Priya Nair (Finance manager)', '--override', '--copies', 'off', SOP);
    assert.equal(approve.code, 0, approve.err);
    const start = sop('run', 'start', '--sop', SOP, '--by', 'Dana Reyes');
    assert.equal(start.err, '');
    const started = JSON.parse(readFileSync(start.out.trim(), 'utf8'));
    assert.match(started.sop.approvedOn, /^\d{4}-\d\d-\d\d$/);
    assert.match(sop('conform', SOP).out, new RegExp(`: hard failures — 2 runs since its approval on ${started.sop.approvedOn}\\.\\n`));
  });

  it('explains bad usage with exit 2', () => {
    const json = sop('run', 'record', '--event', '{not json', SOP);
    assert.equal(json.code, 2);
    assert.match(json.err, /^sop: --event is not valid JSON: pass one event, e\.g\./);
    assert.match(sop('run', 'record', '--event', '{}', 'runs/x.jsonl').err, /^sop: runs\/x\.jsonl: no such file or folder\./);
    const r = sop('run', 'start', '--sop', SOP, '--param', 'order');
    assert.equal(r.code, 2);
    assert.match(r.err, /--param order: write it as NAME=VALUE/);
    assert.match(sop('run', 'stop').err, /sop run needs "start" or "record" \(got "stop"\)/);
    assert.match(sop('conform', '--format', 'xes', SOP).err, /--format must be text, json, csv or html/);
  });
});
