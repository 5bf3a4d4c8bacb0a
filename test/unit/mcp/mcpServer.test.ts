import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { link, put } from '../../support/tempTree';
import { REPO } from '../helpers';
import { SECRETS, SOP, writeMonthEndClose } from './monthEndClose';

const CLI = resolve(REPO, 'dist/cli.js');
type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('sop mcp: the MCP server over the same core as the CLI', function () {
  this.timeout(20_000);
  let ws: string;
  let outside: string;
  let client: Client;
  let stderr = '';

  const sop = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ws, encoding: 'utf8' });
  const call = async (name: string, args: Data) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  const ok = async (name: string, args: Data): Promise<Data> => {
    const r = await call(name, args);
    assert.ok(!r.isError, `${name} failed: ${JSON.stringify(r.content)}`);
    return r.structuredContent as Data;
  };
  const refusal = async (name: string, args: Data): Promise<string> => {
    const r = await call(name, args);
    assert.equal(r.isError, true, `${name} should be refused: ${JSON.stringify(r.structuredContent)}`);
    return (r.content as Array<{ text: string }>).map((c) => c.text).join('\n');
  };
  const noSecretIn = (text: string) => {
    for (const s of Object.values(SECRETS)) assert.ok(!text.includes(s), `a planted secret came back: ${s}`);
  };

  before(async () => {
    ws = realpathSync(mkdtempSync(join(tmpdir(), 'sop-mcp-')));
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'sop-mcp-outside-')));
    writeMonthEndClose(ws);
    put(outside, 'payroll.csv', `name,iban\nJo Bauer,${SECRETS.envKey}\n`);
    link(ws, 'close/2026-10/shared', outside);
    const approved = sop('approve', '--by', 'Priya Nair (Finance manager)', '--copies', 'off', SOP);
    assert.equal(approved.status, 0, approved.stderr);
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--workspace', ws], stderr: 'pipe' });
    transport.stderr?.on('data', (d) => (stderr += String(d)));
    client = new Client({ name: 'close-agent', version: '1.0.0' });
    await client.connect(transport);
  });
  after(async () => {
    await client?.close();
    rmSync(ws, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('lists every tool with an output schema, read-only tools marked read-only and the writing ones not', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    const readOnly = ['collect_evidence', 'drafting_prompt', 'lint', 'review', 'conformance'];
    const writing = ['export_skill', 'run_start', 'record_run_event'];
    assert.deepEqual([...byName.keys()].sort(), [...readOnly, ...writing].sort());
    for (const name of readOnly)
      assert.deepEqual(byName.get(name)!.annotations, { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    for (const name of writing) assert.equal(byName.get(name)!.annotations?.readOnlyHint, false, name);
    assert.equal(byName.get('export_skill')!.annotations?.destructiveHint, true, 'overwrite: true replaces a folder');
    for (const t of tools) {
      assert.equal(t.outputSchema?.type, 'object', `${t.name} has an output schema`);
      assert.match(t.description ?? '', /^Use this /, `${t.name} says when to use it`);
    }
    assert.deepEqual(byName.get('collect_evidence')!.inputSchema.required, ['paths']);
  });

  it('collect_evidence reads the work folder with the secret in the notes redacted, and names the .env, the key and the link it left out', async () => {
    const r = await call('collect_evidence', { paths: ['close/2026-10'] });
    noSecretIn(JSON.stringify(r));
    const out = r.structuredContent as Data;
    assert.equal(out.workdir, 'close/2026-10');
    assert.deepEqual(
      out.included.map((f: Data) => f.path),
      ['close/2026-10/exports/bank-2026-10.csv', 'close/2026-10/notes.md', 'close/2026-10/scripts/reconcile.py'],
    );
    const notes = out.included.find((f: Data) => f.path.endsWith('notes.md'));
    assert.match(notes.text, /postgres:\/\/closer:\[redacted: password in connection string\]@ledger-db\.internal/);
    assert.deepEqual(notes.redactions, { 'password in connection string': 1 });
    assert.match(out.included.find((f: Data) => f.kind === 'script').text, /parser\.add_argument\("--month"/);
    const reasons = new Map(out.excluded.map((e: Data) => [e.path, e.reason]));
    assert.match(String(reasons.get('close/2026-10/.env')), /^sensitive: environment file/);
    assert.match(String(reasons.get('close/2026-10/id_rsa')), /^sensitive: private key/);
    assert.match(String(reasons.get('close/2026-10/shared')), /link leads outside the workspace/);
  });

  it('collect_evidence refuses a path that climbs out, an absolute path elsewhere, and a link that leads out', async () => {
    assert.match(
      await refusal('collect_evidence', { paths: ['../'] }),
      /path \.\.\/ is refused \(outside the workspace: \.\.\/ climbs out of the workspace with "\.\."/,
    );
    assert.match(await refusal('collect_evidence', { paths: ['close/../../etc'] }), /climbs out of the workspace/);
    assert.match(await refusal('collect_evidence', { paths: [outside] }), /is an absolute path elsewhere/);
    const viaLink = await refusal('collect_evidence', { paths: ['close/2026-10/shared/payroll.csv'] });
    assert.match(viaLink, /is a link to /);
    noSecretIn(viaLink);
    assert.match(await refusal('collect_evidence', { paths: ['close/2026-11'] }), /close\/2026-11: no such file or folder in the workspace/);
  });

  it('collect_evidence never returns a sensitive file asked for by name, or through a link with a harmless name', async () => {
    link(ws, 'handover/readme.md', '../close/2026-10/.env');
    const r = await call('collect_evidence', { paths: ['close/2026-10/.env', 'close/2026-10/id_rsa', 'handover'] });
    noSecretIn(JSON.stringify(r));
    const out = r.structuredContent as Data;
    assert.deepEqual(out.included, []);
    assert.deepEqual(
      out.excluded.map((e: Data) => e.path),
      ['close/2026-10/.env', 'close/2026-10/id_rsa', 'handover/readme.md'],
    );
    assert.match(out.excluded[2].reason, /the link leads to close\/2026-10\/\.env/);
    assert.match(await refusal('lint', { path: 'handover/readme.md' }), /handover\/readme\.md is not read \(sensitive: environment file\)/);
    rmSync(join(ws, 'handover'), { recursive: true });
  });

  it('drafting_prompt gives the exact messages sop prompt prints, with nothing sensitive in them', async () => {
    const r = await call('drafting_prompt', { paths: ['close/2026-10'], audience: 'a new accounts assistant' });
    noSecretIn(JSON.stringify(r));
    const printed = sop('prompt', '--audience', 'a new accounts assistant', 'close/2026-10');
    assert.equal(printed.status, 0, printed.stderr);
    assert.deepEqual((r.structuredContent as Data).messages, JSON.parse(printed.stdout));
    assert.deepEqual(
      (r.structuredContent as Data).messages.map((m: Data) => m.role),
      ['system', 'user'],
    );
  });

  it('lint checks a file or inline text at a path not saved yet, findings as data, and never reads a sensitive file', async () => {
    const file = await ok('lint', { path: SOP });
    assert.equal(file.status, 'approved');
    assert.equal(file.errors, 0);
    assert.deepEqual(
      file.findings.map((f: Data) => f.rule),
      JSON.parse(sop('lint', '--format', 'json', SOP).stdout).map((f: Data) => f.rule),
    );
    const text =
      '---\ntitle: Pay suppliers\ntype: sop\n---\n\n# Pay suppliers\n\n## Purpose\n\nPay on time.\n\n## Steps\n\n1. Run `scripts/pay-suppliers.sh` for the week.\n';
    const inline = await ok('lint', { path: 'sops/pay-suppliers.sop.md', text });
    assert.equal(existsSync(join(ws, 'sops/pay-suppliers.sop.md')), false, 'linting text writes nothing');
    const missing = inline.findings.find((f: Data) => f.rule === 'missing-path');
    assert.deepEqual(
      { file: missing.file, severity: missing.severity, line: missing.line, column: missing.column },
      { file: 'sops/pay-suppliers.sop.md', severity: 'error', line: 14, column: 9 },
    );
    assert.match(missing.message, /"scripts\/pay-suppliers\.sh" does not exist/);
    assert.equal(inline.errors, 1);
    const env = await refusal('lint', { path: 'close/2026-10/.env' });
    assert.match(env, /close\/2026-10\/\.env is not read \(sensitive: environment file\)/);
    noSecretIn(env);
    assert.match(await refusal('lint', { path: 'close/2026-10/notes.txt', text: 'x' }), /is not a Markdown file/);
  });

  it('review gives the report sop review --format json prints', async () => {
    const r = await ok('review', { path: SOP });
    assert.deepEqual(r, JSON.parse(sop('review', '--format', 'json', SOP).stdout));
    assert.equal(r.answers.length, 7);
    assert.equal(r.runs.verdict, 'not yet tried');
  });

  it('runs: an agent starts a run and records steps as itself; its gate approval is refused with the reason, its gate request kept', async () => {
    assert.match(
      await refusal('run_start', { sop: SOP, parameters: { month: '2026-13' } }),
      /parameters\.month = "2026-13": That is not the month this run is for/,
    );
    const run = await ok('run_start', { sop: SOP, parameters: { month: '2026-10' } });
    assert.match(run.runLog, /^sops\/runs\/month-end-close\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[0-9a-f]{6}\.jsonl$/);
    assert.deepEqual(run.parameters, { month: '2026-10' });
    assert.equal(run.warning, undefined, 'the SOP is approved');
    assert.deepEqual(
      run.steps.map((s: Data) => s.gate),
      [false, false, false, true, false],
    );
    const started = JSON.parse(readFileSync(join(ws, run.runLog), 'utf8'));
    assert.deepEqual(started.actor, { kind: 'agent', name: 'close-agent' });

    const done = await ok('record_run_event', {
      runLog: run.runLog,
      event: { type: 'step-done', step: { number: 1 }, actor: { kind: 'person', name: 'Priya Nair' } },
    });
    assert.deepEqual(done.recorded.actor, { kind: 'agent', name: 'close-agent' }, 'an agent cannot claim to be a person');
    assert.equal(done.recorded.step.text, run.steps[0].text);
    const lines = () => readFileSync(join(ws, run.runLog), 'utf8').trim().split('\n').length;
    assert.equal(lines(), 2);
    const approval = { type: 'gate-approved', step: { number: 4 }, by: 'Priya Nair', saw: 'the reconciliation report' };
    const refusedApproval = await refusal('record_run_event', { runLog: run.runLog, agentName: 'Priya Nair', event: approval });
    assert.match(
      refusedApproval,
      /^Event not recorded: gate approval of step 4 recorded by agent "Priya Nair" is refused: only a person can approve a gate\. Record gate-requested instead and ask Priya Nair/,
    );
    assert.match(await refusal('record_run_event', { runLog: run.runLog, event: { type: 'gate-approved' } }), /only a person can approve a gate/);
    assert.equal(lines(), 2, 'nothing was written');
    const asked = await ok('record_run_event', {
      runLog: run.runLog,
      event: { type: 'gate-requested', step: { number: 4 }, approver: 'Priya Nair (Finance manager)' },
    });
    assert.equal(asked.recorded.type, 'gate-requested');
    assert.match(
      await refusal('record_run_event', { runLog: run.runLog, event: { type: 'step-skipped', step: { number: 2 } } }),
      /step-skipped: "reason" is missing or empty/,
    );
    const note = await ok('record_run_event', {
      runLog: run.runLog,
      event: { type: 'note', text: `The ledger login was password=${SECRETS.dbPassword} today` },
    });
    assert.equal(note.recorded.text, 'The ledger login was password=[redacted: password] today', 'a secret is never echoed back');
    assert.match(await refusal('record_run_event', { runLog: '../elsewhere.jsonl', event: { type: 'note', text: 'hi' } }), /climbs out of the workspace/);
    assert.match(await refusal('record_run_event', { runLog: 'sops/runs/none.jsonl', event: { type: 'note', text: 'hi' } }), /no such run log/);
  });

  it('conformance gives what sop conform --format json prints', async () => {
    const r = await ok('conformance', { path: SOP });
    assert.deepEqual(r, JSON.parse(sop('conform', '--format', 'json', SOP).stdout));
    assert.equal(r.runs.length, 1);
    assert.deepEqual(
      r.runs[0].steps.map((s: Data) => s.outcome),
      ['done', 'not-reached', 'not-reached', 'not-reached', 'not-reached'],
    );
  });

  it('export_skill writes the skill of an approved SOP where every agent finds it, never over an earlier export unless overwrite is true, and refuses a draft', async () => {
    const first = await ok('export_skill', { path: SOP });
    assert.equal(first.folder, '.agents/skills/month-end-close');
    assert.deepEqual(first.copies, ['.claude/skills/month-end-close', '.github/skills/month-end-close']);
    assert.equal(first.valid, true, JSON.stringify(first.problems));
    assert.deepEqual(
      first.loadsIn.map((r: Data) => [r.agent, r.loads]),
      [
        ['Codex', true],
        ['Claude Code', true],
        ['VS Code / Copilot', true],
      ],
    );
    assert.ok(first.files.includes('SKILL.md') && first.files.includes('scripts/reconcile.py'), first.files.join(', '));
    const skill = join(ws, first.folder, 'SKILL.md');
    writeFileSync(skill, readFileSync(skill, 'utf8') + '\nA note the team added by hand.\n');
    // lint sees the hand edit, as sop lint does.
    const linted = await ok('lint', { path: SOP });
    assert.ok(
      linted.findings.some((f: { rule: string; message: string }) => f.rule === 'skill-drift' && f.message.includes('.agents/skills/month-end-close/SKILL.md')),
      JSON.stringify(linted.findings.map((f: { rule: string }) => f.rule)),
    );
    const again = await refusal('export_skill', { path: SOP });
    assert.match(
      again,
      /^\.agents\/skills\/month-end-close, \.claude\/skills\/month-end-close, \.github\/skills\/month-end-close already exist: call export_skill again with overwrite: true/,
    );
    assert.match(again, /Changed by hand since the last export, and lost with overwrite: \.agents\/skills\/month-end-close\/SKILL\.md/);
    assert.match(readFileSync(skill, 'utf8'), /A note the team added by hand\./, 'left as it was');
    const replaced = await ok('export_skill', { path: SOP, overwrite: true });
    assert.equal(replaced.replaced.length, 4);
    assert.doesNotMatch(readFileSync(skill, 'utf8'), /A note the team added by hand\./);
    assert.match(await refusal('export_skill', { path: SOP, outFolder: '../skills' }), /outFolder \.\.\/skills is refused/);

    put(
      ws,
      'sops/supplier-payments.sop.md',
      '---\ntitle: Supplier payments\ntype: sop\nstatus: draft\n---\n\n# Supplier payments\n\n## Steps\n\n1. Pay the approved invoices.\n',
    );
    assert.match(
      await refusal('export_skill', { path: 'sops/supplier-payments.sop.md' }),
      /was not exported \(status: draft\)\. This SOP is not approved yet\./,
    );
    assert.equal(existsSync(join(ws, '.agents/skills/supplier-payments')), false);
  });

  it('offers the approved SOP as a prompt to follow, its month an argument filled into the steps', async () => {
    const { prompts } = await client.listPrompts();
    assert.deepEqual(
      prompts.map((p) => p.name),
      ['month-end-close'],
      'the draft SOP is not offered',
    );
    assert.deepEqual(prompts[0].arguments, [{ name: 'month', description: 'The month this run is for (YYYY-MM).', required: false }]);
    const got = await client.getPrompt({ name: 'month-end-close', arguments: { month: '2026-10' } });
    const text = (got.messages[0].content as { text: string }).text;
    assert.match(
      text,
      /^Follow the approved SOP "Month-end close" \(sops\/month-end-close\.sop\.md, approved by Priya Nair \(Finance manager\) on \d{4}-\d\d-\d\d; version sop:\/\//,
    );
    assert.match(text, /2\. Run `python3 scripts\/reconcile\.py --month 2026-10` and read the differences it prints\./);
    assert.match(text, /Never record gate-approved/);
    assert.doesNotMatch(text, /<YYYY-MM>/);
    await assert.rejects(client.getPrompt({ name: 'month-end-close', arguments: { month: 'October' } }), /month = "October": That is not the month/);
  });

  it('answers hostile input quickly: a 100,000-character URI, prompt argument and path', async () => {
    const long = 'a/'.repeat(50_000);
    const started = Date.now();
    await assert.rejects(client.readResource({ uri: `sop://${long}@0123456789ab` }), /is not an SOP resource/);
    await assert.rejects(client.readResource({ uri: `sop://${'@'.repeat(100_000)}` }), /is not an SOP resource/);
    await assert.rejects(client.getPrompt({ name: 'month-end-close', arguments: { month: '2'.repeat(100_000) } }), /longer than a run value is/);
    assert.equal((await call('collect_evidence', { paths: [long] })).isError, true);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });

  it('offers it as a resource pinned to its version; once the SOP changes, reading that version says it is stale', async () => {
    const { resources } = await client.listResources();
    assert.equal(resources.length, 1);
    const { uri } = resources[0];
    assert.match(uri, /^sop:\/\/sops\/month-end-close\.sop\.md@[0-9a-f]{12}$/);
    const read = await client.readResource({ uri });
    assert.equal((read.contents[0] as { text: string }).text, readFileSync(join(ws, SOP), 'utf8'));

    appendFileSync(join(ws, SOP), '\nPost the journal before noon.\n');
    await assert.rejects(
      client.readResource({ uri }),
      /is stale: sops\/month-end-close\.sop\.md has changed since this version was approved\. Its current text is not approved \(status: changed\)/,
    );
    await assert.rejects(client.readResource({ uri: 'sop://../outside.md@0123456789ab' }), /climbs out of the workspace/);
    await new Promise((r) => setTimeout(r, 2100));
    assert.deepEqual((await client.listResources()).resources, [], 'a changed SOP is no longer offered');
  });

  it('writes only protocol messages to stdout, answers the requests in flight when stdin closes, then exits', () => {
    const message = (id: number, method: string, params: Data) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
    const input = [
      message(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } }),
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      message(2, 'tools/call', { name: 'collect_evidence', arguments: { paths: ['close/2026-10'] } }),
    ].join('\n');
    const r = spawnSync(process.execPath, [CLI, 'mcp', '--workspace', ws], { input: input + '\n', encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 0, r.stderr);
    const replies = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      replies.map((m) => m.id),
      [1, 2],
    );
    assert.equal(replies[0].result.serverInfo.name, 'sop-builder');
    assert.equal(replies[1].result.structuredContent.included.length, 3);
    noSecretIn(r.stdout);
    const missing = spawnSync(process.execPath, [CLI, 'mcp', '--workspace', join(ws, 'nowhere')], { input: '', encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--workspace .*nowhere: no such folder\./);
    assert.match(spawnSync(process.execPath, [CLI, 'mcp', 'sops'], { input: '', encoding: 'utf8' }).stderr, /sop mcp takes no PATH/);
  });

  it('answers a malformed call with a tool error and keeps serving', async () => {
    const r = await call('lint', {});
    assert.equal(r.isError, true);
    assert.match((r.content as Array<{ text: string }>)[0].text, /path/);
    assert.equal((await client.listTools()).tools.length, 8);
    assert.match(stderr, /sop mcp: serving /);
    mkdirSync(join(ws, 'empty'));
    assert.match(await refusal('review', { path: 'empty' }), /empty is a folder: give the SOP file in it/);
  });
});
