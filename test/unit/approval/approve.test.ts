import { strict as assert } from 'node:assert';
import { parseDocument } from 'yaml';
import { approvalBlockers, approvalEdits } from '../../../src/core/approval/approve';
import { bodyHash } from '../../../src/core/sop/approvalRecord';
import { parseSop } from '../../../src/core/sop/model';
import { openItems } from '../../../src/core/sop/openItems';
import { fixtureText, lintAt } from '../helpers';
import { approve, copyOfAcme, lintApproval } from './support';

const SOP = 'sops/monthly-sales-report.sop.md';
const EVIDENCE = ['scripts/clean_sales.py', 'scripts/build_report.sh', 'exports/2026-10/shopify-orders.csv'];

function frontMatterOf(text: string): Record<string, unknown> {
  return parseSop(text).frontMatter.data;
}

function bodyOf(text: string): string {
  return text.slice(parseSop(text).frontMatter.blockEnd);
}

describe('approval: recording it in the front matter', () => {
  const root = copyOfAcme();

  it('records status, approver, date and the approval block on a real SOP, keeping the other keys and comments', () => {
    const original = fixtureText(SOP).replace('status: draft\n', 'status: draft # set by SOP Builder\n# Reviewed with Sam in the October close.\n');
    const approved = approve(original, root, EVIDENCE);
    const data = frontMatterOf(approved);
    assert.equal(data.status, 'approved');
    assert.equal(data.approver, 'Priya Nair (Finance manager)');
    assert.equal(data.approved, '2026-11-02');
    assert.equal(data.title, 'Monthly sales report');
    assert.equal(data.type, 'sop');
    assert.equal(data.owner, 'Sam Lee (Operations assistant)');
    const approval = data.approval as { by: string; date: string; body_sha256: string; evidence: Array<{ path: string; sha256: string }> };
    assert.equal(approval.by, 'Priya Nair (Finance manager)');
    assert.equal(approval.date, '2026-11-02');
    assert.equal(approval.body_sha256, bodyHash(original));
    assert.deepEqual(
      approval.evidence.map((e) => e.path),
      EVIDENCE,
    );
    assert.ok(approval.evidence.every((e) => /^[0-9a-f]{64}$/.test(e.sha256)));
    assert.match(approved, /# set by SOP Builder/);
    assert.match(approved, /# Reviewed with Sam in the October close\./);
    assert.equal(bodyOf(approved), bodyOf(original), 'the body is untouched');
    assert.deepEqual(
      lintApproval(approved, root).issues.map((i) => i.message),
      [],
      'a fresh approval has no approval findings',
    );
  });

  it("keeps a draft's evidence list (with sizes) and replaces an earlier approval", () => {
    const draft = [
      '---',
      'title: Monthly sales report',
      'status: draft',
      'evidence:',
      '  - path: scripts/clean_sales.py',
      '    bytes: 1200',
      '    sha256: aaaa',
      '---',
      '',
      '# Monthly sales report',
      '',
    ].join('\n');
    const once = approve(draft, root, ['scripts/clean_sales.py'], '2026-10-01', 'Dana');
    const twice = approve(once, root, EVIDENCE, '2026-11-02', 'Priya Nair');
    const data = frontMatterOf(twice);
    assert.deepEqual(data.evidence, [{ path: 'scripts/clean_sales.py', bytes: 1200, sha256: 'aaaa' }]);
    assert.equal((data.approval as { by: string }).by, 'Priya Nair');
    assert.equal((data.approval as { evidence: unknown[] }).evidence.length, 3);
    assert.equal(twice.match(/^approval:/gm)?.length, 1);
    assert.equal(twice.match(/^status:/gm)?.length, 1);
  });

  it('creates front matter when there is none', () => {
    const text = '# Refund a customer\n\n## Steps\n\n1. Find the order in Shopify.\n';
    const approved = approve(text, root, ['scripts/clean_sales.py']);
    assert.ok(approved.startsWith('---\nstatus: approved\n'), approved);
    assert.ok(approved.endsWith('---\n\n' + text), approved);
    const data = frontMatterOf(approved);
    assert.equal(data.approved, '2026-11-02');
    assert.equal((data.approval as { body_sha256: string }).body_sha256, bodyHash(text));
    assert.equal(bodyHash(approved), bodyHash(text));
  });

  it('writes CRLF into a CRLF file', () => {
    const text = fixtureText(SOP).replace(/\n/g, '\r\n');
    const approved = approve(text, root, EVIDENCE);
    assert.ok(!/[^\r]\n/.test(approved), 'no bare LF');
    assert.equal(frontMatterOf(approved).status, 'approved');
  });

  it('refuses front matter that is not valid YAML, saying what to do', () => {
    const text = '---\ntitle: [unclosed\n---\n\n# X\n';
    assert.throws(
      () => approvalEdits(parseSop(text), { approver: 'Priya', date: '2026-11-02', evidence: [], bodySha256: bodyHash(text) }),
      /front matter is not valid YAML.*Fix the front matter, then approve again/,
    );
  });

  it('stores dates and hashes as strings a YAML reader gets back unchanged', () => {
    const approved = approve(fixtureText(SOP), root, EVIDENCE);
    const yaml = parseDocument(approved.slice(4, approved.indexOf('\n---', 4)), { schema: 'yaml-1.1' });
    assert.equal(typeof (yaml.toJS().approval as { body_sha256: unknown }).body_sha256, 'string');
  });
});

describe('approval: the body hash', () => {
  const text = '---\ntitle: X\n---\n\n# X\n\n1. Step one.\n2. Step two.\n';

  it('ignores line endings, trailing whitespace and the front matter', () => {
    assert.equal(bodyHash(text.replace(/\n/g, '\r\n')), bodyHash(text));
    assert.equal(bodyHash(text.replace('Step one.', 'Step one.   \t')), bodyHash(text));
    assert.equal(bodyHash(text + '\n\n'), bodyHash(text));
    assert.equal(bodyHash(text.replace('title: X', 'title: Y\nstatus: approved')), bodyHash(text));
  });

  it('changes with any edit to the body', () => {
    assert.notEqual(bodyHash(text.replace('Step two.', 'Step 2.')), bodyHash(text));
    assert.notEqual(bodyHash(text.replace('1. Step one.', '1.  Step one.')), bodyHash(text));
  });
});

describe('approval: blockers', () => {
  it('lists the error-severity findings with their lines and rules, and nothing else', () => {
    const text = fixtureText(SOP)
      .replace('scripts/clean_sales.py', 'scripts/clean-sales.py')
      .replace('Send the summary to Priya Nair for sign-off and wait for her approval', 'Get approval')
      .replace('## Steps', '## Steps\n\nTODO: add the Shopify login step.');
    const result = lintAt(SOP, text);
    const blockers = approvalBlockers(result.issues);
    assert.ok(blockers.length >= 2, JSON.stringify(blockers));
    assert.deepEqual([...new Set(blockers.map((b) => b.rule))].sort(), ['missing-path', 'unnamed-approval-gate']);
    const broken = blockers.find((b) => b.rule === 'missing-path')!;
    assert.match(broken.message, /^Line \d+: "scripts\/clean-sales\.py" does not exist.*\(missing-path\)$/);
    assert.equal(text.split('\n')[broken.line].includes('clean-sales.py'), true);
    assert.ok(
      result.issues.some((i) => i.severity !== 'error'),
      'warnings exist and are not blockers',
    );
  });

  it('has none for the fixture as it is', () => {
    assert.deepEqual(approvalBlockers(lintAt(SOP).issues, openItems(parseSop(fixtureText(SOP)))), []);
  });

  it('refuses what a draft leaves open too: a question for the owner, the drafter’s note, an unfinished draft', () => {
    const text = fixtureText(SOP)
      .replace('## Steps', '## Steps\n\n**Question for the owner:** is the Shopify export taken before or after refunds are posted?')
      .replace(
        /(\n# [^\n]+\n)/,
        "$1\nDrafted by SOP Builder's offline drafter from 6 evidence files, for a temp. Check every step against how the work is really done before approving it.\n",
      )
      .concat('\n> **Draft incomplete:** the connection dropped. Everything above arrived before it stopped; run **Draft SOP** again or finish it by hand.\n');
    const blockers = approvalBlockers(lintAt(SOP, text).issues, openItems(parseSop(text)));
    assert.deepEqual(
      blockers.map((b) => b.rule),
      ['open-banner', 'open-question', 'open-unfinished-draft'],
    );
    const question = blockers.find((b) => b.rule === 'open-question')!;
    assert.match(
      question.message,
      /^Line \d+: question for the owner still open: Question for the owner: is the Shopify export taken before or after refunds are posted\?$/,
    );
    assert.ok(text.split('\n')[question.line].includes('Question for the owner'));
  });
});
