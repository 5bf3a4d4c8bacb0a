import { strict as assert } from 'node:assert';
import { lintAt, of, only, textAt } from '../helpers';

describe('rule placeholder-left', () => {
  const rule = only('placeholder-left');
  const flagged = (text: string) => of(lintAt('sops/x.sop.md', text, rule), 'placeholder-left').map((i) => textAt(text, i.range));

  it('finds TODO, TBD, FIXME, <fill in>, [insert ...] and ???', () => {
    const text = [
      '# X',
      '',
      '## Steps',
      '',
      '1. Send the file to TBD.',
      '2. TODO: write this step',
      '3. Ask <fill in> for the password.',
      '4. Save it to [insert folder name].',
      '5. The cut-off is ??? each month.',
      '6. FIXME the numbers are wrong',
      '7. Escalate to <who to contact, by role and name>.',
      '',
    ].join('\n');
    assert.deepEqual(flagged(text), ['TBD', 'TODO', '<fill in>', '[insert folder name]', '???', 'FIXME', '<who to contact, by role and name>']);
  });

  it('leaves templates in paths, HTML, code and ordinary words alone', () => {
    const text = [
      '# X',
      '',
      '1. Save to `exports/<month>/orders.csv` and exports/<month>/orders.csv.',
      '2. Use <kbd>Ctrl</kbd>+<kbd>S</kbd>.',
      '3. Keep a todo list of open orders.',
      '',
      '```',
      'TODO in a script is not the SOP’s placeholder',
      '```',
      '',
    ].join('\n');
    assert.deepEqual(flagged(text), []);
  });

  it('reports the right place on a CRLF line', () => {
    const text = '# X\r\n\r\nOwner: TBD\r\n';
    const [issue] = of(lintAt('sops/x.sop.md', text, rule), 'placeholder-left');
    assert.deepEqual(issue.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 10 } });
  });
});
