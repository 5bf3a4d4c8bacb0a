import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { conformanceHtml } from '../core/runs/summaryHtml';
import { renderConformance } from '../core/runs/render';
import { identifySteps } from '../core/runs/stepIdentity';
import type { Actor } from '../core/runs/events';
import { conformSopRuns, readRunLog, recordRunEvent, runEventsCsv, startRun } from '../core/usecases/runs';
import { loadConfig, openSop, type SopContext } from '../core/usecases/sop';
import { isInside, relativeTo, toPosix } from '../core/workspace/paths';
import type { Workspace } from '../core/workspace/port';
import { configProblemsText, pathInWorkspace, workspaceOf } from './lintCommand';
import { UsageError, type CommandResult } from './usage';

/** The SOP at `path`, configured and with its approval checked; conformance needs its steps and its status. */
async function openSopArg(ws: Workspace, root: string, path: string): Promise<SopContext | CommandResult> {
  const { abs, isDir } = await pathInWorkspace(ws, root, path);
  if (isDir) throw new UsageError(`${path} is a folder: give the SOP file.`);
  const { config, problems } = await loadConfig(ws, abs);
  if (problems.length > 0) return { exitCode: 2, stdout: '', stderr: await configProblemsText(ws, root, problems) };
  return openSop(ws, abs, { config });
}

export interface ConformOptions {
  workspace: string;
  path: string;
  /** Run logs (or folders of them) to measure instead of the SOP's own runs folder. */
  runs?: string[];
  format: 'text' | 'json' | 'csv' | 'html';
}

/** The run logs named on the command line: files as given, folders as the .jsonl files in them, oldest first. */
async function runLogArgs(ws: Workspace, root: string, args: string[]): Promise<string[]> {
  const logs: string[] = [];
  for (const arg of args) {
    const { abs, isDir } = await pathInWorkspace(ws, root, arg);
    if (!isDir) logs.push(abs);
    else for (const e of await ws.list(abs)) if (e.type === 'file' && e.name.endsWith('.jsonl')) logs.push(e.absPath);
  }
  if (logs.length === 0) throw new UsageError(`No run log (.jsonl) in ${args.join(', ')}: give run logs or a folder of them.`);
  return [...new Set(logs)].sort();
}

/** `sop conform`: exit 1 when a run went past an approval gate without a person's approval, else 0. */
export async function runConform(o: ConformOptions): Promise<CommandResult> {
  const { ws, root } = workspaceOf(o.workspace);
  const sop = await openSopArg(ws, root, o.path);
  if ('exitCode' in sop) return sop;
  const logs = o.runs?.length ? await runLogArgs(ws, root, o.runs) : undefined;
  if (o.format === 'csv') {
    // The events as they were recorded, for process mining: no verdict, so exit 0 unless the SOP cannot be read.
    const { csv, problems } = await runEventsCsv(ws, sop, logs);
    return { exitCode: 0, stdout: csv, stderr: problems.map((p) => p + '\n').join('') };
  }
  const conformance = await conformSopRuns(ws, sop, logs);
  const exitCode = conformance.verdict === 'hard failures' ? 1 : 0;
  if (o.format === 'html') {
    const title = sop.doc.title?.text.trim() || sop.relPath;
    return { exitCode, stdout: conformanceHtml(conformance, { title, sopRel: sop.relPath, nonce: randomBytes(16).toString('base64') }), stderr: '' };
  }
  if (o.format === 'json') return { exitCode, stdout: JSON.stringify({ sop: sop.relPath, ...conformance }, null, 2) + '\n', stderr: '' };
  return { exitCode, stdout: renderConformance(sop.relPath, conformance), stderr: '' };
}

export interface StartOptions {
  workspace: string;
  sop: string;
  params: string[];
  by?: string;
}

/** `sop run start`: writes the run-started event of a new run log and prints the log's path. */
export async function runStart(o: StartOptions): Promise<CommandResult> {
  const { ws, root } = workspaceOf(o.workspace);
  const parameters: Record<string, string> = {};
  for (const p of o.params) {
    const eq = p.indexOf('=');
    if (eq < 1) throw new UsageError(`--param ${p}: write it as NAME=VALUE, e.g. --param month=2026-10.`);
    parameters[p.slice(0, eq).trim()] = p.slice(eq + 1);
  }
  const sop = await openSopArg(ws, root, o.sop);
  if ('exitCode' in sop) return sop;
  const actor: Actor = o.by?.trim() ? { kind: 'person', name: o.by.trim() } : { kind: 'automation', name: 'sop run start' };
  const { path } = await startRun(ws, sop, { actor, parameters });
  const warning =
    sop.status === 'approved' || sop.status === 'review-due'
      ? ''
      : `warning: ${sop.relPath} is not approved (status: ${sop.status}); this run follows its current text.\n`;
  return { exitCode: 0, stdout: path + '\n', stderr: warning };
}

export interface RecordOptions {
  workspace: string;
  runLog: string;
  event: string;
}

/** `sop run record`: appends one event; a step may be given by number, and is then filled in from the SOP the run follows. */
export async function runRecord(o: RecordOptions): Promise<CommandResult> {
  const { ws, root } = workspaceOf(o.workspace);
  const { abs, isDir } = await pathInWorkspace(ws, root, o.runLog);
  if (isDir) throw new UsageError(`${o.runLog} is a folder: give the run log (.jsonl) that sop run start printed.`);
  let input: unknown;
  try {
    input = JSON.parse(o.event);
  } catch {
    throw new UsageError(
      `--event is not valid JSON: pass one event, e.g. --event '{"type":"step-done","step":{"number":3},"actor":{"kind":"automation","name":"ci"}}'.`,
    );
  }
  const started = (await readRunLog(ws, abs)).events[0];
  const sopAbs = started?.type === 'run-started' ? toPosix(resolve(root, started.sop.path)) : undefined;
  const sop = sopAbs && isInside(root, sopAbs) && (await ws.exists(sopAbs)) ? await openSopArg(ws, root, sopAbs) : undefined;
  const steps = sop && !('exitCode' in sop) ? identifySteps(sop.doc) : undefined;
  try {
    const event = await recordRunEvent(ws, abs, input, { steps });
    return { exitCode: 0, stdout: `${relativeTo(root, abs)}: recorded ${event.type}.\n`, stderr: '' };
  } catch (e) {
    return { exitCode: 1, stdout: '', stderr: `sop: ${(e as Error).message}\n` };
  }
}
