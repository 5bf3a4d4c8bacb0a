import type * as vscode from 'vscode';
import { redactSecrets } from '../core/evidence/redact';

/** Exact secrets this session knows (the stored API key), scrubbed from every log line whatever their shape. */
const known = new Set<string>();

export function rememberSecret(value: string | undefined): void {
  if (value && value.length >= 6) known.add(value);
}

/** A log line as it may be written: known secrets and anything the redactor recognises replaced. */
export function scrubLine(line: string): string {
  let out = line;
  for (const s of known) if (out.includes(s)) out = out.split(s).join('[redacted: API key]');
  return redactSecrets(out).text;
}

const WRITERS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/**
 * The Output channel with every message scrubbed before it is written: error messages from a model endpoint,
 * a file or a library can quote a key or a password, and the log must never hold one.
 */
export function redactingLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !WRITERS.has(prop) || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (message: unknown, ...rest: unknown[]) => {
        const text = message instanceof Error ? `${message.name}: ${message.message}` : String(message);
        return (value as (...a: unknown[]) => unknown).call(
          target,
          scrubLine(text),
          ...rest.map((r) => (typeof r === 'string' ? scrubLine(r) : r instanceof Error ? scrubLine(r.message) : r)),
        );
      };
    },
  });
}
