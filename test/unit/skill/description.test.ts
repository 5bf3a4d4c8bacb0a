import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { exportSkill, type SkillExport } from '../../../src/core/skill/export';
import { checkSkillLoaders } from '../../../src/core/skill/loaders';
import { parseSop } from '../../../src/core/sop/model';

function exported(text: string, sopPath = 'sops/supplier-invoices.sop.md'): SkillExport {
  return exportSkill({ doc: parseSop(text), sopPath, readFile: () => undefined });
}

function descriptionOf(r: SkillExport): string {
  const md = r.files.get('SKILL.md')!;
  return (parse(md.slice(4, md.indexOf('\n---\n'))) as { description: string }).description;
}

/** An SOP a payables team would write, with the trigger given as `trigger`. */
function invoiceSop(trigger: string, why = 'Suppliers paid late charge interest, and a duplicate payment is hard to claw back.'): string {
  return `---
title: Supplier invoice approval
owner: Lee Park (Payables clerk)
approver: Dana Reyes (Finance lead)
---

# Supplier invoice approval

## Why this matters

${why} Matching first keeps both from happening.

## When to run it

${trigger}

## Steps

1. Match each invoice in the payables inbox to its purchase order.
2. Send the list of matched invoices to Dana Reyes (Finance lead) and wait for her approval before paying.
3. Pay the approved invoices from the bank portal.
`;
}

describe('the skill description', () => {
  it('says what the skill does, why, and when to use it, from the purpose and the trigger', () => {
    const d = descriptionOf(exported(invoiceSop('Every Tuesday morning, before the payment run.')));
    assert.equal(
      d,
      'Carries out the "Supplier invoice approval" procedure step by step, stopping to ask for each approval it needs. ' +
        'Suppliers paid late charge interest, and a duplicate payment is hard to claw back. ' +
        'Use it when asked to run the "Supplier invoice approval" procedure, or every Tuesday morning, before the payment run.',
    );
  });

  it('reads "Run this …" and a "When …, …" sentence as the condition they state', () => {
    assert.match(
      descriptionOf(exported(invoiceSop('Run this on the first business day of the month.'))),
      /procedure, or on the first business day of the month\.$/,
    );
    assert.match(
      descriptionOf(exported(invoiceSop('When an invoice arrives in the payables inbox, the clerk logs it first.'))),
      /procedure, or when an invoice arrives in the payables inbox\.$/,
    );
  });

  it('keeps a trigger that is not a condition as a sentence of its own', () => {
    assert.match(
      descriptionOf(exported(invoiceSop('Invoices arrive by e-mail from about forty suppliers.'))),
      /procedure\. When to run it: Invoices arrive by e-mail from about forty suppliers\.$/,
    );
  });

  it('does not repeat a kind the title already names, nor an article it starts with', () => {
    const vendor = descriptionOf(exported('# Vendor Onboarding Procedure\n\n## Steps\n\n1. Create the vendor.\n'));
    assert.match(vendor, /^Carries out the "Vendor Onboarding Procedure" step by step\. Use it when asked to run the "Vendor Onboarding Procedure"\.$/);
    const release = descriptionOf(exported('# The Release Process\n\n## Steps\n\n1. Tag the release.\n'));
    assert.match(release, /^Carries out "The Release Process" step by step\./);
  });

  it('shortens the purpose, never the what or the when, to stay within 1024 characters', () => {
    const why = 'Late payments cost the company interest and goodwill with the suppliers it depends on every week '.repeat(30);
    const d = descriptionOf(exported(invoiceSop('Every Tuesday morning, before the payment run.', why)));
    assert.ok(d.length <= 1024, `${d.length} characters`);
    assert.match(d, /^Carries out the "Supplier invoice approval" procedure/);
    assert.match(d, /… Use it when asked to run the "Supplier invoice approval" procedure, or every Tuesday morning, before the payment run\.$/);
  });

  it('is plain text: no angle brackets or line breaks, whatever the SOP holds', () => {
    const d = descriptionOf(exported(invoiceSop('Every <b>Tuesday</b>\u2028morning.', 'Late <script>payments</script> cost\u0007 interest.')));
    assert.doesNotMatch(d, /[<>\u2028\n]/);
    assert.ok(!d.includes(String.fromCharCode(7)), 'no control characters');
  });
});

describe('hostile SOP titles give skill names every loader accepts', () => {
  const titles = [
    '../../x',
    '../../../etc/passwd',
    'Quarterly close '.repeat(19).trim(),
    'Überprüfung der Eingangsrechnungen (Kreditoren)',
    '月次決算の手順',
    'تسوية الحسابات الشهرية',
    '🚀 Release 🚀',
    '---',
    'CLAUDE onboarding',
  ];
  for (const title of titles) {
    it(`"${title.slice(0, 40)}${title.length > 40 ? '…' : ''}" (${title.length} characters)`, () => {
      const started = Date.now();
      const r = exported(invoiceSop('Every Tuesday morning.').replace(/Supplier invoice approval/g, title), 'sops/hostile.sop.md');
      assert.match(r.name, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.ok(r.name.length <= 64, r.name);
      const errors = checkSkillLoaders(r.files, r.name).filter((f) => f.severity === 'error');
      assert.deepEqual(errors, [], `${r.name}: ${JSON.stringify(errors)}`);
      assert.ok(descriptionOf(r).length <= 1024);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    });
  }

  it('falls back to the file name, then to a fixed name, when the title has no letters a name can use', () => {
    assert.equal(exported('# 月次決算\n\n## Steps\n\n1. Close the month.\n', 'sops/month-end-close.sop.md').name, 'month-end-close');
    assert.equal(exported('# 月次決算\n\n## Steps\n\n1. Close the month.\n', 'sops/月次.sop.md').name, 'sop-skill');
  });

  it('stays fast on a 100k-character title, purpose and trigger', () => {
    const started = Date.now();
    const long = 'word, '.repeat(16_000) + '<'.repeat(4_000);
    const r = exported(`# ${long}\n\n## Why this matters\n\n${long}\n\n## When to run it\n\nWhen ${long}\n\n## Steps\n\n1. Do it.\n`);
    assert.ok(descriptionOf(r).length <= 1024);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});
