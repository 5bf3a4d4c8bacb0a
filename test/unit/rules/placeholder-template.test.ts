import { strict as assert } from 'node:assert';
import { lintAt, of, only, textAt } from '../helpers';
import { findPlaceholders, mayHoldPlaceholder } from '../../../src/core/sop/placeholders';

describe('rule placeholder-left: templates that were never filled in', () => {
  const rule = only('placeholder-left');
  const flagged = (text: string) => of(lintAt('sops/x.sop.md', text, rule), 'placeholder-left').map((i) => textAt(text, i.range));

  it('reports template fields, <enter …> fields, dates left as a format, and TODO notes in code', () => {
    const text = [
      '# Breach response plan for {{ORGANISATION}}',
      '',
      'Owner: <enter role of the plan owner>. Last reviewed: YYYY-MM-DD.',
      '',
      '1. Page the duty manager on {{PAGER_NUMBER}}. `TODO: Add the escalation rota.`',
      '2. Open the incident log. `TODO(ops-12): link the log template`',
      '',
    ].join('\n');
    assert.deepEqual(flagged(text), [
      '{{ORGANISATION}}',
      '<enter role of the plan owner>',
      'YYYY-MM-DD',
      '{{PAGER_NUMBER}}',
      'TODO: Add the escalation rota.',
      'TODO(ops-12): link the log template',
    ]);
  });

  it('leaves what a site generator fills in alone, and a date-and-time format in a message', () => {
    const text = [
      '# Patch release',
      '',
      '1. Read [the versioning page]({{< relref "./concepts/version" >}}) and [the bounty]({{site.baseurl}}/bounty).',
      '2. Link {{ site.baseurl }}/docs and {{ page.title | upcase }} in the notice for {{ CUSTOMER_NAME }}.',
      '3. Tell the list a fix ships at YYYY-MM-DD HH:MM UTC, and fill in the date of decision (YYYY-MM-DD).',
      '',
    ].join('\n');
    assert.deepEqual(flagged(text), ['{{ CUSTOMER_NAME }}']);
  });

  it('reports fields a template marks in bold italic capitals, and links left without a target', () => {
    const text = [
      '# Patch release',
      '',
      '1. Agree the release date with the maintainers: _**RELEASE DATE**_.',
      '2. Open the backport: ***LINK TO PR***, assigned to _**NAME of RELEASER**_.',
      '3. Record the outage in [the status page]() and the [runbook](docs/runbook.md).',
      '4. **IMPORTANT**: _**DO NOT**_ tag before the build is green. **VERSION** is the tag.',
      '',
    ].join('\n');
    assert.deepEqual(flagged(text), ['_**RELEASE DATE**_', '***LINK TO PR***', '_**NAME of RELEASER**_', '[the status page]()']);
  });

  it('leaves date formats in file names, commands and format descriptions, Actions expressions, and TODO mentioned as a word', () => {
    const text = [
      '# Close',
      '',
      '1. Save the export as exports/YYYY-MM-DD/orders.csv or sales-YYYY-MM-DD.csv.',
      '2. Run `./scripts/close_month.sh YYYY-MM-DD` with the last day of the month.',
      '3. The workflow reads ${{ secrets.BANK_TOKEN }} from the repository settings.',
      '4. Review every `TODO` note in the ledger before closing.',
      '5. If the bank rejects the file, run it again with `--value-date` as YYYY-MM-DD.',
      '6. Dates in the ledger are kept in DD/MM/YYYY format.',
      '',
    ].join('\n');
    assert.deepEqual(flagged(text), []);
  });

  it('never skips text that holds a placeholder: the quick check passes whatever the full search finds', () => {
    const samples = [
      'Owner: TBD',
      'Call {{PAGER}}',
      'Ask <who approves>',
      'Ask <role or person> first',
      'see [insert link]',
      'see \\[Insert the link]',
      'due DD.MM.YYYY',
      'due mm-dd-yyyy',
      'due YYYY/MM/DD',
      'lorem ipsum dolor',
      'why???',
      'fixme: later',
      '`TODO: call list`',
    ];
    for (const s of samples) {
      assert.ok(findPlaceholders(s).length > 0, `a placeholder in ${s}`);
      assert.ok(mayHoldPlaceholder(s), s);
    }
    assert.ok(!mayHoldPlaceholder('1. Re-run `python scripts/close/step_1.py` and open [the log](../logs/a.log).'));
  });

  it('finds fields in long hostile text in bounded time', () => {
    const started = Date.now();
    findPlaceholders('{{'.repeat(50_000) + 'YYYY-MM-'.repeat(12_000) + '{{x}}');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});
