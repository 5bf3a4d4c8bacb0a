import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lintSop, type LintResult } from '../../src/core/lint/lint';
import { RULES } from '../../src/core/lint/rules';
import { applyLayer, defaultConfig, type ConfigLayer, type LintConfig } from '../../src/core/lint/config';
import { indexFolder } from '../support/indexFolder';
import type { WorkspaceIndex } from '../../src/core/workspace/fileIndex';
import { toPosix } from '../../src/core/workspace/paths';
import { applyEdits } from '../../src/core/text/applyEdits';
import type { Range } from '../../src/core/text/range';

/** The repository root, from the bundled test's folder (out/test/unit/...). */
export const REPO = resolve(__dirname.replace(/[\\/]out[\\/]test[\\/].*$/, ''));
export const FIXTURES = resolve(REPO, 'test/fixtures');
export const ACME = resolve(FIXTURES, 'workspaces/acme-ops');

const indexes = new Map<string, WorkspaceIndex>();
export function workspaceIndex(root = ACME): WorkspaceIndex {
  let idx = indexes.get(root);
  if (!idx) indexes.set(root, (idx = indexFolder(root)));
  return idx;
}

export function fixtureText(rel: string, root = ACME): string {
  return readFileSync(resolve(root, rel), 'utf8');
}

/** Lints text as if it were the file `rel` in a fixture workspace. */
export function lintAt(rel: string, text?: string, layer: ConfigLayer = {}, root = ACME): LintResult {
  return lintSop({
    text: text ?? fixtureText(rel, root),
    filePath: toPosix(resolve(root, rel)),
    workspace: workspaceIndex(root),
    config: applyLayer(defaultConfig(), layer),
  });
}

/** A config with only the named rules on (others off), for tests about one rule. */
export function only(...rules: string[]): ConfigLayer {
  const all = RULES.map((r) => r.id);
  return { rules: Object.fromEntries(all.map((r) => [r, rules.includes(r) ? 'warning' : 'off'])) };
}

export function of(result: LintResult, rule: string) {
  return result.issues.filter((i) => i.rule === rule);
}

export function textAt(text: string, r: Range): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  return [lines[r.start.line].slice(r.start.character), ...lines.slice(r.start.line + 1, r.end.line), lines[r.end.line].slice(0, r.end.character)].join('\n');
}

/** Applies the fix with the given title (or the first whose title starts with it). */
export function applyFix(text: string, result: LintResult, rule: string, titleStart: string, which?: number): string {
  const issues = which === undefined ? of(result, rule) : [of(result, rule)[which]].filter(Boolean);
  if (issues.length === 0) throw new Error(`no ${rule} issue #${which ?? 0}`);
  const all = issues.flatMap((i) => i.fixes());
  const fix = all.find((f) => f.title.startsWith(titleStart));
  if (!fix) throw new Error(`no fix "${titleStart}" among: ${all.map((f) => f.title).join(' | ')}`);
  return applyEdits(text, fix.edits);
}

export function config(layer: ConfigLayer = {}): LintConfig {
  return applyLayer(defaultConfig(), layer);
}
