import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { collectSelection, draftSelection } from '../../core/usecases/draft';
import { runPrompt } from '../draftCommands';
import { insideArg, ToolRefusal, type McpWorkspace } from './context';
import { guarded, READ_ONLY, structured } from './results';

const paths = z
  .array(z.string().max(4096))
  .min(1)
  .max(100)
  .describe('Files or folders of the finished work, relative to the workspace (e.g. ["close/2026-10"]). Nothing outside the workspace is read.');
const maxChars = z
  .number()
  .int()
  .min(10_000)
  .max(1_000_000)
  .optional()
  .describe('How many characters of evidence text at most (default 120,000, as a draft uses); longer files are summarised to fit.');

const excluded = z.array(z.object({ path: z.string(), reason: z.string().describe('Why it was left out: sensitive name, secret content, binary, ignored…') }));

/** The selection's absolute paths: each one inside the workspace and there. */
async function selectedPaths(w: McpWorkspace, given: string[]): Promise<string[]> {
  const abs = [];
  for (const p of given) {
    const arg = await insideArg(w, p, 'path');
    if (!arg.exists) throw new ToolRefusal(`${arg.rel}: no such file or folder in the workspace. Give paths relative to ${w.root}.`);
    abs.push(arg.abs);
  }
  return abs;
}

export function registerEvidenceTools(server: McpServer, w: McpWorkspace): void {
  server.registerTool(
    'collect_evidence',
    {
      title: 'Collect the evidence of finished work',
      description:
        'Use this to read a work folder (scripts, exports, notes, e-mails) before writing or checking an SOP, instead of reading its files ' +
        'yourself: it returns each file as a draft would see it, with secrets redacted, and leaves out sensitive files (.env, keys, ' +
        'credentials, personal data), binaries and ignored files, naming each one left out and why. Paths outside the workspace are refused.',
      inputSchema: { paths, maxChars },
      outputSchema: {
        workdir: z.string().describe("The work folder, relative to the workspace ('' for the root): an SOP's commands run from there."),
        name: z.string().describe('The name a draft would take from the work folder.'),
        included: z.array(
          z.object({
            path: z.string(),
            kind: z.string().describe('script, data, document, email, image, previous-sop or other'),
            bytes: z.number(),
            summarized: z.boolean().describe('True when text is a summary or a cut of the file, not all of it.'),
            redactions: z.record(z.string(), z.number()).describe('Secrets replaced in text, by kind.'),
            text: z.string().describe('The file as a model may read it, after redaction.'),
          }),
        ),
        excluded,
        notes: z.array(z.string()).describe('What the budget cut or summarised, and ignore files that were refused.'),
      },
      annotations: READ_ONLY,
    },
    guarded('collect_evidence', async (args: { paths: string[]; maxChars?: number }) => {
      const selection = await draftSelection(w.ws, w.root, await selectedPaths(w, args.paths));
      const bundle = await collectSelection(w.ws, selection, { budgetChars: args.maxChars });
      const included = bundle.included.map((f) => ({
        path: f.path,
        kind: f.kind,
        bytes: f.bytes,
        summarized: f.summarized,
        redactions: f.redactions,
        text: f.text,
      }));
      const secrets = included.reduce((n, f) => n + Object.values(f.redactions).reduce((a, b) => a + b, 0), 0);
      const summary = `${included.length} file(s) included${secrets ? ` (${secrets} secret(s) redacted)` : ''}, ${bundle.excluded.length} left out.`;
      return structured({ workdir: selection.workdir, name: selection.name, included, excluded: bundle.excluded, notes: bundle.notes }, summary);
    }),
  );

  server.registerTool(
    'drafting_prompt',
    {
      title: 'The exact drafting prompt',
      description:
        'Use this to draft an SOP yourself from a work folder: it returns the exact chat messages SOP Builder would send a model (the SOP ' +
        'shape and rules, then the redacted evidence), the same as `sop prompt`. Answer them to write the draft, then check it with lint.',
      inputSchema: {
        paths,
        audience: z.string().max(200).optional().describe('Who will follow the SOP (default "a new operations assistant").'),
        maxChars,
      },
      outputSchema: {
        messages: z.array(
          z.object({
            role: z.enum(['system', 'user', 'assistant']),
            content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]),
          }),
        ),
      },
      annotations: READ_ONLY,
    },
    guarded('drafting_prompt', async (args: { paths: string[]; audience?: string; maxChars?: number }) => {
      const printed = await runPrompt({ workspace: w.root, paths: await selectedPaths(w, args.paths), audience: args.audience, budgetChars: args.maxChars });
      return structured({ messages: JSON.parse(printed.stdout) });
    }),
  );
}
