import { randomBytes } from 'node:crypto';
import { csvRows, CSV_COLUMNS } from '../runs/render';
import { ConformanceTally, type SopConformance } from '../runs/summary';
import type { SopVersion } from '../runs/conformance';
import { eventProblem, refusedApproval, type Actor, type RunEvent, type RunStarted, type StepRef } from '../runs/events';
import { eventLine, parseRunLog, type RunLog } from '../runs/runLog';
import { identifySteps, type IdentifiedStep } from '../runs/stepIdentity';
import { approvalRecord, bodyHash } from '../sop/approvalRecord';
import { basename, dirname, join, relativeTo } from '../workspace/paths';
import type { Workspace } from '../workspace/port';
import type { SopContext } from './sop';

/**
 * Runs of an SOP: where their logs live, starting one, recording an event, and measuring conformance.
 * A run log is `runs/<sop-stem>/<run-id>.jsonl` in the SOP's folder, so runs are committed beside the SOP
 * they followed and move with it.
 */

/** Far above any real run (a few hundred events); a larger log is read up to here and the rest reported. */
export const MAX_RUN_LOG_BYTES = 16 * 1024 * 1024;

/** `sops/customer-refunds.sop.md` → `sops/runs/customer-refunds`. */
export function runsFolderOf(sopPath: string): string {
  const stem = basename(sopPath).replace(/(?:\.sop)?\.md$/i, '');
  return join(dirname(sopPath), 'runs', stem);
}

/** The SOP as runs are measured against it: its step ids, its body hash, and when it was approved. */
export function sopVersionOf(sop: SopContext): SopVersion {
  const record = approvalRecord(sop.doc);
  const approved = sop.status === 'approved' || sop.status === 'review-due';
  return { steps: identifySteps(sop.doc), bodySha256: bodyHash(sop.text), ...(approved && record.date ? { approvedOn: record.date } : {}) };
}

export interface RunLogFile {
  path: string;
  log: RunLog;
}

/** The run logs of the SOP, oldest first (run ids begin with their start time). */
export async function runLogPaths(ws: Workspace, sopPath: string): Promise<string[]> {
  const folder = runsFolderOf(sopPath);
  // Most SOPs have no runs folder: asked first, so the editor's file system does not log a failed listing.
  if (!(await ws.exists(folder))) return [];
  const entries = await ws.list(folder).catch(() => []);
  return entries
    .filter((e) => e.type === 'file' && e.name.endsWith('.jsonl'))
    .map((e) => e.absPath)
    .sort();
}

/** Every run log of the SOP, read. */
export async function readRunLogs(ws: Workspace, sopPath: string): Promise<RunLogFile[]> {
  const logs: RunLogFile[] = [];
  for (const path of await runLogPaths(ws, sopPath)) logs.push({ path, log: await readRunLog(ws, path) });
  return logs;
}

export async function readRunLog(ws: Workspace, path: string): Promise<RunLog> {
  const bytes = await ws.read(path, MAX_RUN_LOG_BYTES + 1);
  const over = bytes.byteLength > MAX_RUN_LOG_BYTES;
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(over ? bytes.subarray(0, MAX_RUN_LOG_BYTES) : bytes);
  const log = parseRunLog(text);
  if (over)
    log.problems.push({
      line: 0,
      message: `the log is over ${MAX_RUN_LOG_BYTES / 1024 / 1024} MB: only its first part was read. Start a new run instead of reusing this log`,
    });
  return log;
}

/** Conformance of the SOP's recorded runs (or of the logs given) against its current text; one log is held at a time. */
export async function conformSopRuns(ws: Workspace, sop: SopContext, logs?: string[]): Promise<SopConformance> {
  const tally = new ConformanceTally(sopVersionOf(sop));
  for (const path of logs ?? (await runLogPaths(ws, sop.path))) tally.add(relativeTo(sop.root, path), await readRunLog(ws, path));
  return tally.result();
}

/** Every event of every run as CSV (case id = run id) for process-mining tools, and the log problems met on the way. */
export async function runEventsCsv(ws: Workspace, sop: SopContext, logs?: string[]): Promise<{ csv: string; problems: string[] }> {
  const parts = [CSV_COLUMNS.join(',') + '\r\n'];
  const problems: string[] = [];
  for (const path of logs ?? (await runLogPaths(ws, sop.path))) {
    const log = await readRunLog(ws, path);
    const started = log.events[0]?.type === 'run-started' ? log.events[0] : undefined;
    parts.push(csvRows(started?.run ?? basename(path).replace(/\.jsonl$/, ''), log.events));
    for (const p of log.problems) problems.push(`${relativeTo(sop.root, path)}: ${p.message}`);
  }
  return { csv: parts.join(''), problems };
}

