import { createHash } from 'node:crypto';
import { isMap, isScalar, isSeq, parseDocument, stringify as yamlStringify, type Node as YamlNode } from 'yaml';
import { createMemo } from '../text/memo';
import { posix } from 'node:path';
import { yamlTooComplex } from './frontMatter';

/**
 * The evidence manifest: the files an SOP was drafted from and approved against (path, size, sha256), kept in a
 * YAML file the team commits beside the SOP, so the SOP itself opens on the procedure rather than on hashes.
 * The front matter names it (`evidence: refund.evidence.yaml`); older SOPs that list the files inline are still
 * read, and move to a manifest when they are next approved.
 */

export const MANIFEST_SUFFIX = '.evidence.yaml';
/** A manifest is a list of paths and hashes: far below this. A larger one is reported, not parsed. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

export interface ManifestFile {
  path: string;
  bytes?: number;
  /** Lower-cased, as written. */
  sha256?: string;
}

export interface EvidenceManifest {
  /** The SOP's file name the manifest says it belongs to. */
  sop?: string;
  files: ManifestFile[];
  /** Why the text is not a manifest SOP Builder can read, when it is not. */
  problem?: string;
}

/** True for the names SOP Builder reads as manifests (`*.evidence.yaml`, `*.evidence.yml`). */
export function isManifestPath(path: string): boolean {
  return /\.evidence\.ya?ml$/i.test(path);
}

/** `sops/refund.sop.md` → `sops/refund.evidence.yaml` (workspace-relative in, workspace-relative out). */
export function manifestPathFor(sopRel: string, n = 1): string {
  const stem = sopRel.replace(/(?:\.sop)?\.(?:md|markdown)$/i, '');
  return `${stem}${n === 1 ? '' : `-${n}`}${MANIFEST_SUFFIX}`;
}

/** Where the front matter's `evidence: <file>` points, workspace-relative, or why it cannot be followed. */
export type ManifestRef = { path: string } | { problem: string };

/**
 * The manifest an SOP's front matter names, resolved against the SOP's folder. Undefined when `evidence` is not a
 * file name (absent, or the older inline list).
 */
export function manifestRef(evidence: unknown, sopRel: string): ManifestRef | undefined {
  if (typeof evidence !== 'string' || !evidence.trim()) return undefined;
  const name = evidence.trim().replace(/\\/g, '/');
  if (!isManifestPath(name)) return { problem: `"${name}" is not an evidence manifest (a file named *${MANIFEST_SUFFIX})` };
  if (name.startsWith('/') || /^[a-z]:\//i.test(name)) return { problem: `"${name}" is an absolute path: name the manifest relative to the SOP` };
  const folder = posix.dirname(sopRel);
  const path = posix.normalize(folder === '.' ? name : `${folder}/${name}`);
  if (path === '..' || path.startsWith('../')) return { problem: `"${name}" leads outside the workspace` };
  return { path };
}

/** What the front matter writes to name a manifest: its path relative to the SOP's folder. */
export function manifestRefText(manifestRel: string, sopRel: string): string {
  return posix.relative(posix.dirname(sopRel), manifestRel);
}

const parsed = createMemo<EvidenceManifest>(32);

/** Reads a manifest's text; never throws (a broken one comes back with `problem` and no files). */
export function parseManifest(text: string): EvidenceManifest {
  return parsed.get(text, () => parseUncached(text));
}

function parseUncached(text: string): EvidenceManifest {
  const tooComplex = yamlTooComplex(text);
  if (tooComplex) return { files: [], problem: `it was not read: ${tooComplex}` };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  if (doc.errors.length > 0) return { files: [], problem: `it is not valid YAML (${doc.errors[0].message.split('\n')[0]})` };
  const root = doc.contents;
  const list = isMap(root) ? (root.get('files', true) as YamlNode | undefined) : undefined;
  if (!isMap(root) || !isSeq(list)) return { files: [], problem: 'it has no `files:` list' };
  const files: ManifestFile[] = [];
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const path = item.get('path');
    if (typeof path !== 'string' || !path.trim()) continue;
    // A hand-written hash of digits reads as a number in YAML: compare the text as written.
    const sha = item.get('sha256', true) as YamlNode | undefined;
    const shaText = isScalar(sha) ? (typeof sha.value === 'string' ? sha.value : (sha.source ?? String(sha.value))) : undefined;
    const bytes = item.get('bytes');
    const sha256 = shaText?.trim().toLowerCase();
    files.push({
      path: path.trim().replace(/\\/g, '/').replace(/^\.\//, ''),
      ...(typeof bytes === 'number' && Number.isFinite(bytes) ? { bytes } : {}),
      ...(sha256 ? { sha256 } : {}),
    });
  }
  const sop = root.get('sop');
  return { sop: typeof sop === 'string' ? sop : undefined, files };
}

/** The manifest's text: a comment that says what it is, the SOP it belongs to, and one entry per file. */
export function renderManifest(sopRel: string, files: ManifestFile[], approved?: { by: string; date: string }): string {
  const head = [
    `# Evidence behind ${posix.basename(sopRel)}: the files it was ${approved ? 'approved against' : 'drafted from'}, with their sizes and sha256.`,
    '# SOP Builder compares these hashes with the files to tell when an approved SOP needs a new review.',
    '# Commit this file with the SOP; SOP Builder rewrites it when the SOP is approved.',
  ];
  const data: Record<string, unknown> = { sop: posix.basename(sopRel) };
  if (approved) data.approved = { by: approved.by, date: approved.date };
  // The files are written line by line (thousands of entries through the YAML writer cost a noticeable part of a
  // large draft); each value is plain when it can be, else a JSON string, which YAML reads as the same text.
  const entries = files.flatMap((f) => [
    `  - path: ${scalar(f.path)}`,
    ...(f.bytes !== undefined ? [`    bytes: ${f.bytes}`] : []),
    ...(f.sha256 ? [`    sha256: ${scalar(f.sha256)}`] : []),
  ]);
  return `${head.join('\n')}\n${yamlStringify(data, { lineWidth: 0 })}files:${entries.length ? `\n${entries.join('\n')}` : ' []'}\n`;
}

/** A path or hash as YAML: as it is when YAML reads it back unchanged, else quoted. */
function scalar(value: string): string {
  return /^[A-Za-z0-9_][\w./@+-]*$/.test(value) && !/^(?:true|false|null|yes|no|on|off|y|n|~|0x[\da-f]+|0o[0-7]+|[\d._+-]+(?:e[+-]?\d+)?)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

/**
 * One hash over the manifest's paths and hashes, order and layout aside: the approval records it, so a manifest
 * edited after approval (a hash swapped to hide a change) is noticed.
 */
export function manifestDigest(files: ManifestFile[]): string {
  const lines = files.map((f) => `${f.path}\t${f.sha256 ?? ''}\n`).sort();
  return createHash('sha256').update(lines.join(''), 'utf8').digest('hex');
}
