import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { distrustOf } from '../../core/approval/status';
import { MAX_SOP_CHARS } from '../../core/lint/lint';
import { toFinding } from '../../core/lint/report';
import { renderLoadsIn } from '../../core/skill/loadsIn';
import {
  DEFAULT_SKILL_ALSO_FOR,
  DEFAULT_SKILL_FOLDER,
  foreignMessage,
  foreignPlaces,
  handEdits,
  planSkillExport,
  SKILL_COPY_FOLDERS,
  skillLoadReport,
  writeSkillExport,
  type SkillCopyFor,
} from '../../core/usecases/exportSkill';
import { renderReview, reviewOf } from '../../core/usecases/review';
import { checkSopWithFacts } from '../../core/usecases/lintSop';
import { conformSopRuns } from '../../core/usecases/runs';
import { loadConfig, MAX_SOP_READ_BYTES } from '../../core/usecases/sop';
import { relativeTo } from '../../core/workspace/paths';
import { indexWorkspace } from '../../core/workspace/walk';
import { lookOnDisk } from '../../node/nodeWorkspace';
import { configProblemsText } from '../lintCommand';
import { insideArg, openSopArg, refuseSensitiveOrNotMarkdown, ToolRefusal, type McpWorkspace } from './context';
import { guarded, READ_ONLY, structured, writes } from './results';

const sopPath = z.string().max(4096).describe('The SOP file, relative to the workspace (e.g. "sops/month-end-close.sop.md").');
const verdict = z.enum(['not yet tried', 'followed', 'deviations', 'hard failures']);
const step = z.looseObject({ id: z.string(), number: z.number(), text: z.string() });

/** The SOP's text: given inline, or read from the file (never more than the linter can use). */
async function sopText(w: McpWorkspace, abs: string, rel: string, inline?: string): Promise<{ text: string; fullLength?: number }> {
  if (inline !== undefined) return { text: inline };
  const st = await w.ws.stat(abs).catch(() => undefined);
  if (!st) throw new ToolRefusal(`${rel}: no such SOP file. Give the path of an existing SOP, or pass its text with the path it would be saved at.`);
  if (st.type !== 'file') throw new ToolRefusal(`${rel} is a folder: give the SOP file in it.`);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await w.ws.read(abs, MAX_SOP_READ_BYTES));
  return { text, fullLength: st.size > MAX_SOP_READ_BYTES ? st.size : undefined };
}

