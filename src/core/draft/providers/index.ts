import { DraftError, type DraftProvider } from '../types';
import type { ProviderDescriptor, ProviderFactory, ProviderSettings } from './descriptor';
import { LANGUAGE_MODEL_PROVIDER } from './languageModelDescriptor';
import { OFFLINE_PROVIDER } from './offlineDescriptor';
import { OPENAI_PROVIDER } from './openaiDescriptor';

export type { ProviderCapabilities, ProviderDescriptor, ProviderFactory, ProviderSettings } from './descriptor';
export { LANGUAGE_MODEL_PROVIDER, OFFLINE_PROVIDER, OPENAI_PROVIDER };

/**
 * Every model provider, once, in the order the settings UI lists them. The `sopBuilder.draft.provider`
 * setting, `sop draft --provider` and every capability check come from this list.
 */
export const PROVIDERS: readonly ProviderDescriptor[] = [OFFLINE_PROVIDER, OPENAI_PROVIDER, LANGUAGE_MODEL_PROVIDER];

/** The setting's value that lets the settings decide; not a provider of its own. */
export const AUTO_PROVIDER = 'auto';
export const AUTO_DESCRIPTION = 'OpenAI-compatible when an API key is stored or a base URL is set, otherwise the offline drafter';

/** Where a provider is asked for: the CLI cannot run editor-only providers. */
export type ProviderHost = 'editor' | 'cli';

/** Factories an adapter supplies for providers core only describes, by provider id. */
export type AdapterFactories = Readonly<Record<string, ProviderFactory>>;

export function findProvider(id: string): ProviderDescriptor | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

/** The providers that can run in `host`, e.g. to list the valid `--provider` values. */
export function providersFor(host: ProviderHost): ProviderDescriptor[] {
  return PROVIDERS.filter((p) => host === 'editor' || !p.capabilities.runsInEditorOnly);
}

/**
 * The provider a setting or flag names; "auto" picks the first provider the settings show was set
 * up, else the offline drafter. A name that is unknown, or that cannot run in `host`, is an error
 * message that lists what can.
 */
export function chooseProviderFor(wanted: string, settings: ProviderSettings, host: ProviderHost): ProviderDescriptor | { error: string } {
  const name = wanted.trim().toLowerCase();
  const usable = providersFor(host);
  if (name === AUTO_PROVIDER) return usable.find((p) => p.setUpIn?.(settings)) ?? OFFLINE_PROVIDER;
  const found = findProvider(name);
  const choices = `${[AUTO_PROVIDER, ...usable.map((p) => p.id)].join(', ')}`;
  if (!found) return { error: `There is no model provider "${wanted}": choose one of ${choices}.` };
  if (!usable.includes(found))
    return { error: `The ${found.id} provider drafts with ${found.label} and runs only in VS Code: choose one of ${choices} here, or draft from the editor.` };
  return found;
}

/** Makes the provider from plain settings; an adapter's factory is used for a provider core only describes. */
export async function createProvider(descriptor: ProviderDescriptor, settings: ProviderSettings, adapters: AdapterFactories = {}): Promise<DraftProvider> {
  const create = adapters[descriptor.id] ?? descriptor.create;
  if (!create) {
    throw new DraftError(
      'no-model',
      `The ${descriptor.id} provider (${descriptor.label}) can only be used from VS Code. Choose another provider, for example "offline".`,
    );
  }
  return create(settings);
}

/** Screenshots go to a model only when the setting asks for it and the provider takes images. */
export function includeImagesFor(descriptor: ProviderDescriptor, sendImages: boolean): boolean {
  return sendImages && descriptor.capabilities.takesImages;
}

/** True when the provider needs a key, none is stored and no server of one's own is set: ask for one before drafting. */
export function keyMissing(descriptor: ProviderDescriptor, settings: ProviderSettings): boolean {
  return descriptor.capabilities.needsKey && !settings.apiKey?.trim() && !settings.baseUrl?.trim();
}