export interface StartRunOptions {
  actor: Actor;
  parameters?: Record<string, string>;
  now?: Date;
}

/** Writes a new run log holding its run-started event; returns its path. Never over an existing log. */
export async function startRun(ws: Workspace, sop: SopContext, o: StartRunOptions): Promise<{ path: string; event: RunStarted }> {
  const now = o.now ?? new Date();
  const version = sopVersionOf(sop);
  const run = `${now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}-${randomBytes(3).toString('hex')}`;
  const event: RunStarted = {
    type: 'run-started',
    at: now.toISOString(),
    actor: o.actor,
    run,
    sop: { path: sop.relPath, bodySha256: version.bodySha256, ...(version.approvedOn ? { approvedOn: version.approvedOn } : {}) },
    parameters: o.parameters ?? {},
  };
  const wrong = eventProblem(event);
  if (wrong) throw new Error(`The run cannot start: ${wrong}.`);
  const path = join(runsFolderOf(sop.path), `${run}.jsonl`);
  await ws.write(path, new TextEncoder().encode(eventLine(event)));
  return { path, event };
}

/**
 * Appends one event to a run log: checked as the reader checks it, a gate approval by an agent or automation
 * refused, earlier lines left byte for byte as they were. A log whose last line was cut off gets a newline
 * first, so the new event starts on a line of its own (and the cut line is reported, not merged into it).
 * `steps` (the SOP's current steps) fill in a step given by number only, as a script knows it.
 */
export async function recordRunEvent(ws: Workspace, logPath: string, input: unknown, o: { now?: Date; steps?: IdentifiedStep[] } = {}): Promise<RunEvent> {
  const event = completed(input, o.now ?? new Date(), o.steps);
  const wrong = eventProblem(event);
  if (wrong) throw new Error(`Event not recorded: ${wrong}.`);
  const refused = refusedApproval(event as RunEvent);
  if (refused) throw new Error(`Event not recorded: ${refused}.`);
  if ((event as RunEvent).type === 'run-started')
    throw new Error('Event not recorded: a run log holds one run-started, written by sop run start. Start a new run for a new run-started.');
  const st = await ws.stat(logPath).catch(() => undefined);
  if (!st || st.type !== 'file') throw new Error(`${logPath}: no such run log. Start a run first with sop run start --sop <SOP>.`);
  if (st.size > MAX_RUN_LOG_BYTES) throw new Error(`${logPath} is over ${MAX_RUN_LOG_BYTES / 1024 / 1024} MB: start a new run instead of adding to it.`);
  const before = await ws.read(logPath, MAX_RUN_LOG_BYTES);
  const log = parseRunLog(new TextDecoder('utf-8', { ignoreBOM: true }).decode(before));
  if (log.events[0]?.type !== 'run-started')
    throw new Error(`${logPath} does not begin with a run-started event, so it is not a run log: start a run with sop run start --sop <SOP>.`);
  if (log.events.some((e) => e.type === 'run-finished')) throw new Error(`${logPath}: the run is finished. Start a new run for more work.`);
  const lead = before.byteLength > 0 && before[before.byteLength - 1] !== 0x0a ? '\n' : '';
  const added = new TextEncoder().encode(lead + eventLine(event as RunEvent));
  if (ws.append) {
    await ws.append(logPath, added);
    return event as RunEvent;
  }
  const after = new Uint8Array(before.byteLength + added.byteLength);
  after.set(before);
  after.set(added, before.byteLength);
  // Without an append the file is written whole, and only if nobody added to it since it was read.
  const current = await ws.stat(logPath);
  if (current.size !== before.byteLength) throw new Error(`${logPath} changed while this event was recorded: run the command again.`);
  await ws.write(logPath, after, { overwrite: true });
  return event as RunEvent;
}

/** `at` defaults to now; a step given by number (or by id alone) takes its id and text from the SOP. */
function completed(input: unknown, now: Date, steps: IdentifiedStep[] | undefined): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const e = { ...(input as Record<string, unknown>) };
  if (e.at === undefined) e.at = now.toISOString();
  const step = e.step as Partial<StepRef> | undefined;
  if (steps && step && typeof step === 'object' && step.text === undefined) {
    const found = steps.find((s) => (step.id !== undefined ? s.id === step.id : s.number === step.number));
    if (found) e.step = { id: found.id, number: found.number, text: found.text };
  }
  return e;
}
