import type { Address } from 'postal-mime';
import type { EmailFacts } from '../types';
import { redactSecrets } from '../redact';
import { htmlToText } from './html';

/**
 * An .eml file read with a real MIME parser (quoted-printable, base64, charsets, multipart); an
 * HTML-only body becomes text. The text a model sees is the headers and the body, redacted.
 */
export interface EmailResult {
  facts: EmailFacts;
  text: string;
  redactions: Record<string, number>;
}

function formatAddresses(list: Address | Address[] | undefined): string {
  const all = list === undefined ? [] : Array.isArray(list) ? list : [list];
  return all
    .map((a) => (a.group ? `${a.name}: ${a.group.map(mailbox).join(', ')}` : mailbox(a)))
    .filter(Boolean)
    .join(', ');
}

function mailbox(a: { name: string; address?: string }): string {
  if (!a.address) return a.name;
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Throws, with the reason in words, for a message the MIME parser refuses (parts nested hundreds deep). */
export async function extractEmail(bytes: Uint8Array): Promise<EmailResult> {
  // The MIME parser loads with the first e-mail, not with the other readers.
  const { default: PostalMime } = await import('postal-mime');
  let mail: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    mail = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer' });
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 120);
    throw new Error(`e-mail cannot be read (${why}): not read; save the message again from the mail program, or copy its text into a note, to include it`);
  }
  const text = mail.text?.trim();
  const body = text ? text : mail.html ? htmlToText(mail.html) : '';
  let date: string | undefined;
  if (mail.date) {
    const d = new Date(mail.date);
    date = Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  const attachments = mail.attachments
    .filter((a) => a.disposition !== 'inline' || a.filename)
    .map((a) => {
      const n = typeof a.content === 'string' ? a.content.length : a.content.byteLength;
      return `${a.filename ?? 'unnamed'} (${a.mimeType}, ${size(n)})`;
    });
  const headers = [
    `From: ${formatAddresses(mail.from)}`,
    `To: ${formatAddresses(mail.to)}`,
    mail.cc?.length ? `Cc: ${formatAddresses(mail.cc)}` : undefined,
    `Date: ${date ?? mail.date ?? 'unknown'}`,
    `Subject: ${mail.subject ?? ''}`,
    attachments.length ? `Attachments: ${attachments.join(', ')}` : undefined,
  ].filter((l): l is string => l !== undefined);
  const redactedHeaders = redactSecrets(headers.join('\n'));
  const redactedBody = redactSecrets(body);
  const redactions: Record<string, number> = { ...redactedHeaders.counts };
  for (const [k, n] of Object.entries(redactedBody.counts)) redactions[k] = (redactions[k] ?? 0) + n;
  const cc = formatAddresses(mail.cc);
  const facts: EmailFacts = {
    type: 'email',
    from: formatAddresses(mail.from),
    to: formatAddresses(mail.to),
    ...(cc ? { cc } : {}),
    ...(date ? { date } : {}),
    subject: mail.subject ?? '',
    body: redactedBody.text,
  };
  return { facts, text: `${redactedHeaders.text}\n\n${redactedBody.text}`, redactions };
}
