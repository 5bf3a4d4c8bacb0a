import { collectEvidence } from '../evidence/collect';
import type { EvidenceBundle } from '../evidence/types';
import { draftFrontMatter, incompleteMarker, inProgressMarker, titleFromFolder, workdirOf } from '../draft/document';
import { buildMessages, DEFAULT_AUDIENCE } from '../draft/prompt';
import { streamDraft, type StreamResult } from '../draft/stream';
import type { DraftProvider, DraftRequest } from '../draft/types';
import { isInside, relativeTo, toPosix } from '../workspace/paths';
import { writeText, type Workspace } from '../workspace/port';

/** Where drafts go unless the person says otherwise (the editor's `sopBuilder.draft.outputFolder`, `sop draft --out-dir`). */
export const DEFAULT_DRAFT_FOLDER = 'sops';
/** A draft name is tried with suffixes -2, -3, … up to this; beyond it the folder is full of drafts of this work. */
const MAX_NAME_TRIES = 1000;

/** What the person selected as evidence, as the draft names it. */
export interface DraftSelection {
  root: string;
  /** Absolute paths of the selected files and folders. */
  paths: string[];
  /** The folder the work was done in (workspace-relative, '' for the root): commands in the draft run from there. */
  workdir: string;
  /** The name the draft file and its title come from: the work folder's, or the workspace's. */
  name: string;
}

/** Checks the selection is inside one workspace folder and finds its work folder and name: the one formula for both hosts. */
export async function draftSelection(ws: Workspace, root: string, paths: string[]): Promise<DraftSelection> {
  const base = toPosix(root);
  const abs = paths.map(toPosix);
  const outside = abs.filter((p) => !isInside(base, p));
  if (outside.length > 0) throw new Error(`${outside[0]} is outside the workspace ${base}: select files from one workspace folder.`);
  const items = [];
  for (const p of abs) {
    const st = await ws.stat(p).catch(() => undefined);
    if (!st) throw new Error(`${relativeTo(base, p)}: no such file or folder.`);
    items.push({ rel: relativeTo(base, p), isDir: st.type === 'directory' });
  }
  const workdir = workdirOf(items);
  const name = workdir ? workdir.slice(workdir.lastIndexOf('/') + 1) : base.slice(base.lastIndexOf('/') + 1);
  return { root: base, paths: abs, workdir, name };
}

/** `<folder>/<name>.sop.md`, or `-2`, `-3`, … when that exists: a draft never overwrites a file. */
export async function freeDraftPath(ws: Workspace, root: string, folder: string, name: string): Promise<string> {
  const stem =
    name
      .replace(/\.(?:sop\.)?md$/i, '')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'draft';
  const dir = folder
    .replace(/\\/g, '/')
    .replace(/^\.\/|\/+$/g, '')
    .replace(/^\.$/, '');
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const rel = `${dir ? dir + '/' : ''}${stem}${n === 1 ? '' : `-${n}`}.sop.md`;
    if (!(await ws.exists(`${root}/${rel}`))) return rel;
  }
  throw new Error(`${dir || 'The workspace'} already holds ${MAX_NAME_TRIES} drafts named ${stem}: move old drafts away, or choose another output folder.`);
}

/** The output folder from a setting or flag: inside the workspace, or the default. */
export function draftFolder(value: string | undefined): string {
  const v = (value ?? '').trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (!v || v.startsWith('/') || v.split('/').includes('..') || /^[a-z]:/i.test(v)) return DEFAULT_DRAFT_FOLDER;
  return v;
}

export interface CollectInput {
  sensitive?: string[];
  budgetChars?: number;
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}

export function collectSelection(ws: Workspace, selection: DraftSelection, o: CollectInput = {}): Promise<EvidenceBundle> {
  return collectEvidence(selection.paths, {
    workspace: ws,
    root: selection.root,
    sensitive: o.sensitive,
    budgetChars: o.budgetChars,
    onProgress: o.onProgress,
    signal: o.signal,
  });
}

