import { strict as assert } from 'node:assert';
import type { EvidenceBundle, EvidenceFile, ScriptFacts } from '../../../src/core/evidence/types';
import { findTimeline, type TimelineStep } from '../../../src/core/draft/offline/timeline';
import { orderScripts } from '../../../src/core/draft/offline/scripts';
import { workFixture, workFolders, type Mail } from '../../support/workFixtures';
import { FIXTURES } from '../helpers';

function note(path: string, text: string): EvidenceFile {
  return {
    path,
    absPath: `/ws/${path}`,
    kind: 'document',
    bytes: text.length,
    mtimeMs: 0,
    sha256: '',
    facts: { type: 'document', headings: [] },
    text,
    summarized: false,
    redactions: {},
  };
}

function mail(path: string, m: Mail): EvidenceFile {
  const text = `From: ${m.from}\nTo: ${m.to}\nDate: ${m.date}\nSubject: ${m.subject}\n\n${m.body}`;
  return {
    path,
    absPath: `/ws/${path}`,
    kind: 'email',
    bytes: text.length,
    mtimeMs: 0,
    sha256: '',
    facts: { type: 'email', ...m },
    text,
    summarized: false,
    redactions: {},
  };
}

function script(path: string, io: { inputs: string[]; outputs: string[] }): EvidenceFile {
  const facts: ScriptFacts = { type: 'script', language: 'python', commands: [], arguments: [], thresholds: [], exits: [], ...io };
  return { path, absPath: `/ws/${path}`, kind: 'script', bytes: 10, mtimeMs: 0, sha256: '', facts, text: '# a script', summarized: false, redactions: {} };
}

function bundle(...files: EvidenceFile[]): EvidenceBundle {
  return { root: '/ws', selection: ['work'], included: files, excluded: [], notes: [] };
}

function timeline(b: EvidenceBundle): TimelineStep[] {
  return findTimeline(b, orderScripts(b, 'work'));
}

const texts = (steps: TimelineStep[]) => steps.map((s) => s.text);
const indexOf = (steps: TimelineStep[], re: RegExp) => steps.findIndex((s) => re.test(s.text));

