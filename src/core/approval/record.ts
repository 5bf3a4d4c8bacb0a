import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { SopDocument } from '../sop/model';
import type { Fix } from '../lint/types';
import type { Range } from '../text/range';

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

/** Evidence entries with the range of their `path:` line, from the YAML's node ranges. */
function evidenceEntries(doc: SopDocument): ApprovedEvidence[] {
  const fm = doc.frontMatter;
  if (!fm.present || fm.refused) return [];
  const yaml = parseDocument(doc.text.slice(fm.valueStart, fm.valueEnd), { uniqueKeys: false, logLevel: 'silent' });
  const root = yaml.contents;
  if (!isMap(root)) return [];
  const approval = root.get('approval', true) as YamlNode | undefined;
  let list = isMap(approval) ? (approval.get('evidence', true) as YamlNode | undefined) : undefined;
  if (!isSeq(list)) list = root.get('evidence', true) as YamlNode | undefined;
  if (!isSeq(list)) return [];
  const out: ApprovedEvidence[] = [];
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const pathPair = item.items.find((p) => isScalar(p.key) && p.key.value === 'path');
    const pathNode = pathPair?.value;
    if (!pathPair || !isScalar(pathPair.key) || !isScalar(pathNode) || typeof pathNode.value !== 'string' || !pathPair.key.range || !pathNode.range) continue;
    // A hand-written hash of digits reads as a number in YAML: compare the text as written.
    const sha = item.get('sha256', true) as YamlNode | undefined;
    const shaText = isScalar(sha) ? (typeof sha.value === 'string' ? sha.value : (sha.source ?? String(sha.value))) : undefined;
    out.push({
      path: pathNode.value.replace(/\\/g, '/').replace(/^\.\//, ''),
      sha256: shaText?.trim().toLowerCase() || undefined,
      range: doc.rangeOf(fm.valueStart + pathPair.key.range[0], fm.valueStart + pathNode.range[1]),
    });
  }
  return out;
}

/** The range of a top-level front-matter entry (`key: value`). */
export function keyRange(doc: SopDocument, key: string): Range | undefined {
  const k = doc.frontMatter.keys.get(key);
  return k && doc.rangeOf(k.start, k.end);
}

/** Sets `status: draft` again: the SOP goes back to review, the approval record stays as history. */
export function markDraftFix(doc: SopDocument, title: string): Fix | undefined {
  const k = doc.frontMatter.keys.get('status');
  if (!k) return undefined;
  return { title, edits: [{ range: doc.rangeOf(k.valueStart, k.valueEnd), newText: 'draft' }], preferred: true };
}

const YAML_DIRECTIVE = /#.*<!--\s*sop-lint-(disable-line|disable-next-line)\b([\s\S]*?)-->/;

/**
 * Inline disables for findings in the front matter, where HTML comments cannot go: a YAML comment holding the
 * usual directive, on the finding's line (`status: approved # <!-- sop-lint-disable-line review-due -->`) or
 * on the line before (`# <!-- sop-lint-disable-next-line review-due -->`).
 */
export function disabledInFrontMatter(doc: SopDocument, ids: string[], line: number): boolean {
  const names = ids.map((i) => i.toLowerCase());
  const check = (l: number, kind: string) => {
    if (l < 0 || l >= doc.lines.lineCount) return false;
    const start = doc.lines.offsetAt({ line: l, character: 0 });
    if (start < doc.frontMatter.valueStart || start >= doc.frontMatter.valueEnd) return false;
    const m = doc.text.slice(start, start + doc.lines.lineLength(l)).match(YAML_DIRECTIVE);
    if (!m || m[1] !== kind) return false;
    const rules = m[2].split(/[\s,]+/).filter(Boolean).map((r) => r.toLowerCase());
    return rules.length === 0 || rules.some((r) => names.includes(r));
  };
  return check(line, 'disable-line') || check(line - 1, 'disable-next-line');
}
