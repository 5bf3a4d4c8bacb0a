import { hashEvidenceFile, type HashedEvidence } from '../approval/evidenceFiles';
import { sopStatus, type SopStatus } from '../approval/status';
import { configCandidates, resolveConfig, type ConfigLayer, type ResolvedConfig, type LintConfig } from '../lint/config';
import { lintSop, MAX_SOP_CHARS, ruleIds, type LintResult } from '../lint/lint';
import { approvalRecord } from '../sop/approvalRecord';
import { evidenceCopyPath, type EvidenceCopyPlacement } from '../sop/evidenceCopyPaths';
import type { RunFacts } from '../lint/runFacts';
import type { SkillFacts } from '../lint/skillFacts';
import type { SopDocument } from '../sop/model';
import { normalEvidencePath, type EvidenceFact, type EvidenceFacts } from '../workspace/evidenceFacts';
import type { WorkspaceIndex } from '../workspace/fileIndex';
import { isInside, relativeTo, toPosix } from '../workspace/paths';
import { readTextIfExists, type Workspace } from '../workspace/port';
import { isManifestPath, MAX_MANIFEST_BYTES } from '../sop/evidenceManifest';

/**
 * The SOP every command works on: its text parsed with its resolved config, linted, and its approval status from
 * the approval record. The editor builds it from what it has open; the command line loads it from disk. Every
 * use case takes this, so an export sees the steps lint sees.
 */
export interface SopContext {
  /** The workspace folder holding the SOP. */
  root: string;
  /** Absolute path, forward slashes. */
  path: string;
  /** Workspace-relative path. */
  relPath: string;
  text: string;
  config: LintConfig;
  doc: SopDocument;
  lint: LintResult;
  /** What is on disk now for the evidence its approval records (and the copies kept then). */
  evidence: EvidenceFacts;
  index?: WorkspaceIndex;
  status: SopStatus;
}

/** Config files, SOPs and skill files are text someone wrote: far below this. A larger one is refused, not read. */
export const MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024;
/** Enough bytes for the longest SOP lint reads (UTF-8 takes up to 4 bytes a character), plus one to see it is longer. */
export const MAX_SOP_READ_BYTES = MAX_SOP_CHARS * 4 + 1;

/** The config in force for a file: built-in defaults, the editor's settings, then each `.sop-lint.jsonc` from the root down. */
export async function loadConfig(ws: Workspace, filePath: string, settings: ConfigLayer = {}): Promise<ResolvedConfig> {
  const texts = new Map<string, string>();
  for (const candidate of configCandidates(filePath, [...ws.roots])) {
    const text = await readTextIfExists(ws, candidate, MAX_TEXT_FILE_BYTES);
    if (text !== undefined) texts.set(candidate, text);
  }
  return resolveConfig(filePath, [...ws.roots], (p) => texts.get(p), ruleIds(), settings);
}

export function factOf(h: HashedEvidence): EvidenceFact {
  return h.status === 'hashed' ? { sha256: h.sha256, mtimeMs: h.mtimeMs } : h.status === 'refused' ? { refused: h.reason } : { missing: true };
}

/**
 * The files an approval recorded, the copies kept of them, and the evidence manifest that lists them, by
 * workspace-relative path: what the drift checks compare. The manifest's files are known once `facts` hold its text,
 * so a caller asks again after hashing what this returned.
 */
export function recordedEvidencePaths(doc: SopDocument, sopRel: string, copies: EvidenceCopyPlacement, facts?: EvidenceFacts): string[] {
  const paths = new Set<string>();
  const record = approvalRecord(doc, { facts, sopRel });
  if (record.manifest && !record.manifest.notFollowed) paths.add(record.manifest.path);
  for (const e of record.evidence) {
    paths.add(normalEvidencePath(e.path));
    const copy = evidenceCopyPath(sopRel, copies, e.path);
    if (copy) paths.add(copy);
  }
  return [...paths];
}

/** Hashes files now (inside the workspace only, in bounded chunks), as facts. */
export async function hashEvidence(ws: Workspace, root: string, paths: string[]): Promise<Map<string, EvidenceFact>> {
  const facts = new Map<string, EvidenceFact>();
  for (const p of paths) {
    // An evidence manifest is read as well as hashed: the files it lists are what is compared next.
    const keep = isManifestPath(p) ? MAX_MANIFEST_BYTES : 0;
    const hashed = await hashEvidenceFile(root, p, ws, keep).catch((): HashedEvidence => ({ status: 'missing' }));
    const fact = factOf(hashed);
    if (keep && hashed.status === 'hashed' && hashed.data && 'sha256' in fact) fact.text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(hashed.data);
    facts.set(p, fact);
  }
  return facts;
}

