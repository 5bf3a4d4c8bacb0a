import { strict as assert } from 'node:assert';
import { createHeadingMatcher, normalizeHeading } from '../../src/core/sop/sections';

describe('section headings', () => {
  const m = createHeadingMatcher();

  it('ignores case, numbering, emoji and trailing punctuation', () => {
    assert.equal(normalizeHeading('4. Quality Checks ✅'), 'quality checks');
    assert.equal(normalizeHeading('2.1 Inputs needed:'), 'inputs needed');
    assert.equal(normalizeHeading('🚨 Escalation!'), 'escalation');
    assert.equal(normalizeHeading('IV. Procedure'), 'procedure');
    assert.equal(normalizeHeading('**When to run it?**'), 'when to run it');
  });

  it('maps every heading the SOP shape lists to its part', () => {
    const table: Record<string, string[]> = {
      why: ['Why this matters', 'Purpose', 'Objective', 'Background'],
      trigger: ['When to run', 'When to run it', 'Trigger', 'Schedule', 'When'],
      owner: ['Who owns it', 'Owner', 'Owners', 'Roles', 'Roles and responsibilities', 'Responsibilities'],
      inputs: ['Inputs', 'Inputs needed', 'Prerequisites', 'Requirements', 'Tools needed'],
      steps: ['Steps', 'Procedure', 'Instructions', 'Process'],
      decisions: ['Decision points', 'Decisions', 'Rules', 'Business rules'],
      quality: ['Quality checks', 'Verification', 'Validation', 'Checks', 'Definition of done'],
      failures: ['Common failures', 'Failure cases', 'Troubleshooting', 'Exceptions', 'Known issues'],
      escalation: ['Escalation', 'Escalation rules', 'When to escalate', 'Contacts'],
      output: ['Expected output', 'Output', 'Outputs', 'Deliverables', 'Result'],
    };
    for (const [kind, headings] of Object.entries(table)) {
      for (const h of headings) assert.deepEqual(m.match(h), [kind], h);
      for (const h of headings) assert.deepEqual(m.match(`3. ${h.toUpperCase()}:`), [kind], h);
    }
  });

  it('lets a compound heading count for each part it names', () => {
    assert.deepEqual(m.match('Checks and common failures'), ['quality', 'failures']);
    assert.deepEqual(m.match('Inputs & outputs'), ['inputs', 'output']);
  });

  it('does not count headings of the team’s own', () => {
    assert.deepEqual(m.match('Appendix: glossary'), []);
    assert.deepEqual(m.match('Home office equipment'), []);
    assert.deepEqual(m.match('Release cutting'), []);
  });

  it('lets headings from config win over the meaning of their words', () => {
    const custom = createHeadingMatcher({ quality: ['Release schedule'] });
    assert.deepEqual(custom.match('Release schedule'), ['quality']);
    assert.deepEqual(custom.matchAll(['Release schedule']), [['quality']]);
    assert.deepEqual(m.match('Release schedule'), ['trigger']);
  });

  it('adds headings from config', () => {
    const custom = createHeadingMatcher({ steps: ['Runbook'], why: ['Context and goals'] });
    assert.deepEqual(custom.match('Runbook'), ['steps']);
    assert.deepEqual(custom.match('Context and goals'), ['why']);
    assert.ok(custom.headingsFor('steps').includes('Runbook'));
  });
});
