import { ACTION_STEMS, IRREGULAR_FORMS, STEM_ENDINGS } from './actionWords';
import type { GateHookData } from './gates';
import { GATE_HOOK_RUNTIME } from './runtime';

/**
 * JSON as a JavaScript expression: the SOP's text reaches the script only inside JSON strings. The line and
 * paragraph separators and `<` are escaped too, so no reader of the file (an older parser, an HTML viewer)
 * takes any of it for anything but data.
 */
export function jsonLiteral(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/</g, '\\u003c');
}

const HEADER = [
  '#!/usr/bin/env node',
  '// SOP gate hook, written by SOP Builder (sop hooks). Export it again after the SOP changes; do not edit it.',
  '// Claude Code, Copilot CLI and VS Code run it before each tool call (.claude/settings.json, .github/hooks/).',
  "// A call that would do a step after an approval gate is denied (or asked about) until the SOP's current run",
  "// log holds the approver's approval. It reads the tool call and the run logs and never runs anything from them.",
  "// The SOP's gates are the data in SOP below.",
  // Loaded with import(): the hook reads files where it runs; this text is data to core, which reads none.
  "const { closeSync, fstatSync, openSync, readdirSync, readSync } = await import('node:fs');",
  "const { isAbsolute, join } = await import('node:path');",
  "const { fileURLToPath } = await import('node:url');",
  '',
].join('\n');

/** The hook script for the SOP's gates: fixed code, with the gates as one JSON value. */
export function gateHookScript(data: GateHookData): string {
  const embedded = { ...data, stems: ACTION_STEMS, irregular: IRREGULAR_FORMS, endings: STEM_ENDINGS };
  return `${HEADER}const SOP = ${jsonLiteral(embedded)};\n${GATE_HOOK_RUNTIME}`;
}
