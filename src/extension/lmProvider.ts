import * as vscode from 'vscode';
import { LANGUAGE_MODEL_PROVIDER, PROVIDERS, type ProviderFactory } from '../core/draft/providers';
import { DraftError, type ChatMessage, type DraftProvider } from '../core/draft/types';

function textOf(m: ChatMessage): string {
  return typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '')).join('\n');
}

/** The editor's factory for the language-model provider core describes: the model setting names the family or id. */
export const createLanguageModelFromSettings: ProviderFactory = (settings) => createLanguageModelProvider(settings.model || undefined);

/** Drafting with a chat model from VS Code's language model API (Copilot and other providers). */
export async function createLanguageModelProvider(family: string | undefined): Promise<DraftProvider> {
  const all = await vscode.lm.selectChatModels();
  const model = all.find((m) => family && (m.family === family || m.id === family)) ?? all[0];
  if (!model) {
    const others = PROVIDERS.filter((p) => p !== LANGUAGE_MODEL_PROVIDER).map((p) => `"${p.id}"`);
    throw new DraftError(
      'no-model',
      `No chat model is available from VS Code's language model API. Install and sign in to a chat extension, or set "sopBuilder.draft.provider" to ${others.join(' or ')}.`,
    );
  }
  return languageModelDrafter(model);
}

/** A drafter over one chat model: the one the settings name, or the one chosen in the chat view (@sop /draft). */
export function languageModelDrafter(model: vscode.LanguageModelChat): DraftProvider {
  return {
    id: LANGUAGE_MODEL_PROVIDER.id,
    model: `${model.vendor}/${model.family}`,
    async *draft(request, signal) {
      const source = new vscode.CancellationTokenSource();
      const onAbort = () => source.cancel();
      signal.addEventListener('abort', onAbort);
      try {
        // The API has no system role: the instructions go first, as the user's own words.
        const messages = request.messages.map((m) =>
          m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(textOf(m)) : vscode.LanguageModelChatMessage.User(textOf(m)),
        );
        const response = await model.sendRequest(messages, { justification: 'SOP Builder drafts an SOP from the evidence you selected.' }, source.token);
        for await (const piece of response.text) {
          if (signal.aborted) throw new DraftError('cancelled', 'Drafting was cancelled. The partial draft is kept.');
          yield piece;
        }
      } catch (e) {
        if (e instanceof DraftError) throw e;
        if (signal.aborted) throw new DraftError('cancelled', 'Drafting was cancelled. The partial draft is kept.');
        if (e instanceof vscode.LanguageModelError) {
          if (e.code === vscode.LanguageModelError.NoPermissions.name)
            throw new DraftError('auth', 'SOP Builder may not use this chat model. Allow it when VS Code asks, or choose another provider.');
          if (e.code === vscode.LanguageModelError.NotFound.name)
            throw new DraftError('no-model', `The chat model ${model.id} is gone. Choose another with "sopBuilder.draft.model".`);
          if (e.code === vscode.LanguageModelError.Blocked.name)
            throw new DraftError(
              'rate-limited',
              'The chat model refused the request for now (quota or rate limit). Wait and try again, or use the offline drafter.',
            );
        }
        throw new DraftError('server', `The chat model failed: ${e instanceof Error ? e.message : String(e)}. Try again, or use the offline drafter.`);
      } finally {
        signal.removeEventListener('abort', onAbort);
        source.dispose();
      }
    },
  };
}
