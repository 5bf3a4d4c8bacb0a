import { createHash } from 'node:crypto';
import { isInside, relativeTo, resolve, toPosix } from '../workspace/paths';
import { fitToBudget } from './budget';
import { extensionOf, findReader, UNSUPPORTED } from './classify';
import { decodeText } from './decode';
import {
  childIgnoredBy,
  folderNeedsFullCheck,
  IGNORE_FILES,
  ignoredBy,
  loadIgnoreLevel,
  newIgnoreAllowance,
  type IgnoreAllowance,
  type IgnoreLevel,
} from '../workspace/ignoreFiles';
import { FolderReader } from '../workspace/listAhead';
import { redactSecrets } from './redact';
import { createSensitiveRules, sensitiveContent, type SensitiveRules } from './sensitive';
import type { ReadingFile } from './readers';
import type { CollectOptions, EvidenceBundle, EvidenceFacts, EvidenceFile } from './types';
import type { FsEntry, Workspace } from '../workspace/port';

/**
 * Walks what the person selected and reads every file into evidence: what it is, the facts found in
 * it, and the text a model may see, redacted. Nothing here throws for a bad file: each one that
 * cannot be used is listed with the reason. Only cancelling stops the walk.
 */

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_BUDGET_CHARS = 120_000;
/** More than this many files is not "the evidence of one piece of work". */
export const MAX_INCLUDED_FILES = 2000;
/** Large data exports are hashed in full up to this size; beyond it only their first part is read. */
const MAX_HASHED_BYTES = 256 * 1024 * 1024;
const MAX_EXCLUDED_LISTED = 5000;

/** Folders that never hold evidence of the work itself. */
const SKIPPED_FOLDERS: Record<string, string> = {
  '.git': 'skipped: version control data',
  '.hg': 'skipped: version control data',
  '.svn': 'skipped: version control data',
  node_modules: 'skipped: installed packages (node_modules)',
  __pycache__: 'skipped: Python cache',
  '.venv': 'skipped: Python environment',
  venv: 'skipped: Python environment',
  '.tox': 'skipped: Python environment',
  '.pytest_cache': 'skipped: tool cache',
  '.mypy_cache': 'skipped: tool cache',
  '.ruff_cache': 'skipped: tool cache',
  '.cache': 'skipped: tool cache',
  '.parcel-cache': 'skipped: tool cache',
  '.turbo': 'skipped: tool cache',
  '.gradle': 'skipped: tool cache',
  '.terraform': 'skipped: tool cache',
  '.next': 'skipped: build output',
  '.nuxt': 'skipped: build output',
  '.sop-evidence': 'skipped: copies of evidence kept when an SOP was approved',
};

/**
 * `dist`, `build` and `target` are skipped only next to a code project's manifest, where they are
 * build output. `out/` is never skipped: in a business folder it holds the work's real outputs (the
 * example's reconciliation report lives there); a .gitignore or .sopignore can still exclude it.
 */
const BUILD_FOLDERS = new Set(['dist', 'build', 'target']);
const PROJECT_MANIFESTS = new Set([
  'package.json',
  'tsconfig.json',
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'Cargo.toml',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'go.mod',
  'CMakeLists.txt',
  'Makefile',
]);

/** Asked of every file of a folder that holds a build folder, so a set and two suffixes rather than a regular expression. */
function isProjectManifest(name: string): boolean {
  return PROJECT_MANIFESTS.has(name) || ((name.endsWith('.csproj') || name.endsWith('.sln')) && !/[\n\r\u2028\u2029]/.test(name));
}

/** The first project manifest among a folder's entries (in name order), or null. */
function manifestIn(entries: FsEntry[]): string | null {
  for (const e of entries) if (e.type === 'file' && isProjectManifest(e.name)) return e.name;
  return null;
}

/** Files that are never evidence and not worth listing as left out. */
const NOT_EVIDENCE = new Set([...IGNORE_FILES, '.DS_Store', 'Thumbs.db', 'desktop.ini', '.sop-lint.jsonc', '.sop-lint.json']);

