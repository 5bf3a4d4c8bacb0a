import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, realpathSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runLogsStamp, sopRunFacts } from '../../../src/core/usecases/runFacts';
import { parseSop } from '../../../src/core/sop/model';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { put } from '../../support/tempTree';
import { REPO } from '../helpers';
import { APPROVED_REFUND, asWritten, FIVE_RUNS, writeRefundRuns } from './refundRuns';

const CLI = resolve(REPO, 'dist/cli.js');
const SOP = 'sops/customer-refunds.sop.md';
const NOTE_STEP = "4. Add a note to the customer's profile in Zendesk with the refund amount.";

describe('sop lint with run logs (CLI)', () => {
  let ws: string;
  beforeEach(() => {
    ws = realpathSync(mkdtempSync(join(tmpdir(), 'sop-lint-runs-')));
    put(ws, SOP, APPROVED_REFUND);
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));
  const lint = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', ...args, SOP], { cwd: ws, encoding: 'utf8' });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return (JSON.parse(r.stdout) as Array<{ rule: string; line: number; message: string }>).filter((f) => f.rule === 'run-deviation');
  };

  it('reports the step skipped in 3 of 5 runs since approval, on its line', () => {
    writeRefundRuns(ws, FIVE_RUNS);
    const found = lint();
    assert.deepEqual(
      found.map((f) => [f.line, f.message]),
      [
        [
          APPROVED_REFUND.split('\n').indexOf(NOTE_STEP) + 1,
          'Step 4 was skipped in 3 of 5 runs since approval (latest reason: "refund under 20 EUR, nobody reads the note"): remove it, make it conditional, or explain why it matters.',
        ],
      ],
    );
  });

  it('reports nothing for an SOP without runs, or whose runs follow it', () => {
    assert.deepEqual(lint(), []);
    writeRefundRuns(ws, [asWritten, asWritten, asWritten]);
    assert.deepEqual(lint(), []);
  });

  it('reads only the newest logs when there are more than it reads, and says how many', async () => {
    // Three old runs that skipped the note, then two that did it: only the newest two are read.
    const old = writeRefundRuns(
      ws,
      FIVE_RUNS.filter((r) => r !== asWritten),
      APPROVED_REFUND,
      3,
    );
    writeRefundRuns(ws, [asWritten, asWritten], APPROVED_REFUND, 20);
    const nodeWs = createNodeWorkspace(ws);
    const sop = { root: ws, path: `${ws}/${SOP}`, text: APPROVED_REFUND, doc: parseSop(APPROVED_REFUND) };
    const all = await sopRunFacts(nodeWs, sop);
    assert.deepEqual(
      all?.deviations.map((d) => [d.kind, d.count, d.runs]),
      [['skipped', 3, 5]],
    );
    const newest = await sopRunFacts(nodeWs, sop, { maxLogs: 2 });
    assert.deepEqual([newest?.logsRead, newest?.logsUnread, newest?.deviations], [2, 3, []]);
    for (const rel of old) unlinkSync(join(ws, rel));
    assert.equal((await sopRunFacts(nodeWs, sop))?.logsRead, 2);
  });

  it('stamps the logs so the editor can tell when they changed without a file event', async () => {
    const nodeWs = createNodeWorkspace(ws);
    const path = `${ws}/${SOP}`;
    const none = await runLogsStamp(nodeWs, path);
    const [first] = writeRefundRuns(ws, [asWritten]);
    const one = await runLogsStamp(nodeWs, path);
    assert.notEqual(one, none, 'a first log');
    assert.equal(await runLogsStamp(nodeWs, path), one, 'nothing changed');
    // A run being recorded: one more event at the end of its log.
    appendFileSync(join(ws, first), '{"type":"note","at":"2026-11-10T10:00:00Z","text":"checked twice"}\n');
    const appended = await runLogsStamp(nodeWs, path);
    assert.notEqual(appended, one, 'an event appended');
    const [second] = writeRefundRuns(ws, [asWritten], APPROVED_REFUND, 11);
    const two = await runLogsStamp(nodeWs, path);
    assert.notEqual(two, appended, 'another log');
    unlinkSync(join(ws, second));
    assert.equal(await runLogsStamp(nodeWs, path), appended, 'that log removed again');
  });
});
