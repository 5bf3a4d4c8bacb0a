import { DraftError, type DraftProvider, type DraftRequest } from './types';

export interface StreamResult {
  chars: number;
  /** Milliseconds from the start to the provider's first token. */
  firstTokenMs?: number;
  error?: DraftError;
}

/**
 * Runs a provider and hands each piece of text to `write` as it arrives. Never throws: a failure or a
 * cancel comes back as `error`, after everything that did arrive was written, so the partial draft is kept.
 */
export async function streamDraft(
  provider: DraftProvider,
  request: DraftRequest,
  write: (text: string) => void | Promise<void>,
  signal: AbortSignal,
): Promise<StreamResult> {
  const started = Date.now();
  const result: StreamResult = { chars: 0 };
  try {
    for await (const piece of provider.draft(request, signal)) {
      if (!piece) continue;
      result.firstTokenMs ??= Date.now() - started;
      result.chars += piece.length;
      await write(piece);
      if (signal.aborted) throw new DraftError('cancelled', 'Drafting was cancelled.');
    }
    if (signal.aborted) throw new DraftError('cancelled', 'Drafting was cancelled.');
  } catch (e) {
    result.error =
      e instanceof DraftError
        ? e
        : signal.aborted
          ? new DraftError('cancelled', 'Drafting was cancelled.')
          : new DraftError('server', `Drafting failed: ${e instanceof Error ? e.message : String(e)}. Try again, or use the offline drafter.`);
  }
  return result;
}