function abortError(): Error {
  const e = new Error('Collecting evidence was cancelled.');
  e.name = 'AbortError';
  return e;
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** An error in words: what went wrong with the file, not a stack. */
function why(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  const known: Record<string, string> = {
    ENOENT: 'it no longer exists',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ELOOP: 'too many levels of links (a link loop)',
    EISDIR: 'it is a folder',
    EIO: 'input/output error',
    EBUSY: 'it is in use',
    FileNotFound: 'it no longer exists',
    NoPermissions: 'permission denied',
  };
  if (typeof code === 'string' && known[code]) return `${known[code]} (${code})`;
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].slice(0, 200);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
}

interface Walk {
  fs: Workspace;
  /** Lists folders ahead of the walk, several at a time. */
  reader: FolderReader;
  root: string;
  rootReal: string;
  options: CollectOptions;
  maxFileBytes: number;
  sensitive: SensitiveRules;
  bundle: EvidenceBundle;
  /** Real path → workspace path, for folders and files already read (links, loops, overlapping selections). */
  seenDirs: Map<string, string>;
  /** Workspace paths and real paths of files visited, built from `visited` only once a file can be met twice. */
  seen: { paths: Set<string>; files: Map<string, string> } | undefined;
  /** Files visited while nothing can be met twice (the first selection, before links): kept in order, not hashed. */
  visited: Visited;
  firstPass: boolean;
  levelCache: Map<string, IgnoreLevel | undefined>;
  ignoreAllowance: IgnoreAllowance;
  /** Links are followed after the walk, so a link never takes the place of the file it points to. */
  links: Array<{ link: FsEntry; rel: string; levels: IgnoreLevel[]; parentReal: string }>;
  excludedOverflow: number;
  /**
   * Files the walk found to read, in walk order (two lists, no object per file); reading happens after the walk,
   * several at a time. A walk that only lists (`listEvidence`) keeps no entries.
   */
  toRead: { entries: FsEntry[] | undefined; rels: string[] };
  maxFiles: number;
}

/** How many files are read at once: enough to hide disk and remote latency, few enough for memory. */
const READ_CONCURRENCY = 16;

export async function collectEvidence(selection: string[], options: CollectOptions): Promise<EvidenceBundle> {
  const w = await walkSelection(selection, options, true);
  await readAll(w);
  return finish(w);
}

/**
 * The walk alone: which files would be read (workspace-relative, in walk order) and what is left out and
 * why, without reading any file. The benchmark compares this with `git ls-files`.
 */
export async function listEvidence(selection: string[], options: CollectOptions): Promise<{ files: string[]; excluded: EvidenceBundle['excluded'] }> {
  const w = await walkSelection(selection, options, false);
  return { files: w.toRead.rels, excluded: w.bundle.excluded };
}

async function walkSelection(selection: string[], options: CollectOptions, read: boolean): Promise<Walk> {
  const root = toPosix(options.root);
  const bundle: EvidenceBundle = { root, selection: [], included: [], excluded: [], notes: [] };
  const w: Walk = {
    fs: options.workspace,
    reader: new FolderReader(options.workspace),
    root,
    rootReal: root,
    options,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    sensitive: createSensitiveRules(options.sensitive ?? []),
    bundle,
    seenDirs: new Map(),
    seen: undefined,
    visited: newVisited(),
    firstPass: true,
    levelCache: new Map(),
    ignoreAllowance: newIgnoreAllowance(),
    links: [],
    excludedOverflow: 0,
    toRead: { entries: read ? [] : undefined, rels: [] },
    maxFiles: options.maxFiles ?? MAX_INCLUDED_FILES,
  };
  try {
    w.rootReal = toPosix(await w.fs.realPath(root));
  } catch {
    // A root that cannot be resolved is compared as written.
  }

  for (const raw of selection) {
    checkAbort(options);
    const abs = resolve(root, toPosix(raw));
    if (!isInside(root, abs)) {
      exclude(w, raw, `outside the workspace: only files under ${root} are read`);
      continue;
    }
    const rel = abs === root ? '' : relativeTo(root, abs);
    bundle.selection.push(rel || '.');
    await visitSelection(w, abs, rel);
    w.firstPass = false;
    for (let next = w.links.shift(); next; next = w.links.shift()) await visitLink(w, next);
  }

  return w;
}