describe('offline drafter: the timeline of the work', () => {
  it('keeps a numbered list in its order, in the voice of an instruction, with the script it runs', () => {
    const b = bundle(
      note(
        'work/notes/month-end.md',
        [
          '# How I closed October',
          '',
          '1. Downloaded the bank export from the portal to exports/bank-2026-10.csv.',
          '2. Ran `python3 scripts/match_payouts.py --month 2026-10`, 3 unmatched.',
          '3. Posted the summary in #ops.',
          '',
          'Rules:',
          '- never book a payout that has no match',
        ].join('\n'),
      ),
      script('work/scripts/match_payouts.py', { inputs: ['exports/bank-{month}.csv'], outputs: ['out/matched.csv'] }),
    );
    const steps = timeline(b);
    assert.deepEqual(texts(steps).slice(0, 3), [
      'Download the bank export from the portal to exports/bank-2026-10.csv.',
      'Run `python3 scripts/match_payouts.py --month 2026-10`, 3 unmatched.',
      'Post the summary in #ops.',
    ]);
    assert.equal(steps[1].script, 'work/scripts/match_payouts.py');
    assert.equal(steps.length, 3, 'a rule under "Rules:" is not a step, and the script is not run twice');
  });

  it('orders dated lines from several notes by date and time, and turns "I did X" into "Do X"', () => {
    const b = bundle(
      note('work/notes/later.md', '2026-03-03 14:10 — I sent the signed contract to legal\n2026-03-04: archived the deal folder'),
      note('work/notes/earlier.md', 'Mon 2 Mar: checked the order in the shop admin\n09:30 2 Mar? no\n2026-03-03 09:00 called the carrier about the parcel'),
    );
    const steps = timeline(b);
    assert.deepEqual(texts(steps), [
      'Check the order in the shop admin.',
      'Call the carrier about the parcel.',
      'Send the signed contract to legal.',
      'Archive the deal folder.',
    ]);
    assert.deepEqual(
      steps.map((s) => s.at),
      ['2026-03-02', '2026-03-03T09:00', '2026-03-03T14:10', '2026-03-04'],
    );
  });

  it('makes steps of the team’s mails in a thread by their Date, never of the customer’s, and names no customer', () => {
    const b = bundle(
      mail('work/mail/3-reply.eml', {
        from: 'Help Desk <help@shop.example>',
        to: 'Ada Novak <ada@client.example>',
        date: '2026-05-06T09:00:00.000Z',
        subject: 'Re: Broken kettle, order 5512',
        body: 'Dear Ada,\n\nwe have sent a replacement today.\n\nKind regards',
      }),
      mail('work/mail/1-request.eml', {
        from: 'Ada Novak <ada@client.example>',
        to: 'help@shop.example',
        date: '2026-05-05T07:00:00.000Z',
        subject: 'Broken kettle, order 5512',
        body: 'Hello, the kettle arrived broken. Please send a new one or I will tell everyone.',
      }),
      mail('work/mail/2-approval.eml', {
        from: 'Lea Brandt <lea@shop.example>',
        to: 'Tim Berg <tim@shop.example>',
        date: '2026-05-05T16:20:00.000Z',
        subject: 'Re: Replacement over 100 EUR for order 5512',
        body: 'Approved. Send the replacement.\n\nLea\n\n> Tim wrote: can you approve?',
      }),
      note('work/notes/tim.md', '2026-05-05 16:45 asked Lea (team lead) to approve the replacement\n2026-05-06 10:00 sent the replacement note to Ada'),
    );
    const steps = timeline(b);
    const approval = indexOf(steps, /\bLea\b/);
    const reply = indexOf(steps, /to the customer/);
    assert.ok(approval >= 0 && reply > approval, texts(steps).join('\n'));
    assert.equal(steps[approval].kind, 'judgment');
    assert.ok(steps[approval].evidence.includes('work/mail/2-approval.eml'), 'the lead’s "Approved." is the same gate as the ask');
    assert.deepEqual(steps[reply].evidence.sort(), ['work/mail/3-reply.eml', 'work/notes/tim.md']);
    assert.ok(!steps.some((s) => /kettle arrived broken|tell everyone/.test(s.text)), 'the customer’s mail is context, not a step');
    assert.ok(!steps.some((s) => /\bAda\b/.test(s.text)), texts(steps).join('\n'));
  });

  it('is one step when a note and an e-mail record the same action, with both as evidence', () => {
    const b = bundle(
      note('work/notes/log.md', '2026-07-01 10:15  sent the hand-off e-mail to Noor (sales lead) with the lead list'),
      mail('work/mail/handoff.eml', {
        from: 'Omid Farah <omid@team.example>',
        to: 'Noor Saleh <noor@team.example>',
        date: '2026-07-01T08:15:00.000Z',
        subject: 'Leads for this week',
        body: 'Hi Noor,\n\nthe leads are attached.\n\nOmid',
      }),
    );
    const steps = timeline(b);
    assert.equal(steps.length, 1, texts(steps).join('\n'));
    assert.deepEqual(steps[0].evidence.sort(), ['work/mail/handoff.eml', 'work/notes/log.md']);
    assert.equal(steps[0].at, '2026-07-01T10:15');
  });

  it('puts scripts nobody mentions in the order their data flows', () => {
    const b = bundle(
      script('work/scripts/b_report.py', { inputs: ['data/clean.csv'], outputs: ['out/report.csv'] }),
      script('work/scripts/a_clean.py', { inputs: ['data/raw.csv'], outputs: ['data/clean.csv'] }),
      script('work/scripts/c_publish.py', { inputs: ['out/report.csv'], outputs: [] }),
    );
    assert.deepEqual(
      timeline(b).map((s) => s.script),
      ['work/scripts/a_clean.py', 'work/scripts/b_report.py', 'work/scripts/c_publish.py'],
    );
  });

  it('finishes quickly on long hostile notes and mails', () => {
    const long = 100_000;
    const hostile = [
      '1. ' + 'a '.repeat(long / 2),
      '2026-11-12 ' + ' '.repeat(long) + 'x',
      '- ' + '-> '.repeat(long / 3),
      '`'.repeat(long),
      '12:00' + ':00'.repeat(long / 3),
      'Tue 4 Nov' + ' 4 Nov'.repeat(long / 6),
      '1. ' + 'sent, '.repeat(long / 6),
      '2026-11-12 10:00 ' + 'reply sent '.repeat(long / 11),
      '1. ' + "x needs Ann's ".repeat(long / 14),
      '    ' + 'a'.repeat(long),
    ];
    const b = bundle(
      ...hostile.map((text, i) => note(`work/notes/h${i}.md`, text + '\n' + text)),
      mail('work/mail/h.eml', {
        from: '"' + 'x'.repeat(long) + '" <a@b.example>',
        to: 'c@d.example, '.repeat(long / 14),
        date: 'not a date',
        subject: 'Re: '.repeat(long / 4),
        body: 'Approved'.repeat(long / 8),
      }),
    );
    const started = Date.now();
    const steps = timeline(b);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    assert.ok(steps.length <= 40);
  });

  it('stays bounded on a folder of many long logs: at most 40 steps, quickly', () => {
    const log = (n: number) =>
      Array.from(
        { length: 120 },
        (_, i) => `2026-0${1 + (n % 9)}-${String(1 + (i % 28)).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')} checked invoice ${n}-${i} in the ledger`,
      ).join('\n');
    const b = bundle(...Array.from({ length: 40 }, (_, n) => note(`work/notes/log-${n}.md`, log(n))));
    const started = Date.now();
    const steps = timeline(b);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    assert.ok(steps.length > 0 && steps.length <= 40, `${steps.length} steps`);
  });
});

interface Expected {
  order: string[];
}

/** The longest run of expected steps found in the right order (as npm run eval:drafts counts it). */
function longestInOrder(at: number[]): number {
  const found = at.filter((i) => i >= 0);
  const best = found.map(() => 1);
  for (let i = 0; i < found.length; i++) for (let j = 0; j < i; j++) if (found[j] <= found[i]) best[i] = Math.max(best[i], best[j] + 1);
  return Math.max(0, ...best);
}

describe('offline drafter: the timeline of the finished-work folders', () => {
  it('finds the steps of every folder in the order the work happened', async () => {
    let found = 0;
    let inOrder = 0;
    let total = 0;
    for (const name of workFolders(FIXTURES)) {
      const { bundle: b, expected } = await workFixture<Expected>(FIXTURES, name);
      const steps = findTimeline(b, orderScripts(b, b.selection[0] ?? ''));
      const at = expected.order.map((source) => steps.findIndex((s) => new RegExp(source, 'i').test(s.text)));
      const run = longestInOrder(at);
      console.log(`      ${name}: ${at.filter((i) => i >= 0).length}/${at.length} found, ${run} in order, ${steps.length} steps`);
      found += at.filter((i) => i >= 0).length;
      inOrder += run;
      total += at.length;
      assert.ok(run >= at.length - 1, `${name}: only ${run} of ${at.length} steps in order:\n${steps.map((s) => s.text).join('\n')}`);
    }
    assert.ok(found / total >= 0.97 && inOrder / total >= 0.95, `${found}/${total} found, ${inOrder}/${total} in order`);
  });
});
