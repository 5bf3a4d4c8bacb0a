import type { EvidenceBundle, EvidenceFile, ScriptFacts } from '../../evidence/types';
import { templateRegex } from '../../workspace/checkPath';

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

function loose(p: string): string {
  return p.replace(/\{[^}]*\}|<[^>]*>|\$\{?\w+\}?|YYYY-MM|YYYY|\*/g, '*').replace(/^\.\//, '');
}

function sameFile(a: string, b: string): boolean {
  const la = loose(a);
  const lb = loose(b);
  if (la === lb) return true;
  try {
    return templateRegex('/' + a.replace(/^\.\//, '')).test('/' + b) || templateRegex('/' + b.replace(/^\.\//, '')).test('/' + a);
  } catch {
    return false;
  }
}

export function orderScripts(bundle: EvidenceBundle, workdir: string): ScriptFile[] {
  const prefix = workdir ? workdir + '/' : '';
  // npm scripts are names for commands the other scripts already are: they go under Inputs, not Steps.
  const scripts: ScriptFile[] = bundle.included
    .filter((f): f is EvidenceFile & { facts: ScriptFacts } => f.facts.type === 'script' && f.facts.language !== 'npm')
    .map((file) => {
      const relToWorkdir = file.path.startsWith(prefix) ? file.path.slice(prefix.length) : file.path;
      const runner = RUNNERS.find(([re]) => re.test(file.path))?.[1] ?? '';
      const matchFiles = (patterns: string[]) =>
        bundle.included.filter((f) => f !== file && patterns.some((p) => sameFile(prefix + p.replace(/^\.\//, ''), f.path))).map((f) => f.path);
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
  for (const a of scripts) {
    for (const b of scripts) {
      if (a === b) continue;
      if (a.facts.outputs.some((o) => b.facts.inputs.some((i) => sameFile(o, i)))) {
        a.feeds.push(b.file.path);
        b.dependsOn.push(a.file.path);
      }
      const name = b.relToWorkdir.split('/').pop()!;
      if (a.facts.commands.some((c) => c.includes(name))) {
        b.invokedBy ??= a.file.path;
        a.invokes.push(b);
      }
    }
  }
  // Data flow first (a script runs after the ones whose outputs it reads), then by name.
  const ordered: ScriptFile[] = [];
  const pending = [...scripts].sort((x, y) => x.file.path.localeCompare(y.file.path));
  while (pending.length) {
    const ready = pending.find((s) => s.dependsOn.every((d) => ordered.some((o) => o.file.path === d))) ?? pending[0];
    ordered.push(ready);
    pending.splice(pending.indexOf(ready), 1);
  }
  return ordered;
}

/** Scripts a sentence names ("Ran `python3 scripts/reconcile.py --month 2026-10`"). */
export function scriptsMentioned(text: string, scripts: ScriptFile[]): ScriptFile[] {
  return scripts.filter((s) => {
    const name = s.relToWorkdir.split('/').pop()!;
    return name !== 'package.json' && new RegExp(`(?:^|[\\s\`/(])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text);
  });
}
