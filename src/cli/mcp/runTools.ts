import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { EVENT_TYPES, refusedApproval, type Actor, type RunEvent } from '../../core/runs/events';
import { parameterProblem, runParametersOf } from '../../core/runs/runParameters';
import { identifySteps, type IdentifiedStep } from '../../core/runs/stepIdentity';
import { readRunLog, recordRunEvent, startRun } from '../../core/usecases/runs';
import { openSop } from '../../core/usecases/sop';
import { isInside, relativeTo, resolve } from '../../core/workspace/paths';
import { insideArg, openSopArg, ToolRefusal, type McpWorkspace } from './context';
import { guarded, structured, writes } from './results';

const agentName = z
  .string()
  .max(60)
  .optional()
  .describe('Your name as the run log records it (default: the client\'s name). The actor is always recorded as kind "agent".');

const recordedEvent = z.looseObject({ type: z.string(), at: z.string(), actor: z.object({ kind: z.literal('agent'), name: z.string() }) });

/** Core's messages name the command line; here the same step is a tool. */
const asTools = (message: string) => message.replace(/sop run start(?: --sop <SOP>)?/g, 'the run_start tool');

/** Who an event is from: always an agent, named as it asks or as its client introduced itself. */
function agentActor(server: McpServer, asked: string | undefined): Actor {
  const name = asked?.trim() || server.server.getClientVersion()?.name?.trim() || 'MCP agent';
  return { kind: 'agent', name: name.slice(0, 60) };
}

/** The steps of the SOP the run follows, so a step given by number is filled in, as `sop run record` does. */
async function stepsOfRun(w: McpWorkspace, runLog: string): Promise<IdentifiedStep[] | undefined> {
  const started = (await readRunLog(w.ws, runLog).catch(() => undefined))?.events[0];
  if (started?.type !== 'run-started') return undefined;
  const sopAbs = resolve(w.root, started.sop.path);
  if (!isInside(w.root, sopAbs) || !(await w.ws.exists(sopAbs))) return undefined;
  return identifySteps((await openSop(w.ws, sopAbs)).doc);
}

