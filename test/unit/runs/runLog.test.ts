import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { eventProblem, type RunEvent } from '../../../src/core/runs/events';
import { parseRunLog } from '../../../src/core/runs/runLog';
import { conformRun } from '../../../src/core/runs/conformance';
import { REPO } from '../helpers';
import { BOT, perfectRun, refundVersion, RunBuilder } from './refundSop';

const schema = JSON.parse(readFileSync(resolve(REPO, 'docs/run-log.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, validateFormats: false }).compile(schema);
const version = refundVersion();

describe('run log format', () => {
  it('writes events the JSON Schema accepts, and the schema refuses what the reader refuses', () => {
    const run = new RunBuilder(version)
      .done(1, 2)
      .skip(4)
      .different(3, 'used the carrier portal for the fee', 'the label price was not in the order')
      .approve(5)
      .done(5, 6, 7);
    run.events.push({ type: 'note', at: '2026-11-10T10:00:00+01:00', actor: { kind: 'automation', name: 'nightly' }, text: 'Payout matched.' });
    run.events.push({
      type: 'step-failed',
      at: '2026-11-10T10:01:00Z',
      actor: BOT,
      step: { id: version.steps[5].id, number: 6, text: version.steps[5].text },
      error: 'Shopify returned 503',
    });
    run.finish();
    for (const e of run.events) assert.ok(validate(e), `${e.type}: ${JSON.stringify(validate.errors)}`);
    const wrong: unknown[] = [
      { type: 'step-done', at: 'yesterday', actor: { kind: 'person', name: 'Dana' }, step: { id: 's-1', text: 'x' } },
      { type: 'step-skipped', at: '2026-11-10T09:00:00Z', actor: { kind: 'person', name: 'Dana' }, step: { id: 's-1', text: 'x' } },
      { type: 'gate-approved', at: '2026-11-10T09:00:00Z', actor: BOT, step: { id: 's-1', text: 'x' }, by: 'Priya', saw: 'the total' },
      { type: 'step-finished', at: '2026-11-10T09:00:00Z', actor: { kind: 'person', name: 'Dana' } },
      { type: 'run-finished', at: '2026-11-10T09:00:00Z', actor: { kind: 'robot', name: 'x' }, outcome: 'completed' },
    ];
    for (const w of wrong) assert.equal(validate(w), false, JSON.stringify(w));
    // The reader agrees with the schema, except that it refuses an agent's approval separately (with its own message).
    assert.deepEqual(
      wrong.map((w) => eventProblem(w) !== undefined),
      [true, true, false, true, true],
    );
  });

  it('reads a perfect run back as it was written', () => {
    const run = perfectRun(version);
    const log = run.log();
    assert.deepEqual(log.problems, []);
    assert.deepEqual(log.events, run.events);
    assert.deepEqual(log.lines.slice(0, 3), [1, 2, 3]);
  });

  it('names a corrupt line by its number and keeps every other line', () => {
    const lines = perfectRun(version).text().split('\n');
    lines[6] = '{"type":"step-done","at":"2026-11-10T09:06:00Z","actor":{"kind":"person","name":"Dana Reyes"},"step":{"id":"s-1", "text":';
    lines[3] = '{"type":"step-skipped","at":"2026-11-10T09:03:00Z","actor":{"kind":"person","name":"Dana Reyes"},"step":{"id":"s-1","text":"x"}}';
    const log = parseRunLog(lines.join('\n'));
    assert.deepEqual(
      log.problems.map((p) => p.message),
      [
        'line 4: step-skipped: "reason" is missing or empty; the other lines are kept',
        'line 7: not valid JSON: fix or remove the line; the other lines are kept',
      ],
    );
    assert.equal(log.events.length, perfectRun(version).events.length - 2);
    assert.equal(log.events[log.events.length - 1].type, 'run-finished');
  });

  it('reports a cut-off last line as cut off, and keeps what came before', () => {
    const text = perfectRun(version).text();
    const cut = text.slice(0, text.length - 30);
    const log = parseRunLog(cut);
    assert.equal(log.problems.length, 1);
    assert.match(log.problems[0].message, /^line 11: cut off \(the log ends mid-event/);
    assert.equal(log.events.length, 10);
  });

  it('refuses a gate approval recorded by an agent, with who should record it', () => {
    const run = new RunBuilder(version).done(1, 2, 3, 4).approve(5, BOT).done(5, 6, 7).finish();
    const log = run.log();
    assert.equal(log.events.filter((e: RunEvent) => e.type === 'gate-approved').length, 0);
    assert.deepEqual(
      log.problems.map((p) => p.message),
      [
        'line 7: gate approval of step 5 recorded by agent "refund-agent" is refused: only a person can approve a gate. Record gate-requested instead and ask Priya Nair to record the approval; the other lines are kept',
      ],
    );
  });

  it('flags a log that does not begin with run-started, and a second run-started', () => {
    const lines = perfectRun(version).text().split('\n');
    const log = parseRunLog([...lines.slice(1, 3), lines[0], ''].join('\n'));
    assert.deepEqual(
      log.problems.map((p) => p.line),
      [3, 0],
    );
    assert.match(log.problems[0].message, /^line 3: a second run-started: one log holds one run/);
    assert.match(log.problems[1].message, /^the log does not begin with a run-started event, so the SOP version it followed is unknown/);
  });

  it('stays bounded on a 10 MB log and on a 100,000-character line', () => {
    const line = perfectRun(version).text().split('\n')[1] + '\n';
    const big = perfectRun(version).text().split('\n')[0] + '\n' + line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    let t = Date.now();
    const log = parseRunLog(big);
    const conformed = conformRun('big.jsonl', log, version);
    assert.ok(Date.now() - t < 2000, `${Date.now() - t} ms to read and conform 10 MB`);
    assert.equal(conformed.steps[0].outcome, 'done');
    assert.ok(log.events.length > 30_000);
    const hostile = '{"type":"note","text":"' + '\\"{'.repeat(33_334) + '"}\n' + '['.repeat(100_000) + '\n';
    t = Date.now();
    const bad = parseRunLog(hostile);
    assert.ok(Date.now() - t < 500, `${Date.now() - t} ms for two long lines`);
    assert.deepEqual(
      bad.problems.map((p) => p.message.replace(/\d{6} characters/, 'N characters')),
      [1, 2].map((n) => `line ${n}: N characters, over the 64000 an event may have: not read; the other lines are kept`),
    );
  });

  it('stops after the most events a log may hold, and says so', () => {
    const log = parseRunLog(perfectRun(version).text(), { maxLineChars: 64_000, maxEvents: 4 });
    assert.equal(log.events.length, 4);
    assert.match(log.problems[0].message, /^line 5: the log holds more than 4 events; the rest is not read/);
  });
});
