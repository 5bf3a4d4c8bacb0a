import { strict as assert } from 'node:assert';
import { createOpenAIProvider, retryWaitMs, type OpenAIProviderOptions, type RetryInfo } from '../../../src/core/draft/providers/openai';
import { DraftError, type DraftRequest } from '../../../src/core/draft/types';
import { startFakeOpenAI, type FakeOpenAI, type FakeScript } from '../../support/fakeOpenAI';

const KEY = 'sk-test-Zq8vN3kLw5ThisIsTheSecret';
const MODEL = 'gpt-fake';
const TEXT = '# Monthly sales report\n\n## Why\n\nFinance needs the numbers by the 5th.\n';

const request: DraftRequest = {
  bundle: { root: '/work/evidence', selection: [], included: [], excluded: [], notes: [] },
  audience: 'new analyst',
  title: 'Monthly sales report',
  workdir: '',
  messages: [
    { role: 'system', content: 'You write SOPs.' },
    { role: 'user', content: [{ type: 'text', text: 'Evidence: report.xlsx' }] },
  ],
};

interface Run {
  deltas: string[];
  error?: DraftError;
  /** ms from the start of the run to each delta. */
  at: number[];
  elapsedMs: number;
}

async function run(options: OpenAIProviderOptions, signal = new AbortController().signal, onDelta?: (text: string, i: number) => void): Promise<Run> {
  const provider = createOpenAIProvider(options);
  const start = Date.now();
  const out: Run = { deltas: [], at: [], elapsedMs: 0 };
  try {
    for await (const text of provider.draft(request, signal)) {
      out.deltas.push(text);
      out.at.push(Date.now() - start);
      onDelta?.(text, out.deltas.length - 1);
    }
  } catch (error) {
    assert.ok(error instanceof DraftError, `expected a DraftError, got ${String(error)}`);
    out.error = error;
  }
  out.elapsedMs = Date.now() - start;
  return out;
}

function failed(r: Run, kind: DraftError['kind']): DraftError {
  assert.ok(r.error, `expected a ${kind} error, but the draft finished with ${JSON.stringify(r.deltas.join(''))}`);
  assert.equal(r.error.kind, kind, r.error.message);
  return r.error;
}

