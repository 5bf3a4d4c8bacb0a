import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenAIProvider } from '../../../src/core/draft/providers/openai';
import { createOfflineProvider } from '../../../src/core/draft/providers/offline';
import type { DraftProvider } from '../../../src/core/draft/types';
import { collectSelection, draftRepair, draftSelection, fileDraftSink, planDraft, repairSummary, writeDraft } from '../../../src/core/usecases/draft';
import { toPosix } from '../../../src/core/workspace/paths';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fakeOpenAI';
import { put } from '../../support/tempTree';
import { runDraft } from '../../../src/cli/draftCommands';

/** What a model might send first: no owner, no checks, a gate that names nobody, a script name it misremembered. */
const FLAWED = `# Refund

## Steps

1. Open the refund request in the helpdesk and check the order date.
2. Get approval before issuing a refund above 200 EUR.
3. Run \`node scripts/issue-refund.js --file exports/approved.csv\`.
`;

/** The same SOP put right, as a model sends it back: in a Markdown fence, which the file does not want. */
const FIXED = `\`\`\`markdown
# Refund

## Why this matters

A refund paid twice, or one above the limit that nobody checked, is money the shop cannot get back.

## When to run it

When a customer asks for a refund by e-mail or in the help centre.

## Who owns it

- Owner: Dana Reyes (Support agent)
- Approver: Marcus Webb (Support lead)

## Inputs needed

- The refund request in the helpdesk.
- \`scripts/issue_refunds.js\` and Node.js 20.

## Steps

1. Open the refund request in the helpdesk and check the order date — mechanical.
2. Above 200 EUR, get approval from Marcus Webb (Support lead) before issuing the refund — judgment.
3. Run \`node scripts/issue_refunds.js --file exports/approved.csv\` — mechanical.

## Decision points

- Within 14 days of purchase the refund is full; after that, offer store credit.

## Quality checks

- The helpdesk ticket shows the refund amount and the approval.

## Common failures

- **The payment provider rejects the refund:** wait an hour and run the script again; if it fails twice, escalate.

## Escalation

- Contact Marcus Webb (Support lead) in #support-leads.
- Include the ticket number, the amount and the error message.
- Stop and ask Marcus Webb when the order is older than 90 days rather than guess.

## Expected output

- The refund is issued and the ticket is closed with a note.
\`\`\`
`;

