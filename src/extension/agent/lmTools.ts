import * as vscode from 'vscode';
import { buildMessages, DEFAULT_AUDIENCE } from '../../core/draft/prompt';
import { titleFromFolder } from '../../core/draft/document';
import { toFinding } from '../../core/lint/report';
import { identifySteps } from '../../core/runs/stepIdentity';
import { collectSelection, draftSelection } from '../../core/usecases/draft';
import { renderReview, reviewOf } from '../../core/usecases/review';
import { conformSopRuns, readRunLog, recordRunEvent, startRun } from '../../core/usecases/runs';
import { checkSop } from '../../core/usecases/sop';
import { withoutSecrets } from '../../core/evidence/redact';
import { isMarkdownPath } from '../../core/sop/sopFiles';
import { resolveInside } from '../../core/workspace/inside';
import { isInside, relativeTo } from '../../core/workspace/paths';
import { sensitiveRulesFor } from '../evidenceHashes';
import type { Workspace } from '../../core/workspace/port';
import { uriPath } from '../fileIndex';
import { evidenceCopyPlacement } from '../settings';
import type { SopCommandDeps } from '../sopTarget';
import { createVscodeWorkspace, uriOf, workspaceRoot } from '../vscodeWorkspace';

/**
 * What SOP Builder's tools for agents in VS Code do (Copilot agent mode and any chat that uses language-model tools):
 * the same use cases as the commands and `sop mcp`, so an agent reads a work folder only as a draft would (redacted,
 * sensitive files left out), lints what it writes, and records its run. A tool that writes asks the person first;
 * none can record a gate approval — the run log refuses one from an agent.
 */

/** The name an agent's run-log events carry. */
const AGENT: { kind: 'agent'; name: string } = { kind: 'agent', name: 'VS Code agent' };

interface Tool<I> {
  name: string;
  invoke(input: I, token: vscode.CancellationToken): Promise<unknown>;
}

/**
 * A workspace-relative (or absolute) path resolved inside an open workspace folder, `..` and links included, by
 * the rules every export writes by; else a message saying why and what to do.
 */
async function inWorkspace(
  path: unknown,
): Promise<{ folder: vscode.WorkspaceFolder; ws: Workspace; root: string; abs: string; rel: string; realRel: string; uri: vscode.Uri }> {
  if (typeof path !== 'string' || !path.trim()) throw new Error('Give a path: workspace-relative, such as sops/refund.sop.md.');
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Error('No workspace folder is open: open the folder with the SOPs first.');
  let why = '';
  for (const folder of folders) {
    const root = workspaceRoot(folder.uri);
    const ws = createVscodeWorkspace(folder.uri);
    const place = await resolveInside(root, path.trim(), ws.realPath);
    if (place.inside) return { folder, ws, root, abs: place.abs, rel: place.rel, realRel: place.realRel, uri: uriOf(folder.uri, place.abs) };
    why = place.reason;
  }
  throw new Error(`${path} is refused (${why}): only files inside the open workspace folders are read.`);
}

/** Never an .env or a key read as if it were an SOP: its text would come back in the findings. */
function refuseNonSop(t: { rel: string; realRel: string; folder: vscode.WorkspaceFolder }): void {
  const sensitive = sensitiveRulesFor(t.folder.uri);
  const reason = sensitive.reasonFor(t.rel) ?? sensitive.reasonFor(t.realRel);
  if (reason) throw new Error(`${t.rel} is not read (${reason}). Give the path of an SOP (a Markdown file).`);
  if (!isMarkdownPath(t.rel)) throw new Error(`${t.rel} is not a Markdown file: SOPs are .sop.md (or .md) files. Give the path of an SOP.`);
}

