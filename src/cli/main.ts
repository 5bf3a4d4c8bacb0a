import { parseArgs } from 'node:util';
import { runLint } from './lintCommand';
import { UsageError, type CommandResult } from './usage';
import { redactSecrets } from '../core/evidence/redact';
import { OFFLINE_PROVIDER } from '../core/draft/providers';
import { version } from '../../package.json';

const HELP = `sop — SOP Builder on the command line

Usage:
  sop lint [--format text|json|sarif] [--workspace DIR] PATH...
      Lint SOP files (PATH is a file or a folder: every SOP inside it).
  sop evidence [--format text|json] [--workspace DIR] PATH...
      What Draft SOP would use as evidence from PATH, and what it leaves out and why.
  sop prompt [--workspace DIR] [--audience TEXT] [--images] PATH...
      The exact messages a model would receive, as JSON.
  sop draft [--provider offline|openai|auto] [--model M] [--base-url URL] [--audience TEXT] [--images]
            [--out FILE] [--out-dir DIR] [--no-repair] [--workspace DIR] PATH...
      Draft an SOP from the evidence in PATH into DIR (default sops) or FILE; prints the new file's path.
      The openai provider reads the key from OPENAI_API_KEY. A draft never overwrites a file: it gets a
      suffix instead. A model's draft is linted and the findings a model can fix are sent back once; the
      better draft is kept (--no-repair: one round only).
  sop skill [--out DIR] [--also claude,github|none] [--force] [--workspace DIR] PATH
      Export the SOP at PATH as an Agent Skill folder <DIR>/<name>/ (default DIR: .agents/skills in the
      workspace), with identical copies in .claude/skills and .github/skills (--also, default both) so Codex,
      Claude Code and VS Code / Copilot all find it; prints the folder, then which agents load it and why.
      Earlier exports are only replaced with --force (hand edits are listed); someone's own skill, never.
  sop automation [--cron EXPR] [--timezone TZ] [--skill DIR] [--out DIR] [--force] [--workspace DIR] PATH
      Export the SOP at PATH as an automation: .agents/automations/<name>/automation.json and prompt.md,
      and .github/workflows/sop-<name>.yml, under the workspace (or DIR); the SOP is exported as a skill
      too when --skill DIR (default .agents/skills/<name>) does not exist. The schedule is read from the
      SOP unless --cron (5 fields, in --timezone) is given, and printed with what it means. Existing files
      are only replaced with --force.
  sop hooks [--force] [--workspace DIR] PATH
      Enforce the approval gates of the SOP at PATH in coding agents: writes .agents/hooks/sop-<name>-gates.mjs,
      a PreToolUse hook that denies (or asks about) tool calls doing a step after a gate until the run log
      holds the approver's approval, registers it in .github/hooks/sop-<name>.json (Copilot CLI, VS Code)
      and merges it into .claude/settings.json (Claude Code). See docs/hooks.md.
  sop review [--format markdown|json] [--out FILE] [--workspace DIR] PATH
      Lint and review the SOP at PATH against the seven questions an owner asks before approving it;
      the report goes to stdout, or to FILE (only ever over an earlier review report). Exit 0 when it is
      ready to approve, 1 when it is not.

  sop approve --by NAME [--override] [--copies besideSop|workspaceRoot|off] [--workspace DIR] PATH
      Record NAME's approval of the SOP at PATH: in its front matter today's date and the hash of its text,
      in its evidence manifest (<sop>.evidence.yaml beside it) the hash of every evidence file it lists,
      with copies of that evidence kept for later comparison.
      Refused while lint reports errors, unless --override.

  sop run start --sop PATH [--param NAME=VALUE]... [--by NAME] [--workspace DIR]
      Start a run of the SOP at PATH: writes its run-started event (the SOP's body hash, its approval date,
      the parameters) to a new run log runs/<sop>/<run-id>.jsonl beside the SOP; prints the log's path.
  sop run record --event JSON [--workspace DIR] RUNLOG
      Append one event (step-done, step-skipped, gate-approved, note, run-finished, ...; see docs/run-log.md)
      to RUNLOG. A step may be given by number alone; "at" defaults to now. Earlier lines are never changed;
      a gate approval recorded by an agent or automation is refused (exit 1).
  sop conform [--format text|json|csv|html] [--workspace DIR] PATH [RUNLOG|FOLDER]...
      Whether the recorded runs of the SOP at PATH followed it: skipped, extra, reordered and changed steps,
      steps done before an approval gate was approved (exit 1), and per-step rates since approval. The runs are
      those in the SOP's runs folder, or the run logs (or folders of them) given after PATH.
      csv: every event as case_id, activity, timestamp, actor, actor_kind, step_id, event (for process mining).
      html: a page with the verdict, a bar per step (done / different / skipped / failed) and the runs.

  sop mcp [--workspace DIR]
      Serve the workspace to agents over the Model Context Protocol on stdin/stdout: evidence, the drafting
      prompt, lint, review, skill export, run recording and conformance as tools; approved SOPs as prompts
      and version-pinned resources. See docs/mcp.md.

  --workspace DIR  the workspace root (default: the current folder)

Exit codes: 0 done (lint: no errors), 1 lint errors, a failed draft (partial draft kept), a skill that
breaks the Agent Skills specification (or that an agent it is copied for would not load),
an SOP that cannot be automated, a run past an unapproved gate (conform)
or a refused event (run record), 2 bad usage or an unreadable config.
`;

