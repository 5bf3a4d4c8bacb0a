import { resolve } from 'node:path';
import type { EvidenceBundle } from '../core/evidence/types';
import { buildMessages, DEFAULT_AUDIENCE } from '../core/draft/prompt';
import { titleFromFolder } from '../core/draft/document';
import { chooseProviderFor, createProvider, includeImagesFor, keyMissing, OFFLINE_PROVIDER, PROVIDERS } from '../core/draft/providers';
import {
  collectSelection,
  draftRepair,
  draftSelection,
  fileDraftSink,
  planDraft,
  repairSummary,
  writeDraft,
  type DraftSelection,
} from '../core/usecases/draft';
import { checkSop, loadConfig } from '../core/usecases/sop';
import { relativeTo, toPosix } from '../core/workspace/paths';
import type { Workspace } from '../core/workspace/port';
import { indexWorkspace } from '../core/workspace/walk';
import { lookOnDisk } from '../node/nodeWorkspace';
import { pathInWorkspace, workspaceOf } from './lintCommand';
import { UsageError, type CommandResult } from './usage';

export interface EvidenceOptions {
  workspace: string;
  paths: string[];
  budgetChars?: number;
}

async function selectionOf(o: EvidenceOptions): Promise<{ ws: Workspace; selection: DraftSelection }> {
  const { ws, root } = workspaceOf(o.workspace);
  const abs = [];
  for (const p of o.paths) abs.push((await pathInWorkspace(ws, root, p)).abs);
  return { ws, selection: await draftSelection(ws, root, abs) };
}

async function gather(o: EvidenceOptions): Promise<{ ws: Workspace; selection: DraftSelection; bundle: EvidenceBundle }> {
  const { ws, selection } = await selectionOf(o);
  return { ws, selection, bundle: await collectSelection(ws, selection, { budgetChars: o.budgetChars }) };
}

export async function runEvidence(o: EvidenceOptions & { format: 'text' | 'json' }): Promise<CommandResult> {
  const { bundle } = await gather(o);
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  if (o.format === 'json') {
    const out = {
      included: bundle.included.map((f) => ({ path: f.path, kind: f.kind, bytes: f.bytes, redactions: total(f.redactions) })),
      excluded: bundle.excluded.map((e) => ({ path: e.path, reason: e.reason })),
    };
    return { exitCode: 0, stdout: JSON.stringify(out, null, 2) + '\n', stderr: '' };
  }
  const lines = [`Included (${bundle.included.length}):`];
  for (const f of bundle.included) {
    const r = total(f.redactions);
    lines.push(`  ${f.path}  ${f.kind}, ${f.bytes} bytes${f.summarized ? ', summarised' : ''}${r ? `, ${r} secret(s) redacted` : ''}`);
  }
  lines.push(`Left out (${bundle.excluded.length}):`);
  for (const e of bundle.excluded) lines.push(`  ${e.path}  ${e.reason}`);
  for (const n of bundle.notes) lines.push(`Note: ${n}`);
  return { exitCode: 0, stdout: lines.join('\n') + '\n', stderr: '' };
}

export async function runPrompt(o: EvidenceOptions & { audience?: string; images?: boolean }): Promise<CommandResult> {
  const { selection, bundle } = await gather(o);
  const messages = buildMessages(bundle, {
    audience: o.audience?.trim() || DEFAULT_AUDIENCE,
    title: titleFromFolder(selection.name),
    workdir: selection.workdir,
    includeImages: o.images,
    budgetChars: o.budgetChars,
  });
  return { exitCode: 0, stdout: JSON.stringify(messages, null, 2) + '\n', stderr: '' };
}

export interface DraftOptions extends EvidenceOptions {
  /** A provider from the registry, or "auto". */
  provider: string;
  /** Send image evidence to a provider that takes images. */
  images?: boolean;
  model?: string;
  baseUrl?: string;
  audience?: string;
  /** A file name for the draft (a suffix is added when it exists). */
  out?: string;
  /** The folder drafts go to, workspace-relative (default sops). */
  outDir?: string;
  /** Lint a model's draft and send the findings it can fix back once (default on). */
  repair?: boolean;
  env: NodeJS.ProcessEnv;
  stderr: (line: string) => void;
}

