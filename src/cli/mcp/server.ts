import { format } from 'node:util';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { UsageError, type CommandResult } from '../usage';
import { mcpWorkspace, type McpWorkspace } from './context';
import { registerEvidenceTools } from './evidenceTools';
import { registerProcedures } from './procedures';
import { registerRunTools } from './runTools';
import { registerSopTools } from './sopTools';

/** What a client may show its model about the server as a whole. */
const INSTRUCTIONS = [
  'SOP Builder turns the evidence of finished work into Standard Operating Procedures and keeps them honest.',
  'Read a work folder with collect_evidence (never open .env files, keys or credentials yourself): it redacts secrets and names what it leaves out.',
  'Draft from drafting_prompt, check what you write with lint, and ask review whether it is ready for its owner to approve; only a person approves.',
  'To follow an approved SOP, use its prompt (or its sop:// resource), start a run with run_start and record each step with record_run_event.',
  'At an approval gate record gate-requested and stop until the named person approves: a gate-approved from you is always refused.',
].join(' ');

/** The server with every tool, prompt and resource over the workspace, not yet connected. */
export function sopMcpServer(w: McpWorkspace, version: string): McpServer {
  const server = new McpServer(
    { name: 'sop-builder', title: 'SOP Builder', version },
    { capabilities: { prompts: {}, resources: {} }, instructions: INSTRUCTIONS },
  );
  registerEvidenceTools(server, w);
  registerSopTools(server, w);
  registerRunTools(server, w);
  registerProcedures(server.server, w);
  return server;
}

/** `sop mcp`: serves the workspace on stdin/stdout until the client closes stdin. */
export async function runMcp(o: { workspace: string; version: string }): Promise<CommandResult> {
  const w = mcpWorkspace(o.workspace);
  const st = await w.ws.stat(w.root).catch(() => undefined);
  if (st?.type !== 'directory') throw new UsageError(`--workspace ${o.workspace}: no such folder. Give the folder the SOPs and the work live in.`);
  // stdout carries protocol messages only: whatever a library logs goes to stderr.
  const toStderr = (...args: unknown[]) => void process.stderr.write(format(...args) + '\n');
  Object.assign(console, { log: toStderr, info: toStderr, debug: toStderr, warn: toStderr });
  const server = sopMcpServer(w, o.version);
  const closed = new Promise<void>((resolve) => (server.server.onclose = resolve));
  // When the client closes stdin, nothing holds the process open: it ends once the requests in flight are answered.
  await server.connect(new StdioServerTransport());
  process.stderr.write(`sop mcp: serving ${w.root} on stdio\n`);
  await closed;
  return { exitCode: 0, stdout: '', stderr: '' };
}