export function rootOf(ws: Workspace, absPath: string): string | undefined {
  return ws.roots.filter((r) => isInside(r, absPath)).sort((a, b) => b.length - a.length)[0];
}

export interface OpenSopOptions {
  index?: WorkspaceIndex;
  settings?: ConfigLayer;
  config?: LintConfig;
  copies?: EvidenceCopyPlacement;
  now?: Date;
  /** What the SOP's run logs say about its steps (see sopRunFacts), for the run-deviation rule. */
  runs?: RunFacts;
  /** Where the SOP's exported skill is now (see sopSkillFacts), for the skill-drift rule. */
  skills?: SkillFacts;
}

/** Reads, configures, lints and checks the approval of the SOP at `absPath` (the command line's way in). */
export async function openSop(ws: Workspace, absPath: string, o: OpenSopOptions = {}): Promise<SopContext> {
  const path = toPosix(absPath);
  const root = rootOf(ws, path);
  if (!root) throw new Error(`${path} is outside the workspace ${ws.roots.join(', ')}: open the folder that holds it.`);
  const st = await ws.stat(path).catch(() => undefined);
  if (!st || st.type !== 'file') throw new Error(`${relativeTo(root, path)}: no such SOP file.`);
  const bytes = await ws.read(path, MAX_SOP_READ_BYTES);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const config = o.config ?? (await loadConfig(ws, path, o.settings)).config;
  return checkSop(ws, { root, path, text, config, fullLength: st.size > MAX_SOP_READ_BYTES ? st.size : undefined }, o);
}

/**
 * Lints an SOP's text and checks its approval against the disk: the evidence its approval records is hashed
 * first, so lint and status compare data, not callbacks.
 */
export async function checkSop(
  ws: Workspace,
  sop: { root: string; path: string; text: string; config: LintConfig; fullLength?: number; known?: EvidenceFacts },
  o: OpenSopOptions = {},
): Promise<SopContext> {
  const relPath = relativeTo(sop.root, sop.path);
  const copies = o.copies ?? 'besideSop';
  const first = lintSop({
    text: sop.text,
    fullLength: sop.fullLength,
    filePath: sop.path,
    workspace: o.index,
    config: sop.config,
    now: o.now,
    evidenceCopies: copies,
    root: sop.root,
    runs: o.runs,
    skills: o.skills,
  });
  const known = new Map(sop.known ?? []);
  let wanted: string[] = [];
  // Twice at most: the first round reads the evidence manifest, the second hashes the files it lists.
  for (let round = 0; round < 2; round++) {
    wanted = recordedEvidencePaths(first.doc, relPath, copies, known);
    const missing = wanted.filter((p) => !known.has(p));
    if (missing.length === 0) break;
    for (const [p, f] of await hashEvidence(ws, sop.root, missing)) known.set(p, f);
  }
  const lint =
    wanted.length === 0
      ? first
      : lintSop({
          text: sop.text,
          fullLength: sop.fullLength,
          filePath: sop.path,
          workspace: o.index,
          config: sop.config,
          now: o.now,
          evidence: known,
          evidenceCopies: copies,
          root: sop.root,
          runs: o.runs,
          skills: o.skills,
        });
  return sopContextOf({ root: sop.root, path: sop.path, text: sop.text, config: sop.config, lint, evidence: known, index: o.index, now: o.now });
}

/** The context from a lint the editor already ran, with the evidence facts it keeps current. */
export function sopContextOf(s: {
  root: string;
  path: string;
  text: string;
  config: LintConfig;
  lint: LintResult;
  evidence: EvidenceFacts;
  index?: WorkspaceIndex;
  now?: Date;
}): SopContext {
  const status = sopStatus(s.lint.doc, { evidence: s.evidence, index: s.index, root: s.root, sopRel: relativeTo(s.root, s.path), now: s.now });
  return {
    root: s.root,
    path: s.path,
    relPath: relativeTo(s.root, s.path),
    text: s.text,
    config: s.config,
    doc: s.lint.doc,
    lint: s.lint,
    evidence: s.evidence,
    index: s.index,
    status,
  };
}