export async function runDraft(o: DraftOptions): Promise<CommandResult> {
  const keyFrom = (name?: string) => (name ? o.env[name] : undefined);
  const settings = {
    baseUrl: o.baseUrl,
    model: o.model,
    onRetry: (i: { status?: number; reason: string; waitMs: number }) =>
      o.stderr(`model endpoint busy (${i.status ?? i.reason}); retrying in ${Math.round(i.waitMs / 1000)} s`),
  };
  // "auto" picks a provider whose key is in the environment (or a base URL is given), else the offline drafter.
  const descriptor = chooseProviderFor(o.provider, { ...settings, apiKey: PROVIDERS.map((p) => keyFrom(p.keyEnvVar)).find(Boolean) }, 'cli');
  if ('error' in descriptor) throw new UsageError(`--provider: ${descriptor.error}`);
  const apiKey = keyFrom(descriptor.keyEnvVar);
  if (keyMissing(descriptor, { apiKey, baseUrl: o.baseUrl })) {
    throw new UsageError(
      `The ${descriptor.id} provider needs an API key: set ${descriptor.keyEnvVar}, pass --base-url for a server of your own, or use --provider offline.`,
    );
  }
  const provider = await createProvider(descriptor, { ...settings, apiKey });

  const { ws, selection, bundle } = await gather(o);
  if (bundle.included.length === 0) throw new UsageError(`No usable evidence in ${o.paths.join(', ')} (${bundle.excluded.length} file(s) left out).`);
  const file = o.out === undefined ? undefined : relativeTo(selection.root, toPosix(resolve(o.out)));
  if (file !== undefined && file.startsWith('..')) throw new UsageError(`--out ${o.out} is outside the workspace ${selection.root}: give a file inside it.`);
  const plan = await planDraft(ws, selection, bundle, {
    audience: o.audience,
    images: includeImagesFor(descriptor, !!o.images),
    budgetChars: o.budgetChars,
    folder: o.outDir,
    file,
    provider,
    now: new Date(),
  });

  const sink = fileDraftSink(ws, plan);
  await sink.start();
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  // One walk of the workspace and one config, for the repair round and the lint of the result alike.
  const { config } = await loadConfig(ws, plan.absFile);
  const index = await indexWorkspace(ws, undefined, lookOnDisk);
  // The offline drafter reads no messages, so it gets no repair round.
  const repair =
    o.repair === false || provider.id === OFFLINE_PROVIDER.id
      ? undefined
      : await draftRepair(ws, plan, { index, config, onStatus: (m) => o.stderr(`${plan.relFile}: ${m}`) });
  const result = await writeDraft(plan, provider, sink, abort.signal, undefined, repair).finally(() => process.removeListener('SIGINT', onSigint));
  if (result.repair && result.repair.before > 0) o.stderr(`${plan.relFile}: ${repairSummary(result.repair)}`);

  const text = new TextDecoder().decode(await ws.read(plan.absFile));
  const lint = (await checkSop(ws, { root: selection.root, path: plan.absFile, text, config }, { index })).lint;
  const count = (s: string) => lint.issues.filter((i) => i.severity === s).length;
  const rel = plan.relFile;
  const summary = `${rel}: drafted with ${provider.id} (${provider.model}) from ${bundle.included.length} evidence file(s), ${bundle.excluded.length} left out; lint: ${count('error')} error(s), ${count('warning')} warning(s).`;
  if (result.error) {
    return { exitCode: 1, stdout: rel + '\n', stderr: `sop: ${result.error.message} The partial draft is kept in ${rel}.\n${summary}\n` };
  }
  return { exitCode: 0, stdout: rel + '\n', stderr: summary + '\n' };
}