function finish(w: Walk): EvidenceBundle {
  const { bundle, options } = w;
  bundle.included.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  bundle.excluded.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (w.excludedOverflow > 0) bundle.notes.push(`${w.excludedOverflow.toLocaleString('en-US')} more files were left out and are not listed.`);
  fitToBudget(bundle, options.budgetChars ?? DEFAULT_BUDGET_CHARS);
  options.onProgress?.(`Collected ${bundle.included.length} file(s); ${bundle.excluded.length} left out`);
  return bundle;
}

function checkAbort(options: CollectOptions): void {
  if (options.signal?.aborted) throw abortError();
}

function exclude(w: Walk, path: string, reason: string): void {
  if (w.bundle.excluded.length >= MAX_EXCLUDED_LISTED) {
    w.excludedOverflow++;
    return;
  }
  w.bundle.excluded.push({ path, reason });
}

/** The ignore rules of the folders from the root down to (not including) `rel`. */
async function ancestorLevels(w: Walk, rel: string): Promise<IgnoreLevel[]> {
  const parts = rel ? rel.split('/') : [];
  const levels: IgnoreLevel[] = [];
  for (let i = 0; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    const level = await levelOf(w, dir ? `${w.root}/${dir}` : w.root, dir);
    if (level) levels.push(level);
  }
  return levels;
}

async function levelOf(w: Walk, absDir: string, relDir: string, present?: Set<string>): Promise<IgnoreLevel | undefined> {
  if (w.levelCache.has(relDir)) return w.levelCache.get(relDir);
  const level = await loadIgnoreLevel(w.fs, absDir, relDir, present, w.ignoreAllowance);
  if (level) w.bundle.notes.push(...level.refused);
  w.levelCache.set(relDir, level);
  return level;
}

async function visitSelection(w: Walk, abs: string, rel: string): Promise<void> {
  const levels = await ancestorLevels(w, rel);
  let st: FsEntry;
  let real: string;
  try {
    real = toPosix(await w.fs.realPath(abs));
    st = await w.fs.stat(abs);
  } catch (e) {
    exclude(w, rel || '.', `cannot be read: ${why(e)}`);
    return;
  }
  if (!isInside(w.rootReal, real)) {
    exclude(w, rel || '.', `link leads outside the workspace (to ${real}): not followed`);
    return;
  }
  if (rel) {
    const reason =
      w.sensitive.reasonFor(st.type === 'directory' ? `${rel}/` : rel) ??
      sensitiveLinkTarget(w, real, st.type === 'directory') ??
      ignoredBy(levels, rel, st.type === 'directory');
    if (reason) {
      exclude(w, st.type === 'directory' ? `${rel}/` : rel, reason);
      return;
    }
  }
  if (st.type === 'directory') await walkDir(w, abs, rel, levels, real);
  else if (st.type === 'file') visitFile(w, { ...st, absPath: abs }, rel, ...splitReal(real));
  else exclude(w, rel, 'not a regular file (a pipe, socket or device): not read');
}

