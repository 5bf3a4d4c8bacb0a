import type { EvidenceBundle, EvidenceFile, ScriptFacts } from '../../evidence/types';
import { EvidencePaths, SamePath } from './scriptPaths';

/** A script from the evidence, with how it is run and how its files connect it to the others. */
export interface ScriptFile {
  file: EvidenceFile;
  facts: ScriptFacts;
  /** The program that runs it ("python3", "bash", "psql -f", ...). */
  runner: string;
  /** Its path from the work folder, as commands name it. */
  relToWorkdir: string;
  /** Evidence files (workspace-relative) it reads and writes. */
  inputFiles: string[];
  outputFiles: string[];
  /** Scripts (their evidence paths) whose outputs it reads, and that read its outputs. */
  dependsOn: string[];
  feeds: string[];
  invokedBy?: string;
  invokes: ScriptFile[];
}

const RUNNERS: Array<[RegExp, string]> = [
  [/\.py$/, 'python3'],
  [/\.(?:sh|bash)$/, 'bash'],
  [/\.zsh$/, 'zsh'],
  [/\.sql$/, 'psql -f'],
  [/\.(?:mjs|cjs|js)$/, 'node'],
  [/\.ts$/, 'npx tsx'],
  [/\.ps1$/, 'pwsh'],
  [/(?:^|\/)Makefile$/, 'make -f'],
  [/(?:^|\/)package\.json$/, 'npm run'],
  [/\.rb$/, 'ruby'],
];

export function orderScripts(bundle: EvidenceBundle, workdir: string): ScriptFile[] {
  const prefix = workdir ? workdir + '/' : '';
  const samePath = new SamePath();
  const evidence = new EvidencePaths(bundle.included, samePath);
  // npm scripts are names for commands the other scripts already are: they go under Inputs, not Steps.
  const scripts: ScriptFile[] = bundle.included
    .filter((f): f is EvidenceFile & { facts: ScriptFacts } => f.facts.type === 'script' && f.facts.language !== 'npm')
    .map((file) => {
      const relToWorkdir = file.path.startsWith(prefix) ? file.path.slice(prefix.length) : file.path;
      const runner = RUNNERS.find(([re]) => re.test(file.path))?.[1] ?? '';
      const matchFiles = (patterns: string[]) =>
        evidence.matching(
          patterns.map((p) => prefix + p.replace(/^\.\//, '')),
          file,
        );
      return {
        file,
        facts: file.facts,
        runner,
        relToWorkdir,
        inputFiles: matchFiles(file.facts.inputs),
        outputFiles: matchFiles(file.facts.outputs),
        dependsOn: [],
        feeds: [],
        invokes: [],
      };
    });
  linkScripts(scripts, samePath);
  return inRunOrder(scripts);
}

/** Which scripts read another's outputs, and which run another (a command naming its file). */
function linkScripts(scripts: ScriptFile[], samePath: SamePath): void {
  const names = scripts.map((s) => s.relToWorkdir.split('/').pop()!);
  for (const a of scripts) {
    scripts.forEach((b, k) => {
      if (a === b) return;
      if (a.facts.outputs.some((o) => b.facts.inputs.some((i) => samePath.same(o, i)))) {
        a.feeds.push(b.file.path);
        b.dependsOn.push(a.file.path);
      }
      if (a.facts.commands.some((c) => c.includes(names[k]))) {
        b.invokedBy ??= a.file.path;
        a.invokes.push(b);
      }
    });
  }
}

/**
 * Data flow first (a script runs after the ones whose outputs it reads), then by name; when no script is
 * ready (a cycle), the first by name. Counts the outputs each still waits for, so a step costs one pass.
 */
function inRunOrder(scripts: ScriptFile[]): ScriptFile[] {
  const pending = [...scripts].sort((x, y) => x.file.path.localeCompare(y.file.path));
  const waitingOn = new Map<ScriptFile, number>();
  const waiters = new Map<string, ScriptFile[]>();
  for (const s of pending) {
    const deps = new Set(s.dependsOn);
    waitingOn.set(s, deps.size);
    for (const d of deps) {
      const list = waiters.get(d);
      if (list) list.push(s);
      else waiters.set(d, [s]);
    }
  }
  const done = new Set<string>();
  const ordered: ScriptFile[] = [];
  while (pending.length) {
    const ready = pending.find((s) => waitingOn.get(s) === 0) ?? pending[0];
    ordered.push(ready);
    pending.splice(pending.indexOf(ready), 1);
    const path = ready.file.path;
    if (done.has(path)) continue;
    done.add(path);
    for (const w of waiters.get(path) ?? []) waitingOn.set(w, waitingOn.get(w)! - 1);
  }
  return ordered;
}

/** The pattern of a script's file name standing alone in a sentence, compiled once per script. */
const namePatterns = new WeakMap<ScriptFile, RegExp>();

function namePattern(s: ScriptFile, name: string): RegExp {
  let re = namePatterns.get(s);
  if (!re) namePatterns.set(s, (re = new RegExp(`(?:^|[\\s\`/(])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)));
  return re;
}

/** Scripts a sentence names ("Ran `python3 scripts/reconcile.py --month 2026-10`"). */
export function scriptsMentioned(text: string, scripts: ScriptFile[]): ScriptFile[] {
  return scripts.filter((s) => {
    const name = s.relToWorkdir.split('/').pop()!;
    // Most sentences name no script: a plain search rules them out before the pattern runs.
    return name !== 'package.json' && text.includes(name) && namePattern(s, name).test(text);
  });
}
