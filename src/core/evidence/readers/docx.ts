import { extractDocx } from '../extract/document';
import { redactSecrets } from '../redact';
import { sensitiveContent } from '../sensitive';
import type { BytesReader } from './reader';

export const docxReader: BytesReader = {
  id: 'docx',
  kind: 'document',
  input: 'bytes',
  extensions: ['docx'],
  read: async (bytes) => {
    const d = await extractDocx(bytes);
    const secret = sensitiveContent(d.text);
    if (secret) return secret;
    const red = redactSecrets(d.text);
    return { facts: d.facts, text: red.text, redactions: red.counts };
  },
};