async function walkDir(w: Walk, abs: string, rel: string, levels: IgnoreLevel[], real: string): Promise<void> {
  checkAbort(w.options);
  const shown = rel ? `${rel}/` : '.';
  const already = w.seenDirs.get(real);
  if (already !== undefined) {
    if (already === rel) return;
    const ancestor = already === '' || rel.startsWith(`${already}/`);
    exclude(w, shown, ancestor ? `link loop: this folder was already read as ${already || '.'}` : `same folder as ${already}/ (through a link): read once`);
    return;
  }
  w.seenDirs.set(real, rel);
  let entries: FsEntry[];
  try {
    entries = await w.reader.list(abs);
  } catch (e) {
    if (isAbort(e)) throw e;
    exclude(w, shown, `folder cannot be read: ${why(e)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const present = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    // Both ignore files are dot files: most names are passed over on their first character.
    if (e.name.charCodeAt(0) === 46 && e.type !== 'directory' && (IGNORE_FILES as readonly string[]).includes(e.name)) present.add(e.name);
  }
  const level = present.size > 0 ? await levelOf(w, abs, rel, present) : undefined;
  const here = level ? [...levels, level] : levels;
  const folder: FolderVisit = { entries, prefix: rel ? `${rel}/` : '', here, slow: folderNeedsFullCheck(here, rel), real, folderReasons: new Map() };
  decideSubfolders(w, folder);
  const realBase = real === '/' ? '' : real;
  for (let i = visitEntries(w, folder, 0); i < entries.length; i = visitEntries(w, folder, i + 1)) {
    const e = entries[i];
    await walkDir(w, e.absPath, folder.prefix + e.name, here, `${realBase}/${e.name}`);
  }
}

/** A folder the walk is in: its entries in name order, and what was decided about them. */
interface FolderVisit {
  entries: FsEntry[];
  prefix: string;
  here: IgnoreLevel[];
  /** Whether its entries are tested against the ignore rules the slow way (see `folderNeedsFullCheck`). */
  slow: boolean;
  real: string;
  folderReasons: Map<string, string | undefined>;
}

function ignoredHere(folder: FolderVisit, childRel: string, name: string, isDir: boolean): string | undefined {
  return folder.slow ? ignoredBy(folder.here, childRel, isDir) : childIgnoredBy(folder.here, childRel, name, isDir);
}

/** Subfolders are decided first and listed ahead, then walked in name order with the files. */
function decideSubfolders(w: Walk, folder: FolderVisit): void {
  const { entries, prefix } = folder;
  // Looked for only beside a build folder: the walk meets few of them and every other file.
  let manifest: string | null | undefined;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.type !== 'directory') continue;
    const childRel = prefix + e.name;
    if (manifest === undefined && BUILD_FOLDERS.has(e.name)) manifest = manifestIn(entries);
    const reason =
      (Object.hasOwn(SKIPPED_FOLDERS, e.name) ? SKIPPED_FOLDERS[e.name] : undefined) ??
      (BUILD_FOLDERS.has(e.name) && manifest ? `skipped: build output (${e.name}/ next to ${manifest})` : undefined) ??
      w.sensitive.reasonForChild(childRel, e.name, true) ??
      ignoredHere(folder, childRel, e.name, true);
    folder.folderReasons.set(e.name, reason);
    if (!reason && w.toRead.rels.length < w.maxFiles) w.reader.readAhead(e.absPath);
  }
}

/**
 * Goes through the folder's entries from `from` and stops at the next subfolder to walk, returning its index (or the
 * number of entries). A plain loop, apart from the awaits of the walk: it is where a walk spends its time.
 */
function visitEntries(w: Walk, folder: FolderVisit, from: number): number {
  const { entries, prefix } = folder;
  for (let i = from; i < entries.length; i++) {
    const e = entries[i];
    checkAbort(w.options);
    if (NOT_EVIDENCE.has(e.name) && e.type !== 'directory') continue;
    const childRel = prefix + e.name;
    if (e.type === 'directory') {
      const reason = folder.folderReasons.get(e.name);
      if (reason) exclude(w, `${childRel}/`, reason);
      else if (w.toRead.rels.length >= w.maxFiles) exclude(w, `${childRel}/`, tooMany(w));
      else return i;
    } else if (e.type === 'symlink') {
      w.links.push({ link: e, rel: childRel, levels: folder.here, parentReal: folder.real });
    } else if (e.type === 'other') {
      exclude(w, childRel, 'not a regular file (a pipe, socket or device): not read');
    } else {
      const reason = w.sensitive.reasonForChild(childRel, e.name, false) ?? ignoredHere(folder, childRel, e.name, false);
      if (reason) exclude(w, childRel, reason);
      else visitFile(w, e, childRel, folder.real);
    }
  }
  return entries.length;
}

async function visitLink(w: Walk, { link, rel, levels, parentReal }: Walk['links'][number]): Promise<void> {
  const early = w.sensitive.reasonFor(rel) ?? ignoredBy(levels, rel, false);
  if (early) {
    exclude(w, rel, early);
    return;
  }
  let real: string;
  let target: FsEntry;
  try {
    real = toPosix(await w.fs.realPath(link.absPath));
    target = await w.fs.stat(link.absPath);
  } catch (e) {
    if (isAbort(e)) throw e;
    exclude(w, rel, `broken link: ${why(e)}`);
    return;
  }
  if (!isInside(w.rootReal, real)) {
    exclude(w, rel, `link leads outside the workspace (to ${real}): not followed`);
    return;
  }
  const sensitiveTarget = sensitiveLinkTarget(w, real, target.type === 'directory');
  if (sensitiveTarget) {
    exclude(w, rel, sensitiveTarget);
    return;
  }
  if (target.type === 'directory') {
    if (isInside(real, parentReal)) {
      const parts = rel.split('/');
      const up = parentReal.slice(real.length).split('/').filter(Boolean).length;
      const ancestor = parts.slice(0, Math.max(0, parts.length - 1 - up)).join('/');
      exclude(w, `${rel}/`, `link loop: leads back to ${ancestor ? `${ancestor}/` : 'the workspace root'}`);
      return;
    }
    const reason = w.sensitive.reasonFor(`${rel}/`) ?? ignoredBy(levels, rel, true);
    if (reason) exclude(w, `${rel}/`, reason);
    else await walkDir(w, link.absPath, rel, levels, real);
  } else if (target.type === 'file') {
    visitFile(w, { ...target, absPath: link.absPath, name: link.name }, rel, ...splitReal(real));
  } else {
    exclude(w, rel, 'not a regular file (a pipe, socket or device): not read');
  }
}

/** A link with a harmless name may lead to a sensitive file (notes.md → .env): the target's name counts too. */
function sensitiveLinkTarget(w: Walk, real: string, isDir: boolean): string | undefined {
  const targetRel = real === w.rootReal ? '' : relativeTo(w.rootReal, real);
  if (!targetRel) return undefined;
  const reason = w.sensitive.reasonFor(isDir ? `${targetRel}/` : targetRel);
  return reason ? `${reason} (the link leads to ${targetRel})` : undefined;
}

function tooMany(w: Walk): string {
  return `too many files: only the first ${w.maxFiles.toLocaleString('en-US')} are read; select a smaller folder to include this`;
}

function splitReal(real: string): [string, string] {
  const slash = real.lastIndexOf('/');
  return [real.slice(0, slash) || '/', real.slice(slash + 1)];
}

/**
 * The file's real path comes in two parts, its folder's and its name: it is joined only when it is needed. The real
 * name is given when it may differ from the last part of `rel` (a selected file, a link); a walk's own entries leave it out.
 */
function visitFile(w: Walk, entry: FsEntry, rel: string, realDir: string, realName?: string): void {
  if (w.firstPass) {
    remember(w.visited, rel, realDir, realName);
  } else {
    const name = realName ?? entry.name;
    const real = realDir === '/' ? `/${name}` : `${realDir}/${name}`;
    const seen = seenOf(w);
    if (seen.paths.has(rel)) return;
    seen.paths.add(rel);
    const same = seen.files.get(real);
    if (same !== undefined) {
      exclude(w, rel, `same file as ${same} (through a link): read once`);
      return;
    }
    seen.files.set(real, rel);
  }
  if (w.toRead.rels.length >= w.maxFiles) {
    exclude(w, rel, tooMany(w));
    return;
  }
  const unsupported = unsupportedReason(entry.name);
  if (unsupported) {
    exclude(w, rel, unsupported);
    return;
  }
  w.toRead.entries?.push(entry);
  w.toRead.rels.push(rel);
}

/** UNSUPPORTED by extension packed as a number (see `packedExtension`): every file's name is looked up, without cutting its extension out. */
const UNSUPPORTED_PACKED = new Map(Object.entries(UNSUPPORTED).map(([ext, reason]) => [packedExtension(ext, -1), reason]));
const PACKED_EXTENSION_CHARS = 7;

/** The lower-case ASCII extension after `dot` as a number (base 128), or -1 when it is longer or holds other characters. */
function packedExtension(name: string, dot: number): number {
  if (name.length - dot - 1 > PACKED_EXTENSION_CHARS) return -1;
  let key = 0;
  for (let i = dot + 1; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 128) return -1;
    key = key * 128 + (code >= 65 && code <= 90 ? code + 32 : code);
  }
  return key;
}

/** Why a file of this name is not read at all (its format), or undefined; only the table's own keys count ("x.constructor" is a file). */
function unsupportedReason(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const packed = packedExtension(name, dot);
  if (packed >= 0) return UNSUPPORTED_PACKED.get(packed);
  const ext = name.slice(dot + 1).toLowerCase();
  return Object.hasOwn(UNSUPPORTED, ext) ? UNSUPPORTED[ext] : undefined;
}

/** A plain walk of one folder meets each file once; a link or a second selection may meet one again. */
function seenOf(w: Walk): NonNullable<Walk['seen']> {
  if (w.seen) return w.seen;
  const { rel, runs, realNames } = w.visited;
  w.seen = { paths: new Set(rel), files: new Map() };
  for (let r = 0; r < runs.length; r++) {
    const { from, realDir } = runs[r];
    const to = r + 1 < runs.length ? runs[r + 1].from : rel.length;
    for (let i = from; i < to; i++) {
      const name = realNames.get(i) ?? rel[i].slice(rel[i].lastIndexOf('/') + 1);
      w.seen.files.set(realDir === '/' ? `/${name}` : `${realDir}/${name}`, rel[i]);
    }
  }
  w.visited = newVisited();
  return w.seen;
}

/**
 * The files of the first pass, one list entry each: their workspace paths, the real folder of each run of files
 * from the same folder, and the real name of a file whose path ends in another name (a selected link).
 */
interface Visited {
  rel: string[];
  runs: Array<{ from: number; realDir: string }>;
  realNames: Map<number, string>;
}

function newVisited(): Visited {
  return { rel: [], runs: [], realNames: new Map() };
}

function remember(v: Visited, rel: string, realDir: string, realName: string | undefined): void {
  const last = v.runs[v.runs.length - 1];
  if (last === undefined || last.realDir !== realDir) v.runs.push({ from: v.rel.length, realDir });
  if (realName !== undefined && realName !== rel.slice(rel.lastIndexOf('/') + 1)) v.realNames.set(v.rel.length, realName);
  v.rel.push(rel);
}

/** The walk has listed what to read: read it now, several files at a time, keeping the walk's order. */
async function readAll(w: Walk): Promise<void> {
  const { rels } = w.toRead;
  // A walk made for reading keeps its entries (see `walkSelection`).
  const entries = w.toRead.entries!;
  const results: Array<EvidenceFile | string | undefined> = new Array(rels.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < rels.length; i = next++) {
      checkAbort(w.options);
      const entry = entries[i];
      const rel = rels[i];
      w.options.onProgress?.(`Reading ${rel}`);
      try {
        // Listings do not carry sizes (that would cost a stat per file seen): get them for what is read.
        const sized = entry.size > 0 || entry.mtimeMs > 0 ? entry : { ...(await w.fs.stat(entry.absPath)), absPath: entry.absPath, name: entry.name };
        results[i] = await readEvidence(w, sized, rel);
      } catch (e) {
        if (isAbort(e)) throw e;
        results[i] = `could not be read: ${why(e)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, rels.length) }, worker));
  results.forEach((r, i) => {
    if (typeof r === 'string') exclude(w, rels[i], r);
    else if (r) w.bundle.included.push(r);
  });
}

