import { createHash } from 'node:crypto';
import type { SopDocument } from './model';
import type { Range } from '../text/range';
import { normalEvidencePath, type EvidenceFacts } from '../workspace/evidenceFacts';
import { manifestDigest, manifestRef, MAX_MANIFEST_BYTES, parseManifest } from './evidenceManifest';

/**
 * What an SOP's front matter says about its approval (who, when, the body's hash, the evidence hashes), read
 * here so that the lint rules, the review, the status and the exports all read it the same way.
 */

/** An evidence file as the approval recorded it, and where its `path:` entry is in the front matter. */
export interface ApprovedEvidence {
  path: string;
  sha256?: string;
  range: Range;
}

/** What the front matter says about the SOP's approval. */
export interface ApprovalRecord {
  approved: boolean;
  by?: string;
  /** YYYY-MM-DD, from approval.date or `approved`. */
  date?: string;
  bodySha256?: string;
  /** The evidence manifest's files, else approval.evidence, else the top-level `evidence` list. */
  evidence: ApprovedEvidence[];
  /** The manifest the front matter names, when it names one: where it is, and what is wrong with it. */
  manifest?: ManifestState;
}

export interface ManifestState {
  /** Workspace-relative, or the name as written when it cannot be followed. */
  path: string;
  /** The range of the front matter's `evidence:` entry: findings about the manifest and its files go there. */
  range: Range;
  /** The name in the front matter cannot be followed (not a manifest name, absolute, outside the workspace). */
  notFollowed?: boolean;
  /** Not read yet (the editor is still hashing it): nothing can be said. */
  unknown?: boolean;
  /** Why its files cannot be compared: missing, unreadable, not a manifest, or edited since the approval. */
  problem?: string;
}

/** Where the evidence manifest is read from: the facts on disk, and the SOP's workspace-relative path. */
export interface ManifestSource {
  facts?: EvidenceFacts;
  sopRel?: string;
}

function text(v: unknown): string | undefined {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

export function isApproved(doc: SopDocument): boolean {
  return text(doc.frontMatter.data.status)?.toLowerCase() === 'approved';
}

export function approvalRecord(doc: SopDocument, source: ManifestSource = {}): ApprovalRecord {
  const data = doc.frontMatter.data;
  const approval = data.approval && typeof data.approval === 'object' && !Array.isArray(data.approval) ? (data.approval as Record<string, unknown>) : {};
  const record: ApprovalRecord = {
    approved: isApproved(doc),
    by: text(approval.by) ?? text(data.approver),
    date: text(approval.date) ?? text(data.approved),
    bodySha256: text(approval.body_sha256),
    evidence: evidenceEntries(doc),
  };
  const range = keyRange(doc, 'evidence');
  const ref = range && source.sopRel !== undefined ? manifestRef(data.evidence, source.sopRel) : undefined;
  if (!ref || !range) return record;
  if ('problem' in ref) {
    record.manifest = { path: String(data.evidence).trim(), range, problem: ref.problem, notFollowed: true };
    return record;
  }
  record.manifest = { path: ref.path, range, ...manifestFiles(ref.path, source.facts, text(approval.evidence_sha256)) };
  const fact = source.facts?.get(normalEvidencePath(ref.path));
  const manifestText = fact && 'text' in fact ? fact.text : undefined;
  // The manifest replaces any inline list; its files are compared even when it was edited, so each change is told.
  record.evidence = manifestText === undefined ? [] : parseManifest(manifestText).files.map((f) => ({ path: f.path, sha256: f.sha256, range }));
  return record;
}

/** What the facts say of the manifest: unknown until it is read, else whether its files can be trusted. */
function manifestFiles(path: string, facts: EvidenceFacts | undefined, approvedDigest: string | undefined): Omit<ManifestState, 'path' | 'range'> {
  const fact = facts?.get(normalEvidencePath(path));
  if (!fact) return { unknown: true };
  if ('missing' in fact) return { problem: 'missing' };
  if ('refused' in fact) return { problem: `unreadable: ${fact.refused}` };
  if (fact.text === undefined) return { problem: `unreadable: it is over ${MAX_MANIFEST_BYTES / 1024} KB` };
  const manifest = parseManifest(fact.text);
  if (manifest.problem) return { problem: `unreadable: ${manifest.problem}` };
  if (approvedDigest && manifestDigest(manifest.files) !== approvedDigest.toLowerCase())
    return { problem: 'edited since the approval: its paths or hashes are not the ones approved' };
  return {};
}

/** Evidence entries with the range of their `path:` line, as the front matter's parse found them. */
function evidenceEntries(doc: SopDocument): ApprovedEvidence[] {
  const fm = doc.frontMatter;
  if (!fm.present || fm.refused) return [];
  return fm.evidence.map((e) => ({ path: e.path, sha256: e.sha256, range: doc.rangeOf(e.start, e.end) }));
}

/** The range of a top-level front-matter entry (`key: value`). */
export function keyRange(doc: SopDocument, key: string): Range | undefined {
  const k = doc.frontMatter.keys.get(key);
  return k && doc.rangeOf(k.start, k.end);
}

/** Front matter at the very top: `---`, the YAML, `---` (the shape remark-frontmatter accepts). */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

/**
 * sha256 of the SOP's body (everything after the front matter), normalised so that re-saving with other line
 * endings or trailing whitespace, or approving (which only rewrites the front matter), is not a change.
 */
export function bodyHash(text: string): string {
  const body = text.replace(FRONT_MATTER, '');
  const normalised = body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}
