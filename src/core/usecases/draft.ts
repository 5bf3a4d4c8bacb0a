import { collectEvidence } from '../evidence/collect';
import type { EvidenceBundle } from '../evidence/types';
import { manifestPathFor, manifestRefText, renderManifest } from '../sop/evidenceManifest';
import { draftFrontMatter, incompleteMarker, inProgressMarker, titleFromFolder, workdirOf } from '../draft/document';
import { buildMessages, DEFAULT_AUDIENCE, type PromptOptions } from '../draft/prompt';
import { streamDraft, type StreamResult } from '../draft/stream';
import type { ChatMessage, DraftProvider, DraftRequest } from '../draft/types';
import { findingsScore, repairableFindings, repairMessages } from '../draft/repair';
import { OFFLINE_PROVIDER } from '../draft/providers';
import type { LintIssue } from '../lint/types';
import type { SopDocument } from '../sop/model';
import { SECTION_KINDS } from '../sop/sections';
import { lintSop } from '../lint/lint';
import type { LintConfig } from '../lint/config';
import type { WorkspaceIndex } from '../workspace/fileIndex';
import { indexWorkspace } from '../workspace/walk';
import { loadConfig } from './sop';
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
    // The evidence manifest goes beside it, so both names must be free.
    if (!(await ws.exists(`${root}/${rel}`)) && !(await ws.exists(`${root}/${manifestPathFor(rel)}`))) return rel;
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
  /** The evidence manifest beside the draft (the files drafted from, with their hashes): written before the draft. */
  manifest: { relFile: string; absFile: string; text: string };
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
    relFile =
      (await ws.exists(`${selection.root}/${wanted}`)) || (await ws.exists(`${selection.root}/${manifestPathFor(wanted)}`))
        ? await freeDraftPath(ws, selection.root, cut < 0 ? '' : wanted.slice(0, cut), wanted.slice(cut + 1))
        : wanted;
  } else {
    relFile = await freeDraftPath(ws, selection.root, draftFolder(o.folder), selection.name);
  }
  const manifestRel = manifestPathFor(relFile);
  const head = draftFrontMatter(bundle, {
    title,
    audience,
    provider: o.provider.id,
    model: o.provider.model,
    workdir: selection.workdir,
    at: o.now.toISOString(),
    manifest: manifestRefText(manifestRel, relFile),
  });
  return {
    relFile,
    absFile: `${selection.root}/${relFile}`,
    request: requestFor(bundle, { audience, title, workdir: selection.workdir, includeImages: o.images, budgetChars: o.budgetChars }),
    head,
    manifest: { relFile: manifestRel, absFile: `${selection.root}/${manifestRel}`, text: renderManifest(relFile, bundle.included) },
    marker: inProgressMarker(o.provider.id),
  };
}

/**
 * The request a provider receives. Its messages are built when first read: the offline drafter reads the
 * evidence itself, and fitting thousands of files into a prompt nobody sends costs a noticeable part of a draft.
 */
function requestFor(bundle: EvidenceBundle, o: PromptOptions): DraftRequest {
  let messages: ChatMessage[] | undefined;
  return {
    bundle,
    audience: o.audience,
    title: o.title,
    workdir: o.workdir,
    get messages() {
      return (messages ??= buildMessages(bundle, o));
    },
    set messages(m) {
      messages = m;
    },
  };
}

/** Where the streamed text goes: the editor's open document, or a file. */
export interface DraftSink {
  append(text: string): void;
  /** Replaces everything appended so far with `body` (the repair round's better draft). */
  replaceBody(body: string): Promise<void>;
  /** Puts `end` where the in-progress marker was ('' on success, the reason it stopped otherwise) and saves. */
  finish(end: string): Promise<void>;
}

/** The repair round: how a whole draft (front matter and body) is linted, and where to say what is going on. */
export interface DraftRepairInput {
  lint(text: string): { issues: LintIssue[]; doc: SopDocument };
  onStatus?(message: string): void;
}

/** What the repair round did: findings a model can fix before and after, and which draft was kept. */
export interface RepairOutcome {
  before: number;
  after?: number;
  kept: 'first' | 'repaired';
  /** Why the first draft was kept, when it was. */
  why?: string;
}

export type DraftResult = StreamResult & { repair?: RepairOutcome };

/**
 * Streams the draft into the sink and ends it: on failure or cancel the partial draft stays, with a line that
 * says why it stopped. Never throws for a provider's failure. With `repair`, a model's finished draft is linted
 * and, when a model can fix some findings, sent back once with them; the better draft is kept.
 */
