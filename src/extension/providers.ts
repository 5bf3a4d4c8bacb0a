import * as vscode from 'vscode';
import { createOfflineProvider } from '../core/draft/providers/offline';
import { createOpenAIProvider } from '../core/draft/providers/openai';
import { DraftError, type DraftProvider } from '../core/draft/types';
import { createLanguageModelProvider } from './lmProvider';
import { SECTION } from './settings';
import { rememberSecret } from './safeLog';

export const API_KEY_SECRET = 'sopBuilder.openai.apiKey';

export interface ProviderChoice {
  provider: DraftProvider;
  /** Where the evidence goes, for messages: "nowhere (offline)", "https://api.openai.com/v1", ... */
  destination: string;
}

export function draftSettings() {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    provider: c.get<string>('draft.provider', 'auto'),
    model: c.get<string>('draft.model', 'gpt-4o-mini'),
    baseUrl: c.get<string>('draft.baseUrl', '').trim(),
    timeoutSeconds: c.get<number>('draft.timeoutSeconds', 120),
    sendImages: c.get<boolean>('draft.sendImages', false),
  };
}

/**
 * The provider the settings ask for. "auto" drafts with the OpenAI-compatible endpoint when a key is
 * stored or a base URL is set, and offline otherwise. Throws DraftError('no-key') when a key is needed.
 */
export async function chooseProvider(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel, onRetry?: (text: string) => void): Promise<ProviderChoice> {
  const s = draftSettings();
  const apiKey = await secrets.get(API_KEY_SECRET);
  rememberSecret(apiKey);
  const wanted = s.provider === 'auto' ? (apiKey || s.baseUrl ? 'openai' : 'offline') : s.provider;
  if (wanted === 'offline') return { provider: createOfflineProvider(), destination: 'nowhere: the offline drafter runs on this machine' };
  if (wanted === 'vscode-lm') {
    const provider = await createLanguageModelProvider(s.model || undefined);
    return { provider, destination: `VS Code's language model ${provider.model}` };
  }
  const provider = createOpenAIProvider({
    apiKey,
    baseURL: s.baseUrl || undefined,
    model: s.model,
    timeoutMs: s.timeoutSeconds * 1000,
    log: (line) => log.info(line),
    onRetry: (info) => {
      const text = `Model endpoint busy (${info.status ?? info.reason}); retrying in ${Math.round(info.waitMs / 1000)} s (attempt ${info.attempt})`;
      log.warn(text);
      onRetry?.(text);
    },
  });
  return { provider, destination: s.baseUrl || 'https://api.openai.com/v1' };
}

export function isDraftError(e: unknown): e is DraftError {
  return e instanceof DraftError;
}