describe('OpenAI provider', function () {
  this.timeout(10_000);
  let server: FakeOpenAI;
  let logs: string[];
  const opts = (extra: Partial<OpenAIProviderOptions> = {}): OpenAIProviderOptions => ({
    apiKey: KEY,
    baseURL: server.url,
    model: MODEL,
    retryBaseMs: 10,
    log: (line) => logs.push(line),
    ...extra,
  });
  const script = (s: FakeScript): void => server.setBehaviour({ text: TEXT, ...s });

  beforeEach(async () => {
    server = await startFakeOpenAI({ text: TEXT });
    logs = [];
  });
  afterEach(async () => {
    await server.close();
  });

  describe('streaming', () => {
    it('yields deltas while the server is still sending', async () => {
      script({ tokenChars: 4, tokensPerSecond: 50 });
      const total = Math.ceil(TEXT.length / 4);
      let sentAtFirstDelta = -1;
      let firstTokens = 0;
      let finish: string | undefined;
      const r = await run(opts({ onFirstToken: () => firstTokens++, onFinish: (reason) => (finish = reason) }), undefined, (_, i) => {
        if (i === 0) sentAtFirstDelta = server.requests[0]!.tokensSent;
      });
      assert.equal(r.error, undefined);
      assert.equal(r.deltas.join(''), TEXT);
      assert.equal(r.deltas.length, total);
      assert.ok(sentAtFirstDelta >= 1 && sentAtFirstDelta < total / 2, `server had sent ${sentAtFirstDelta} of ${total} tokens at the first delta`);
      assert.ok(r.at[r.at.length - 1]! - r.at[0]! > 150, `deltas spread over ${r.at[r.at.length - 1]! - r.at[0]!} ms`);
      assert.equal(firstTokens, 1);
      assert.equal(finish, 'stop');
    });

    it('sends the model, the messages, stream:true and the bearer key', async () => {
      await run(opts());
      assert.equal(server.requests.length, 1);
      const sent = server.requests[0]!;
      assert.equal(sent.method, 'POST');
      assert.equal(sent.path, '/v1/chat/completions');
      assert.equal(sent.authorization, `Bearer ${KEY}`);
      assert.equal(sent.body?.model, MODEL);
      assert.equal(sent.body?.stream, true);
      assert.deepEqual(sent.body?.messages, request.messages);
      assert.ok(!JSON.stringify(sent).includes(KEY), 'printing a recorded request hides the key');
    });

    it('talks to a local server without a key, sending a placeholder bearer', async () => {
      const r = await run(opts({ apiKey: undefined }));
      assert.equal(r.error, undefined);
      assert.equal(r.deltas.join(''), TEXT);
      assert.equal(server.requests[0]!.authorization, 'Bearer not-needed');
    });

    it('keeps the text when the model stops at its length limit, and says so', async () => {
      script({ finishReason: 'length' });
      let finish: string | undefined;
      const r = await run(opts({ onFinish: (reason) => (finish = reason) }));
      assert.equal(r.error, undefined);
      assert.equal(r.deltas.join(''), TEXT);
      assert.equal(finish, 'length');
      assert.ok(
        logs.some((l) => /output limit/.test(l)),
        logs.join('\n'),
      );
    });
  });

  describe('refusals', () => {
    it('asks for a key before any request when OpenAI itself is the endpoint', async () => {
      for (const baseURL of [undefined, 'https://api.openai.com/v1']) {
        const r = await run(opts({ apiKey: undefined, baseURL }));
        const e = failed(r, 'no-key');
        assert.match(e.message, /SOP: Set API Key/);
        assert.match(e.message, /offline drafter/);
        assert.deepEqual(logs, [], 'no request was attempted');
      }
    });

    it('401: auth, not retried', async () => {
      script({ apiKey: 'sk-the-right-one' });
      const e = failed(await run(opts()), 'auth');
      assert.equal(e.status, 401);
      assert.match(e.message, /refused the API key \(401\)/);
      assert.match(e.message, /SOP: Set API Key/);
      assert.equal(server.requests.length, 1);
    });

    it('403: auth, not retried', async () => {
      script({ status: 403 });
      const e = failed(await run(opts()), 'auth');
      assert.equal(e.status, 403);
      assert.equal(server.requests.length, 1);
    });

    it('404 for the model: names the model and base URL, not retried', async () => {
      const e = failed(await run(opts({ model: 'llama-nope' })), 'model-not-found');
      assert.match(e.message, /"llama-nope"/);
      assert.ok(e.message.includes(server.url), e.message);
      assert.match(e.message, /sopBuilder\.draft\.model/);
      assert.match(e.message, /sopBuilder\.draft\.baseUrl/);
      assert.equal(server.requests.length, 1);
    });

    it("400: bad-request with the server's message", async () => {
      script({ status: 400, errorMessage: "This model's maximum context length is 8192 tokens.", errorCode: 'context_length_exceeded' });
      const e = failed(await run(opts()), 'bad-request');
      assert.equal(e.status, 400);
      assert.match(e.message, /maximum context length is 8192 tokens/);
      assert.equal(server.requests.length, 1);
    });

    it('429 insufficient_quota: not retried, points at billing', async () => {
      script({ status: 429, errorCode: 'insufficient_quota', errorMessage: 'You exceeded your current quota.' });
      const e = failed(await run(opts()), 'rate-limited');
      assert.match(e.message, /billing/);
      assert.equal(server.requests.length, 1);
    });

    it('a closed port: network, naming the base URL', async () => {
      const gone = await startFakeOpenAI();
      const url = gone.url;
      await gone.close();
      const e = failed(await run(opts({ baseURL: url })), 'network');
      assert.ok(e.message.includes(url), e.message);
      assert.match(e.message, /ECONNREFUSED/);
      assert.match(e.message, /baseUrl/);
    });
  });

  describe('retries', () => {
    it('429 with Retry-After: 1 waits about a second, then succeeds', async () => {
      script({ queue: [{ status: 429, headers: { 'Retry-After': '1' } }] });
      const retries: RetryInfo[] = [];
      const r = await run(opts({ retryBaseMs: 5000, onRetry: (info) => retries.push(info) }));
      assert.equal(r.error, undefined);
      assert.equal(r.deltas.join(''), TEXT);
      assert.equal(server.requests.length, 2);
      const gap = server.requests[1]!.receivedAt - server.requests[0]!.receivedAt;
      assert.ok(gap >= 950 && gap < 1400, `waited ${gap} ms`);
      assert.deepEqual(retries, [{ attempt: 1, waitMs: 1000, status: 429, reason: 'rate limited' }]);
    });

    it('retry-after-ms is honoured, for each retry', async () => {
      const wait = { status: 429, headers: { 'retry-after-ms': '200' } };
      script({ queue: [wait, wait] });
      const r = await run(opts({ retryBaseMs: 5000 }));
      assert.equal(r.error, undefined);
      assert.equal(server.requests.length, 3);
      for (const i of [1, 2]) {
        const gap = server.requests[i]!.receivedAt - server.requests[i - 1]!.receivedAt;
        assert.ok(gap >= 180 && gap < 450, `retry ${i} waited ${gap} ms`);
      }
    });

    it('Retry-After is capped by maxRetryWaitMs, and an HTTP date works', async () => {
      script({ queue: [{ status: 429, headers: { 'Retry-After': '120' } }] });
      const retries: RetryInfo[] = [];
      const r = await run(opts({ maxRetryWaitMs: 50, onRetry: (info) => retries.push(info) }));
      assert.equal(r.error, undefined);
      assert.equal(retries[0]!.waitMs, 50);
      const inTwoSeconds = new Headers({ 'retry-after': new Date(Date.now() + 2000).toUTCString() });
      const fromDate = retryWaitMs(inTwoSeconds, 1, 10, 60_000);
      assert.ok(fromDate > 900 && fromDate <= 2000, `${fromDate}`);
      const backoff = retryWaitMs(undefined, 3, 100, 60_000);
      assert.ok(backoff >= 300 && backoff <= 500, `${backoff}`);
    });

    it('5xx then success: retried with backoff, text not duplicated', async () => {
      script({ queue: [{ status: 500 }, { status: 503 }] });
      const retries: RetryInfo[] = [];
      const r = await run(opts({ onRetry: (info) => retries.push(info) }));
      assert.equal(r.error, undefined);
      assert.equal(r.deltas.join(''), TEXT);
      assert.deepEqual(
        retries.map((x) => [x.attempt, x.status]),
        [
          [1, 500],
          [2, 503],
        ],
      );
    });

    it('5xx until retries run out: server error saying how many attempts', async () => {
      script({ status: 502 });
      const retries: RetryInfo[] = [];
      const e = failed(await run(opts({ maxRetries: 2, onRetry: (info) => retries.push(info) })), 'server');
      assert.equal(e.status, 502);
      assert.match(e.message, /after 3 attempts/);
      assert.equal(server.requests.length, 3);
      assert.equal(retries.length, 2);
    });

    it('429 until retries run out: rate-limited saying how many attempts', async () => {
      script({ status: 429, headers: { 'retry-after-ms': '5' } });
      const e = failed(await run(opts()), 'rate-limited');
      assert.match(e.message, /after 4 attempts/);
      assert.equal(server.requests.length, 4);
    });
  });

  describe('broken streams', () => {
    it('a cut mid-way keeps the yielded text and throws stream-cut, without retrying', async () => {
      script({ tokenChars: 4, cutAfterTokens: 3 });
      const r = await run(opts());
      const e = failed(r, 'stream-cut');
      assert.equal(r.deltas.join(''), TEXT.slice(0, 12));
      assert.match(e.message, /stream stopped mid-way/);
      assert.equal(server.requests.length, 1);
    });

    it('a clean end without a finish reason is a cut too', async () => {
      script({ finishReason: null });
      const r = await run(opts());
      assert.match(failed(r, 'stream-cut').message, /without saying it had finished/);
      assert.equal(r.deltas.join(''), TEXT);
    });

    it('a chunk that is not JSON: stream-cut after the text so far, logged', async () => {
      script({ rawEvents: ['{not json'] });
      const r = await run(opts());
      assert.match(failed(r, 'stream-cut').message, /not valid JSON/);
      assert.equal(r.deltas.join(''), TEXT);
      assert.ok(
        logs.some((l) => l.includes('{not json')),
        logs.join('\n'),
      );
    });

    it("an error event mid-stream: server, with the server's message", async () => {
      script({ rawEvents: [JSON.stringify({ error: { message: 'The engine is overloaded', type: 'server_error' } })] });
      const r = await run(opts());
      assert.match(failed(r, 'server').message, /reported an error mid-stream: The engine is overloaded/);
      assert.equal(server.requests.length, 1);
    });

    it('no answer within timeoutMs: timeout, promptly', async () => {
      script({ stall: { ms: 3000 } });
      const r = await run(opts({ timeoutMs: 300 }));
      const e = failed(r, 'timeout');
      assert.match(e.message, /before it answered/);
      // The server stalls for 3 s: well before that, with room for a busy machine.
      assert.ok(r.elapsedMs >= 280 && r.elapsedMs < 2000, `${r.elapsedMs} ms`);
    });

    it('silence between chunks longer than timeoutMs: timeout after the partial text', async () => {
      script({ tokenChars: 4, stall: { afterTokens: 2, ms: 3000 } });
      const r = await run(opts({ timeoutMs: 300 }));
      const e = failed(r, 'timeout');
      assert.equal(r.deltas.join(''), TEXT.slice(0, 8));
      assert.match(e.message, /after 8 characters/);
      assert.equal(server.requests.length, 1);
    });

    it('a slow reader is not a silent server', async () => {
      script({ tokenChars: 20 });
      const slow = async (): Promise<string> => {
        let text = '';
        for await (const delta of createOpenAIProvider(opts({ timeoutMs: 200 })).draft(request, new AbortController().signal)) {
          text += delta;
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        return text;
      };
      assert.equal(await slow(), TEXT);
    });
  });

  describe('cancelling', () => {
    it('during the stream: cancelled at once, and the request is closed', async () => {
      script({ tokenChars: 2, tokensPerSecond: 20 });
      const controller = new AbortController();
      let abortedAt = 0;
      const r = await run(opts(), controller.signal, (_, i) => {
        if (i === 1) {
          abortedAt = Date.now();
          controller.abort();
        }
      });
      const e = failed(r, 'cancelled');
      assert.match(e.message, /Drafting was cancelled/);
      assert.equal(r.deltas.length, 2);
      // The rest of the stream would take seconds at 20 tokens a second.
      assert.ok(Date.now() - abortedAt < 500, `took ${Date.now() - abortedAt} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(server.requests[0]!.closedEarly, true);
      assert.equal(server.requests[0]!.finished, false);
    });

    it('while waiting for the first byte: cancelled promptly', async () => {
      script({ stall: { ms: 3000 } });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const r = await run(opts(), controller.signal);
      failed(r, 'cancelled');
      // Cancelled at 100 ms of a 3 s stall.
      assert.ok(r.elapsedMs < 1500, `${r.elapsedMs} ms`);
    });

    it('during a backoff wait: cancelled promptly, no further request', async () => {
      script({ status: 429, headers: { 'Retry-After': '10' } });
      const controller = new AbortController();
      let abortedAt = 0;
      const r = await run(
        opts({
          onRetry: () =>
            setTimeout(() => {
              abortedAt = Date.now();
              controller.abort();
            }, 50),
        }),
        controller.signal,
      );
      failed(r, 'cancelled');
      // The rest of the stream would take seconds at 20 tokens a second.
      assert.ok(Date.now() - abortedAt < 500, `took ${Date.now() - abortedAt} ms`);
      assert.equal(server.requests.length, 1);
    });

    it('a caller that stops reading early closes the request', async () => {
      script({ tokenChars: 2, tokensPerSecond: 50 });
      for await (const delta of createOpenAIProvider(opts()).draft(request, new AbortController().signal)) {
        assert.ok(delta.length > 0);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(server.requests[0]!.closedEarly, true);
      assert.equal(server.requests[0]!.finished, false);
    });

    it('before starting: cancelled without a request', async () => {
      const controller = new AbortController();
      controller.abort();
      failed(await run(opts(), controller.signal), 'cancelled');
      assert.equal(server.requests.length, 0);
    });
  });

  describe('the API key', () => {
    it('never appears in any error message or log line', async () => {
      const echo = `Incorrect API key provided: ${KEY}.`;
      const cases: { name: string; script: FakeScript; extra?: Partial<OpenAIProviderOptions>; abortAfterMs?: number }[] = [
        { name: '401', script: { apiKey: 'sk-other', status: 401, errorMessage: echo } },
        { name: '403', script: { status: 403, errorMessage: echo } },
        { name: '404', script: { status: 404, errorMessage: echo } },
        { name: '400', script: { status: 400, errorMessage: echo } },
        { name: '429', script: { status: 429, errorMessage: echo, headers: { 'retry-after-ms': '1' } } },
        { name: '500', script: { status: 500, errorMessage: echo } },
        { name: 'stream cut', script: { text: `${KEY} ${KEY}`, tokenChars: 8, cutAfterTokens: 2 } },
        { name: 'timeout', script: { stall: { ms: 2000 } }, extra: { timeoutMs: 100 } },
        { name: 'cancel', script: { stall: { ms: 2000 } }, abortAfterMs: 50 },
        { name: 'network', script: {}, extra: { baseURL: 'http://127.0.0.1:9/v1' } },
        { name: 'length', script: { finishReason: 'length' } },
      ];
      const seen: string[] = [];
      for (const c of cases) {
        script(c.script);
        const controller = new AbortController();
        if (c.abortAfterMs) setTimeout(() => controller.abort(), c.abortAfterMs);
        const r = await run(opts({ maxRetries: 1, ...c.extra }), controller.signal);
        if (c.name !== 'length') assert.ok(r.error, `${c.name} should fail`);
        seen.push(`${c.name}: ${r.error?.message ?? '(no error)'}`);
      }
      const everything = [...seen, ...logs].join('\n');
      assert.ok(!everything.includes(KEY), everything);
      assert.ok(!everything.includes(KEY.slice(3)), 'not even without the sk- prefix');
      assert.ok(logs.length > cases.length, 'every case logged something');
    });
  });
});
