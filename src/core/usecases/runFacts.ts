import type { RunFacts } from '../lint/runFacts';
import { runFactsOf, runFactsVersion } from '../runs/runFacts';
import { ConformanceTally } from '../runs/summary';
import type { SopDocument } from '../sop/model';
import { relativeTo } from '../workspace/paths';
import type { Workspace } from '../workspace/port';
import { readRunLog, runLogPaths } from './runs';

/** Newest logs whose size and time a stamp includes: a run being recorded is among them. */
const STAMPED_LOGS = 20;

/** Run logs read for lint, the newest first chosen: years of daily runs are far below it, a flood is not read whole. */
export const MAX_RUN_LOGS_LINTED = 2000;

/**
 * What the SOP's run logs say about its steps, for lint (both hosts): undefined when the SOP has no run log or
 * no step. Only the newest `maxLogs` logs are read, and the facts say how many were left out.
 */
export async function sopRunFacts(
  ws: Workspace,
  sop: { root: string; path: string; text: string; doc: SopDocument },
  o: { maxLogs?: number } = {},
): Promise<RunFacts | undefined> {
  if (sop.doc.steps.length === 0) return undefined;
  const paths = await runLogPaths(ws, sop.path);
  if (paths.length === 0) return undefined;
  const newest = paths.slice(-Math.max(1, o.maxLogs ?? MAX_RUN_LOGS_LINTED));
  const tally = new ConformanceTally(runFactsVersion(sop.doc, sop.text));
  for (const path of newest) {
    // A log deleted or unreadable since it was listed is left out here; `sop conform` names such logs.
    const log = await readRunLog(ws, path).catch(() => undefined);
    if (log) tally.add(relativeTo(sop.root, path), log);
  }
  return runFactsOf(tally.result(), { read: newest.length, unread: paths.length - newest.length });
}

/**
 * A cheap mark of the SOP's run logs as they are now: the log names, and the size and time of the newest
 * `STAMPED_LOGS` (a run being recorded appends to one of those). When it differs from the mark taken before the
 * last read, what lint knows of the runs is out of date. One folder listing and at most 20 stats.
 */
export async function runLogsStamp(ws: Workspace, sopPath: string): Promise<string> {
  const paths = await runLogPaths(ws, sopPath);
  const stats = await Promise.all(
    paths.slice(-STAMPED_LOGS).map((p) =>
      ws.stat(p).then(
        (st) => `${st.size}:${st.mtimeMs}`,
        () => '-',
      ),
    ),
  );
  return `${paths.join('\n')}\n${stats.join(',')}`;
}
