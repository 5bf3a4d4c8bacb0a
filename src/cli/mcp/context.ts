import { createSensitiveRules, type SensitiveRules } from '../../core/evidence/sensitive';
import { isMarkdownPath } from '../../core/sop/sopFiles';
import { loadConfig, openSop, type SopContext } from '../../core/usecases/sop';
import { resolveInside } from '../../core/workspace/inside';
import type { Workspace } from '../../core/workspace/port';
import { indexWorkspace } from '../../core/workspace/walk';
import { lookOnDisk } from '../../node/nodeWorkspace';
import { configProblemsText, pathInWorkspace, workspaceOf } from '../lintCommand';

/** The workspace the server was started on: every path a tool is given is resolved inside it. */
export interface McpWorkspace {
  root: string;
  ws: Workspace;
  sensitive: SensitiveRules;
}

export function mcpWorkspace(dir: string): McpWorkspace {
  return { ...workspaceOf(dir), sensitive: createSensitiveRules() };
}

/** A request the server will not carry out; its message says what happened and what to do instead. */
export class ToolRefusal extends Error {}

export interface InsideArg {
  /** Absolute, as given (links not resolved). */
  abs: string;
  /** Workspace-relative. */
  rel: string;
  /** Workspace-relative path of what a link leads to: the name whose sensitivity counts. */
  realRel: string;
  exists: boolean;
  isDir: boolean;
}

/**
 * A path argument (workspace-relative, or absolute inside the workspace), refused when it climbs out with `..`,
 * is absolute elsewhere, or goes through a link that leads out: the same rules the exports write by.
 */
export async function insideArg(w: McpWorkspace, given: string, what: string): Promise<InsideArg> {
  if (!given.trim()) throw new ToolRefusal(`${what} is empty: give a path relative to the workspace ${w.root}.`);
  const place = await resolveInside(w.root, given.trim(), w.ws.realPath);
  if (!place.inside) throw new ToolRefusal(`${what} ${given} is refused (${place.reason}). The server only works inside ${w.root}.`);
  const found = { abs: place.abs, rel: place.rel || '.', realRel: place.realRel || '.' };
  if (!place.exists) return { ...found, exists: false, isDir: false };
  const { isDir } = await pathInWorkspace(w.ws, w.root, place.abs);
  return { ...found, exists: true, isDir };
}

/** An existing SOP file named by a tool argument: Markdown, inside the workspace, not a sensitive file. */
export async function sopFileArg(w: McpWorkspace, given: string, what = 'path'): Promise<InsideArg> {
  const arg = await insideArg(w, given, what);
  if (!arg.exists) throw new ToolRefusal(`${arg.rel}: no such SOP file. List the workspace's SOPs (resources) or give the path of a .sop.md file.`);
  if (arg.isDir) throw new ToolRefusal(`${arg.rel} is a folder: give the SOP file in it (a .sop.md file).`);
  refuseSensitiveOrNotMarkdown(w, arg.rel, arg.realRel);
  return arg;
}

/**
 * Never read a key or an .env file as if it were an SOP: its text would come back in the findings. A link with a
 * harmless name may lead to a sensitive file, so the target's name counts too.
 */
export function refuseSensitiveOrNotMarkdown(w: McpWorkspace, rel: string, realRel = rel): void {
  const sensitive = w.sensitive.reasonFor(rel) ?? w.sensitive.reasonFor(realRel);
  if (sensitive) throw new ToolRefusal(`${rel} is not read (${sensitive}). Give the path of an SOP (a Markdown file).`);
  if (!isMarkdownPath(rel)) throw new ToolRefusal(`${rel} is not a Markdown file: SOPs are .sop.md (or .md) files. Give the path of an SOP.`);
}

/** The SOP configured, linted and with its approval checked, as `sop review` and `sop skill` open it. */
export async function openSopArg(w: McpWorkspace, given: string, what = 'path'): Promise<SopContext> {
  const arg = await sopFileArg(w, given, what);
  const { config, problems } = await loadConfig(w.ws, arg.abs);
  if (problems.length > 0) throw new ToolRefusal(`The lint config in force is broken; fix it first:\n${await configProblemsText(w.ws, w.root, problems)}`);
  return openSop(w.ws, arg.abs, { config, index: await indexWorkspace(w.ws, undefined, lookOnDisk) });
}