export function registerSopTools(server: McpServer, w: McpWorkspace): void {
  server.registerTool(
    'lint',
    {
      title: 'Lint an SOP',
      description:
        'Use this after writing or editing an SOP, before saving or asking for review: it checks the SOP file at path, or the SOP text you ' +
        'pass (as if saved at path, which need not exist yet), with the config in force there, exactly as `sop lint` does. Findings come ' +
        'with their rule, severity and 1-based position.',
      inputSchema: {
        path: sopPath,
        text: z.string().max(MAX_SOP_CHARS).optional().describe('The SOP text to lint instead of the file: path then only says where it would be saved.'),
      },
      outputSchema: {
        file: z.string(),
        status: z.string().describe('Approval status: draft, unrecorded, approved, changed, drifted or review-due.'),
        errors: z.number(),
        warnings: z.number(),
        info: z.number(),
        findings: z.array(
          z.object({
            file: z.string(),
            rule: z.string(),
            severity: z.enum(['error', 'warning', 'info']),
            message: z.string(),
            line: z.number(),
            column: z.number(),
            endLine: z.number(),
            endColumn: z.number(),
          }),
        ),
      },
      annotations: READ_ONLY,
    },
    guarded('lint', async (args: { path: string; text?: string }) => {
      const arg = await insideArg(w, args.path, 'path');
      refuseSensitiveOrNotMarkdown(w, arg.rel, arg.realRel);
      const { text, fullLength } = await sopText(w, arg.abs, arg.rel, args.text);
      const { config, problems } = await loadConfig(w.ws, arg.abs);
      if (problems.length > 0) throw new ToolRefusal(`The lint config in force is broken; fix it first:\n${await configProblemsText(w.ws, w.root, problems)}`);
      const index = await indexWorkspace(w.ws, undefined, lookOnDisk);
      // As `sop lint`: with what the SOP's exported skills and run logs say.
      const sop = await checkSopWithFacts(w.ws, { root: w.root, path: arg.abs, text, config, fullLength }, { index, relPath: arg.rel });
      const findings = sop.lint.issues.map((i) => toFinding(arg.rel, i));
      const count = (s: string) => findings.filter((f) => f.severity === s).length;
      const result = { file: arg.rel, status: sop.status, errors: count('error'), warnings: count('warning'), info: count('info'), findings };
      return structured(result, `${arg.rel}: ${result.errors} error(s), ${result.warnings} warning(s), ${result.info} info.`);
    }),
  );

  server.registerTool(
    'review',
    {
      title: 'Review an SOP before approval',
      description:
        'Use this when an SOP looks finished, to learn whether its owner can approve it: the seven review questions (inputs, judgment, ' +
        'gates, done, failures, sensitive data, paths) answered from lint and the SOP, what is left open, whether it has been followed ' +
        'since approval, and what to fix next, as `sop review --format json`. It never approves anything: only a person does.',
      inputSchema: { path: sopPath },
      outputSchema: {
        generatedBy: z.string(),
        sop: z.string(),
        title: z.string(),
        filePath: z.string(),
        ready: z.boolean().describe('Ready to approve: no lint error, no question answered "no", nothing left open.'),
        reasons: z.array(z.string()).describe('Why it is (not) ready, with what to do next.'),
        answers: z.array(
          z.looseObject({
            id: z.string(),
            question: z.string(),
            verdict: z.enum(['yes', 'partly', 'no']),
            summary: z.string(),
            findings: z.array(z.looseObject({ text: z.string() })),
          }),
        ),
        lint: z.object({ errors: z.number(), warnings: z.number(), info: z.number() }),
        openItems: z.array(z.looseObject({ text: z.string() })),
        runs: z.looseObject({ verdict, summary: z.string(), persistent: z.array(z.string()) }).optional(),
      },
      annotations: READ_ONLY,
    },
    guarded('review', async (args: { path: string }) => {
      const sop = await openSopArg(w, args.path);
      // Runs that cannot be read leave the review as it is, as in `sop review`.
      const report = reviewOf(sop, await conformSopRuns(w.ws, sop).catch(() => undefined));
      const json = JSON.parse(renderReview(sop, report, { format: 'json', reportPath: `${w.root}/review.md` }));
      return structured(json, report.ready ? `${sop.relPath}: ready to approve.` : `${sop.relPath}: not ready to approve: ${report.reasons[0]}`);
    }),
  );

  server.registerTool(
    'conformance',
    {
      title: 'Conformance of recorded runs',
      description:
        "Use this to learn whether an SOP is followed: each recorded run aligned with the SOP's steps (skipped, failed, done differently, " +
        'out of order, extra), steps done before their approval gate was approved (hard failures), and per-step rates since approval, ' +
        'as `sop conform --format json`.',
      inputSchema: { path: sopPath },
      outputSchema: {
        sop: z.string(),
        verdict,
        sameVersion: z.number().describe('Runs of the current text: the runs since approval.'),
        approvedOn: z.string().optional(),
        otherVersions: z.number(),
        persistent: z.array(z.string()).describe('Steps that deviate in most runs since approval, in words.'),
        steps: z.array(z.looseObject({ step, runs: z.number(), done: z.number(), different: z.number(), skipped: z.number(), failed: z.number() })),
        runs: z.array(
          z.looseObject({
            run: z.string(),
            path: z.string(),
            sameVersion: z.boolean(),
            followed: z.boolean(),
            steps: z.array(z.looseObject({ step, outcome: z.string() })),
            violations: z.array(z.looseObject({ message: z.string() })),
          }),
        ),
      },
      annotations: READ_ONLY,
    },
    guarded('conformance', async (args: { path: string }) => {
      const sop = await openSopArg(w, args.path);
      const conformance = JSON.parse(JSON.stringify({ sop: sop.relPath, ...(await conformSopRuns(w.ws, sop)) }));
      return structured(conformance, `${sop.relPath}: ${conformance.verdict}.`);
    }),
  );

  server.registerTool(
    'export_skill',
    {
      title: 'Export an approved SOP as an Agent Skill',
      description:
        'Use this to turn an approved SOP into an Agent Skill folder (SKILL.md with its stop-and-ask gates, plus the scripts and templates ' +
        'it uses), as `sop skill` does: .agents/skills/<name>, with copies in .claude/skills and .github/skills so every agent finds it, ' +
        'and which agents load it. Only an approved SOP, unchanged since approval, is exported. An earlier export is replaced only with ' +
        "overwrite: true; someone's own skill, never.",
      inputSchema: {
        path: sopPath,
        outFolder: z
          .string()
          .max(4096)
          .optional()
          .describe(`The folder the skill folder goes into, relative to the workspace (default ${DEFAULT_SKILL_FOLDER}).`),
        alsoFor: z
          .array(z.enum(Object.keys(SKILL_COPY_FOLDERS) as [SkillCopyFor, ...SkillCopyFor[]]))
          .optional()
          .describe(`Copies for other agents: claude (${SKILL_COPY_FOLDERS.claude}), github (${SKILL_COPY_FOLDERS.github}). Default both; [] for none.`),
        overwrite: z.boolean().optional().describe('Replace a skill exported there before, hand edits included (default false: refuse).'),
      },
      outputSchema: {
        folder: z.string().describe('The skill folder written, relative to the workspace.'),
        copies: z.array(z.string()).describe('The copies written for other agents.'),
        name: z.string(),
        files: z.array(z.string()),
        replaced: z.array(z.string()).describe('Earlier exports replaced, with the files changed there by hand.'),
        warnings: z.array(z.string()),
        valid: z.boolean().describe('What was written passes the Agent Skills specification and every agent it is copied for loads it.'),
        problems: z.array(z.object({ file: z.string(), rule: z.string(), message: z.string() })),
        loadsIn: z.array(z.object({ agent: z.string(), loads: z.boolean(), folder: z.string().optional(), why: z.string() })),
      },
      annotations: writes(true),
    },
    guarded('export_skill', async (args: { path: string; outFolder?: string; alsoFor?: SkillCopyFor[]; overwrite?: boolean }) => {
      const sop = await openSopArg(w, args.path);
      const distrust = distrustOf(sop.status);
      // An agent cannot give the yes the editor asks a person for before exporting an SOP it should not trust.
      if (distrust)
        throw new ToolRefusal(
          `${sop.relPath} was not exported (status: ${sop.status}). ${distrust} A skill tells agents to follow it as written: ask its owner to review and approve it (sop approve --by NAME), then export again.`,
        );
      const out = await insideArg(w, args.outFolder ?? DEFAULT_SKILL_FOLDER, 'outFolder');
      const plan = await planSkillExport(w.ws, sop, { outFolder: out.abs, also: args.alsoFor ?? DEFAULT_SKILL_ALSO_FOR }).catch((e: Error) => {
        throw new ToolRefusal(
          e.message.replace(/choose an(other)? output folder/, 'give another outFolder').replace(/leave that copy out/, 'leave that copy out of alsoFor'),
        );
      });
      const rel = (folder: string) => relativeTo(w.root, folder);
      const foreign = foreignMessage(plan);
      if (foreign)
        throw new ToolRefusal(
          `${foreign}, or ${foreignPlaces(plan).some((p) => p.role === 'canonical') ? 'give another outFolder' : 'leave that copy out of alsoFor'}.`,
        );
      const edits = handEdits(plan);
      const earlier = plan.places.filter((p) => p.holds !== 'none').map((p) => rel(p.folder));
      if (plan.existing === 'skill' && !args.overwrite) {
        const lost = edits.length ? ` Changed by hand since the last export, and lost with overwrite: ${edits.join(', ')}.` : '';
        throw new ToolRefusal(
          `${earlier.join(', ')} already exist${earlier.length === 1 ? 's' : ''}: call export_skill again with overwrite: true to replace, or give another outFolder.${lost}`,
        );
      }
      const problems = await writeSkillExport(w.ws, plan);
      const report = await skillLoadReport(w.ws, plan);
      const refusedBy = report.rows.filter((r) => !r.loads && r.folder !== undefined);
      const result = {
        folder: rel(plan.folder),
        copies: plan.places.filter((p) => p.role !== 'canonical').map((p) => rel(p.folder)),
        name: plan.skill.name,
        files: [...plan.skill.files.keys()].sort(),
        replaced: [...earlier, ...edits.map((e) => `${e}: replaced`)],
        warnings: [...plan.skill.warnings, ...(plan.copiesSkipped ? [plan.copiesSkipped] : [])],
        valid: problems.length === 0 && refusedBy.length === 0,
        problems: problems.map((p) => ({ file: p.file, rule: p.rule, message: p.message })),
        loadsIn: report.rows.map((r) => ({ agent: r.agent, loads: r.loads, ...(r.folder ? { folder: r.folder } : {}), why: r.why })),
      };
      return structured(result, `${result.folder}: exported${result.valid ? '' : ', with problems'}.\n${renderLoadsIn(report.rows)}`);
    }),
  );
}