/** The file as evidence, or the reason it is left out. The reader that claims the file reads it. */
async function readEvidence(w: Walk, entry: FsEntry, rel: string): Promise<EvidenceFile | string> {
  const byName = findReader(rel);
  const max = w.maxFileBytes;
  const summarisable = byName?.input === 'text' && !!byName.summarisesLarge;
  const limit = byName?.input === 'bytes' && byName.maxBytes ? Math.max(max, byName.maxBytes) : max;
  const big = entry.size > limit;
  if (big && !summarisable) {
    const hint = byName?.input === 'bytes' && byName.tooLargeHint ? `: ${byName.tooLargeHint}` : '';
    return `too large: ${formatBytes(entry.size)} (the limit is ${formatBytes(limit)})${hint}`;
  }
  const partialHash = big && entry.size > MAX_HASHED_BYTES;
  const bytes = await w.fs.read(entry.absPath, partialHash ? max : undefined);
  checkAbort(w.options);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const partial = big || bytes.byteLength > limit;
  const head = partial ? bytes.subarray(0, max) : bytes;
  const base = { path: rel, absPath: entry.absPath, bytes: Math.max(entry.size, bytes.byteLength), mtimeMs: entry.mtimeMs, sha256 };
  const file = (
    kind: EvidenceFile['kind'],
    facts: EvidenceFacts,
    text: string,
    redactions: Record<string, number> = {},
    extra: Partial<EvidenceFile> = {},
  ): EvidenceFile => ({
    ...base,
    kind,
    facts,
    text,
    summarized: false,
    redactions,
    ...extra,
  });
  const reading: ReadingFile = { path: rel, extension: extensionOf(rel), partial, note: (line) => w.bundle.notes.push(line) };

  if (byName?.input === 'bytes') {
    const r = await byName.read(bytes, reading);
    if (typeof r === 'string') return r;
    return file(byName.kind, r.facts, r.text ?? '', r.redactions, { ...(r.summarized ? { summarized: true } : {}), ...(r.image ? { image: r.image } : {}) });
  }

  const decoded = decodeText(head, partial);
  if ('binary' in decoded) return `binary file (${decoded.binary}): not read`;
  // A key or a credentials file under an ordinary name is left out whole, before any of its text is used.
  const secretText = sensitiveContent(decoded.text);
  if (secretText) return secretText;
  const extra: Partial<EvidenceFile> = decoded.encoding !== 'utf-8' ? { encoding: decoded.encoding } : {};
  const red = redactSecrets(decoded.text);
  const reader = findReader(rel, decoded.text);
  if (reader?.input !== 'text') return file('other', { type: 'other' }, red.text, red.counts, extra);

  if (reader.summarisesLarge && partial) {
    reading.partialNote = `Only the first ${formatBytes(max)} of ${formatBytes(entry.size)} were read: the row count and sums cover that part.`;
    w.bundle.notes.push(
      `${rel}: ${formatBytes(entry.size)}, larger than the ${formatBytes(max)} limit: summarised from its first ${formatBytes(max)} (row count and sums cover that part only${partialHash ? '; its sha256 too' : ''})`,
    );
  }
  const r = reader.read(red.text, reading);
  if (!r) return file('other', { type: 'other' }, red.text, red.counts, extra);
  return file(reader.kind, r.facts, r.text ?? red.text, red.counts, { ...extra, ...(r.summarized ? { summarized: true } : {}) });
}
