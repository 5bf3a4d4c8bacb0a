import { strict as assert } from 'node:assert';
import { workFixture, workFolders, type Mail } from '../../support/workFixtures';
import type { EvidenceBundle, EvidenceFile } from '../../../src/core/evidence/types';
import { findTrigger } from '../../../src/core/draft/offline/trigger';
import { parseCron } from '../../../src/core/draft/offline/cron';
import { FIXTURES } from '../helpers';

function file(path: string, text: string, mail?: Mail): EvidenceFile {
  const kind = mail ? 'email' : /\.(?:sh|py|js)$/.test(path) ? 'script' : /\.(?:md|txt)$/.test(path) ? 'document' : 'other';
  const facts: EvidenceFile['facts'] = mail
    ? { type: 'email', ...mail }
    : kind === 'script'
      ? { type: 'script', language: 'shell', commands: [], arguments: [], inputs: [], outputs: [], thresholds: [], exits: [] }
      : kind === 'document'
        ? { type: 'document', headings: [] }
        : { type: 'other' };
  return { path, absPath: `/ws/${path}`, kind, bytes: text.length, mtimeMs: 0, sha256: '', facts, text, summarized: false, redactions: {} };
}

function bundle(...files: EvidenceFile[]): EvidenceBundle {
  return { root: '/ws', selection: ['work'], included: files, excluded: [], notes: [] };
}

const note = (text: string, path = 'work/notes/how-i-do-it.md'): EvidenceFile => file(path, text);
const mail = (path: string, m: Mail): EvidenceFile => file(path, `From: ${m.from}\nSubject: ${m.subject}\n\n${m.body}`, m);

