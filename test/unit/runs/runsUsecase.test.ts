import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conformSopRuns, readRunLogs, recordRunEvent, runsFolderOf, startRun } from '../../../src/core/usecases/runs';
import { openSop } from '../../../src/core/usecases/sop';
import { identifySteps } from '../../../src/core/runs/stepIdentity';
import { toPosix } from '../../../src/core/workspace/paths';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { put } from '../../support/tempTree';
import { BOT, DANA, PRIYA, REFUND_SOP } from './refundSop';

const SOP = 'sops/customer-refunds.sop.md';

describe('runs of an SOP (use case)', () => {
  let root: string;
  beforeEach(() => {
    root = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-runs-'))));
    put(root, SOP, REFUND_SOP);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const open = () => {
    const ws = createNodeWorkspace(root);
    return openSop(ws, `${root}/${SOP}`).then((sop) => ({ ws, sop }));
  };

  it('keeps run logs in runs/<sop-stem>/ beside the SOP', () => {
    assert.equal(runsFolderOf('/w/sops/customer-refunds.sop.md'), '/w/sops/runs/customer-refunds');
    assert.equal(runsFolderOf('/w/payroll.md'), '/w/runs/payroll');
  });

  it('an SOP with no runs folder is not yet tried', async () => {
    const { ws, sop } = await open();
    assert.equal((await conformSopRuns(ws, sop)).verdict, 'not yet tried');
  });

  it('starts a run, records steps by number, resumes after reopening, and conforms', async () => {
    let { ws, sop } = await open();
    const { path, event } = await startRun(ws, sop, { actor: DANA, parameters: { order: '#1042' }, now: new Date('2026-11-10T09:00:00Z') });
    assert.match(path, new RegExp(`^${root}/sops/runs/customer-refunds/2026-11-10T09-00-00Z-[0-9a-f]{6}\\.jsonl$`));
    assert.equal(event.sop.path, SOP);
    const steps = identifySteps(sop.doc);
    for (const n of [1, 2, 3, 4]) await recordRunEvent(ws, path, { type: 'step-done', actor: DANA, step: { number: n } }, { steps });

    // The editor closed: a new workspace and a fresh read carry on where the run stopped.
    ({ ws, sop } = await open());
    const ask = { type: 'gate-requested', actor: DANA, step: { number: 5 } };
    await recordRunEvent(ws, path, ask, { steps });
    const refused = await recordRunEvent(
      ws,
      path,
      { type: 'gate-approved', actor: BOT, step: { number: 5 }, by: 'Priya Nair', saw: 'the total' },
      { steps },
    ).catch((e: Error) => e.message);
    assert.match(String(refused), /^Event not recorded: gate approval of step 5 recorded by agent "refund-agent" is refused: only a person can approve a gate/);
    const before = readFileSync(path, 'utf8');
    await recordRunEvent(
      ws,
      path,
      { type: 'gate-approved', actor: PRIYA, step: { number: 5 }, by: 'Priya Nair', role: 'Finance manager', saw: 'order #1042, 240 EUR' },
      { steps },
    );
    for (const n of [5, 6, 7]) await recordRunEvent(ws, path, { type: 'step-done', actor: DANA, step: { number: n } }, { steps });
    await recordRunEvent(ws, path, { type: 'run-finished', actor: DANA, outcome: 'completed' });
    assert.ok(readFileSync(path, 'utf8').startsWith(before), 'earlier lines are never rewritten');

    const conformance = await conformSopRuns(ws, sop);
    assert.equal(conformance.verdict, 'followed');
    assert.equal(conformance.runs[0].problems.length, 0);
    const added = await recordRunEvent(ws, path, { type: 'note', actor: DANA, text: 'late note' }).catch((e: Error) => e.message);
    assert.match(String(added), /the run is finished\. Start a new run/);
  });

  it('after a cut-off last line, a new event starts on its own line and the cut line is reported', async () => {
    const { ws, sop } = await open();
    const { path } = await startRun(ws, sop, { actor: DANA, now: new Date('2026-11-10T09:00:00Z') });
    appendFileSync(path, '{"type":"step-done","at":"2026-11-10T09:01:00Z","act');
    await recordRunEvent(ws, path, { type: 'step-done', actor: DANA, step: { number: 1 } }, { steps: identifySteps(sop.doc) });
    const [file] = await readRunLogs(ws, sop.path);
    assert.deepEqual(
      file.log.events.map((e) => e.type),
      ['run-started', 'step-done'],
    );
    assert.deepEqual(
      file.log.problems.map((p) => p.message),
      ['line 2: not valid JSON: fix or remove the line; the other lines are kept'],
    );
  });

  it('keeps every event when a person, a script and an automation record at the same moment', async () => {
    const { ws, sop } = await open();
    const steps = identifySteps(sop.doc);
    const { path } = await startRun(ws, sop, { actor: DANA, now: new Date('2026-11-10T09:00:00Z') });
    const notes = Array.from({ length: 40 }, (_, i) => ({ type: 'note', actor: i % 2 ? BOT : DANA, text: `note ${i}` }));
    await Promise.all(notes.map((n) => recordRunEvent(ws, path, n, { steps })));
    const [file] = await readRunLogs(ws, sop.path);
    assert.deepEqual(file.log.problems, []);
    assert.equal(file.log.events.length, 41, 'no event lost to another writer');
    assert.deepEqual(new Set(file.log.events.slice(1).map((e) => (e as { text: string }).text)), new Set(notes.map((n) => n.text)));
  });

  it('never appends through a link that replaced the run log', async () => {
    const { ws, sop } = await open();
    const { path } = await startRun(ws, sop, { actor: DANA, now: new Date('2026-11-10T09:00:00Z') });
    const elsewhere = join(root, 'elsewhere.txt');
    put(root, 'elsewhere.txt', readFileSync(path, 'utf8'));
    rmSync(path);
    symlinkSync(elsewhere, path);
    await assert.rejects(recordRunEvent(ws, path, { type: 'note', actor: DANA, text: 'x' }, { steps: identifySteps(sop.doc) }));
    assert.doesNotMatch(readFileSync(elsewhere, 'utf8'), /"note"/);
  });

  it('refuses an event the format does not allow, and a log that is not a run log', async () => {
    const { ws, sop } = await open();
    const { path } = await startRun(ws, sop, { actor: DANA });
    const wrong = await recordRunEvent(ws, path, { type: 'step-skipped', actor: DANA, step: { id: 's-1', text: 'x' } }).catch((e: Error) => e.message);
    assert.equal(wrong, 'Event not recorded: step-skipped: "reason" is missing or empty.');
    put(root, 'sops/runs/customer-refunds/notes.jsonl', '{"type":"note","at":"2026-11-10T09:00:00Z","actor":{"kind":"person","name":"Dana"},"text":"hi"}\n');
    const notLog = await recordRunEvent(ws, `${root}/sops/runs/customer-refunds/notes.jsonl`, { type: 'note', actor: DANA, text: 'x' }).catch(
      (e: Error) => e.message,
    );
    assert.match(String(notLog), /does not begin with a run-started event, so it is not a run log/);
  });
});