export async function writeDraft(
  plan: DraftPlan,
  provider: DraftProvider,
  sink: DraftSink,
  signal: AbortSignal,
  onText?: (chars: number) => void,
  repair?: DraftRepairInput,
): Promise<DraftResult> {
  let chars = 0;
  let body = '';
  const result: DraftResult = await streamDraft(
    provider,
    plan.request,
    (text) => {
      chars += text.length;
      body += text;
      sink.append(text);
      onText?.(chars);
    },
    signal,
  );
  // The offline drafter reads no messages: a repair round would only give the same draft again.
  if (!result.error && repair && provider.id !== OFFLINE_PROVIDER.id) {
    const outcome = await repairRound(plan, provider, body, repair, signal);
    result.repair = outcome.result;
    if (outcome.body !== undefined) await sink.replaceBody(outcome.body);
  }
  await sink.finish(result.error ? incompleteMarker(result.error.message) : '');
  return result;
}

async function repairRound(
  plan: DraftPlan,
  provider: DraftProvider,
  body: string,
  repair: DraftRepairInput,
  signal: AbortSignal,
): Promise<{ result: RepairOutcome; body?: string }> {
  const firstLint = repair.lint(plan.head + body);
  const first = repairableFindings(firstLint.issues);
  if (first.length === 0) return { result: { before: 0, kept: 'first' } };
  repair.onStatus?.(`asking ${provider.id} to fix ${first.length} lint finding(s)`);
  const headLines = plan.head.split('\n').length - 1;
  const request = { ...plan.request, messages: repairMessages(plan.request, body, first, (line) => line - headLines) };
  let reply = '';
  const second = await streamDraft(provider, request, (text) => void (reply += text), signal);
  if (second.error) return { result: { before: first.length, kept: 'first', why: second.error.message } };
  const repaired = cleanReply(reply);
  if (!repaired.trim()) return { result: { before: first.length, kept: 'first', why: 'the model sent back an empty draft' } };
  const afterLint = repair.lint(plan.head + repaired);
  const after = repairableFindings(afterLint.issues);
  if (repaired.length < body.length / 2 || afterLint.doc.steps.length < firstLint.doc.steps.length / 2) {
    return { result: { before: first.length, after: after.length, kept: 'first', why: 'the repaired draft lost most of the text or steps' } };
  }
  if (findingsScore(after, missingParts(afterLint.doc)) >= findingsScore(first, missingParts(firstLint.doc))) {
    return { result: { before: first.length, after: after.length, kept: 'first', why: 'the repaired draft was no better' } };
  }
  return { result: { before: first.length, after: after.length, kept: 'repaired' }, body: repaired };
}

function missingParts(doc: SopDocument): number {
  return SECTION_KINDS.filter((k) => doc.sectionsOf(k).length === 0).length;
}

/** A reply wrapped in a Markdown fence, or with front matter of its own, is unwrapped: the file has its front matter. */
function cleanReply(reply: string): string {
  let text = reply.trim();
  const fenced = /^(`{3,}|~{3,})[ \t]*(?:markdown|md)?[ \t]*\r?\n([\s\S]*?)\r?\n\1[ \t]*$/.exec(text);
  if (fenced) text = fenced[2].trim();
  const frontMatter = /^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (frontMatter) text = text.slice(frontMatter[0].length).trim();
  return `${text}\n`;
}

/** What the repair round did, in a sentence for the log, the CLI and the notification. */
export function repairSummary(r: RepairOutcome): string {
  if (r.before === 0) return 'the lint found nothing a model can fix, so no repair round was needed.';
  if (r.kept === 'repaired') return `repair round: ${r.before} lint finding(s) a model can fix before, ${r.after ?? 0} after; the repaired draft is kept.`;
  return `repair round: ${r.before} lint finding(s) sent back to the model; the first draft is kept (${r.why ?? 'no better'}).`;
}

/**
 * The repair round's lint: the draft linted as `sop lint` would lint it where it is written, with its folder's
 * `.sop-lint.jsonc` and the workspace's files (an index the host already has, or one made here).
 */
export async function draftRepair(
  ws: Workspace,
  plan: DraftPlan,
  o: { index?: WorkspaceIndex; config?: LintConfig; onStatus?: (message: string) => void } = {},
): Promise<DraftRepairInput> {
  const config = o.config ?? (await loadConfig(ws, plan.absFile)).config;
  const index = o.index ?? (await indexWorkspace(ws));
  return { lint: (text) => lintSop({ text, filePath: plan.absFile, workspace: index, config }), onStatus: o.onStatus };
}

/** A sink that writes the draft file through the workspace port as it grows (twice a second at most). */
/**
 * Creates the evidence manifest, then the draft with its front matter and the in-progress marker. Each write fails
 * if a file appeared there meanwhile: nothing is overwritten.
 */
export async function createDraftFiles(ws: Workspace, plan: DraftPlan): Promise<void> {
  await writeText(ws, plan.manifest.absFile, plan.manifest.text);
  await writeText(ws, plan.absFile, plan.head + plan.marker);
}

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
    start: () => createDraftFiles(ws, plan),
    append(text) {
      body += text;
      if (Date.now() - last > everyMs) {
        last = Date.now();
        void save(plan.marker);
      }
    },
    async replaceBody(text) {
      body = text;
      await save(plan.marker);
    },
    async finish(end) {
      await save(end);
      if (failed) throw failed;
    },
  };
}
