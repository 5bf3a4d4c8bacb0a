import { join } from 'node:path';
import { readFileSync, existsSync } from 'node:fs';
import { runCli, crashReason } from './cli.mjs';
import { buildSecretsCorpus } from './secretsCorpus.mjs';
import { promptMessages, readTree, tempWorkspace, writeFiles } from './workspace.mjs';

/**
 * Measurement 1: planted secrets that reach what a model receives (`sop prompt`), the offline draft,
 * `sop evidence` and a skill export; and look-alikes wrongly removed from the prompt.
 * A secret reaches an output when its whole value, or any 8 characters in a row of its random part, is in it.
 */

const WINDOW = 8;
const FOLDER = 'close-2026-10';

function grams(text) {
  const set = new Set();
  for (let i = 0; i + WINDOW <= text.length; i++) set.add(text.slice(i, i + WINDOW));
  return set;
}

function reaches(secret, output) {
  if (output.text.includes(secret.value)) return 'whole';
  for (const part of secret.parts) {
    if (part.length < WINDOW) {
      if (output.text.includes(part)) return 'part';
      continue;
    }
    for (let i = 0; i + WINDOW <= part.length; i++) if (output.grams.has(part.slice(i, i + WINDOW))) return 'part';
  }
  return undefined;
}

/** An approved SOP whose steps name every evidence file, so that the skill export copies what it can. */
function corpusSop(files) {
  const steps = [...files].map((f, i) => `${i + 1}. Use \`${FOLDER}/${f}\` as it was used in October (mechanical).`).join('\n');
  return `---\ntitle: Month-end close with the deploy scripts\ntype: sop\nstatus: approved\nowner: Sam Lee (Operations assistant)\napprover: Priya Nair (Finance manager)\n---\n\n# Month-end close with the deploy scripts\n\n## Why this matters\n\nThe close must be repeatable.\n\n## When to run it\n\nOn the first business day of each month.\n\n## Who owns it\n\n- **Owner:** Sam Lee (Operations assistant)\n- **Approver:** Priya Nair (Finance manager)\n\n## Inputs needed\n\nThe files in \`${FOLDER}/\`.\n\n## Steps\n\n${steps}\n${files.size + 1}. Send the report to Priya Nair (Finance manager) for sign-off and wait for her approval.\n\n## Decision points\n\n- Stop when a figure does not match.\n\n## Quality checks\n\n- \`test -s ${FOLDER}/notes/release-log.md\` — mechanical.\n\n## Common failures\n\n- The export is late: wait.\n\n## Escalation\n\n- **Contact:** Priya Nair (Finance manager).\n- **Stop if** a script fails.\n\n## Expected output\n\nThe report, signed off.\n`;
}

export async function measureSecrets(cli, random) {
  const ws = tempWorkspace('secrets');
  const corpus = buildSecretsCorpus(random);
  writeFiles(join(ws, FOLDER), corpus.files);
  writeFiles(ws, [['sops/close-with-deploy.sop.md', corpusSop(corpus.files.keys())]]);
  const work = join(ws, FOLDER);

  const [prompt, evidenceText, evidenceJson, draft, skill] = await Promise.all([
    runCli(cli, ['prompt', '--workspace', ws, work], { cwd: ws }),
    runCli(cli, ['evidence', '--workspace', ws, work], { cwd: ws }),
    runCli(cli, ['evidence', '--format', 'json', '--workspace', ws, work], { cwd: ws }),
    runCli(cli, ['draft', '--provider', 'offline', '--out', join(ws, 'drafts/close.sop.md'), '--workspace', ws, work], { cwd: ws }),
    runCli(cli, ['skill', '--out', join(ws, 'skill-out'), '--force', '--workspace', ws, join(ws, 'sops/close-with-deploy.sop.md')], { cwd: ws }),
  ]);
  const problems = [];
  for (const [name, run] of Object.entries({ prompt, evidenceText, evidenceJson, draft, skill })) {
    const crash = crashReason(run);
    if (crash || (run.code !== 0 && name !== 'skill'))
      problems.push(`${name}: exit ${run.code}${crash ? `, ${crash}` : ''}: ${run.stderr.trim().split('\n')[0] ?? ''}`);
  }

  const messages = promptMessages(prompt.stdout);
  const draftPath = join(ws, draft.stdout.trim().split('\n').pop() ?? '');
  const draftText = draft.stdout.trim() && existsSync(draftPath) ? readFileSync(draftPath, 'utf8') : '';
  const skillText = readTree(join(ws, 'skill-out'))
    .map((f) => f.text)
    .join('\n');
  const outputs = {
    prompt: messages.system + '\n' + messages.user,
    draft: draftText,
    evidence: evidenceText.stdout + evidenceText.stderr + evidenceJson.stdout,
    skill: skillText + skill.stderr,
  };
  const indexed = Object.fromEntries(Object.entries(outputs).map(([k, text]) => [k, { text, grams: grams(text) }]));

  let excludedFiles = [];
  try {
    excludedFiles = JSON.parse(evidenceJson.stdout).excluded.map((e) => e.path);
  } catch {
    problems.push('sop evidence --format json did not print JSON');
  }
  const leftOut = (file) => excludedFiles.some((p) => p === `${FOLDER}/${file}` || p.endsWith(`/${file}`));

  const rows = corpus.secrets.map((s) => ({
    kind: s.kind,
    file: s.file,
    fileLeftOut: leftOut(s.file),
    ...Object.fromEntries(Object.keys(indexed).map((k) => [k, reaches(s, indexed[k])])),
  }));
  const count = (k) => rows.filter((r) => r[k]).length;
  const missingLookalikes = corpus.lookalikes
    .filter((l) => !messages.user.includes(l.value))
    .map((l) => ({ kind: l.kind, file: l.file, fileLeftOut: leftOut(l.file) }));

  return {
    planted: rows.length,
    kinds: new Set(rows.map((r) => r.kind)).size,
    files: corpus.files.size,
    reachingPrompt: count('prompt'),
    reachingDraft: count('draft'),
    reachingEvidence: count('evidence'),
    reachingSkill: count('skill'),
    inFilesLeftOut: rows.filter((r) => r.fileLeftOut).length,
    lookalikes: corpus.lookalikes.length,
    lookalikesRemoved: missingLookalikes.filter((l) => !l.fileLeftOut).length,
    lookalikesInFilesLeftOut: missingLookalikes.filter((l) => l.fileLeftOut).length,
    promptChars: messages.system.length + messages.user.length,
    reached: rows
      .filter((r) => r.prompt || r.draft || r.evidence || r.skill)
      .map((r) => ({
        kind: r.kind,
        file: r.file,
        outputs: ['prompt', 'draft', 'evidence', 'skill'].filter((k) => r[k]).map((k) => `${k}${r[k] === 'part' ? '(part)' : ''}`),
      })),
    lookalikesRemovedList: missingLookalikes.filter((l) => !l.fileLeftOut),
    filesLeftOut: excludedFiles,
    problems,
  };
}
