import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { withoutSecrets } from '../../core/evidence/redact';
import { UsageError } from '../usage';
import { ToolRefusal } from './context';

/** Reads the workspace and changes nothing: a client may call it without asking. */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** Writes inside the workspace only; `replaces` when it can remove what an earlier call wrote. */
export function writes(replaces: boolean): ToolAnnotations {
  return { readOnlyHint: false, destructiveHint: replaces, idempotentHint: false, openWorldHint: false };
}

/** The result as structured content, and the same JSON as text for clients that read only text. */
export function structured(data: object, summary?: string): CallToolResult {
  const clean = withoutSecrets(data);
  const json = { type: 'text' as const, text: JSON.stringify(clean, null, 2) };
  return { content: summary ? [{ type: 'text', text: withoutSecrets(summary) }, json] : [json], structuredContent: clean as Record<string, unknown> };
}

export function refused(message: string): CallToolResult {
  return { content: [{ type: 'text', text: withoutSecrets(message) }], isError: true };
}

/**
 * Every failure becomes a tool result with `isError` and a message saying what to do, never a crash of the server.
 * An unexpected one is also logged to stderr (stdout carries only protocol messages).
 */
export function guarded<A>(tool: string, run: (args: A) => Promise<CallToolResult>): (args: A) => Promise<CallToolResult> {
  return async (args) => {
    try {
      return await run(args);
    } catch (e) {
      if (e instanceof ToolRefusal || e instanceof UsageError) return refused(e.message);
      const message = e instanceof Error ? e.message : String(e);
      process.stderr.write(withoutSecrets(`sop mcp: ${tool}: ${e instanceof Error ? (e.stack ?? message) : message}\n`));
      return refused(`${tool} failed: ${message}`);
    }
  };
}
