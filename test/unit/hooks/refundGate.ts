import { spawnSync } from 'node:child_process';
import { bodyHash } from '../../../src/core/sop/approvalRecord';

/** A support team's approved refund SOP: step 5 is the gate; steps 6 and 7 refund and e-mail the customer. */
const BODY = `
# Customer refunds

## Purpose

Refund customers who sent an order back, the same way every time, so Finance can match the payouts.

## Steps

1. Find the order in the Shopify admin and note the amount paid — mechanical.
2. Check in the warehouse log that the parcel came back.
3. Work out the refund: the amount paid minus the return shipping fee.
4. Write the refund amount in the Zendesk ticket.
5. Send refunds over 200 EUR to Priya Nair (Finance manager) for approval and wait for her sign-off.
6. Issue the refund in Stripe with \`stripe refunds create …\`.
7. Email the customer the confirmation from the Zendesk ticket.

## Escalation

- **Contact:** Priya Nair (Finance manager).
- **Stop if** the amount paid does not match the Stripe charge.
`;

export function approvedSop(body = BODY): string {
  const front = (hash: string) => `---
title: Customer refunds
type: sop
status: approved
owner: Dana Reyes (Support lead)
approver: Priya Nair (Finance manager)
approval:
  by: Priya Nair (Finance manager)
  date: 2026-11-02
  body_sha256: ${hash}
---
`;
  return front(bodyHash(front('0'.repeat(64)) + body)) + body;
}

export const REFUND_BODY = BODY;

export interface HookAnswer {
  decision?: 'allow' | 'ask' | 'deny';
  reason?: string;
  status: number | null;
  ms: number;
  stderr: string;
  raw: string;
}

/** Runs the generated hook as an agent host does: the tool call as JSON on stdin, the answer on stdout. */
export function runHook(script: string, input: string | object, env: Record<string, string> = {}): HookAnswer {
  const started = Date.now();
  const r = spawnSync(process.execPath, [script], {
    input: typeof input === 'string' ? input : JSON.stringify(input),
    encoding: 'utf8',
    cwd: '/',
    timeout: 10_000,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const ms = Date.now() - started;
  const raw = r.stdout ?? '';
  if (!raw.trim()) return { status: r.status, ms, stderr: r.stderr ?? '', raw };
  const out = JSON.parse(raw) as { hookSpecificOutput?: { permissionDecision: HookAnswer['decision']; permissionDecisionReason: string } } & {
    permissionDecision?: HookAnswer['decision'];
    permissionDecisionReason?: string;
  };
  const specific = out.hookSpecificOutput ?? out;
  return { decision: specific.permissionDecision, reason: specific.permissionDecisionReason, status: r.status, ms, stderr: r.stderr ?? '', raw };
}

/** Tool calls as Claude Code sends them (VS Code sends the same fields). */
export const claudeCall = (tool_name: string, tool_input: object) => ({
  session_id: 'abc123',
  transcript_path: '/tmp/transcript.jsonl',
  cwd: '/tmp',
  permission_mode: 'default',
  hook_event_name: 'PreToolUse',
  tool_name,
  tool_input,
  tool_use_id: 'toolu_01',
});

/** A tool call as Copilot CLI sends it: the arguments are a JSON string. */
export const copilotCall = (toolName: string, args: object) => ({ timestamp: 1764500000000, cwd: '/tmp', toolName, toolArgs: JSON.stringify(args) });