describe('findTrigger: events', () => {
  it('reads a customer refund request as "a customer asks for a refund", without the customer or the order', () => {
    const t = findTrigger(
      bundle(
        mail('work/mail/request.eml', {
          from: 'Pat Moreno <pat.moreno@example.net>',
          to: 'support@bright-kettle.example',
          date: '2026-03-02T10:00:00Z',
          subject: 'Refund for order BK-1177',
          body: 'Hi, the blender arrived with a cracked jug. I would like my money back please.',
        }),
        mail('work/mail/reply.eml', {
          from: 'Bright Kettle Support <support@bright-kettle.example>',
          to: 'pat.moreno@example.net',
          date: '2026-03-03T09:00:00Z',
          subject: 'Re: Refund for order BK-1177',
          body: 'We have refunded 59.00 EUR today.',
        }),
        note('Customers can ask for a refund within 30 days of delivery.', 'work/policy/returns.md'),
      ),
    );
    assert.equal(t?.kind, 'event');
    assert.equal(t?.text, 'When a customer asks for a refund (by e-mail to support@bright-kettle.example).');
    assert.doesNotMatch(t!.text, /Pat|Moreno|BK-1177/);
    assert.deepEqual(t?.evidence, ['work/mail/request.eml', 'work/policy/returns.md']);
  });

  it('reads a request for quotation sent to a person', () => {
    const t = findTrigger(
      bundle(
        mail('work/mail/rfq.eml', {
          from: 'Jo Baines <jo@harbour-freight.example>',
          to: 'sam.ito@lattice-works.example',
          date: '2026-05-04T08:00:00Z',
          subject: 'Pricing for 40 seats',
          body: 'Dear Sam,\nplease send us a quotation for 40 seats and onboarding.\nRegards, Jo',
        }),
        mail('work/mail/internal.eml', {
          from: 'Sam Ito <sam.ito@lattice-works.example>',
          to: 'lee.park@lattice-works.example',
          date: '2026-05-05T08:00:00Z',
          subject: 'Re: discount for Harbour Freight',
          body: 'Can I offer 12%?',
        }),
      ),
    );
    assert.equal(t?.kind, 'event');
    assert.equal(t?.text, 'When a customer asks for a quotation (by e-mail).');
  });

  it('takes a customer question as the event, and the schedule the customer wants is not ours', () => {
    const t = findTrigger(
      bundle(
        mail('work/mail/question.eml', {
          from: 'Ana Ruiz <ana@orchard-co.example>',
          to: 'help@plotline.example',
          date: '2026-06-01T08:00:00Z',
          subject: 'Can we share a report with our auditor?',
          body: 'Our auditor wants the cash report every Monday at 08:00. Is that possible on our plan?',
        }),
        mail('work/mail/answer.eml', {
          from: 'Plotline Help <help@plotline.example>',
          to: 'ana@orchard-co.example',
          date: '2026-06-01T10:00:00Z',
          subject: 'Re: Can we share a report with our auditor?',
          body: 'Yes: open the report and choose Share.',
        }),
      ),
    );
    assert.equal(t?.kind, 'event');
    assert.equal(t?.text, 'When a customer asks a question (by e-mail to help@plotline.example).');
  });

  it('reads a hand-over inside the team ("deal closed won, over to you")', () => {
    const t = findTrigger(
      bundle(
        mail('work/mail/handover.eml', {
          from: 'Rui Costa <rui.costa@tessellate.example>',
          to: 'mo.adeyemi@tessellate.example',
          date: '2026-02-10T16:00:00Z',
          subject: 'Northwind deal closed won - over to you',
          body: 'Mo, they signed for 30 seats. Contacts below.',
        }),
      ),
    );
    assert.equal(t?.kind, 'event');
    assert.equal(t?.text, 'When a deal is closed won and the work is handed over to you.');
  });

  it('reads the first entry of a dated log when it records what set the work off', () => {
    const t = findTrigger(
      bundle(note('## Log\n\n2026-04-01  order placed by the client; sales handed over\n2026-04-02  booked the courier\n2026-04-03  sent the invoice')),
    );
    assert.equal(t?.kind, 'event');
    assert.equal(t?.text, 'When an order is placed and the work is handed over to you.');
  });

  it('reads a trigger the notes state outright, and a generic "when a new … comes in"', () => {
    assert.equal(findTrigger(bundle(note('We start this whenever a supplier sends a new price list.')))?.text, 'When a supplier sends a new price list.');
    assert.equal(
      findTrigger(bundle(note('Triggered by: a new vendor invoice arriving in the AP inbox.')))?.text,
      'When there is a new vendor invoice arriving in the AP inbox.',
    );
    assert.equal(findTrigger(bundle(note('Every time we ship a release, update the changelog.')))?.text, 'When we ship a release.');
    const lead = findTrigger(bundle(note('When a new lead comes in, check the company size first.')));
    assert.deepEqual([lead?.kind, lead?.text], ['event', 'When a new lead comes in.']);
  });

  it('reads a labelled trigger line, and a message to the shared inbox that asks nothing in words', () => {
    assert.equal(
      findTrigger(bundle(note('Trigger: Customer submits the cancellation form in the portal.')))?.text,
      'When customer submits the cancellation form in the portal.',
    );
    const t = findTrigger(
      bundle(
        mail('work/mail/complaint.eml', {
          from: 'Lou Brandt <lou@northfield.example>',
          to: 'care@pinewood-shop.example',
          date: '2026-07-01T08:00:00Z',
          subject: 'Wrong VAT number on my invoice',
          body: 'The invoice shows our old VAT number.',
        }),
      ),
    );
    assert.deepEqual([t?.kind, t?.text], ['event', 'When a customer writes to care@pinewood-shop.example.']);
  });

  it('does not take what to do when something fails for what starts the work', () => {
    assert.equal(findTrigger(bundle(note('When a fetch fails, rerun it by hand.\nWhen it fails twice, call the data lead.'))), undefined);
  });

  it('reads what a policy page lets customers ask for when nothing else says', () => {
    const t = findTrigger(bundle(note('## Returns\n\nYou can return any item within 14 days of delivery for a full refund.', 'work/policy/returns.md')));
    assert.deepEqual([t?.kind, t?.text], ['event', 'When a customer asks for a refund.']);
  });
});

