import { strict as assert } from 'node:assert';
import { lintAt, only, textAt } from '../helpers';
import { pathsInCommand, pathsInProse } from '../../../src/core/sop/pathSyntax';

const values = (tokens: Array<{ value: string }>) => tokens.map((t) => t.value);

describe('path mentions: only where there are paths', () => {
  const rules = only('missing-path', 'path-outside-workspace');
  const found = (text: string) => lintAt('sops/x.sop.md', text, rules).issues.map((i) => `${i.rule} ${textAt(text, i.range)}`);

  it('takes no piece of a bare URL for a path', () => {
    const text = [
      '# Install',
      '',
      '- macOS: https://downloads.example.org/agent-7.2.0.pkg',
      '- Docs: see https://wiki.example.com/ops/runbooks/restart.html, then www.example.net/status/index.html.',
      '',
    ].join('\n');
    assert.deepEqual(found(text), []);
  });

  it('takes no bot command, label, search or slug for a path', () => {
    const text = [
      '# Merge',
      '',
      'The reviewer comments `/lgtm` and the approver `/approve`; close the issue with `/close`.',
      'Search [`is:pr label:needs-triage/urgent`](https://github.com/acme-corp/billing/pulls) first.',
      'Open the PR against `acme-corp/billing`, then the matching one in `acme-corp/ledger-tools`.',
      'The bot removes `hold/for-review` when the labels are cleared.',
      '',
    ].join('\n');
    assert.deepEqual(found(text), []);
  });

  it('reads sed expressions, alternatives, diff output and git refs for what they are', () => {
    const text = [
      '# Bump',
      '',
      'When the lock changes (Pipfile/Pipfile.lock), rerun the check. Add/ Remove Owners below.',
      '',
      '```bash',
      "sed -i -e 's/2.3.0/2.4.0/g' scripts/clean_sales.py",
      'git checkout -b release-2.4 upstream/release-2.4',
      '```',
      '',
      '```shell',
      '$ git diff scripts/build_report.sh',
      'diff --git a/scripts/build_report.sh b/scripts/build_report.sh',
      '--- a/scripts/build_report.sh',
      '+++ b/scripts/build_report.sh',
      '-MONTH=2026-09',
      '+MONTH=2026-10',
      '```',
      '',
    ].join('\n');
    assert.deepEqual(found(text), []);
  });

  it('finds the script inside a quoted command substitution, whole', () => {
    const text = ['# Tag', '', '```bash', 'tag="v$(./scripts/print_version.sh)"', '```', ''].join('\n');
    assert.deepEqual(found(text), ['missing-path ./scripts/print_version.sh']);
  });

  it('checks bare project file names and usual folders written in code', () => {
    const text = '# Release\n\nBump the number in `VERSION` and in `src/version`, then sign with the key listed in `KEYS`.\n';
    assert.deepEqual(found(text), ['missing-path VERSION', 'missing-path src/version', 'missing-path KEYS']);
  });

  it('keeps real absolute paths, including a Windows path with spaces', () => {
    const text = '# Install\n\nMove the binary to /usr/local/bin/agent or C:\\Program Files\\Agent\\agent.exe.\n';
    assert.deepEqual(found(text), ['path-outside-workspace /usr/local/bin/agent', 'path-outside-workspace C:\\Program Files\\Agent\\agent.exe']);
  });

  it('does not tell a site-root link it only works on one machine, but still reports a home folder in a link', () => {
    const text = '# On call\n\nRead [the paging guide](/manual/paging.html) and ![rota](/images/rota.png), not [my copy](/Users/sam/guide.html).\n';
    assert.deepEqual(found(text), ['path-outside-workspace /Users/sam/guide.html']);
  });

  it('passes no e-mail subject off as a path', () => {
    const text = '# Push\n\nWait for the mail with a subject line like `agent 7.2b3 build2/agent-beta` before pushing.\n';
    assert.deepEqual(found(text), []);
  });
});

describe('path syntax on hostile input', () => {
  it('stays linear on long runs of URL, slash, quote and substitution characters', () => {
    const inputs = [
      'https://' + 'a/'.repeat(50_000),
      'C:\\' + 'a b\\'.repeat(30_000),
      '"$(' + '$('.repeat(50_000),
      's/' + 'a\\/'.repeat(33_000),
      'x/ '.repeat(33_000),
      'git checkout '.repeat(8_000),
    ];
    const started = Date.now();
    for (const input of inputs) {
      pathsInProse(input);
      pathsInCommand(input);
    }
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });

  it('still splits a plain command into its paths', () => {
    assert.deepEqual(values(pathsInCommand('python3 scripts/clean_sales.py --out=reports/out.csv linux/amd64')), ['scripts/clean_sales.py', 'reports/out.csv']);
  });
});

describe('rule path-outside-workspace on system paths', () => {
  it('says a system path is checked nowhere and asks which machine, instead of calling it one machine’s', () => {
    const text = '# X\n\n## Steps\n\n1. Lock the other users in /etc/shadow on the server.\n2. Open /Users/dana/Desktop/report.xlsx.\n';
    const messages = lintAt('sops/x.sop.md', text, only('path-outside-workspace'))
      .issues.filter((i) => i.rule === 'path-outside-workspace')
      .map((i) => i.message);
    assert.equal(messages.length, 2);
    assert.match(messages[0], /^"\/etc\/shadow" is a system path outside the workspace, so SOP Builder cannot check it\. Say which machine it is on/);
    assert.match(messages[1], /^"\/Users\/dana\/Desktop\/report\.xlsx" is an absolute path: it only works on one machine/);
  });
});