/**
 * Drafting and the SOP commands (review, approve, the exports) load when one of them runs: `sop lint`, which CI
 * runs on every SOP, reads only the linter.
 */
const draftCommands = () => import('./draftCommands');
const sopCommands = () => import('./sopCommands');
const hooksCommand = () => import('./hooksCommand');
const runCommands = () => import('./runCommands');
const mcpServer = () => import('./mcp/server');

const common = {
  workspace: { type: 'string' as const, default: process.cwd() },
  help: { type: 'boolean' as const, short: 'h' },
};

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  stderr: (l: string) => void = (l) => process.stderr.write(l + '\n'),
): Promise<CommandResult> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    return { exitCode: command ? 0 : 2, stdout: command ? HELP : '', stderr: command ? '' : HELP };
  }
  if (command === '--version') return { exitCode: 0, stdout: version + '\n', stderr: '' };
  try {
    const parse = <T extends Record<string, { type: 'string' | 'boolean'; default?: string | boolean; short?: string }>>(options: T) =>
      parseArgs({ args: rest, allowPositionals: true, options: { ...common, ...options } });
    const needPaths = (p: string[]) => {
      if (p.length === 0) throw new UsageError(`sop ${command} needs at least one PATH.`);
    };
    if (command === 'lint') {
      const { values, positionals } = parse({ format: { type: 'string', default: 'text' } });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      if (!['text', 'json', 'sarif'].includes(values.format as string)) throw new UsageError(`--format must be text, json or sarif (got "${values.format}").`);
      if (positionals.length === 0) throw new UsageError('sop lint needs at least one PATH (an SOP file or a folder).');
      return await runLint({ format: values.format as 'text', workspace: values.workspace as string, paths: positionals, version });
    }
    if (command === 'evidence') {
      const { values, positionals } = parse({ format: { type: 'string', default: 'text' } });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      if (!['text', 'json'].includes(values.format as string)) throw new UsageError(`--format must be text or json (got "${values.format}").`);
      needPaths(positionals);
      const { runEvidence } = await draftCommands();
      return await runEvidence({ format: values.format as 'text', workspace: values.workspace as string, paths: positionals });
    }
    if (command === 'prompt') {
      const { values, positionals } = parse({ audience: { type: 'string' }, images: { type: 'boolean' } });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      needPaths(positionals);
      const { runPrompt } = await draftCommands();
      return await runPrompt({
        workspace: values.workspace as string,
        paths: positionals,
        audience: values.audience as string | undefined,
        images: !!values.images,
      });
    }
    if (command === 'draft') {
      const { values, positionals } = parse({
        provider: { type: 'string', default: OFFLINE_PROVIDER.id },
        model: { type: 'string' },
        'base-url': { type: 'string' },
        audience: { type: 'string' },
        out: { type: 'string' },
        'out-dir': { type: 'string' },
        images: { type: 'boolean' },
        'no-repair': { type: 'boolean' },
      });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      needPaths(positionals);
      const { runDraft } = await draftCommands();
      return await runDraft({
        repair: !values['no-repair'],
        workspace: values.workspace as string,
        paths: positionals,
        provider: values.provider as string,
        images: !!values.images,
        model: values.model as string | undefined,
        baseUrl: values['base-url'] as string | undefined,
        audience: values.audience as string | undefined,
        out: values.out as string | undefined,
        outDir: values['out-dir'] as string | undefined,
        env,
        stderr,
      });
    }
    if (command === 'skill') {
      const { values, positionals } = parse({ out: { type: 'string' }, also: { type: 'string' }, force: { type: 'boolean' } });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      if (positionals.length !== 1) throw new UsageError('sop skill needs exactly one PATH (an SOP file).');
      const { runSkill } = await sopCommands();
      return await runSkill({
        workspace: values.workspace as string,
        path: positionals[0],
        out: values.out as string | undefined,
        also: values.also as string | undefined,
        force: !!values.force,
      });
    }
    if (command === 'automation') {
      const { values, positionals } = parse({
        cron: { type: 'string' },
        timezone: { type: 'string' },
        skill: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
      });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      if (positionals.length !== 1) throw new UsageError('sop automation needs exactly one PATH (an SOP file).');
      const { runAutomation } = await sopCommands();
      return await runAutomation({
        workspace: values.workspace as string,
        path: positionals[0],
        cron: values.cron as string | undefined,
        timezone: values.timezone as string | undefined,
        skill: values.skill as string | undefined,
        out: values.out as string | undefined,
        force: !!values.force,
        version,
      });
    }
    if (command === 'hooks') {
      const { values, positionals } = parse({ force: { type: 'boolean' } });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      if (positionals.length !== 1) throw new UsageError('sop hooks needs exactly one PATH (an SOP file).');
      const { runHooks } = await hooksCommand();
      return await runHooks({ workspace: values.workspace as string, path: positionals[0], force: !!values.force });
    }
    if (command === 'review') {
      const { values, positionals } = parse({ format: { type: 'string', default: 'markdown' }, out: { type: 'string' } });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      if (!['markdown', 'json'].includes(values.format as string)) throw new UsageError(`--format must be markdown or json (got "${values.format}").`);
      if (positionals.length !== 1) throw new UsageError('sop review needs exactly one PATH (an SOP file).');
      const { runReview } = await sopCommands();
      return await runReview({
        format: values.format as 'markdown',
        workspace: values.workspace as string,
        path: positionals[0],
        out: values.out as string | undefined,
      });
    }
    if (command === 'approve') {
      const { values, positionals } = parse({ by: { type: 'string' }, override: { type: 'boolean' }, copies: { type: 'string', default: 'besideSop' } });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      if (positionals.length !== 1) throw new UsageError('sop approve needs exactly one PATH (an SOP file).');
      if (!(values.by as string | undefined)?.trim()) throw new UsageError('sop approve needs --by NAME: who approves the SOP, by name and role.');
      if (!['besideSop', 'workspaceRoot', 'off'].includes(values.copies as string))
        throw new UsageError(`--copies must be besideSop, workspaceRoot or off (got "${values.copies}").`);
      const { runApprove } = await sopCommands();
      return await runApprove({
        workspace: values.workspace as string,
        path: positionals[0],
        by: values.by as string,
        override: !!values.override,
        copies: values.copies as 'off',
      });
    }
    if (command === 'conform') {
      const { values, positionals } = parse({ format: { type: 'string', default: 'text' } });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      if (!['text', 'json', 'csv', 'html'].includes(values.format as string))
        throw new UsageError(`--format must be text, json, csv or html (got "${values.format}").`);
      if (positionals.length < 1) throw new UsageError('sop conform needs PATH (an SOP file), then run logs if not its own.');
      const { runConform } = await runCommands();
      return await runConform({ workspace: values.workspace as string, path: positionals[0], runs: positionals.slice(1), format: values.format as 'text' });
    }
    if (command === 'run') {
      const { values, positionals } = parse({
        sop: { type: 'string' },
        param: { type: 'string', multiple: true },
        by: { type: 'string' },
        event: { type: 'string' },
      });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      const [sub, ...paths] = positionals;
      const { runStart, runRecord } = await runCommands();
      if (sub === 'start') {
        if (!values.sop || paths.length > 0) throw new UsageError('sop run start needs --sop PATH (the SOP to follow) and no other PATH.');
        return await runStart({
          workspace: values.workspace as string,
          sop: values.sop as string,
          params: (values.param as string[] | undefined) ?? [],
          by: values.by as string | undefined,
        });
      }
      if (sub === 'record') {
        if (!values.event || paths.length !== 1)
          throw new UsageError('sop run record needs --event JSON and exactly one RUNLOG (the path sop run start printed).');
        return await runRecord({ workspace: values.workspace as string, runLog: paths[0], event: values.event as string });
      }
      throw new UsageError(`sop run needs "start" or "record" (got ${sub ? `"${sub}"` : 'nothing'}). Run "sop --help" for both.`);
    }
    if (command === 'mcp') {
      const { values, positionals } = parse({});
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      if (positionals.length > 0) throw new UsageError('sop mcp takes no PATH: it serves the --workspace folder (default: the current folder).');
      const { runMcp } = await mcpServer();
      return await runMcp({ workspace: values.workspace as string, version });
    }
    throw new UsageError(`Unknown command "${command}". Run "sop --help" for the commands.`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      return { exitCode: 2, stdout: '', stderr: `sop: ${(e as Error).message}\n` };
    }
    throw e;
  }
}

/** What goes to stderr: an error from a model endpoint or a library can quote a key, so it is scrubbed first. */
function scrubbed(text: string): string {
  const key = process.env.OPENAI_API_KEY;
  const plain = key && key.length >= 6 ? text.split(key).join('[redacted: API key]') : text;
  return redactSecrets(plain).text;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, (l) => process.stderr.write(scrubbed(l) + '\n')).then(
    (result) => {
      process.stdout.write(result.stdout);
      process.stderr.write(scrubbed(result.stderr));
      process.exitCode = result.exitCode;
    },
    (e) => {
      process.stderr.write(scrubbed(`sop: ${e instanceof Error ? e.message : String(e)}\n`));
      process.exitCode = 2;
    },
  );
}
