import type { ActorKind } from './events';

/**
 * What an exported skill or automation tells an agent about the run log: start a run, record each step as it
 * goes, and at a gate record only the request — the approval is the named person's, and the log refuses it from
 * anyone else. The same events a person's run records, so conformance reads both alike.
 */
export function runLogInstructions(o: { sopPath: string; actor: Exclude<ActorKind, 'person'>; name: string; gateWho?: string }): string[] {
  // A path with quotes, spaces or shell characters is not pasted into a command an agent may run.
  const sop = /^[\w./-]{1,300}$/.test(o.sopPath) ? o.sopPath : '<the SOP file>';
  const actor = `{"kind":"${o.actor}","name":"${o.name.replace(/[^\w .()-]/g, '').slice(0, 60) || o.actor}"}`;
  return [
    '## Record the run',
    '',
    'When the `sop` command is installed in this project (`npx sop --version` answers), record what you do in the run log, so the team sees whether the run followed the SOP. When it is not, skip this and say so in your report.',
    '',
    `1. Before the first step: \`npx sop run start --sop ${sop}\`. It prints the run log's path.`,
    `2. After each step: \`npx sop run record --event '{"type":"step-done","step":{"number":N},"actor":${actor}}' <run log>\`; for a step that failed use \`"type":"step-failed","error":"…"\`, for one you did not do \`"type":"step-skipped","reason":"…"\`.`,
    `3. At an approval gate: record \`"type":"gate-requested"\` for that step, then stop. Never record \`gate-approved\`: only ${o.gateWho ?? 'the person the SOP names'} can, and the run log refuses it from ${o.actor === 'agent' ? 'an agent' : 'an automation'}.`,
    '',
  ];
}