export function registerRunTools(server: McpServer, w: McpWorkspace): void {
  server.registerTool(
    'run_start',
    {
      title: 'Start a run of an SOP',
      description:
        'Use this before the first step when you follow an SOP: it starts a run log (runs/<sop>/<run-id>.jsonl beside the SOP) recording the ' +
        'SOP version and the values the run is for (e.g. {"month":"2026-10"}), as `sop run start`, and returns the steps to record by number.',
      inputSchema: {
        sop: z.string().max(4096).describe('The SOP file you follow, relative to the workspace.'),
        parameters: z.record(z.string(), z.string().max(200)).optional().describe('Values for the placeholders its steps use, e.g. {"month":"2026-10"}.'),
        agentName,
      },
      outputSchema: {
        runLog: z.string().describe('The run log, relative to the workspace: pass it to record_run_event.'),
        run: z.string(),
        sop: z.object({ path: z.string(), bodySha256: z.string(), approvedOn: z.string().optional() }),
        parameters: z.record(z.string(), z.string()),
        unfilled: z.array(z.object({ name: z.string(), prompt: z.string() })).describe('Placeholders its steps use that got no value.'),
        steps: z.array(z.object({ number: z.number(), id: z.string(), text: z.string(), gate: z.boolean() })),
        warning: z.string().optional(),
      },
      annotations: writes(false),
    },
    guarded('run_start', async (args: { sop: string; parameters?: Record<string, string>; agentName?: string }) => {
      const sop = await openSopArg(w, args.sop, 'sop');
      const wanted = runParametersOf(sop.doc);
      const parameters = args.parameters ?? {};
      for (const [name, value] of Object.entries(parameters)) {
        const p = wanted.find((q) => q.name === name);
        const problem = p && parameterProblem(p, value);
        if (problem) throw new ToolRefusal(`parameters.${name} = ${JSON.stringify(value)}: ${problem}`);
      }
      const { path, event } = await startRun(w.ws, sop, { actor: agentActor(server, args.agentName), parameters });
      const approved = sop.status === 'approved' || sop.status === 'review-due';
      const result = {
        runLog: relativeTo(w.root, path),
        run: event.run,
        sop: event.sop,
        parameters: event.parameters,
        unfilled: wanted.filter((p) => !(p.name in parameters)).map((p) => ({ name: p.name, prompt: p.prompt })),
        steps: identifySteps(sop.doc).map((s) => ({ number: s.number, id: s.id, text: s.text, gate: !!s.gate })),
        ...(approved ? {} : { warning: `${sop.relPath} is not approved (status: ${sop.status}); this run follows its current text.` }),
      };
      return structured(result, `Run started: ${result.runLog}.${result.warning ? ` Warning: ${result.warning}` : ''}`);
    }),
  );

  server.registerTool(
    'record_run_event',
    {
      title: 'Record a run event',
      description:
        'Use this after each step of an SOP you follow (started with run_start): it appends one event to the run log, as `sop run record`. ' +
        'Record step-done, step-skipped (reason), step-failed (error), step-different (what, why), note (text), gate-requested ' +
        '(approver) at an approval gate — then stop and wait for the person — and run-finished (outcome). The event is recorded as ' +
        "yours (an agent's): a gate-approved is always refused, because only a person approves a gate.",
      inputSchema: {
        runLog: z.string().max(4096).describe('The run log run_start returned, relative to the workspace.'),
        event: z
          .looseObject({
            type: z.string().describe(`One of ${EVENT_TYPES.filter((t) => t !== 'run-started').join(', ')}.`),
            step: z
              .looseObject({ number: z.number().int().min(1).optional(), id: z.string().optional() })
              .optional()
              .describe('The step, by its number (its id and text are filled in from the SOP).'),
            at: z.string().optional().describe('ISO 8601 time; default now.'),
            reason: z.string().optional(),
            error: z.string().optional(),
            what: z.string().optional(),
            why: z.string().optional(),
            approver: z.string().optional(),
            text: z.string().optional(),
            outcome: z.enum(['completed', 'stopped', 'failed']).optional(),
          })
          .describe('The event, without actor: e.g. {"type":"step-done","step":{"number":3}}.'),
        agentName,
      },
      outputSchema: {
        runLog: z.string(),
        recorded: recordedEvent,
      },
      annotations: writes(false),
    },
    guarded('record_run_event', async (args: { runLog: string; event: Record<string, unknown>; agentName?: string }) => {
      const input: Record<string, unknown> = { ...args.event, actor: agentActor(server, args.agentName) };
      if (input.type === 'gate-approved') {
        // Refused before any other check, so the answer is always the reason, whatever else the event lacks.
        const step = { id: '?', text: '', ...(input.step as object | undefined) };
        const by = typeof input.by === 'string' && input.by.trim() ? input.by : 'the approver the SOP names';
        throw new ToolRefusal(`Event not recorded: ${refusedApproval({ ...input, step, by } as RunEvent)}.`);
      }
      const log = await insideArg(w, args.runLog, 'runLog');
      if (!log.exists || log.isDir || !log.rel.endsWith('.jsonl'))
        throw new ToolRefusal(
          `${log.rel}: no such run log. Give the runLog that run_start returned (a .jsonl file under runs/), or start a run with run_start.`,
        );
      try {
        const event = await recordRunEvent(w.ws, log.abs, input, { steps: await stepsOfRun(w, log.abs) });
        return structured({ runLog: log.rel, recorded: JSON.parse(JSON.stringify(event)) }, `${log.rel}: recorded ${event.type}.`);
      } catch (e) {
        throw new ToolRefusal(asTools((e as Error).message));
      }
    }),
  );
}