describe('findTrigger: schedules', () => {
  it('keeps the day, the time and what the time is for', () => {
    assert.equal(findTrigger(bundle(note('Every Monday morning, before the 10:00 team call.')))?.text, 'Every Monday morning, before the 10:00 team call.');
    assert.equal(
      findTrigger(bundle(note('Runs every Friday at 17:30 UTC so the board pack is ready on Monday.')))?.text,
      'Every Friday at 17:30 UTC, so the board pack is ready on Monday.',
    );
  });

  it('turns "we do X every Thursday" into the SOP voice', () => {
    const t = findTrigger(bundle(note('We send the payroll file each Thursday by 16:00.')));
    assert.deepEqual([t?.kind, t?.text], ['schedule', 'Each Thursday by 16:00: send the payroll file.']);
    assert.equal(findTrigger(bundle(note('Every Thursday I build the rota for next week.')))?.text, 'Every Thursday: build the rota for next week.');
  });

  it('reads labelled schedules, "every two weeks" and deadlines in words', () => {
    assert.equal(findTrigger(bundle(note('Frequency: every two weeks on Friday, by noon.')))?.text, 'Every two weeks on Friday, by noon.');
    assert.equal(
      findTrigger(bundle(note('The report is due on the 5th working day of each month.')))?.text,
      'On the 5th working day of each month: the report is due.',
    );
    assert.equal(findTrigger(bundle(note('The job runs nightly at 01:00.')))?.text, 'Nightly at 01:00.');
    assert.equal(findTrigger(bundle(note('On Mondays we export the open orders.')))?.text, 'On Mondays: export the open orders.');
  });

  it('leaves out the subject that only says the work runs, and keeps an aside on the day', () => {
    assert.equal(findTrigger(bundle(note('The weekly export runs every Sunday at 23:00.')))?.text, 'Every Sunday at 23:00.');
    assert.equal(
      findTrigger(bundle(note('Payroll is run twice a month, on the 15th and the last day.')))?.text,
      'Twice a month, on the 15th and the last day.',
    );
    assert.equal(
      findTrigger(bundle(note('Once a week (usually Friday) I reconcile the petty cash.')))?.text,
      'Once a week (usually Friday): reconcile the petty cash.',
    );
  });

  it('does not take the cadence of something else for the schedule of the work', () => {
    const notes = note('The meeting is every Wednesday.\nEvery day counts when a customer waits.\nClaire checks the queue every morning.');
    assert.equal(findTrigger(bundle(notes)), undefined);
  });

  it('reads a day of the month with its condition', () => {
    const t = findTrigger(bundle(note('Runs on the first working day of the month, once the bank export for the previous month is available.')));
    assert.equal(t?.text, 'On the first working day of the month, once the bank export for the previous month is available.');
  });

  it('reads "weekly on Tuesdays" but not "the weekly planning" or a "Daily …" title', () => {
    assert.equal(findTrigger(bundle(note('Done weekly on Tuesdays.')))?.text, 'Weekly on Tuesdays.');
    assert.equal(findTrigger(bundle(note('# Daily usage pipeline\n\nPost the summary before the weekly planning.\nLead scoring - weekly notes'))), undefined);
  });

  it('says a schedule and the event it checks for in one sentence', () => {
    const t = findTrigger(bundle(note('Every Tuesday, for each invoice 7 or more days overdue, send the matching reminder.')));
    assert.deepEqual([t?.kind, t?.text], ['schedule', 'Every Tuesday, for each invoice 7 or more days overdue, send the matching reminder.']);
  });

  it('describes a crontab line in words and keeps the cron fields', () => {
    const t = findTrigger(bundle(file('work/deploy/crontab', '# m h dom mon dow command\n30 7 * * 1-5 /opt/jobs/stock-report.sh\n')));
    assert.deepEqual(t, {
      kind: 'schedule',
      text: 'Every working day (Monday to Friday) at 07:30 server time (cron `30 7 * * 1-5`).',
      evidence: ['work/deploy/crontab'],
      cron: '30 7 * * 1-5',
    });
    const wf = findTrigger(bundle(file('work/.github/workflows/close.yml', "on:\n  schedule:\n    - cron: '0 6 1 * *'\n")));
    assert.equal(wf?.text, 'On day 1 of each month at 06:00 UTC (cron `0 6 1 * *`).');
  });

  it('joins a cron line quoted in the notes with the sentence that says the same', () => {
    const t = findTrigger(bundle(note('Runs every night at 02:00 UTC on the batch host:\n`0 2 * * * /srv/sync/run.sh`')));
    assert.deepEqual([t?.text, t?.cron], ['Every night at 02:00 UTC, on the batch host.', '0 2 * * *']);
  });

  it('backs a stated weekly schedule with the runs in the notes, stating the interval', () => {
    const t = findTrigger(bundle(note('Runs every Monday.\n\n2026-11-02 08:30 exported\n2026-11-09 08:40 exported\n2026-11-16 08:35 exported')));
    assert.equal(t?.text, 'Every Monday. The notes show runs on 3 Mondays in a row (2 November, 9 November and 16 November 2026).');
  });

  it('describes cron fields in words and refuses what is not cron', () => {
    assert.equal(parseCron('*/15 * * * *')?.words, 'Every 15 minutes');
    assert.equal(parseCron('0 9 * * mon,thu')?.words, 'Every Monday and Thursday at 09:00');
    assert.equal(parseCron('0 6 * 1 *')?.words, 'Every day in January at 06:00');
    assert.equal(parseCron('61 6 * * *'), undefined);
    assert.equal(parseCron('0 6 * *'), undefined);
  });
});

