import { createHash } from 'node:crypto';
import type { SopDocument } from './model';
import type { Range } from '../text/range';

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
  /** approval.evidence, or the top-level `evidence` list when there is none. */
  evidence: ApprovedEvidence[];
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

export function approvalRecord(doc: SopDocument): ApprovalRecord {
  const data = doc.frontMatter.data;
  const approval = data.approval && typeof data.approval === 'object' && !Array.isArray(data.approval) ? (data.approval as Record<string, unknown>) : {};
  return {
    approved: isApproved(doc),
    by: text(approval.by) ?? text(data.approver),
    date: text(approval.date) ?? text(data.approved),
    bodySha256: text(approval.body_sha256),
    evidence: evidenceEntries(doc),
  };
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
