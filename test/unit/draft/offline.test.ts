import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { put } from '../../support/tempTree';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { collectEvidence } from '../../../src/core/evidence/collect';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { indexFolder } from '../../support/indexFolder';
import { createOfflineProvider } from '../../../src/core/draft/providers/offline';
import { streamDraft } from '../../../src/core/draft/stream';
import { buildMessages } from '../../../src/core/draft/prompt';
import { draftFrontMatter, draftFileName, titleFromFolder } from '../../../src/core/draft/document';
import { lintSop } from '../../../src/core/lint/lint';
import { SECTION_KINDS, SECTIONS } from '../../../src/core/sop/sections';
import { parseSop } from '../../../src/core/sop/model';
import { toPosix } from '../../../src/core/workspace/paths';
import { FIXTURES, REPO } from '../helpers';

interface Case {
  name: string;
  root: string;
  folder: string;
  commands: string[];
  files: string[];
  thresholds: string[];
  approver: string;
  owner: string;
  order: RegExp[];
  secrets: string[];
}

const CASES: Case[] = [
  {
    name: 'the bundled month-end close',
    root: toPosix(resolve(REPO, 'examples')),
    folder: 'month-end-close',
    commands: ['scripts/fetch_exports.sh <YYYY-MM>', 'python3 scripts/reconcile.py --month <YYYY-MM>', 'psql -f scripts/summarise.sql'],
    files: ['month-end-close/exports/bank-2026-10.csv', 'month-end-close/out/reconciliation-2026-10.csv', 'month-end-close/notes/2026-10-close-notes.md'],
    thresholds: ['--tolerance default 0.50', 'HAVING ABS(SUM(amount)) > 1000', 'Tolerance above 0.50 EUR is NOT ok without asking Priya'],
    approver: 'Priya Nair (Finance manager)',
    owner: 'Sam Lee',
    order: [/fetch_exports\.sh/, /reconcile\.py --month/, /to Priya for sign-off/, /Post the journal/],
    secrets: ['S3cr3tPassw0rd', 'sk_live_51Hx9a'],
  },
  {
    name: 'a November refund run',
    root: toPosix(resolve(FIXTURES, 'workspaces/evidence')),
    folder: 'refund-2026-11',
    commands: ['node scripts/issue_refunds.js --file exports/approved-refunds-<YYYY-MM>.csv --dry-run'],
    files: ['refund-2026-11/exports/refund-requests-2026-11.csv', 'refund-2026-11/scripts/issue_refunds.js'],
    thresholds: ['MAX_REFUND_EUR = 250', 'needs Marcus (Support lead) to sign off'],
    approver: 'Marcus Webb (Support lead)',
    owner: 'Dana Reyes',
    order: [
      /Export open refund requests/,
      /Copy the qualifying rows/,
      /to Marcus Webb \(Support lead\) for sign-off/,
      /issue_refunds\.js/,
      /Post the refund log/,
    ],
    secrets: ['zd_8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a'],
  },
];

async function draft(c: Case) {
  const bundle = await collectEvidence([`${c.root}/${c.folder}`], { workspace: createNodeWorkspace('/'), root: c.root });
  const request = { bundle, audience: 'a new operations assistant', title: titleFromFolder(c.folder), workdir: c.folder, messages: [] };
  let body = '';
  const result = await streamDraft(createOfflineProvider(), request, (t) => void (body += t), new AbortController().signal);
  assert.equal(result.error, undefined);
  const head = draftFrontMatter(bundle, {
    title: request.title,
    audience: request.audience,
    provider: 'offline',
    model: 'm',
    workdir: c.folder,
    at: '2026-11-23T00:00:00Z',
  });
  return { bundle, body, text: head + body };
}

