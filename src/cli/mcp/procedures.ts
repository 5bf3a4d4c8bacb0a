import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ReadResourceRequestSchema,
  type GetPromptResult,
} from '@modelcontextprotocol/sdk/types.js';
import { distrustOf } from '../../core/approval/status';
import { fillParameters, parameterProblem, runParametersOf, type RunParameter } from '../../core/runs/runParameters';
import { slugify } from '../../core/skill/export';
import { approvalRecord, bodyHash } from '../../core/sop/approvalRecord';
import { declaredWorkdir } from '../../core/sop/frontMatter';
import { isMarkdownPath, isSopFile } from '../../core/sop/sopFiles';
import { checkSop, loadConfig, MAX_SOP_READ_BYTES, type SopContext } from '../../core/usecases/sop';
import { relativeTo } from '../../core/workspace/paths';
import { indexWorkspace, walkUnignoredFiles } from '../../core/workspace/walk';
import { lookOnDisk } from '../../node/nodeWorkspace';
import { openSopArg, type McpWorkspace } from './context';
import { withoutSecrets } from '../../core/evidence/redact';

/**
 * Approved SOPs offered as MCP prompts (the procedure to follow, its run values as arguments) and as resources
 * pinned to the approved version: `sop://<path>@<first 12 hex digits of the body hash>`. The SOPs are looked up
 * again when asked (a list at most every 2 s, a prompt or a read every time), so an SOP approved, changed or
 * drifted since the server started is seen as it is now.
 */

const VERSION_DIGITS = 12;
/** The MCP "resource not found" error code. */
const RESOURCE_NOT_FOUND = -32002;
/** Far above the SOPs of one workspace; beyond it the rest are not offered (the tools still take any path). */
const MAX_OFFERED = 500;
/** Enough of a file for its front matter, where an approval record is. */
const FRONT_MATTER_BYTES = 64 * 1024;
/** A client lists prompts and resources one after the other when it connects: one look at the workspace serves both. */
const FRESH_MS = 2000;

interface ApprovedSop {
  sop: SopContext;
  title: string;
  version: string;
  uri: string;
  prompt: string;
  approvedBy: string;
  approvedOn: string;
  parameters: RunParameter[];
}

/** A request's error whose message reaches the client as written (McpError would put its code in front). */
function requestError(code: number, message: string): Error {
  return Object.assign(new Error(message), { code });
}

const isFollowable = (sop: SopContext) => sop.status === 'approved' || sop.status === 'review-due';

export function resourceUri(relPath: string, version: string): string {
  return `sop://${relPath.split('/').map(encodeURIComponent).join('/')}@${version}`;
}

function parseUri(uri: string): { rel: string; version: string } | undefined {
  const m = /^sop:\/\/([^@]{1,4096})@([0-9a-f]{1,64})$/.exec(uri);
  if (!m) return undefined;
  try {
    return { rel: m[1].split('/').map(decodeURIComponent).join('/'), version: m[2] };
  } catch {
    return undefined;
  }
}

function described(sop: SopContext, prompts: Set<string>): ApprovedSop {
  const record = approvalRecord(sop.doc);
  const version = bodyHash(sop.text).slice(0, VERSION_DIGITS);
  const title = sop.doc.title?.text.trim() || sop.relPath;
  let prompt = slugify(title) || 'sop';
  for (let n = 2; prompts.has(prompt); n++) prompt = `${slugify(title) || 'sop'}-${n}`;
  prompts.add(prompt);
  return {
    sop,
    title,
    version,
    uri: resourceUri(sop.relPath, version),
    prompt,
    approvedBy: record.by ?? 'its approver',
    approvedOn: record.date ?? '',
    parameters: runParametersOf(sop.doc),
  };
}

/** Every SOP in the workspace that is approved and unchanged since, found as `sop lint` finds SOPs in a folder. */
async function findApproved(w: McpWorkspace): Promise<ApprovedSop[]> {
  const markdown: string[] = [];
  await walkUnignoredFiles(w.ws, w.root, w.root, (p) => {
    if (isMarkdownPath(p)) markdown.push(p);
  });
  const found: ApprovedSop[] = [];
  const prompts = new Set<string>();
  let index: Awaited<ReturnType<typeof indexWorkspace>> | undefined;
  const read = (path: string, bytes: number) =>
    w.ws
      .read(path, bytes)
      .then((b) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b))
      .catch(() => '');
  for (const path of markdown.sort()) {
    if (found.length >= MAX_OFFERED) break;
    // Only an approval record, in the front matter at the top, makes an SOP approved: the rest are not worth a lint.
    const head = await read(path, FRONT_MATTER_BYTES);
    if (!head.includes('body_sha256')) continue;
    const { config, problems } = await loadConfig(w.ws, path);
    const rel = relativeTo(w.root, path);
    if (problems.length > 0 || !isSopFile(rel, head, config) || w.sensitive.reasonFor(rel)) continue;
    index ??= await indexWorkspace(w.ws, undefined, lookOnDisk);
    const sop = await checkSop(w.ws, { root: w.root, path, text: await read(path, MAX_SOP_READ_BYTES), config }, { index });
    if (isFollowable(sop)) found.push(described(sop, prompts));
  }
  return found;
}

