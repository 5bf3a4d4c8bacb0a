import * as vscode from 'vscode';
import type { ConfigLayer } from '../core/lint/config';
import type { SeveritySetting } from '../core/lint/severity';
import type { SectionKind } from '../core/sop/sections';
import type { EvidenceCopyPlacement } from '../core/sop/evidenceCopyPaths';

export const SECTION = 'sopBuilder';

/** The editor's settings as the lowest config layer; config files in the workspace override them. */
export function settingsLayer(scope?: vscode.Uri): ConfigLayer {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const layer: ConfigLayer = {};
  const rules = c.get<Record<string, SeveritySetting>>('lint.rules');
  if (rules && Object.keys(rules).length) layer.rules = rules;
  const required = c.get<SectionKind[]>('lint.requiredSections');
  if (required) layer.requiredSections = required;
  const headings = c.get<Partial<Record<SectionKind, string[]>>>('lint.headings');
  if (headings && Object.keys(headings).length) layer.headings = headings;
  const roleWords = c.get<string[]>('lint.roleWords');
  if (roleWords?.length) layer.roleWords = roleWords;
  const ignorePaths = c.get<string[]>('lint.ignorePaths');
  if (ignorePaths?.length) layer.ignorePaths = ignorePaths;
  const globs = c.get<string[]>('files.sopGlobs');
  if (globs) layer.sopFiles = globs;
  const fm = c.get<boolean>('files.frontMatterType');
  if (fm !== undefined) layer.frontMatterType = fm;
  return layer;
}

export function lintEnabled(scope?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(SECTION, scope).get<boolean>('lint.enabled', true);
}

export function debounceMs(): number {
  return Math.max(0, vscode.workspace.getConfiguration(SECTION).get<number>('lint.debounceMs', 250));
}

export function evidenceCopyPlacement(scope?: vscode.Uri): EvidenceCopyPlacement {
  const v = vscode.workspace.getConfiguration(SECTION, scope).get<string>('approval.evidenceCopies', 'besideSop');
  return v === 'workspaceRoot' || v === 'off' ? v : 'besideSop';
}

/** A workspace-relative output folder from a setting, with a safe fallback when it is empty or leaves the workspace. */
export function outputFolder(key: 'skill.outputFolder', fallback: string, scope?: vscode.Uri): string {
  const v = (vscode.workspace.getConfiguration(SECTION, scope).get<string>(key) ?? '').trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (!v || v.startsWith('/') || v.split('/').includes('..') || /^[a-z]:/i.test(v)) return fallback;
  return v;
}
