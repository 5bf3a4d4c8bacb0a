import { existsSync, mkdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { collectEvidence } from '../core/evidence/collect';
import type { EvidenceBundle } from '../core/evidence/types';
import { buildMessages, DEFAULT_AUDIENCE } from '../core/draft/prompt';
import { draftFileName, draftFrontMatter, incompleteMarker, inProgressMarker, titleFromFolder, workdirOf } from '../core/draft/document';
import { createOfflineProvider } from '../core/draft/providers/offline';
import { createOpenAIProvider } from '../core/draft/providers/openai';
import { streamDraft } from '../core/draft/stream';
import type { DraftProvider } from '../core/draft/types';
import { lintSop } from '../core/lint/lint';
import { resolveConfig } from '../core/lint/config';
import { ruleIds } from '../core/lint/lint';
import { isInside, relativeTo, toPosix } from '../core/workspace/paths';
import { createNodeEvidenceFs } from './nodeEvidenceFs';
import { indexFolder, readTextIfExists } from './nodeWorkspace';
import { UsageError, type CommandResult } from './usage';

export interface EvidenceOptions {
  workspace: string;
  paths: string[];
  budgetChars?: number;
}

function targets(o: EvidenceOptions): { root: string; abs: string[] } {
  const root = toPosix(resolve(o.workspace));
  const abs = o.paths.map((p) => {
    const a = toPosix(resolve(p));
    if (!existsSync(a)) throw new UsageError(`${p}: no such file or folder.`);
    if (!isInside(root, a)) throw new UsageError(`${p} is outside the workspace ${root}; pass --workspace with a folder that contains it.`);
    return a;
  });
  return { root, abs };
}

async function gather(o: EvidenceOptions, quiet = false): Promise<EvidenceBundle> {
  const { root, abs } = targets(o);
  return collectEvidence(abs, {
    fs: createNodeEvidenceFs(),
    root,
    budgetChars: o.budgetChars,
    onProgress: quiet ? undefined : undefined,
  });
}

function workdirFor(root: string, abs: string[]): string {
  return workdirOf(abs.map((a) => ({ rel: relativeTo(root, a), isDir: statSync(a).isDirectory() })));
}

export async function runEvidence(o: EvidenceOptions & { format: 'text' | 'json' }): Promise<CommandResult> {
  const bundle = await gather(o);
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
  const { root, abs } = targets(o);
  const bundle = await gather(o);
  const name = abs.length === 1 && statSync(abs[0]).isDirectory() ? abs[0].split('/').pop()! : (dirname(abs[0]).split('/').pop() ?? 'sop');
  const messages = buildMessages(bundle, {
    audience: o.audience ?? DEFAULT_AUDIENCE,
    title: titleFromFolder(name),
    workdir: workdirFor(root, abs),
    includeImages: o.images,
    budgetChars: o.budgetChars,
  });
  return { exitCode: 0, stdout: JSON.stringify(messages, null, 2) + '\n', stderr: '' };
}

export interface DraftOptions extends EvidenceOptions {
  provider: 'offline' | 'openai';
  model?: string;
  baseUrl?: string;
  audience?: string;
  out?: string;
  env: NodeJS.ProcessEnv;
  stderr: (line: string) => void;
}

export async function runDraft(o: DraftOptions): Promise<CommandResult> {
  const { root, abs } = targets(o);
  let provider: DraftProvider;
  if (o.provider === 'openai') {
    provider = createOpenAIProvider({
      apiKey: o.env.OPENAI_API_KEY,
      baseURL: o.baseUrl,
      model: o.model ?? 'gpt-4o-mini',
      onRetry: (i) => o.stderr(`model endpoint busy (${i.status ?? i.reason}); retrying in ${Math.round(i.waitMs / 1000)} s`),
    });
  } else if (o.provider === 'offline') {
    provider = createOfflineProvider();
  } else throw new UsageError(`--provider must be offline or openai (got "${o.provider}").`);

  const bundle = await gather(o);
  if (bundle.included.length === 0) throw new UsageError(`No usable evidence in ${o.paths.join(', ')} (${bundle.excluded.length} file(s) left out).`);
  const name = abs.length === 1 && statSync(abs[0]).isDirectory() ? (abs[0] === root ? root.split('/').pop()! : abs[0].split('/').pop()!) : (dirname(abs[0]).split('/').pop() ?? 'sop');
  const title = titleFromFolder(name);
  const workdir = workdirFor(root, abs);
  const audience = o.audience?.trim() || DEFAULT_AUDIENCE;

  // Never over an existing file: the default name, or the one given, gets a suffix.
  let rel: string;
  if (o.out) {
    const wanted = toPosix(resolve(o.out));
    const folder = relativeTo(root, dirname(wanted));
    const base = wanted.split('/').pop()!.replace(/\.sop\.md$|\.md$/, '');
    rel = existsSync(wanted) ? draftFileName(folder === '.' ? '' : folder, base, (p) => existsSync(resolve(root, p))) : relativeTo(root, wanted);
  } else {
    rel = draftFileName('sops', name, (p) => existsSync(resolve(root, p)));
  }
  const file = resolve(root, rel);
  mkdirSync(dirname(file), { recursive: true });

  const head = draftFrontMatter(bundle, { title, audience, provider: provider.id, model: provider.model, workdir, at: new Date().toISOString() });
  const marker = inProgressMarker(provider.id);
  let body = '';
  let lastWrite = 0;
  const save = (end: string) => writeFileSync(file, head + body + end);
  save(marker);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const messages = buildMessages(bundle, { audience, title, workdir, includeImages: false, budgetChars: o.budgetChars });
  const result = await streamDraft(
    provider,
    { bundle, audience, title, workdir, messages },
    (text) => {
      body += text;
      if (Date.now() - lastWrite > 500) {
        lastWrite = Date.now();
        save(marker);
      }
    },
    abort.signal,
  );
  process.removeListener('SIGINT', onSigint);
  save(result.error ? incompleteMarker(result.error.message) : '');

  const { config } = resolveConfig(toPosix(file), [root], readTextIfExists, ruleIds());
  const lint = lintSop({ text: readFileSync(file, 'utf8'), filePath: toPosix(file), workspace: indexFolder(root), config });
  const count = (s: string) => lint.issues.filter((i) => i.severity === s).length;
  const summary = `${rel}: drafted with ${provider.id} (${provider.model}) from ${bundle.included.length} evidence file(s), ${bundle.excluded.length} left out; lint: ${count('error')} error(s), ${count('warning')} warning(s).`;
  if (result.error) {
    return { exitCode: 1, stdout: rel + '\n', stderr: `sop: ${result.error.message} The partial draft is kept in ${rel}.\n${summary}\n` };
  }
  return { exitCode: 0, stdout: rel + '\n', stderr: summary + '\n' };
}
