import { eventProblem, refusedApproval, type RunEvent } from './events';

/**
 * Reading and writing run logs (JSON Lines). A log is edited by hand, cut off by a crashed job or merged by
 * git: the reader keeps every good line and names each bad one, and never throws.
 */

export interface RunLogProblem {
  /** 1-based line number; 0 for the log as a whole. */
  line: number;
  message: string;
}

export interface RunLog {
  events: RunEvent[];
  /** The line each event came from, in the same order (for messages and for ordering gate checks). */
  lines: number[];
  problems: RunLogProblem[];
}

export interface RunLogLimits {
  /** A line longer than this is refused without being parsed: an event is a few hundred characters. */
  maxLineChars: number;
  /** Reading stops after this many events, so one huge log cannot hold up a conformance report. */
  maxEvents: number;
}

export const RUN_LOG_LIMITS: RunLogLimits = { maxLineChars: 64_000, maxEvents: 100_000 };

export function parseRunLog(text: string, limits: RunLogLimits = RUN_LOG_LIMITS): RunLog {
  const log: RunLog = { events: [], lines: [], problems: [] };
  const problem = (line: number, message: string) => log.problems.push({ line, message: `line ${line}: ${message}; the other lines are kept` });
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let line = 1; start < text.length; line++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const raw = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (raw.trim() === '') continue;
    if (log.events.length >= limits.maxEvents) {
      log.problems.push({
        line,
        message: `line ${line}: the log holds more than ${limits.maxEvents} events; the rest is not read. Start a new run instead of reusing this log`,
      });
      break;
    }
    if (raw.length > limits.maxLineChars) {
      problem(line, `${raw.length} characters, over the ${limits.maxLineChars} an event may have: not read`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problem(line, nl < 0 ? 'cut off (the log ends mid-event, as when a writer stopped): ignored' : 'not valid JSON: fix or remove the line');
      continue;
    }
    const wrong = eventProblem(value);
    if (wrong) {
      problem(line, wrong);
      continue;
    }
    const event = value as RunEvent;
    const refused = refusedApproval(event);
    if (refused) {
      problem(line, refused);
      continue;
    }
    if (event.type === 'run-started' && log.events.length > 0) {
      problem(line, 'a second run-started: one log holds one run. Start a new log with sop run start');
      continue;
    }
    log.events.push(event);
    log.lines.push(line);
  }
  if (log.events.length > 0 && log.events[0].type !== 'run-started')
    log.problems.push({
      line: 0,
      message: 'the log does not begin with a run-started event, so the SOP version it followed is unknown: start runs with sop run start',
    });
  return log;
}

/** One event as its line, newline included. Keys keep the order written, so logs diff well. */
export function eventLine(event: RunEvent): string {
  return JSON.stringify(event) + '\n';
}