describe('findTrigger: no trigger without evidence', () => {
  it('returns undefined when nothing says what starts the work or when', () => {
    assert.equal(findTrigger(bundle()), undefined);
    const t = findTrigger(
      bundle(
        note('Lessons: ask for approval early, Claire is travelling on Thursdays.\n| Plan | Export |\n|---|---|\n| Business | yes (daily, weekly) |'),
        mail('work/mail/news.eml', {
          from: 'news@acme.example',
          to: 'all@acme.example',
          date: '2026-01-01T07:00:00Z',
          subject: 'Sales weekly: targets',
          body: 'Three things this week.',
        }),
        mail('work/mail/ooo.eml', {
          from: 'x@client.example',
          to: 'me@acme.example',
          date: '2026-01-02T07:00:00Z',
          subject: 'Automatic reply: Re: your offer',
          body: 'Out until Monday?',
        }),
      ),
    );
    assert.equal(t, undefined);
  });

  it('does not make a schedule from dated runs alone', () => {
    assert.equal(findTrigger(bundle(note('2026-11-02 ran the export\n2026-11-09 ran the export\n2026-11-16 ran the export'))), undefined);
  });
});

describe('findTrigger: hostile input', () => {
  const big = 100_000;
  const hostile: Array<[string, string]> = [
    ['cadence words', 'every Monday every day each week '.repeat(big / 32)],
    ['cron-like fields', `\`${'0 6 * * * '.repeat(big / 10)}\``],
    ['one long line of digits and spaces', '1 '.repeat(big / 2)],
    ['requests', 'request for request for send us a '.repeat(big / 34)],
    ['when clauses', 'When a new a new a new '.repeat(big / 23)],
    ['dated lines', '2026-11-02 order placed\n'.repeat(big / 24)],
    ['tails', `every Monday${' at 09:00 morning, on Tuesdays'.repeat(big / 29)}`],
    ['letters', 'a'.repeat(big)],
    ['stated triggers', 'Triggered by: a new invoice arriving.\nTrigger: a lead comes in.\n'.repeat(big / 60)],
    ['policy lines', 'Customers can ask for a refund of the order.\nticket came in through the inbox\n'.repeat(big / 78)],
  ];
  for (const [name, text] of hostile) {
    it(`stays fast on 100k characters of ${name}`, () => {
      const started = Date.now();
      findTrigger(
        bundle(
          note(text),
          file('work/crontab', text),
          mail('work/mail/x.eml', { from: `${'a'.repeat(big)}@x.example`, to: 'help@y.example', date: '2026-01-01', subject: text.slice(0, 5000), body: text }),
        ),
      );
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    });
  }
});

describe('findTrigger: finished-work fixtures', () => {
  const names = workFolders(FIXTURES);
  for (const name of names) {
    it(`${name}: the expected kind of trigger, naming what the expected facts name`, async () => {
      const { bundle, expected } = await workFixture<{ trigger: { kind: string; mustMention: string[] } }>(FIXTURES, name);
      const t = findTrigger(bundle);
      assert.equal(t?.kind, expected.trigger.kind, `${name}: ${t?.text}`);
      for (const words of expected.trigger.mustMention) assert.match(t!.text, new RegExp(words, 'i'), `${name}: ${t!.text}`);
      assert.ok(t!.evidence.length > 0 && t!.evidence.every((p) => p.startsWith(`${name}/`)), t!.evidence.join());
    });
  }
});