describe('offline drafter on realistic work folders', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      let out: Awaited<ReturnType<typeof draft>>;
      before(async () => {
        out = await draft(c);
      });

      it('has all ten parts, and lints without missing sections, unnamed gates or broken paths', () => {
        const doc = parseSop(out.text);
        const kinds = new Set(doc.sections.flatMap((s) => s.kinds));
        for (const k of SECTION_KINDS) assert.ok(kinds.has(k), SECTIONS[k].title);
        const lint = lintSop({ text: out.text, filePath: `${c.root}/sops/${c.folder}.sop.md`, workspace: indexFolder(c.root) });
        const errors = lint.issues.filter((i) => ['missing-section', 'unnamed-approval-gate', 'missing-path', 'empty-section'].includes(i.rule));
        assert.deepEqual(
          errors.map((i) => `${i.rule}: ${i.message}`),
          [],
        );
      });

      it('contains the commands, files, thresholds and approvers of the work', () => {
        for (const x of [...c.commands, ...c.files, ...c.thresholds, c.approver, c.owner]) assert.ok(out.body.includes(x), `${x} is in the draft`);
      });

      it('orders the steps as the work happened', () => {
        const steps = out.body.slice(out.body.indexOf('## Steps'), out.body.indexOf('## Decision points'));
        const at = c.order.map((re) => steps.search(re));
        assert.ok(
          at.every((i) => i >= 0),
          `every step is there: ${at}`,
        );
        assert.deepEqual(
          [...at].sort((a, b) => a - b),
          at,
          'in order',
        );
      });

      it('cites every step’s evidence as workspace-relative paths and marks mechanical or judgment', () => {
        const steps = out.body
          .slice(out.body.indexOf('## Steps'), out.body.indexOf('## Decision points'))
          .split('\n')
          .filter((l) => /^\d+\. /.test(l));
        for (const s of steps) {
          assert.match(s, /\(evidence: `[^`]+`/, s);
          assert.match(s, /— (?:mechanical|judgment)\.$/, s);
        }
      });

      it('never lets a secret or the sensitive file into the draft', () => {
        for (const s of c.secrets) assert.ok(!out.text.includes(s), s);
        assert.ok(out.bundle.excluded.some((e) => /\.env/.test(e.path) && /sensitive/.test(e.reason)));
        assert.ok(out.body.includes('sensitive: environment file'), 'the draft says what was left out');
      });

      it('records each evidence file with its size and sha256 in the front matter', () => {
        const fm = parseYaml(out.text.slice(4, out.text.indexOf('\n---\n'))) as {
          evidence: Array<{ path: string; bytes: number; sha256: string }>;
          approver: string;
          owner: string;
        };
        assert.equal(fm.approver, c.approver);
        assert.ok(fm.owner.startsWith(c.owner));
        for (const e of fm.evidence) {
          const bytes = readFileSync(resolve(c.root, e.path));
          assert.equal(e.bytes, bytes.length, e.path);
          assert.equal(e.sha256, createHash('sha256').update(bytes).digest('hex'), e.path);
        }
      });
    });
  }

  it('says what changed since the previous SOP', async () => {
    const { body } = await draft(CASES[0]);
    assert.match(body, /## Changes since the previous version/);
    // The old approval is the sign-off step now; the payouts matched by hand are matched by the script.
    assert.match(body, /Still done: Get approval\./);
    assert.match(body, /Now done by `scripts\/reconcile\.py` \(was by hand\): Match Stripe payouts by hand/);
    assert.match(body, /Still done: Post the journal\./);
    assert.match(body, /New: Run `psql -f scripts\/summarise\.sql/);
    assert.doesNotMatch(body, /Still done: Match Stripe payouts/);
    assert.doesNotMatch(body, /No longer in the evidence/);
  });

  it('states each rule once, keeps a script’s own descriptions out of Decision points, and guesses no schedule', async () => {
    const { body } = await draft(CASES[0]);
    const decisions = body.slice(body.indexOf('## Decision points'), body.indexOf('## Quality checks'));
    assert.equal(decisions.match(/post the journal until Priya Nair approves/gi)?.length, 1, decisions);
    assert.doesNotMatch(decisions, /Monthly close summary/);
    assert.doesNotMatch(decisions, /a limit the script applies/);
    const when = body.slice(body.indexOf('## When to run it'), body.indexOf('## Who owns it'));
    assert.doesNotMatch(when, /Monthly, once the month has ended/);
    assert.match(when, /\*\*Question for the owner:\*\* what starts this work/);
  });

  it('makes the run’s month a parameter of the next run, with the run’s value as the example, and keeps real file names in citations', async () => {
    const { body } = await draft(CASES[0]);
    assert.match(body, /^- `<YYYY-MM>`: the month the run is for \(the evidence is the run for `2026-10`\)\.$/m);
    const steps = body.slice(body.indexOf('## Steps'), body.indexOf('## Decision points'));
    assert.doesNotMatch(steps.replace(/\(evidence: [^)]*\)/g, ''), /2026-10/, 'no step is fixed to October 2026');
    assert.match(steps, /Send `out\/reconciliation-<YYYY-MM>\.csv` to Priya/, 'a value in running text becomes a code span, not bare HTML');
    assert.match(steps, /\(evidence: `month-end-close\/notes\/2026-10-close-notes\.md`/);
  });

  it('asks the owner where the evidence is silent, instead of guessing', async () => {
    const root = toPosix(resolve(REPO, 'examples'));
    const bundle = await collectEvidence([`${root}/month-end-close/scripts/reconcile.py`], { workspace: createNodeWorkspace('/'), root });
    let body = '';
    await streamDraft(
      createOfflineProvider(),
      { bundle, audience: 'a temp', title: 'Reconcile', workdir: 'month-end-close', messages: [] },
      (t) => void (body += t),
      new AbortController().signal,
    );
    assert.match(body, /\*\*Question for the owner:\*\* who owns this procedure/);
    assert.match(body, /\*\*Question for the owner:\*\* who approves the result/);
    assert.match(body, /\*\*Question for the owner:\*\* what starts this work/);
  });
});

