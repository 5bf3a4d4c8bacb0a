import { composeOfflineDraft } from '../offline/compose';
import { DraftError, type DraftProvider } from '../types';

export const OFFLINE_MODEL = 'sop-builder-offline-1';

/** The drafter that needs no key and no network: it reads the evidence's structure itself. */
export function createOfflineProvider(): DraftProvider {
  return {
    id: 'offline',
    model: OFFLINE_MODEL,
    async *draft(request, signal) {
      const markdown = composeOfflineDraft(request.bundle, { title: request.title, audience: request.audience, workdir: request.workdir });
      // Line by line, so the editor shows it arriving like any other provider's stream.
      for (const line of markdown.split(/(?<=\n)/)) {
        if (signal.aborted) throw new DraftError('cancelled', 'Drafting was cancelled. The partial draft is kept.');
        yield line;
      }
    },
  };
}
