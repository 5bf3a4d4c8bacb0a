import { extractEmail } from '../extract/email';
import { sensitiveContent } from '../sensitive';
import type { BytesReader } from './reader';

export const emailReader: BytesReader = {
  id: 'eml',
  kind: 'email',
  input: 'bytes',
  extensions: ['eml'],
  // E-mails are large because of attachments, which are listed but not read.
  maxBytes: 25 * 1024 * 1024,
  read: async (bytes) => {
    const m = await extractEmail(bytes);
    const secret = sensitiveContent(m.text);
    if (secret) return secret;
    return { facts: m.facts, text: m.text, redactions: m.redactions };
  },
};