describe('draft: the repair round for a model’s draft', function () {
  this.timeout(20_000);
  let server: FakeOpenAI;
  let root: string;

  beforeEach(async () => {
    root = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-repair-'))));
    put(
      root,
      'refund/notes/how-we-refund.md',
      '# How we refund\n\n1. Check the order date.\n2. Above 200 EUR Marcus Webb (Support lead) approves before we refund.\n3. Run the script.\n',
    );
    put(root, 'refund/exports/approved.csv', 'order,amount\n1001,45.00\n');
    put(root, 'refund/scripts/issue_refunds.js', "const file = process.argv[2];\nconsole.log('refunding', file);\n");
    server = await startFakeOpenAI({ model: 'gpt-fake' });
  });
  afterEach(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function draftWith(provider: DraftProvider, o: { repair?: boolean } = {}) {
    const ws = createNodeWorkspace(root);
    const selection = await draftSelection(ws, root, [`${root}/refund`]);
    const bundle = await collectSelection(ws, selection);
    const plan = await planDraft(ws, selection, bundle, { images: false, provider, now: new Date('2026-11-30T09:00:00Z') });
    const sink = fileDraftSink(ws, plan);
    await sink.start();
    const statuses: string[] = [];
    const repair = o.repair === false ? undefined : await draftRepair(ws, plan, { onStatus: (m) => statuses.push(m) });
    const result = await writeDraft(plan, provider, sink, new AbortController().signal, undefined, repair);
    return { plan, result, statuses, text: readFileSync(plan.absFile, 'utf8') };
  }

  const model = () => createOpenAIProvider({ apiKey: 'sk-test-key', baseURL: server.url, model: 'gpt-fake' });

  it('sends the findings a model can fix back once with its draft, and keeps the repaired draft when it is better', async () => {
    server.enqueue({ text: FLAWED }, { text: FIXED });
    const { plan, result, statuses, text } = await draftWith(model());
    assert.equal(server.requests.length, 2);
    const second = server.requests[1].body?.messages ?? [];
    assert.equal(second.length, 4, 'the drafting messages, the draft as the model’s answer, and the findings');
    assert.equal(second[2].role, 'assistant');
    assert.equal(second[2].content, FLAWED);
    const ask = String(second[3].content);
    assert.match(ask, /^- line 6 \(unnamed-approval-gate\): /m, 'lines count from the draft’s first line, not the file’s');
    assert.match(ask, /\(missing-path\): .*scripts\/issue-refund\.js/);
    assert.match(ask, /\(missing-section\): /);
    assert.match(ask, /Question for the owner:/);
    assert.match(statuses[0], /^asking openai to fix \d+ lint finding\(s\)$/);

    assert.equal(result.error, undefined);
    assert.equal(result.repair?.kept, 'repaired');
    assert.ok((result.repair?.before ?? 0) >= 3);
    assert.equal(result.repair?.after, 0);
    assert.ok(text.startsWith(plan.head), 'the front matter stays');
    assert.ok(text.includes('get approval from Marcus Webb (Support lead) before issuing the refund'));
    assert.ok(!text.includes('```'), 'the fence the model wrapped it in is gone');
    assert.ok(!text.includes('issue-refund.js'), 'the first draft is replaced, not appended to');
    assert.ok(!text.includes('Draft in progress'));
    assert.match(repairSummary(result.repair!), /after; the repaired draft is kept\.$/);
  });

  it('keeps the first draft when the repaired one is no better, or the second call fails', async () => {
    server.enqueue({ text: FLAWED }, { text: '# Refund\n\nTODO\n' });
    const lost = await draftWith(model());
    assert.equal(lost.result.repair?.kept, 'first');
    assert.equal(lost.result.repair?.why, 'the repaired draft lost most of the text or steps');
    assert.ok(lost.text.includes('3. Run `node scripts/issue-refund.js'), 'the first draft is there, whole');

    rmSync(lost.plan.absFile);
    server.enqueue({ text: FLAWED }, { text: FLAWED.replace('check the order date', 'look at the order date') });
    const worse = await draftWith(model());
    assert.equal(worse.result.repair?.kept, 'first');
    assert.equal(worse.result.repair?.why, 'the repaired draft was no better');
    assert.ok(worse.text.includes('check the order date'));

    rmSync(worse.plan.absFile);
    server.enqueue({ text: FLAWED }, { status: 500, errorMessage: 'The server had an error' });
    const failed = await draftWith(model());
    assert.equal(failed.result.error, undefined, 'a failed repair is not a failed draft');
    assert.equal(failed.result.repair?.kept, 'first');
    assert.ok(failed.text.includes('2. Get approval before issuing a refund above 200 EUR.'));
    assert.ok(!/Draft (?:in progress|incomplete)/.test(failed.text));
  });

  it('runs the repair round from `sop draft` and says what it did', async () => {
    server.enqueue({ text: FLAWED }, { text: FIXED });
    const said: string[] = [];
    const r = await runDraft({
      workspace: root,
      paths: [`${root}/refund`],
      provider: 'openai',
      baseUrl: server.url,
      model: 'gpt-fake',
      env: { OPENAI_API_KEY: 'sk-test-key' },
      stderr: (line) => said.push(line),
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(server.requests.length, 2);
    assert.ok(
      said.some((l) => /^sops\/refund\.sop\.md: repair round: \d+ lint finding\(s\) a model can fix before, 0 after; the repaired draft is kept\.$/.test(l)),
      said.join('\n'),
    );
    assert.match(r.stderr, /lint: 0 error\(s\)/);
    assert.ok(readFileSync(`${root}/sops/refund.sop.md`, 'utf8').includes('get approval from Marcus Webb (Support lead)'));
  });

  it('asks nothing more of a draft with nothing to fix, of the offline drafter, or when turned off', async () => {
    server.enqueue({ text: FIXED.replace(/^```markdown\n|```\n$/g, '') });
    const clean = await draftWith(model());
    assert.equal(server.requests.length, 1);
    assert.deepEqual(clean.result.repair, { before: 0, kept: 'first' });

    rmSync(clean.plan.absFile);
    const offline = await draftWith(createOfflineProvider());
    assert.equal(offline.result.repair, undefined);

    rmSync(offline.plan.absFile);
    server.enqueue({ text: FLAWED });
    const off = await draftWith(model(), { repair: false });
    assert.equal(off.result.repair, undefined);
    assert.equal(server.requests.length, 2, 'one request for this draft, none for a repair');
  });
});
