import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSop } from '../../src/core/sop/model';
import { createHeadingMatcher } from '../../src/core/sop/sections';
import { singular } from '../../src/core/sop/sectionMeaning';
import { SECTION_WORDS } from '../../src/core/sop/sectionWords';
import { REPO } from './helpers';

/** Headings written the way published procedures write them (release handbooks, QMS SOPs, incident runbooks). */
describe('section headings by meaning', () => {
  const m = createHeadingMatcher();
  const expect = (table: Record<string, string[]>) => {
    for (const [heading, kinds] of Object.entries(table)) assert.deepEqual(m.match(heading), kinds, heading);
  };

  it('counts a heading whose head noun names the part', () => {
    expect({
      'Process Steps': ['steps'],
      'Steps for the On-call Lead': ['steps'],
      'Payroll Run Procedure': ['steps'],
      'Release schedule': ['trigger'],
      'Release timing': ['trigger'],
      'Release validation': ['quality'],
      'Pre-flight checks': ['quality'],
      'Release shepherd responsibilities': ['owner'],
      'SIG Roles': ['owner'],
      'Build prerequisites': ['inputs'],
      'Machine setup': ['inputs'],
      'Expected outcomes': ['output'],
      Summary: ['why'],
      Scope: ['why'],
      Overview: ['why'],
      Contact: ['escalation'],
      'Emergency contacts': ['escalation'],
      Rollback: ['failures'],
      'Database roll back': ['failures'],
      FAQ: ['failures'],
      'Frequently asked questions': ['failures'],
      'Severity thresholds': ['decisions'],
      'Response team structure': ['owner'],
      'Staging vs production builds': ['decisions'],
      'Hotfix versus patch release': ['decisions'],
    });
  });

  it('counts a heading that opens with a word naming the part', () => {
    expect({
      'When - nightly builds': ['trigger'],
      'Who signs the release': ['owner'],
      'How to cut a patch release': ['steps'],
      'Verifying the export totals': ['quality'],
      'Check the published package': ['quality'],
      'Contact the vendor support desk': ['escalation'],
      'Troubleshoot a stuck payment run': ['failures'],
      'If the vote fails': ['decisions'],
      'Choose the freeze date': ['decisions'],
      'Before you start': ['inputs'],
    });
  });

  it('reads numbered, lettered and labelled headings, and skips asides and web addresses', () => {
    expect({
      '2.4 Verification': ['quality'],
      'Step 2: Finance sign-off': ['steps'],
      'E. (T-minus 3 days) Regression testing': ['quality'],
      'Appendix: Troubleshooting': ['failures'],
      'Reference: On-call contact information': ['escalation'],
      'Release day (Thursday)': [],
      'file: https://example.org/schedule/owners.yaml': [],
    });
  });

  it('does not count a heading that only mentions a part', () => {
    expect({
      'Escalation policy review': [],
      'Initiate Response': [],
      'Push artifacts to the mirror': [],
      'Notes on the review process of suppliers': [],
      'Creating and managing the release issue': [],
      'Checking periods': [],
    });
  });

  it('counts timelines, charters, severity scales, redoing the work and what sets the work off', () => {
    expect({
      'Payroll Timeline': ['steps'],
      'Close runbook': ['steps'],
      'Finance team charter': ['owner'],
      'Incident severity': ['decisions'],
      'Vendor criticality': ['decisions'],
      'Data classification': ['decisions'],
      'Appendix: Rebuilding a failed export': ['failures'],
      'Retry a rejected payment file': ['failures'],
      'Things that may result in you being paged': ['trigger'],
      'Events that trigger a refund review': ['trigger'],
      'What triggers a stock count': ['trigger'],
      'Things that we learned': [],
      'Events that were cancelled': [],
    });
  });

  it('reads "when" headings about what goes wrong or when the work is over for those parts, not the trigger', () => {
    expect({
      'When things go wrong': ['failures'],
      'If something breaks': ['failures'],
      'What to do if it fails': ['failures'],
      'When does a payroll run end?': ['output'],
      'When is the migration done': ['output'],
      // A named event stays what sets the work off (of a recovery procedure, say).
      'When the nightly export fails': ['trigger'],
      'When to run it': ['trigger'],
    });
  });

  it('counts the terms a case is held to as decisions, and stewards, scheduling and preconditions as their parts', () => {
    expect({
      'Severity levels': ['decisions'],
      'Conditions for self-hosted customers': ['decisions'],
      'Spending limits': ['decisions'],
      'Approval matrix': ['decisions'],
      'What needs legal approval': ['decisions'],
      'Release scheduling': ['trigger'],
      'Security release stewards': ['owner'],
      Preconditions: ['inputs'],
    });
  });

  it('reads the words alert runbooks and release guides use, and a heading of two sentences as a step', () => {
    expect({
      Impact: ['why'],
      'Release managers': ['owner'],
      'Before you begin': ['inputs'],
      Mitigation: ['steps'],
      'What if the vendor breaks the embargo?': ['failures'],
      'Do we ship database changes? If so, tell the DBA.': [],
      'Mock vs. nomock': ['decisions'],
    });
  });

  it('reads a question only from its question word', () => {
    expect({
      'When are you added to the rota?': ['trigger'],
      'What is a hotfix?': ['why'],
      'If I miss the cut-off, what is the timeline for a refund?': [],
      'Can I expense a late booking, if the rules allow it?': [],
    });
  });

  it('counts each named part of a compound heading', () => {
    expect({
      'Verification and Check of Effectiveness': ['quality'],
      'Decision on Next Steps and Immediate Action': ['decisions'],
      'Minor/Major Release Checklist': ['steps'],
      'Summary, scope and contacts': ['why', 'escalation'],
    });
  });

  it('makes a checklist the steps, or the quality checks when steps came before it', () => {
    assert.deepEqual(m.matchAll(['Checklist', 'Cut off the attack vector']), [['steps'], []]);
    assert.deepEqual(m.matchAll(['Procedure', 'Checklist']), [['steps'], ['quality']]);
    assert.deepEqual(m.matchAll(['Minor release checklist', 'Patch release checklist']), [['steps'], ['steps']]);
  });

  it('keeps a level-1 title that only sounds like a part as the title', () => {
    const doc = parseSop('# Quality Release Process\n\n## Summary\n\nWhy we ship monthly.\n\n## Process Steps\n\n1. Cut the branch.\n');
    assert.equal(doc.title?.text, 'Quality Release Process');
    assert.deepEqual(
      doc.sections.map((s) => [s.heading.text, s.kinds]),
      [
        ['Summary', ['why']],
        ['Process Steps', ['steps']],
      ],
    );
    assert.deepEqual(parseSop('# Steps\n\n1. Do it.\n').sections[0]?.kinds, ['steps'], 'a listed heading is a part, not the title');
  });

  it('keeps plural stemming light: responsibilities meets responsibility, response stays apart', () => {
    assert.equal(singular('responsibilities'), 'responsibility');
    assert.equal(singular('processes'), 'process');
    assert.equal(singular('schedules'), 'schedule');
    assert.equal(singular('process'), 'process');
    assert.equal(singular('status'), 'status');
    assert.deepEqual(m.match('Incident response'), []);
  });

  it('matches hostile headings of 100k characters quickly', () => {
    const hostile = [
      'a '.repeat(50_000),
      '('.repeat(100_000),
      'x:'.repeat(50_000),
      ' - '.repeat(33_000),
      'https://'.repeat(12_000),
      'and '.repeat(25_000) + '?',
    ];
    const started = Date.now();
    for (const h of hostile) m.matchAll([h, h]);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

describe('missing-section.md', () => {
  it('lists exactly the words that name each part', () => {
    const md = readFileSync(resolve(REPO, 'docs/rules/missing-section.md'), 'utf8');
    const table = md.slice(md.indexOf('| Part | Head nouns that name it |')).split('\n\n')[0].split('\n');
    for (const [kind, words] of Object.entries(SECTION_WORDS)) {
      const row = table.find((l) => l.startsWith(`| \`${kind}\` |`));
      assert.ok(row, `a row of words for ${kind}`);
      const [heads, openers] = row
        .split('|')
        .slice(2, 4)
        .map((cell) =>
          cell
            .split(',')
            .map((w) => w.trim().toLowerCase())
            .filter(Boolean),
        );
      assert.deepEqual(heads, [...words.heads], `${kind}: head nouns`);
      assert.deepEqual(openers, [...words.openers], `${kind}: first words`);
    }
  });
});
