import { readdirSync, realpathSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { EvidenceLookup } from '../core/approval/evidenceLookup';
import { join, resolve } from 'node:path';
import { lintSop, MAX_SOP_CHARS, ruleIds } from '../core/lint/lint';
import { resolveConfig, type ConfigProblem } from '../core/lint/config';
import { formatJson, formatSarif, formatText, toFinding, type Finding } from '../core/lint/report';
import { isMarkdownPath, isSopFile } from '../core/sop/sopFiles';
import { isInside, relativeTo, toPosix } from '../core/workspace/paths';
import { forEachChunkSync, indexFolder, readHeadSync, readTextIfExists, SKIPPED_FOLDERS } from './nodeWorkspace';
import { MAX_HASHED_BYTES, readRefusal } from '../core/approval/evidenceFiles';
import { resolveInsideSync } from '../core/workspace/inside';
import { UsageError, type CommandResult } from './usage';

/** Enough bytes for the longest SOP lint reads (UTF-8 takes up to 4 bytes a character), plus one to see it is longer. */
const MAX_SOP_READ_BYTES = MAX_SOP_CHARS * 4 + 1;

export interface LintOptions {
  format: 'text' | 'json' | 'sarif';
  workspace: string;
  paths: string[];
  version: string;
}

function markdownFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory() && !SKIPPED_FOLDERS.has(e.name)) stack.push(p);
      else if (e.isFile() && isMarkdownPath(e.name)) out.push(p);
    }
  }
  return out.sort();
}

/** Evidence as it is on disk now, for the drift rule: hashed once per file per run, in chunks, inside the workspace only. */
export function diskEvidence(workspace: string): EvidenceLookup {
  const seen = new Map<string, { sha256: string; mtimeMs: number } | { refused: string } | undefined>();
  const look = (rel: string) => {
    if (!seen.has(rel)) seen.set(rel, hashOnDisk(workspace, rel));
    return seen.get(rel);
  };
  return {
    current(rel) {
      const h = look(rel);
      return h && 'sha256' in h ? h : undefined;
    },
    unreadable(rel) {
      const h = look(rel);
      return h && 'refused' in h ? h.refused : undefined;
    },
  };
}

function hashOnDisk(workspace: string, rel: string): { sha256: string; mtimeMs: number } | { refused: string } | undefined {
  const where = resolveInsideSync(workspace, rel, realpathSync);
  if (!where.inside) return { refused: where.reason };
  if (!where.exists) return undefined;
  try {
    const st = statSync(where.real);
    const refused = readRefusal({ type: st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other', size: st.size });
    if (refused) return { refused };
    const hash = createHash('sha256');
    let bytes = 0;
    forEachChunkSync(where.real, MAX_HASHED_BYTES + 1, (chunk) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    if (bytes > MAX_HASHED_BYTES) return { refused: readRefusal({ type: 'file', size: bytes }) ?? 'too large to hash' };
    return { sha256: hash.digest('hex'), mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

/** Broken config files as `file:line:col: error config: message` lines (the CLI then exits 2). */
export function configProblemsText(workspace: string, problems: ConfigProblem[]): string {
  const lines = problems.map((p) => {
    const text = readTextIfExists(p.file) ?? '';
    const before = text.slice(0, p.start);
    const line = before.split('\n').length;
    const col = p.start - before.lastIndexOf('\n');
    return `${relativeTo(workspace, p.file)}:${line}:${col}: error config: ${p.message}`;
  });
  return lines.join('\n') + '\n';
}

export function runLint(o: LintOptions): CommandResult {
  const workspace = toPosix(resolve(o.workspace));
  const knownRules = ruleIds();
  const configText = (p: string) => readTextIfExists(p);
  const targets: Array<{ path: string; explicit: boolean }> = [];
  for (const raw of o.paths) {
    const abs = resolve(raw);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`${raw}: no such file or folder.`);
    }
    if (!isInside(workspace, toPosix(abs))) {
      throw new UsageError(`${raw} is outside the workspace ${workspace}; pass --workspace with a folder that contains it.`);
    }
    if (st.isDirectory()) for (const f of markdownFilesUnder(abs)) targets.push({ path: f, explicit: false });
    else targets.push({ path: abs, explicit: true });
  }
  const index = indexFolder(workspace);
  const findings: Finding[] = [];
  const problems: ConfigProblem[] = [];
  let linted = 0;
  for (const t of targets) {
    const file = toPosix(t.path);
    const rel = relativeTo(workspace, file);
    const { config, problems: found } = resolveConfig(file, [workspace], configText, knownRules);
    for (const p of found) if (!problems.some((q) => q.file === p.file)) problems.push(p);
    let text: string;
    let fullLength: number | undefined;
    try {
      // Never more than the linter can use: a 2 GB file named like an SOP is reported, not read into memory.
      const size = statSync(t.path).size;
      text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(readHeadSync(t.path, MAX_SOP_READ_BYTES));
      if (size > MAX_SOP_READ_BYTES) fullLength = size;
    } catch (e) {
      throw new UsageError(`${rel}: cannot be read (${(e as Error).message}).`);
    }
    if (!t.explicit && !isSopFile(rel, text, config)) continue;
    linted++;
    const result = lintSop({ text, fullLength, filePath: file, workspace: index, config, evidence: diskEvidence(workspace) });
    for (const issue of result.issues) findings.push(toFinding(rel, issue));
  }
  if (problems.length > 0) return { exitCode: 2, stdout: '', stderr: configProblemsText(workspace, problems) };
  const out = o.format === 'json' ? formatJson(findings) : o.format === 'sarif' ? formatSarif(findings, o.version) : formatText(findings, linted);
  return { exitCode: findings.some((f) => f.severity === 'error') ? 1 : 0, stdout: out, stderr: '' };
}
