import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { approvalEdits } from '../../../src/core/approval/approve';
import { bodyHash } from '../../../src/core/sop/approvalRecord';
import type { EvidenceFact, EvidenceFacts } from '../../../src/core/workspace/evidenceFacts';
import { indexFolder } from '../../support/indexFolder';
import { lintSop, type LintResult } from '../../../src/core/lint/lint';
import { applyLayer, defaultConfig } from '../../../src/core/lint/config';
import { RULES } from '../../../src/core/lint/rules';
import { parseSop } from '../../../src/core/sop/model';
import { applyEdits } from '../../../src/core/text/applyEdits';
import { toPosix } from '../../../src/core/workspace/paths';
import { ACME } from '../helpers';

export const APPROVAL_RULES = ['changed-since-approval', 'evidence-drift', 'review-due'];

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const copies: string[] = [];
after(() => {
  for (const c of copies.splice(0)) rmSync(c, { recursive: true, force: true });
});

/** A throwaway copy of the acme-ops fixture workspace, so tests can change, delete and rename evidence. */
export function copyOfAcme(): string {
  const root = mkdtempSync(join(tmpdir(), 'sop-approval-'));
  copies.push(root);
  cpSync(ACME, root, { recursive: true });
  return toPosix(root);
}

export function evidenceOf(root: string, paths: string[]): Array<{ path: string; bytes: number; sha256: string }> {
  return paths.map((p) => {
    const bytes = readFileSync(join(root, p));
    return { path: p, bytes: bytes.length, sha256: sha256(bytes) };
  });
}

/** Approves the SOP text as it is, with the given evidence from the workspace. */
export function approve(text: string, root: string, evidencePaths: string[], date = '2026-11-02', approver = 'Priya Nair (Finance manager)'): string {
  const doc = parseSop(text);
  return applyEdits(text, approvalEdits(doc, { approver, date, evidence: evidenceOf(root, evidencePaths), bodySha256: bodyHash(text) }));
}

/**
 * What is on disk now, as the facts an editor or CLI host hands to lint: every file of the workspace hashed, a
 * path with no file reads as missing, and the given kept copies (`path@approvedHash` → copy path) hold the
 * approved hash.
 */
export function diskLookup(root: string, kept = new Map<string, string>()): EvidenceFacts {
  class DiskFacts extends Map<string, EvidenceFact> {
    override get(key: string): EvidenceFact {
      return super.get(key) ?? { missing: true };
    }
  }
  const facts = new DiskFacts();
  for (const abs of indexFolder(root).allFiles()) {
    const file = statSync(abs);
    if (file.isFile()) facts.set(abs.slice(root.length + 1), { sha256: sha256(readFileSync(abs)), mtimeMs: file.mtimeMs });
  }
  for (const [key, copy] of kept) facts.set(copy, { sha256: key.slice(key.lastIndexOf('@') + 1) });
  return facts;
}

export function writeFile(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** Lints with only the approval rules on (at their default severities). */
export function lintApproval(text: string, root: string, extra: { evidence?: EvidenceFacts; now?: Date; workspace?: boolean } = {}): LintResult {
  return lintSop({
    text,
    filePath: `${root}/sops/monthly-sales-report.sop.md`,
    workspace: extra.workspace === false ? undefined : indexFolder(root),
    config: applyLayer(defaultConfig(), { rules: Object.fromEntries(RULES.map((r) => [r.id, APPROVAL_RULES.includes(r.id) ? r.defaultSeverity : 'off'])) }),
    evidence: extra.evidence,
    evidenceCopies: 'besideSop',
    now: extra.now ?? new Date('2026-11-23T12:00:00Z'),
  });
}