async function sopAt(deps: SopCommandDeps, path: unknown, text?: string) {
  const t = await inWorkspace(path);
  refuseNonSop(t);
  await Promise.all([deps.files.whenReady(), deps.configs.whenReady()]);
  const source = text ?? new TextDecoder().decode(await vscode.workspace.fs.readFile(t.uri));
  const sop = await checkSop(
    t.ws,
    { root: t.root, path: uriPath(t.uri), text: source, config: deps.configs.resolve(t.uri).config },
    { index: deps.files.built ? deps.files.index : undefined, copies: evidenceCopyPlacement(t.uri) },
  );
  return { ...t, sop };
}

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function tools(deps: SopCommandDeps): Array<Tool<Record<string, unknown>>> {
  const config = (uri?: vscode.Uri) => vscode.workspace.getConfiguration('sopBuilder', uri);
  return [
    {
      name: 'sop_collect_evidence',
      async invoke(input, token) {
        const paths = stringList(input.paths);
        if (paths.length === 0) throw new Error('Give "paths": the work folder or files, workspace-relative.');
        const resolved = await Promise.all(paths.map(inWorkspace));
        const { ws, root, folder } = resolved[0];
        const selection = await draftSelection(
          ws,
          root,
          resolved.map((r) => r.abs),
        );
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const bundle = await collectSelection(ws, selection, {
          sensitive: config(folder.uri).get<string[]>('evidence.extraSensitivePatterns', []),
          signal: abort.signal,
        });
        return {
          included: bundle.included.map((f) => ({
            path: f.path,
            kind: f.kind,
            bytes: f.bytes,
            summarized: f.summarized,
            redactions: Object.values(f.redactions).reduce((a, b) => a + b, 0),
            text: f.text,
          })),
          excluded: bundle.excluded.map((e) => ({ path: e.path, reason: e.reason })),
          notes: bundle.notes,
        };
      },
    },
    {
      name: 'sop_drafting_prompt',
      async invoke(input) {
        const resolved = await Promise.all(stringList(input.paths).map(inWorkspace));
        if (resolved.length === 0) throw new Error('Give "paths": the work folder or files, workspace-relative.');
        const { ws, root, folder } = resolved[0];
        const selection = await draftSelection(
          ws,
          root,
          resolved.map((r) => r.abs),
        );
        const bundle = await collectSelection(ws, selection, { sensitive: config(folder.uri).get<string[]>('evidence.extraSensitivePatterns', []) });
        const audience = typeof input.audience === 'string' && input.audience.trim() ? input.audience.trim() : DEFAULT_AUDIENCE;
        return { messages: buildMessages(bundle, { audience, title: titleFromFolder(selection.name), workdir: selection.workdir }) };
      },
    },
    {
      name: 'sop_lint',
      async invoke(input) {
        const text = typeof input.text === 'string' ? input.text : undefined;
        const { sop, root } = await sopAt(deps, input.path, text);
        const rel = relativeTo(root, sop.path);
        return { file: rel, status: sop.status, findings: sop.lint.issues.map((i) => toFinding(rel, i)) };
      },
    },
    {
      name: 'sop_review',
      async invoke(input) {
        const { sop, ws } = await sopAt(deps, input.path);
        const report = reviewOf(sop, await conformSopRuns(ws, sop).catch(() => undefined));
        return JSON.parse(renderReview(sop, report, { format: 'json', reportPath: sop.relPath.replace(/(?:\.sop)?\.md$/i, '.review.md') })) as unknown;
      },
    },
    {
      name: 'sop_conformance',
      async invoke(input) {
        const { sop, ws } = await sopAt(deps, input.path);
        return { sop: sop.relPath, ...(await conformSopRuns(ws, sop)) };
      },
    },
    {
      name: 'sop_export_skill',
      async invoke(input) {
        const { uri } = await inWorkspace(input.path);
        const outcome = await vscode.commands.executeCommand('sopBuilder.exportSkill', uri, { quiet: true });
        if (!outcome) throw new Error('The skill was not exported (not confirmed, or the SOP could not be exported: see the message shown).');
        return outcome;
      },
    },
    {
      name: 'sop_start_run',
      async invoke(input) {
        const { sop, ws, root } = await sopAt(deps, input.path);
        const parameters: Record<string, string> = {};
        if (input.parameters && typeof input.parameters === 'object')
          for (const [k, v] of Object.entries(input.parameters as Record<string, unknown>)) if (typeof v === 'string') parameters[k] = v;
        const { path } = await startRun(ws, sop, { actor: AGENT, parameters });
        return { runLog: relativeTo(root, path), steps: identifySteps(sop.doc).map((s) => ({ number: s.number, text: s.text, gate: s.gate })) };
      },
    },
    {
      name: 'sop_record_run_event',
      async invoke(input) {
        const { ws, abs, root, rel } = await inWorkspace(input.runLog);
        if (!rel.endsWith('.jsonl')) throw new Error(`${rel} is not a run log: give the .jsonl path sop_start_run returned.`);
        const event = input.event && typeof input.event === 'object' ? { ...(input.event as Record<string, unknown>), actor: AGENT } : undefined;
        if (!event) throw new Error('Give "event": one run-log event such as {"type":"step-done","step":{"number":3}}.');
        const started = (await readRunLog(ws, abs)).events[0];
        const sopAbs = started?.type === 'run-started' ? `${root}/${started.sop.path}` : undefined;
        const steps = sopAbs && isInside(root, sopAbs) ? identifySteps((await sopAt(deps, sopAbs)).sop.doc) : undefined;
        const recorded = await recordRunEvent(ws, abs, event, { steps });
        return { recorded: recorded.type, runLog: relativeTo(root, abs) };
      },
    },
  ];
}

/** Runs one tool; a failure is the tool's result, with the reason and what to do, for the model to read. */
export async function invokeSopTool(
  deps: SopCommandDeps,
  name: string,
  input: Record<string, unknown>,
  token: vscode.CancellationToken,
): Promise<vscode.LanguageModelToolResult> {
  const tool = tools(deps).find((t) => t.name === name);
  try {
    if (!tool) throw new Error(`SOP Builder has no tool named ${name}.`);
    // Lint and review quote the file they read: nothing leaves with a secret in it.
    const data = withoutSecrets(await tool.invoke(input, token));
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(data))]);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.log.warn(`Tool ${name}: ${message}`);
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify({ error: withoutSecrets(message) }))]);
  }
}
