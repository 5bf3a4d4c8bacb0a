import * as vscode from 'vscode';
import type { SopCommandDeps } from '../sopTarget';

/**
 * Registers SOP Builder's language-model tools and the @sop chat participant without loading them: their code
 * (evidence readers, the offline drafter, review) loads when an agent first calls a tool or someone asks @sop.
 * package.json's languageModelTools and chatParticipants describe them to VS Code and the models.
 */

const tools = () => import('./lmTools');
const chat = () => import('./chatParticipant');

/** Tools that write: the person confirms before they run. The read-only ones run without asking. */
const CONFIRM: Record<string, (input: Record<string, unknown>) => { title: string; message: string }> = {
  sop_export_skill: (i) => ({
    title: 'Export the SOP as an agent skill?',
    message: `SOP Builder writes the skill for \`${String(i.path)}\` into the skills folder; an earlier export is replaced only if you confirm.`,
  }),
  sop_start_run: (i) => ({
    title: 'Start a run of the SOP?',
    message: `A run log for \`${String(i.path)}\` is created beside the SOP, recorded as the agent's run.`,
  }),
  sop_record_run_event: (i) => ({
    title: 'Record a run event?',
    message: `Adds one event to \`${String(i.runLog)}\`, recorded as the agent's. A gate approval is refused: only the person the SOP names can approve.`,
  }),
};

export const SOP_TOOL_NAMES = [
  'sop_collect_evidence',
  'sop_drafting_prompt',
  'sop_lint',
  'sop_review',
  'sop_conformance',
  'sop_export_skill',
  'sop_start_run',
  'sop_record_run_event',
] as const;

export function registerSopTools(deps: SopCommandDeps): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return SOP_TOOL_NAMES.map((name) =>
    vscode.lm.registerTool<Record<string, unknown>>(name, {
      prepareInvocation: (options) => {
        const confirm = CONFIRM[name]?.((options.input ?? {}) as Record<string, unknown>);
        return confirm ? { confirmationMessages: { title: confirm.title, message: new vscode.MarkdownString(confirm.message) } } : undefined;
      },
      invoke: async (options, token) => (await tools()).invokeSopTool(deps, name, (options.input ?? {}) as Record<string, unknown>, token),
    }),
  );
}

export const PARTICIPANT_ID = 'sopBuilder.sop';

export function registerSopParticipant(deps: SopCommandDeps, context: vscode.ExtensionContext): vscode.Disposable[] {
  if (typeof vscode.chat?.createChatParticipant !== 'function') return [];
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, _context, stream, token) =>
    (await chat()).handleSopChat(deps, request, stream, token),
  );
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  return [participant];
}
