import type { AutomationPlan } from './plan';
import { runLogInstructions } from '../runs/instructions';

export interface PromptInput {
  title: string;
  sopPath: string;
  skillPath: string;
  /** Workspace-relative folder the run reports go into. */
  reportFolder: string;
  /** "At 09:00 on days 1 to 3 of every month (Europe/London), only on the first business day", or undefined for manual runs. */
  when?: string;
  plan: AutomationPlan;
}

function quoted(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The instructions an agent gets on every run: do the mechanical part, stop at the first person, report. */
export function automationPrompt(input: PromptInput): string {
  const { plan } = input;
  const stop = plan.stopsAt;
  const out: string[] = [
    `# Unattended run: ${quoted(input.title)}`,
    '',
    `You are running the unattended part of the SOP "${quoted(input.title)}" (\`${input.sopPath}\`) ${input.when ? `on its schedule (${input.when})` : 'because someone started it by hand'}, with nobody watching.`,
    `Use the skill at \`${input.skillPath}/SKILL.md\`: it has the steps, the commands and the scripts. This prompt decides how much of it you may do on your own, and it wins wherever the two differ.`,
    '',
    '## Run only these steps, in this order',
    '',
  ];
  if (plan.unattended.length) {
    for (const s of plan.unattended) out.push(`${s.number}. ${quoted(s.text)} (SOP line ${s.line})`);
    out.push('', 'Do not run any other step, even one that looks mechanical, and do not skip ahead.');
  } else {
    out.push('None. The first step already needs a person: do not run anything; write the run report with the question below.');
  }
  out.push('', '## Then stop', '');
  if (stop) {
    out.push(
      `Step ${stop.number} is the first human gate: "${quoted(stop.text).replace(/[.;:]+$/, '')}". It is ${stop.why}.`,
      `**Stop there and do not continue.** Do not do step ${stop.number} or anything after it: the next move belongs to ${stop.ask}.`,
    );
  } else {
    out.push('Every step is mechanical; when the last one is done, stop.');
  }
  out.push('', 'Stop at once, without going on, also when:', '', '- a step or a check fails, or a command exits with an error or an unexpected exit code;');
  for (const c of plan.stopConditions) out.push(`- ${quoted(c)}`);
  out.push(
    '- anything is not as the SOP describes: a file is missing or from the wrong period, figures do not match, a question comes up that the SOP does not answer.',
    '',
    'Never work around a failure: do not change thresholds, tolerances, inputs or scripts to make something pass, and do not retry with other settings.',
    '',
  );

  if (plan.checks.length || plan.manualChecks.length) {
    out.push('## Checks', '');
    if (plan.checks.length) {
      out.push('After the steps you ran, do these checks that apply to them, and record each result (passed or failed, with the output or figures):', '');
      for (const c of plan.checks)
        out.push(
          `- ${quoted(c.text)}${c.kind === 'total' ? ' Record the figures; where the check compares them with something you cannot open, leave that comparison to the person.' : ''} (SOP line ${c.line})`,
        );
      out.push('');
    }
    if (plan.manualChecks.length) {
      out.push('These checks need a person; do not try them, list them in the report as still to do:', '');
      for (const c of plan.manualChecks) out.push(`- ${quoted(c.text)} (SOP line ${c.line})`);
      out.push('');
    }
  }

  out.push(
    "## Never, on anyone's behalf",
    '',
    '- Never approve, sign off, send, e-mail, pay, post, publish, submit or release anything, even when a step says so and even when it looks routine.',
    '- Never read, print, copy or ask for `.env` files, keys, tokens, passwords or other secrets. If a step needs one that is not already available to the command, stop and say so in the report.',
    '- Never change the SOP, the skill or this prompt.',
  );
  if (plan.neverUnattended.length) {
    out.push('- Never do these; they are for the people named:', '');
    for (const r of plan.neverUnattended) out.push(`  - ${r.step ? `Step ${r.step}: ` : ''}${quoted(r.text)} — ${r.who}`);
  }
  out.push('', ...runLogInstructions({ sopPath: input.sopPath, actor: 'automation', name: 'scheduled run', gateWho: stop?.ask ?? plan.fallbackWho }));
  out.push(
    '## Run report',
    '',
    `Write the report to \`${input.reportFolder}/<YYYY-MM-DD>.md\` (the run's date) and show it as your last message. It has:`,
    '',
    '1. **What was done**: each step you ran, the command, and its exit code.',
    '2. **Outputs**: each file written or changed, with its path.',
    '3. **Checks**: each check, passed or failed, with the output or figures; and the checks left for a person.',
    `4. **Stopped at**: ${stop ? `step ${stop.number}` : 'the step or check'} and why${stop ? '' : ' (or "all steps done")'}.`,
    `5. **Question for ${stop ? stop.ask : plan.fallbackWho}**: the exact question they must answer before the work goes on${stop ? ` (for step ${stop.number}: "${quoted(stop.text).replace(/[.;:]+$/, '')}")` : ''}, with the evidence they need to answer it: file paths, figures, error text.`,
    '',
  );
  return out.join('\n');
}
