// Benchmark, not a test: streams a long reply at 200 tokens/s from a local OpenAI-compatible server
// into the editor and records how fast the first character appears and whether the editor keeps up.
// Run by `npm run bench` (SOP_TEST_SUITES=bench); writes its figures to $SOP_BENCH_OUT.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { startFakeOpenAI } from '../../../support/fakeOpenAI';
import type { DraftOutcome } from '../../../../src/extension/draftCommand';

const TOKENS_PER_SECOND = 200;
const TOKENS = 1600;

describe('bench: streaming into the editor', function () {
  this.timeout(120_000);

  it(`streams ${TOKENS} tokens at ${TOKENS_PER_SECOND} tokens/s`, async () => {
    const words = [
      'Run ',
      '`python3 ',
      'scripts/',
      'reconcile.py',
      '` and ',
      'check ',
      'the ',
      'totals',
      '.\n',
      '1. ',
      'Send ',
      'the ',
      'report ',
      'to ',
      'Priya ',
      'Nair ',
      'for ',
      'sign-off',
      '.\n\n',
    ];
    let text = '# Bench\n\n';
    for (let i = 0; i < TOKENS; i++) text += words[i % words.length];
    const server = await startFakeOpenAI({
      text,
      tokenChars: Math.ceil(text.length / TOKENS),
      tokensPerSecond: TOKENS_PER_SECOND,
      model: 'bench',
      finishReason: 'stop',
    });
    const c = vscode.workspace.getConfiguration('sopBuilder');
    for (const [k, v] of Object.entries({ 'draft.provider': 'openai', 'draft.baseUrl': server.url, 'draft.model': 'bench', 'draft.skipPreview': true })) {
      await c.update(k, v, vscode.ConfigurationTarget.Global);
    }
    const root = vscode.workspace.workspaceFolders![0].uri;
    // The editor's own round trip, for reference: one small edit to an open document, applied and confirmed.
    const probe = await vscode.workspace.openTextDocument({ content: 'x', language: 'markdown' });
    const probeEditor = await vscode.window.showTextDocument(probe);
    const trips: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = Date.now();
      await probeEditor.edit((b) => b.insert(new vscode.Position(0, 0), 'y'));
      trips.push(Date.now() - t);
    }
    trips.sort((a, b) => a - b);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const folder = vscode.Uri.joinPath(root, 'month-end-close');
    const outcome = await vscode.commands.executeCommand<DraftOutcome>('sopBuilder.draftSop', folder, [folder]);
    await server.close();
    if (outcome.error) throw new Error(outcome.error.message);
    const streamSeconds = TOKENS / TOKENS_PER_SECOND;
    const figures = {
      tokens: TOKENS,
      tokens_per_second: TOKENS_PER_SECOND,
      chars: outcome.chars,
      first_token_ms: outcome.firstTokenMs,
      first_token_to_first_char_ms: outcome.firstCharMs,
      max_lag_ms: outcome.maxLagMs,
      mean_lag_ms: Math.round(outcome.meanLagMs * 10) / 10,
      stream_seconds: streamSeconds,
      total_seconds: Math.round(outcome.durationMs / 100) / 10,
      // Keeping up: the document is never more than a quarter second behind the stream.
      keeps_up: outcome.maxLagMs <= 250,
      editor_round_trip_ms_median: trips[10],
    };
    console.log('SOP-BENCH ' + JSON.stringify(figures));
    if (process.env.SOP_BENCH_OUT) writeFileSync(process.env.SOP_BENCH_OUT, JSON.stringify(figures, null, 2));
  });
});
