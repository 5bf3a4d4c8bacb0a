import type { ScriptFacts } from '../types';
import { analyzeShellLine, newShellState, shellLines } from './shell';
import { addThreshold, addUnique, emptyScriptFacts, headerComment, isNumberLiteral, isPathLike, LIMIT_NAME, usageAndDescription } from './scriptFacts';

/**
 * Files that are lists of shell commands: Makefiles (recipes), package.json "scripts" (npm) and
 * Dockerfiles (RUN). Each command goes through the shell analysis.
 */

const SPECIAL_TARGETS =
  /^\.(?:PHONY|SUFFIXES|DEFAULT|PRECIOUS|INTERMEDIATE|SECONDARY|SILENT|IGNORE|ONESHELL|EXPORT_ALL_VARIABLES|NOTPARALLEL|DELETE_ON_ERROR)$/;

export function extractMakefile(text: string): ScriptFacts {
  const facts = emptyScriptFacts('make');
  Object.assign(facts, usageAndDescription(headerComment(text.split(/\r?\n/), /^\s*#+/)));
  const targets: string[] = [];
  const state = newShellState();
  for (const { text: line, line: no } of shellLines(text)) {
    if (/^\t/.test(line)) {
      const recipe = line
        .replace(/^\t+/, '')
        .replace(/^[@+-]+/, '')
        .trim();
      if (recipe && !recipe.startsWith('#')) analyzeShellLine(recipe.replace(/\$\(MAKE\)/g, 'make').replace(/\$\$/g, '$'), no, facts, state);
      continue;
    }
    const variable = line.match(/^(?:export\s+|override\s+)?([A-Za-z_][\w.]*)\s*([?:+!]?=)\s*(.*)$/);
    if (variable) {
      const [, name, op, value] = variable;
      if (op === '?=') addUnique(facts.arguments, `${name}=${value.trim() || '…'}`);
      if (isNumberLiteral(value.trim()) && (LIMIT_NAME.test(name) || /^[A-Z][A-Z0-9_]+$/.test(name))) addThreshold(facts, `${name} ${op} ${value.trim()}`, no);
      continue;
    }
    const rule = ruleOf(line);
    if (rule) {
      const names = rule[1].split(/\s+/).filter((n) => n && !SPECIAL_TARGETS.test(n));
      for (const n of names) {
        if (n.includes('%')) continue;
        if (isPathLike(n)) addUnique(facts.outputs, n);
        else if (!targets.includes(n)) targets.push(n);
      }
      for (const dep of rule[2].split(/\s+/)) if (dep && isPathLike(dep) && !dep.includes('%')) addUnique(facts.inputs, dep);
      if (rule[3]) analyzeShellLine(rule[3], no, facts, state);
    }
  }
  // Found once: testing the whole text again for each variable used is quadratic in a long Makefile.
  const defined = new Set<string>();
  for (const m of text.matchAll(/^([A-Z_][A-Z0-9_]*)[ \t]*[:+!]?=/gm)) defined.add(m[1]);
  for (const m of text.matchAll(/\$\(([A-Z_][A-Z0-9_]*)\)/g)) {
    if (!/^(?:MAKE|CURDIR|SHELL|MAKEFLAGS)$/.test(m[1]) && !facts.arguments.some((a) => a.startsWith(`${m[1]}=`)) && !defined.has(m[1])) {
      addUnique(facts.arguments, `${m[1]}=`);
    }
  }
  if (!facts.usage && targets.length > 0) facts.usage = `make <target> (targets: ${targets.slice(0, 12).join(', ')})`;
  return facts;
}

/**
 * `targets: prerequisites ; recipe` → [line, targets, prerequisites, recipe], read by position: the
 * regular expression it replaces backtracked quadratically on long runs of spaces.
 */
function ruleOf(line: string): [string, string, string, string | undefined] | undefined {
  if (!/^[^\s:#=]/.test(line)) return undefined;
  const colon = line.search(/[:#=]/);
  if (colon < 0 || line[colon] !== ':') return undefined;
  const after = line[colon + 1] === ':' ? colon + 2 : colon + 1;
  if (line[after] === '=') return undefined;
  const rest = line.slice(after);
  const stop = rest.search(/[;#]/);
  const prerequisites = (stop < 0 ? rest : rest.slice(0, stop)).trim();
  if (stop >= 0 && rest[stop] === '#') return [line, line.slice(0, colon).trim(), prerequisites, undefined];
  return [line, line.slice(0, colon).trim(), prerequisites, stop >= 0 ? rest.slice(stop + 1).trim() || undefined : undefined];
}

/** A package.json: its "scripts" are the commands; `npm run <name>` is how they are run. */
export function extractNpmScripts(text: string): ScriptFacts {
  const facts = emptyScriptFacts('npm');
  let pkg: { scripts?: Record<string, unknown>; description?: unknown };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    return facts;
  }
  if (typeof pkg.description === 'string') facts.description = pkg.description;
  const scripts = Object.entries(pkg.scripts ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');
  const lines = text.split(/\r?\n/);
  for (const [name, command] of scripts) {
    const no = lines.findIndex((l) => l.includes(`"${name}"`)) + 1;
    analyzeShellLine(command, no, facts);
  }
  if (scripts.length > 0) facts.usage = `npm run <script> (scripts: ${scripts.map(([n]) => n).join(', ')})`;
  return facts;
}

export function extractDockerfile(text: string): ScriptFacts {
  const facts = emptyScriptFacts('dockerfile');
  Object.assign(facts, usageAndDescription(headerComment(text.split(/\r?\n/), /^\s*#+/)));
  const state = newShellState();
  for (const { text: line, line: no } of shellLines(text)) {
    const m = line.match(/^\s*([A-Za-z]+)\s+(.*)$/);
    if (!m) continue;
    const [, instr, rest] = m;
    const body = rest.trim();
    const exec = body.startsWith('[') ? safeJsonArray(body)?.join(' ') : body;
    switch (instr.toUpperCase()) {
      case 'RUN':
        if (exec) analyzeShellLine(exec, no, facts, state);
        break;
      case 'COPY':
      case 'ADD': {
        const parts = body.split(/\s+/).filter((p) => !p.startsWith('--'));
        for (const src of parts.slice(0, -1)) addUnique(facts.inputs, src);
        break;
      }
      case 'ARG':
      case 'ENV':
        addUnique(facts.arguments, body.split(/[\s=]/)[0]);
        break;
      case 'ENTRYPOINT':
      case 'CMD':
        if (exec) facts.usage = exec;
        break;
    }
  }
  return facts;
}

function safeJsonArray(s: string): string[] | undefined {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.map(String) : undefined;
  } catch {
    return undefined;
  }
}