export interface DraftPlanInput {
  audience?: string;
  /** Whether image evidence is sent (the provider takes images and the person allows it). */
  images: boolean;
  budgetChars?: number;
  /** The output folder (workspace-relative); a file name wanted instead, workspace-relative, goes in `file`. */
  folder?: string;
  file?: string;
  provider: Pick<DraftProvider, 'id' | 'model'>;
  /** When drafting starts (the front matter records it). */
  now: Date;
}

export interface DraftPlan {
  /** Workspace-relative and absolute path of the new file. */
  relFile: string;
  absFile: string;
  request: DraftRequest;
  /** The front matter, written first. */
  head: string;
  /** At the end while the draft streams: what a reader sees if drafting dies. */
  marker: string;
}

/** Everything a draft needs before the model is asked: the file it goes to (never an existing one), its front matter, the messages. */
export async function planDraft(ws: Workspace, selection: DraftSelection, bundle: EvidenceBundle, o: DraftPlanInput): Promise<DraftPlan> {
  const title = titleFromFolder(selection.name);
  const audience = o.audience?.trim() || DEFAULT_AUDIENCE;
  let relFile: string;
  if (o.file) {
    const wanted = o.file.replace(/\\/g, '/').replace(/^\.\//, '');
    const cut = wanted.lastIndexOf('/');
    relFile = (await ws.exists(`${selection.root}/${wanted}`))
      ? await freeDraftPath(ws, selection.root, cut < 0 ? '' : wanted.slice(0, cut), wanted.slice(cut + 1))
      : wanted;
  } else {
    relFile = await freeDraftPath(ws, selection.root, draftFolder(o.folder), selection.name);
  }
  const messages = buildMessages(bundle, { audience, title, workdir: selection.workdir, includeImages: o.images, budgetChars: o.budgetChars });
  const head = draftFrontMatter(bundle, {
    title,
    audience,
    provider: o.provider.id,
    model: o.provider.model,
    workdir: selection.workdir,
    at: o.now.toISOString(),
  });
  return {
    relFile,
    absFile: `${selection.root}/${relFile}`,
    request: { bundle, audience, title, workdir: selection.workdir, messages },
    head,
    marker: inProgressMarker(o.provider.id),
  };
}

/** Where the streamed text goes: the editor's open document, or a file. */
export interface DraftSink {
  append(text: string): void;
  /** Puts `end` where the in-progress marker was ('' on success, the reason it stopped otherwise) and saves. */
  finish(end: string): Promise<void>;
}

/**
 * Streams the draft into the sink and ends it: on failure or cancel the partial draft stays, with a line that
 * says why it stopped. Never throws for a provider's failure.
 */
export async function writeDraft(
  plan: DraftPlan,
  provider: DraftProvider,
  sink: DraftSink,
  signal: AbortSignal,
  onText?: (chars: number) => void,
): Promise<StreamResult> {
  let chars = 0;
  const result = await streamDraft(
    provider,
    plan.request,
    (text) => {
      chars += text.length;
      sink.append(text);
      onText?.(chars);
    },
    signal,
  );
  await sink.finish(result.error ? incompleteMarker(result.error.message) : '');
  return result;
}

/** A sink that writes the draft file through the workspace port as it grows (twice a second at most). */
export function fileDraftSink(ws: Workspace, plan: DraftPlan, everyMs = 500): DraftSink & { start(): Promise<void> } {
  let body = '';
  let last = 0;
  let writing: Promise<void> = Promise.resolve();
  let failed: unknown;
  const save = (end: string) =>
    (writing = writing
      .then(() => writeText(ws, plan.absFile, plan.head + body + end, { overwrite: true }))
      .catch((e: unknown) => {
        failed ??= e;
      }));
  return {
    // The first write creates the file and fails if one appeared meanwhile: nothing is overwritten.
    start: () => writeText(ws, plan.absFile, plan.head + plan.marker),
    append(text) {
      body += text;
      if (Date.now() - last > everyMs) {
        last = Date.now();
        void save(plan.marker);
      }
    },
    async finish(end) {
      await save(end);
      if (failed) throw failed;
    },
  };
}
