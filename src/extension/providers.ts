import * as vscode from 'vscode';
import {
  chooseProviderFor,
  createProvider,
  LANGUAGE_MODEL_PROVIDER,
  type AdapterFactories,
  type ProviderDescriptor,
  type ProviderSettings,
} from '../core/draft/providers';
import { DraftError, type DraftProvider } from '../core/draft/types';
import { createLanguageModelFromSettings } from './lmProvider';
import { SECTION } from './settings';
import { rememberSecret } from './safeLog';

export const API_KEY_SECRET = 'sopBuilder.openai.apiKey';

/** Factories for the providers core only describes, because they need `vscode`. */
export const EDITOR_FACTORIES: AdapterFactories = { [LANGUAGE_MODEL_PROVIDER.id]: createLanguageModelFromSettings };

export interface ProviderChoice {
  provider: DraftProvider;
  /** What the provider can do (takes images, needs a key, ...): ask this, never the provider's id. */
  descriptor: ProviderDescriptor;
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

/** The provider settings as core takes them: VS Code's settings plus the key from secret storage. */
export async function providerSettings(
  secrets: vscode.SecretStorage,
  log: vscode.LogOutputChannel,
  onRetry?: (text: string) => void,
): Promise<ProviderSettings> {
  const s = draftSettings();
  const apiKey = await secrets.get(API_KEY_SECRET);
  rememberSecret(apiKey);
  return {
    apiKey,
    baseUrl: s.baseUrl || undefined,
    model: s.model,
    timeoutMs: s.timeoutSeconds * 1000,
    log: (line) => log.info(line),
    onRetry: (info) => {
      const text = `Model endpoint busy (${info.status ?? info.reason}); retrying in ${Math.round(info.waitMs / 1000)} s (attempt ${info.attempt})`;
      log.warn(text);
      onRetry?.(text);
    },
  };
}

/**
 * The provider the settings ask for (see PROVIDERS in core for "auto" and the list). Throws a
 * DraftError that says what to do when the setting names no provider or no model is available.
 */
export async function chooseProvider(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel, onRetry?: (text: string) => void): Promise<ProviderChoice> {
  const settings = await providerSettings(secrets, log, onRetry);
  const descriptor = chooseProviderFor(draftSettings().provider, settings, 'editor');
  if ('error' in descriptor) throw new DraftError('bad-request', `${descriptor.error} (setting sopBuilder.draft.provider)`);
  const provider = await createProvider(descriptor, settings, EDITOR_FACTORIES);
  return { provider, descriptor, destination: descriptor.destination(settings, provider) };
}

export function isDraftError(e: unknown): e is DraftError {
  return e instanceof DraftError;
}