/** The approved SOPs, looked up at most once every FRESH_MS. */
function catalog(w: McpWorkspace): () => Promise<ApprovedSop[]> {
  let last: { at: number; sops: Promise<ApprovedSop[]> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > FRESH_MS) last = { at: Date.now(), sops: findApproved(w) };
    return last.sops;
  };
}

function promptText(a: ApprovedSop, values: Record<string, string>): string {
  const fm = a.sop.doc.frontMatter;
  const body = (fm.present ? a.sop.text.slice(fm.blockEnd) : a.sop.text).trim();
  const given = a.parameters.filter((p) => values[p.name]?.trim());
  const missing = a.parameters.filter((p) => !values[p.name]?.trim());
  const workdir = declaredWorkdir(a.sop.doc.frontMatter.data);
  const review = a.sop.status === 'review-due' ? ' Its periodic review is overdue: mention that to its owner.' : '';
  return [
    `Follow the approved SOP "${a.title}" (${a.sop.relPath}, approved by ${a.approvedBy}${a.approvedOn ? ` on ${a.approvedOn}` : ''}; version ${a.uri}).${review}`,
    ...(given.length ? [`This run is for: ${given.map((p) => `${p.name} = ${values[p.name].trim()}`).join(', ')}.`] : []),
    ...(missing.length ? [`Ask for these before the first step: ${missing.map((p) => `${p.name} (${p.prompt})`).join(', ')}.`] : []),
    ...(workdir ? [`Its commands and paths are relative to the work folder ${workdir}.`] : []),
    '',
    'Do the steps in order, as written. At every approval gate, stop and ask the person it names; do not continue until they approve. ' +
      `Record the run with the SOP Builder tools: run_start (sop "${a.sop.relPath}") before the first step, then record_run_event after ` +
      'each step; at a gate record gate-requested and wait. Never record gate-approved: only the person can. ' +
      'Read work files with collect_evidence, never .env files or keys.',
    '',
    '---',
    '',
    fillParameters(body, a.parameters, values),
  ].join('\n');
}

/** The SOP at a pinned URI as it is now; refused, saying why, when it is no longer the approved version pinned. */
async function pinned(w: McpWorkspace, uri: string): Promise<SopContext> {
  const wanted = parseUri(uri);
  if (!wanted) throw requestError(RESOURCE_NOT_FOUND, `${uri} is not an SOP resource: list the resources and read one of their URIs (sop://<path>@<version>).`);
  const sop = await openSopArg(w, wanted.rel).catch((e: Error) => {
    throw requestError(RESOURCE_NOT_FOUND, `${uri}: ${e.message}`);
  });
  const now = bodyHash(sop.text).slice(0, VERSION_DIGITS);
  if (now === wanted.version) {
    if (isFollowable(sop)) return sop;
    throw requestError(
      RESOURCE_NOT_FOUND,
      `${uri} is no longer approved (status: ${sop.status}). ${distrustOf(sop.status) ?? ''} Ask its owner to review and approve it again.`,
    );
  }
  const next = isFollowable(sop)
    ? `The approved version now is ${resourceUri(sop.relPath, now)}: read that one.`
    : `Its current text is not approved (status: ${sop.status}): ask its owner to review and approve it before following it.`;
  throw requestError(RESOURCE_NOT_FOUND, `${uri} is stale: ${sop.relPath} has changed since this version was approved. ${next}`);
}

export function registerProcedures(server: Server, w: McpWorkspace): void {
  const approved = catalog(w);

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: (await approved()).map((a) => ({
      name: a.prompt,
      title: a.title,
      description: `Follow the approved SOP ${a.sop.relPath} (approved by ${a.approvedBy}${a.approvedOn ? ` on ${a.approvedOn}` : ''}), recording the run.`,
      arguments: a.parameters.map((p) => ({ name: p.name, description: `${p.prompt[0].toUpperCase()}${p.prompt.slice(1)}.`, required: false })),
    })),
  }));

  server.setRequestHandler(GetPromptRequestSchema, async (request): Promise<GetPromptResult> => {
    // Looked up afresh: the prompt must be the procedure as approved at this moment.
    const a = (await findApproved(w)).find((x) => x.prompt === request.params.name);
    if (!a) throw requestError(ErrorCode.InvalidParams, `No approved SOP offers the prompt "${request.params.name}" now: list the prompts again.`);
    const values = request.params.arguments ?? {};
    for (const p of a.parameters) {
      const value = values[p.name];
      const problem = value?.trim() ? parameterProblem(p, value) : undefined;
      if (problem) throw requestError(ErrorCode.InvalidParams, `${p.name} = ${JSON.stringify(value)}: ${problem}`);
    }
    return { description: a.title, messages: [{ role: 'user', content: { type: 'text', text: withoutSecrets(promptText(a, values)) } }] };
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: (await approved()).map((a) => ({
      uri: a.uri,
      name: a.sop.relPath,
      title: a.title,
      description: `The SOP as approved by ${a.approvedBy}${a.approvedOn ? ` on ${a.approvedOn}` : ''}, pinned to this version: once it changes, reading this URI says so.`,
      mimeType: 'text/markdown',
    })),
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const sop = await pinned(w, request.params.uri);
    return { contents: [{ uri: request.params.uri, mimeType: 'text/markdown', text: withoutSecrets(sop.text) }] };
  });
}
