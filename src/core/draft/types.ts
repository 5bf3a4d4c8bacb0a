import type { EvidenceBundle } from '../evidence/types';

export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

/** OpenAI-style chat messages: what `sop prompt` prints and what a provider sends. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ContentPart[];
}

export interface DraftRequest {
  bundle: EvidenceBundle;
  audience: string;
  /** The SOP's title (from the folder's name unless given). */
  title: string;
  /** Workspace-relative folder the work was done in ('' for the root): commands run from there. */
  workdir: string;
  messages: ChatMessage[];
}

/** The id of a provider in PROVIDERS (providers/index.ts), which is the one list of them. */
export type ProviderId = string;

/** A drafter: streams Markdown (the SOP body, no front matter) as it is produced. */
export interface DraftProvider {
  readonly id: ProviderId;
  readonly model: string;
  draft(request: DraftRequest, signal: AbortSignal): AsyncIterable<string>;
}

export type DraftErrorKind =
  'no-key' | 'auth' | 'model-not-found' | 'rate-limited' | 'server' | 'network' | 'timeout' | 'stream-cut' | 'cancelled' | 'bad-request' | 'no-model';

/** A drafting failure with a message that says what happened and what to do next. */
export class DraftError extends Error {
  constructor(
    readonly kind: DraftErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DraftError';
  }
}
