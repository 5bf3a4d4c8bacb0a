import type { DraftProvider } from '../types';
import type { RetryInfo } from './openai';

/** What a provider can do: the editor, the CLI and the use cases ask these, never the provider's id. */
export interface ProviderCapabilities {
  /** Drafting needs an API key, unless the settings point it at a server of one's own (a base URL). */
  readonly needsKey: boolean;
  /** The evidence's screenshots may be sent to it as images. */
  readonly takesImages: boolean;
  /** Text arrives as the model writes it (the offline drafter writes the whole draft at once). */
  readonly streams: boolean;
  /** Only the editor can run it (VS Code's language model API): the CLI refuses it. */
  readonly runsInEditorOnly: boolean;
  /** A language model, which can give its own reading of an SOP in SOP: Review. */
  readonly isModel: boolean;
}

/** Plain settings, the same from VS Code's settings and secrets as from the CLI's flags and environment. */
export interface ProviderSettings {
  model?: string;
  /** An OpenAI-compatible endpoint; empty or absent: the provider's own. */
  baseUrl?: string;
  apiKey?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
  onRetry?: (info: RetryInfo) => void;
}

export type ProviderFactory = (settings: ProviderSettings) => DraftProvider | Promise<DraftProvider>;

/** One model provider, listed once in PROVIDERS (./index.ts). */
export interface ProviderDescriptor {
  /** The value of `sopBuilder.draft.provider` and `sop draft --provider`; the provider's DraftProvider.id. */
  readonly id: string;
  /** A short name for messages ("the offline drafter"). */
  readonly label: string;
  /** One line for the settings UI: package.json's enumDescriptions are this, in list order. */
  readonly description: string;
  readonly capabilities: ProviderCapabilities;
  /** The environment variable the CLI reads the API key from, for providers that take a key. */
  readonly keyEnvVar?: string;
  /** For "auto": true when the settings show this provider was set up (a key stored, a base URL set). */
  setUpIn?(settings: ProviderSettings): boolean;
  /** Where the evidence goes, said before anything is sent ("nowhere: ...", the endpoint's URL). */
  destination(settings: ProviderSettings, provider: DraftProvider): string;
  /** Absent for providers only an adapter can make (VS Code's language models): the adapter passes its factory. */
  readonly create?: ProviderFactory;
}
