import type { OpenItem } from '../sop/openItems';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { SopDocument } from '../sop/model';
import type { LintIssue } from '../lint/types';
import type { TextEdit } from '../text/range';

export interface ApprovalInput {
  approver: string;
  /** YYYY-MM-DD */
  date: string;
  /** The evidence files as they are at approval (from the draft's `evidence` list, re-hashed). */
  evidence: Array<{ path: string; bytes: number; sha256: string }>;
  /** bodyHash() (sop/approvalRecord) of the text being approved. */
  bodySha256: string;
  /**
   * The evidence manifest the files are recorded in, as the front matter names it (relative to the SOP's folder),
   * with manifestDigest() of what it lists. Without it the hashes go in the front matter, as older SOPs have them.
   */
  manifest?: { ref: string; digest: string };
  /** The steps' ids (stepIdentity), kept so a step reworded later keeps its runs' history. */
  stepIds?: string[];
}

/**
 * The edits that record an approval in the SOP's front matter: `status: approved`, `approver`, `approved: <date>`
 * and an `approval` block (who, when, the body's hash, and the evidence manifest's digest — or, without a
 * manifest, each evidence file's hash) that the drift rules compare against later. Every other key and comment is kept; an SOP without front matter gets one.
 * Throws with a message to show when the front matter is not valid YAML (approving it would lose what is there).
 */
export function approvalEdits(doc: SopDocument, input: ApprovalInput): TextEdit[] {
  const fm = doc.frontMatter;
  const eol = /\r\n/.test(doc.text) ? '\r\n' : '\n';
  const record: Record<string, unknown> = input.manifest
    ? { by: input.approver, date: input.date, body_sha256: input.bodySha256, evidence_sha256: input.manifest.digest }
    : {
        by: input.approver,
        date: input.date,
        body_sha256: input.bodySha256,
        evidence: input.evidence.map((e) => ({ path: e.path, sha256: e.sha256 })),
      };
  if (input.stepIds?.length) record.steps = input.stepIds;
  if (!fm.present) {
    const yaml = parseDocument('');
    setApproval(yaml, input, record);
    const block = `---\n${yaml.toString({ lineWidth: 0 })}---\n\n`.replace(/\n/g, eol);
    const at = doc.lines.positionAt(doc.text.charCodeAt(0) === 0xfeff ? 1 : 0);
    return [{ range: { start: at, end: at }, newText: block }];
  }
  const original = doc.text.slice(fm.valueStart, fm.valueEnd);
  const yaml = parseDocument(original.replace(/\r\n/g, '\n'), { uniqueKeys: false });
  if (yaml.errors.length > 0 || (yaml.contents !== null && !isMap(yaml.contents))) {
    const why = yaml.errors[0]?.message.split('\n')[0] ?? 'it is not a list of `key: value` lines';
    throw new Error(`Cannot record the approval: the front matter is not valid YAML (${why}). Fix the front matter, then approve again.`);
  }
  setApproval(yaml, input, record);
  let text = yaml.toString({ lineWidth: 0 });
  if (!/\r?\n$/.test(original)) text = text.replace(/\n$/, '');
  return [{ range: doc.rangeOf(fm.valueStart, fm.valueEnd), newText: text.replace(/\n/g, eol) }];
}

function setApproval(yaml: Document, input: ApprovalInput, record: Record<string, unknown>): void {
  yaml.set('status', 'approved');
  yaml.set('approver', input.approver);
  yaml.set('approved', input.date);
  // An inline list moves to the manifest: the front matter keeps only its name.
  if (input.manifest) yaml.set('evidence', input.manifest.ref);
  const node = yaml.createNode(record);
  // The step ids stay on one line: they are for SOP Builder, and the front matter stays readable.
  const steps = isMap(node) ? node.get('steps', true) : undefined;
  if (isSeq(steps)) steps.flow = true;
  yaml.set('approval', node);
}

export interface ApprovalBlocker {
  rule: string;
  /** Zero-based line of the finding. */
  line: number;
  message: string;
}

/**
 * The findings that refuse an approval unless the approver overrides them: every error-severity finding (a
 * missing file, an approval gate that names nobody...), each with a message that says where and what.
 */
export function approvalBlockers(issues: LintIssue[], open: OpenItem[] = []): ApprovalBlocker[] {
  const errors = issues
    .filter((i) => i.severity === 'error')
    .map((i) => ({ rule: i.rule, line: i.range.start.line, message: `Line ${i.range.start.line + 1}: ${i.message} (${i.rule})` }));
  // What a draft leaves open is refused too: a question for the owner is not an answer.
  const said = new Set(errors.map((e) => `${e.rule}:${e.line}`));
  const left = open
    .filter((o) => !(o.kind === 'placeholder' && said.has(`placeholder-left:${o.line}`)))
    .map((o) => ({
      rule: `open-${o.kind}`,
      line: o.line,
      message: `Line ${o.line + 1}: ${OPEN_WORDS[o.kind]}: ${o.text.length > 100 ? `${o.text.slice(0, 99)}…` : o.text}`,
    }));
  return [...errors, ...left].sort((a, b) => a.line - b.line);
}

const OPEN_WORDS: Record<OpenItem['kind'], string> = {
  question: 'question for the owner still open',
  banner: "the drafter's note to check every step is still there",
  'unfinished-draft': 'the draft did not finish',
  placeholder: 'placeholder left in',
};