describe('draft file, title and prompt', () => {
  it('names the draft after the folder and never reuses a file name', () => {
    const taken = new Set(['sops/month-end-close.sop.md', 'sops/month-end-close-2.sop.md']);
    assert.equal(
      draftFileName('sops', 'month-end-close', (p) => taken.has(p)),
      'sops/month-end-close-3.sop.md',
    );
    assert.equal(
      draftFileName('', 'Q3 Close!', () => false),
      'q3-close.sop.md',
    );
    assert.equal(titleFromFolder('refund-2026-11'), 'Refund');
    assert.equal(titleFromFolder('customer_onboarding'), 'Customer onboarding');
  });

  it('builds a prompt with the SOP shape, the audience and only redacted evidence', async () => {
    const root = toPosix(resolve(REPO, 'examples'));
    const bundle = await collectEvidence([`${root}/month-end-close`], { workspace: createNodeWorkspace('/'), root });
    const messages = buildMessages(bundle, { audience: 'a new finance intern', title: 'Month-end close', workdir: 'month-end-close' });
    assert.equal(messages.length, 2);
    const system = messages[0].content as string;
    for (const k of SECTION_KINDS) assert.ok(system.includes(`## ${SECTIONS[k].title}`));
    assert.match(system, /Every approval gate names its approver/);
    assert.match(system, /workspace-relative paths/);
    const user = messages[1].content as string;
    assert.match(user, /^Audience: `a new finance intern`$/m);
    assert.match(user, /^### File \d+ of \d+: `month-end-close\/scripts\/reconcile\.py` \(script/m);
    assert.match(user, /^month-end-close\/\.env: sensitive/m);
    assert.ok(!user.includes('S3cr3tPassw0rd') && !user.includes('sk_live_51Hx9a'));
    const withImages = buildMessages(bundle, { audience: 'x', title: 'y', workdir: '', includeImages: true });
    const parts = withImages[1].content as Array<{ type: string; image_url?: { url: string } }>;
    assert.ok(parts.some((p) => p.type === 'image_url' && p.image_url!.url.startsWith('data:image/png;base64,')));
  });
});

describe('offline drafter on work done through e-mails and a policy page', () => {
  it('takes the event as the trigger, the policy as the rules, and never a customer’s words as a rule, a stop or a step', async () => {
    const root = toPosix(resolve(FIXTURES, 'work'));
    const bundle = await collectEvidence([`${root}/support-refund`], { workspace: createNodeWorkspace('/'), root });
    let body = '';
    await streamDraft(
      createOfflineProvider(),
      { bundle, audience: 'a new support agent', title: 'Support refund', workdir: 'support-refund', messages: [] },
      (t) => void (body += t),
      new AbortController().signal,
    );
    const when = body.slice(body.indexOf('## When to run it'), body.indexOf('## Who owns it'));
    assert.match(when, /^When a customer asks for a refund/m);
    assert.match(
      body,
      /The customer can return any item within 14 days of delivery for a full refund to their original payment method/,
      'the policy page speaks to customers; the SOP speaks of them',
    );
    // Stated once, in the step that asks for the approval.
    assert.match(body, /Helena Varga \(Support Lead\) approves a refund over 200 EUR before the refund is issued/);
    assert.doesNotMatch(body, /leave a review/, 'the customer’s threat is not a rule or a stop');
    const steps = body.slice(body.indexOf('## Steps'), body.indexOf('## Decision points'));
    const approval = steps.search(/Helena/);
    const refund = steps.search(/issue the refund/);
    assert.ok(approval >= 0 && refund > approval, 'the Support Lead’s approval comes before the refund is issued');
    assert.match(steps, /Ask Helena \(Support Lead\) before refunding[^\n]*— judgment\./, 'asking for a go-ahead is never a step to automate');
    assert.doesNotMatch(body, /<run-date>/, 'a request handled by e-mail has no run date to fill in');
    // The team telling the customer "your return is approved", and a macro named "Refund approved", are no approval claims.
    assert.doesNotMatch(body, /the evidence says “[^”]*(?:Your return is approved|"Refund approved" macro)/);
  });
});

/** Writes a finished-work folder of the given files into a temporary workspace and drafts it offline. */
async function draftWork(folder: string, files: Record<string, string>, audience: string): Promise<string> {
  const dir = toPosix(mkdtempSync(join(tmpdir(), `sop-${folder}-`)));
  try {
    for (const [rel, text] of Object.entries(files)) put(dir, `${folder}/${rel}`, text);
    const bundle = await collectEvidence([`${dir}/${folder}`], { workspace: createNodeWorkspace('/'), root: dir });
    let body = '';
    await streamDraft(
      createOfflineProvider(),
      { bundle, audience, title: folder, workdir: folder, messages: [] },
      (t) => void (body += t),
      new AbortController().signal,
    );
    return body;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('offline drafter on a weekly routine with a decision handed to a lead', () => {
  let body = '';
  before(async () => {
    body = await draftWork(
      'dunning',
      {
        'notes/routine.md': [
          '# Late payments (how Ana does it)',
          '',
          'Every Monday at 08:30, before the sales meeting.',
          '',
          '1. Export the overdue list from the billing system to exports/overdue-2026-w12.csv.',
          '2. Send the letter that matches the days overdue:',
          '   - 10 days overdue: templates/first-letter.md',
          '   - 25 days overdue: templates/second-letter.md',
          '3. Pass to the credit manager (Jonas Weber) any account more than 60 days overdue. Jonas decides on',
          'stopping deliveries; nobody else tells a customer we stop deliveries.',
          '4. Post the count in #credit.',
        ].join('\n'),
        'templates/first-letter.md': 'Dear {{name}},\n\nPlease pay invoice {{invoice}} within 7 days. If it is already paid, please ignore this letter.\n',
        'templates/second-letter.md': 'Dear {{name}},\n\nIf we do not hear from you within 10 days we will pass the matter on.\n',
        'exports/overdue-2026-w12.csv': 'account,days\nA-1,12\n',
        'out/summary-2026-w12.csv': 'count\n1\n',
      },
      'a new credit clerk',
    );
  });
  const section = (title: string) => body.slice(body.indexOf(`## ${title}`), body.indexOf('\n## ', body.indexOf(`## ${title}`) + 3));

  it('puts the lead’s decision, with an approval, into the step that hands the case over', () => {
    const steps = section('Steps');
    assert.match(
      steps,
      /Pass to the credit manager \(Jonas Weber\) any account more than 60 days overdue: Jonas Weber \(credit manager\) decides on stopping deliveries and approves it before anyone acts on it \(nobody else tells a customer we stop deliveries\)/,
    );
    assert.doesNotMatch(section('Decision points'), /Jonas decides/, 'the rule is stated once, in its step');
  });

  it('keeps the sub-items under their step, and never takes a letter to the customer for a rule', () => {
    assert.match(
      section('Steps'),
      /Send the letter that matches the days overdue[^\n]*\n {3}- 10 days overdue: templates\/first-letter\.md\.\n {3}- 25 days overdue/,
    );
    const decisions = section('Decision points');
    assert.doesNotMatch(decisions, /Please pay|please ignore|If we do not/);
    assert.doesNotMatch(decisions, /Every Monday/, 'the trigger is not a decision point');
  });

  it('makes the run’s week a parameter and names the letter templates as inputs', () => {
    assert.match(section('Inputs needed'), /`<YYYY-wWW>`: the week the run is for/);
    assert.match(section('Steps'), /exports\/overdue-<YYYY-wWW>\.csv/);
    assert.match(section('Inputs needed'), /Message templates: `dunning\/templates\/first-letter\.md`, `dunning\/templates\/second-letter\.md`/);
  });
});

describe('offline drafter on the notes of many runs of one procedure', () => {
  it('drafts each action once, and names the kinds of input rather than every file', async () => {
    const files: Record<string, string> = {};
    for (let d = 1; d <= 40; d++) {
      const day = `2026-03-${String(d % 28 || 28).padStart(2, '0')}`;
      files[`notes/run-${d}.md`] =
        `# Night run ${d}\n\n1. Run \`bash scripts/nightly.sh ${day}\` at 02:${String(d % 60).padStart(2, '0')}.\n2. Post the row count (${d * 10}) in #data-ops.\n`;
      files[`exports/orders-${d}.csv`] = `order,amount\nA-${d},${d}.50\n`;
    }
    const body = await draftWork('nightly', files, 'a new data engineer');
    const steps = body.slice(body.indexOf('## Steps'), body.indexOf('## Decision points'));
    assert.equal((steps.match(/^\d+\. Run `bash scripts\/nightly\.sh/gm) ?? []).length, 1, steps);
    assert.equal((steps.match(/^\d+\. Post the row count/gm) ?? []).length, 1, steps);
    const inputs = body.slice(body.indexOf('## Inputs needed'), body.indexOf('## Steps'));
    assert.match(inputs, /And 28 more data files of the run, listed in the evidence manifest\./);
    assert.ok(body.split('\n').length < 150, `${body.split('\n').length} lines`);
  });
});

describe('offline drafter on a log of two cases and a held action', () => {
  let body = '';
  before(async () => {
    body = await draftWork(
      'returns',
      {
        'notes/return-log.md': [
          'Return tickets - notes (Kim, care team)',
          '',
          'Ticket #5512 - KD-1001',
          '2026-05-04 10:00  request came in by e-mail, tagged "return"',
          '2026-05-04 10:20  checked the order in the shop admin: delivered 30 Apr -> inside 14 days',
          '2026-05-04 10:40  created the return label, then refunded the order',
          '',
          'Ticket #5530 - KD-1044',
          '2026-05-09 09:10  delivered 2 Apr -> past the window -> offered a voucher instead',
          '2026-05-10        voucher code noted in the ticket',
          '',
          'Rules:',
          '- The voucher stays unsent until Lena has confirmed the amount; we never send it before that.',
        ].join('\n'),
      },
      'a new care agent',
    );
  });

  it('drafts the first case as the steps and the later case as a branch, not as more steps', () => {
    const steps = body.slice(body.indexOf('## Steps'), body.indexOf('## Decision points'));
    assert.match(steps, /refund/i);
    assert.doesNotMatch(steps, /voucher code noted|offered a voucher/i);
    assert.match(body.slice(body.indexOf('## Decision points')), /Another case in the evidence went otherwise: Offer a voucher instead[^\n]*voucher code/i);
  });
});
