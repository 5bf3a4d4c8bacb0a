import { resolve } from 'node:path';
import type { ConfigProblem } from '../core/lint/config';
import { formatJson, formatSarif, formatText, toFinding, type Finding } from '../core/lint/report';
import { isMarkdownPath, isSopFile } from '../core/sop/sopFiles';
import { loadConfig, MAX_SOP_READ_BYTES, MAX_TEXT_FILE_BYTES } from '../core/usecases/sop';
import { exportedSkills, type ExportedSkills } from '../core/usecases/skillFacts';
import { checkSopWithFacts } from '../core/usecases/lintSop';
import { isInside, relativeTo, toPosix } from '../core/workspace/paths';
import { readTextIfExists, type Workspace } from '../core/workspace/port';
import { indexWorkspace, walkUnignoredFiles } from '../core/workspace/walk';
import { createNodeWorkspace, lookOnDisk } from '../node/nodeWorkspace';
import { UsageError, type CommandResult } from './usage';

export interface LintOptions {
  format: 'text' | 'json' | 'sarif';
  workspace: string;
  paths: string[];
  version: string;
}

/** Broken config files as `file:line:col: error config: message` lines (the CLI then exits 2). */
export async function configProblemsText(ws: Workspace, workspace: string, problems: ConfigProblem[]): Promise<string> {
  const lines = [];
  for (const p of problems) {
    const text = (await readTextIfExists(ws, p.file, MAX_TEXT_FILE_BYTES).catch(() => undefined)) ?? '';
    const before = text.slice(0, p.start);
    const line = before.split('\n').length;
    const col = p.start - before.lastIndexOf('\n');
    lines.push(`${relativeTo(workspace, p.file)}:${line}:${col}: error config: ${p.message}`);
  }
  return lines.join('\n') + '\n';
}

/** The workspace folder a command works in, from --workspace. */
export function workspaceOf(dir: string): { root: string; ws: Workspace } {
  const root = toPosix(resolve(dir));
  return { root, ws: createNodeWorkspace(root) };
}

/** A path given on the command line, checked to exist inside the workspace. */
export async function pathInWorkspace(ws: Workspace, root: string, given: string): Promise<{ abs: string; isDir: boolean }> {
  const abs = toPosix(resolve(given));
  const st = await ws.stat(abs).catch(() => undefined);
  if (!st) throw new UsageError(`${given}: no such file or folder.`);
  if (!isInside(root, abs)) throw new UsageError(`${given} is outside the workspace ${root}; pass --workspace with a folder that contains it.`);
  return { abs, isDir: st.type === 'directory' };
}

export async function runLint(o: LintOptions): Promise<CommandResult> {
  const { root, ws } = workspaceOf(o.workspace);
  const targets: Array<{ path: string; explicit: boolean }> = [];
  for (const raw of o.paths) {
    const { abs, isDir } = await pathInWorkspace(ws, root, raw);
    if (!isDir) {
      targets.push({ path: abs, explicit: true });
      continue;
    }
    const found: string[] = [];
    // As git sees the folder: what .gitignore and .sopignore ignore is not linted, as the skipped folders are not.
    await walkUnignoredFiles(ws, root, abs, (p) => {
      if (isMarkdownPath(p)) found.push(p);
    });
    targets.push(...found.sort().map((path) => ({ path, explicit: false })));
  }
  // Ignored folders are not listed; a path an SOP names inside one is looked up on disk instead.
  const index = await indexWorkspace(ws, undefined, lookOnDisk);
  const findings: Finding[] = [];
  const problems: ConfigProblem[] = [];
  let linted = 0;
  // The config in force depends only on the folder: read once per folder, not once per SOP.
  const configs = new Map<string, ReturnType<typeof loadConfig>>();
  // The skill folders' records are read once, when the first SOP is linted; each SOP then looks up its own.
  let skills: Promise<ExportedSkills> | undefined;
  for (const t of targets) {
    const rel = relativeTo(root, t.path);
    const folder = t.path.slice(0, t.path.lastIndexOf('/'));
    if (!configs.has(folder)) configs.set(folder, loadConfig(ws, t.path));
    const { config, problems: found } = await configs.get(folder)!;
    for (const p of found) if (!problems.some((q) => q.file === p.file)) problems.push(p);
    let text: string;
    let fullLength: number | undefined;
    try {
      // Never more than the linter can use: a 2 GB file named like an SOP is reported, not read into memory.
      const st = await ws.stat(t.path);
      if (st.type !== 'file') continue;
      text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await ws.read(t.path, MAX_SOP_READ_BYTES));
      if (st.size > MAX_SOP_READ_BYTES) fullLength = st.size;
    } catch (e) {
      throw new UsageError(`${rel}: cannot be read (${(e as Error).message}).`);
    }
    if (!t.explicit && !isSopFile(rel, text, config)) continue;
    linted++;
    skills ??= exportedSkills(ws, root);
    const sop = await checkSopWithFacts(ws, { root, path: t.path, text, config, fullLength }, { index, relPath: rel, skills: await skills });
    for (const issue of sop.lint.issues) findings.push(toFinding(rel, issue));
  }
  if (problems.length > 0) return { exitCode: 2, stdout: '', stderr: await configProblemsText(ws, root, problems) };
  const out = o.format === 'json' ? formatJson(findings) : o.format === 'sarif' ? formatSarif(findings, o.version) : formatText(findings, linted);
  return { exitCode: findings.some((f) => f.severity === 'error') ? 1 : 0, stdout: out, stderr: '' };
}
