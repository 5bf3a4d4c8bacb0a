// A local OpenAI-compatible chat server for tests and the benchmark: it streams Server-Sent Events in
// OpenAI's chunk format and can be told to fail (status codes, cut sockets, stalls). node:http only, no
// test-framework imports, so unit tests, the benchmark and the extension host can all load it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

/** How the server answers one chat request. */
export interface Behaviour {
  /** The reply, streamed in tokens of `tokenChars` characters. */
  text: string;
  tokenChars: number;
  /** Streaming speed; 0 sends every token at once. */
  tokensPerSecond: number;
  /** The only model the server knows; any other answers 404 `model_not_found`. */
  model: string;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get 401. */
  apiKey?: string;
  /** Answer this HTTP status with an OpenAI-style error body instead of a reply. */
  status?: number;
  errorMessage?: string;
  errorType?: string;
  errorCode?: string | null;
  /** Extra response headers, e.g. `{ 'Retry-After': '1' }` or `{ 'retry-after-ms': '200' }`. */
  headers?: Record<string, string>;
  /** Destroy the socket after this many content tokens (no finish chunk, no [DONE]). */
  cutAfterTokens?: number;
  /** Send nothing for `ms`: before the response headers, or after `afterTokens` content tokens. */
  stall?: { ms: number; afterTokens?: number };
  /** null ends with `data: [DONE]` but no finish chunk, as a broken proxy might. */
  finishReason: 'stop' | 'length' | 'content_filter' | null;
  /** Raw `data:` payloads sent after the content tokens, e.g. '{not json' or an `{"error":{...}}` event. */
  rawEvents?: string[];
}

/** The server's behaviour, plus one-shot overrides consumed in order by the next chat requests. */
export type FakeScript = Partial<Behaviour> & { queue?: Partial<Behaviour>[] };

export interface RecordedBody {
  model?: string;
  messages?: { role: string; content: unknown }[];
  stream?: boolean;
  [key: string]: unknown;
}

/** One request as the server saw it; printing it (inspect or JSON) hides the Authorization header. */
export class RecordedRequest {
  /** Content tokens written so far (updates while the reply streams). */
  tokensSent = 0;
  /** True once the reply was fully written (finish chunk and [DONE]). */
  finished = false;
  /** True when the connection closed before the reply was complete (the client went away, or a scripted cut). */
  closedEarly = false;
  /** Date.now() when the request arrived. */
  readonly receivedAt = Date.now();

  constructor(
    readonly method: string,
    readonly path: string,
    readonly headers: Readonly<Record<string, string>>,
    readonly body: RecordedBody | undefined,
  ) {}

  get authorization(): string | undefined {
    return this.headers['authorization'];
  }

  toJSON(): object {
    const headers = { ...this.headers };
    if (headers['authorization'] !== undefined) headers['authorization'] = '[redacted]';
    const { method, path, body, tokensSent, finished, closedEarly, receivedAt } = this;
    return { method, path, headers, body, tokensSent, finished, closedEarly, receivedAt };
  }

  [inspect.custom](): object {
    return this.toJSON();
  }
}

export interface FakeOpenAI {
  /** The base URL to give a client, e.g. http://127.0.0.1:PORT/v1 */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Replace the behaviour (and the queue, when the script has one). */
  setBehaviour(script: FakeScript): void;
  /** Add one-shot behaviours for the next chat requests, merged over the current behaviour. */
  enqueue(...replies: Partial<Behaviour>[]): void;
  close(): Promise<void>;
}

export const DEFAULT_BEHAVIOUR: Behaviour = {
  text: 'Hello from the fake model.',
  tokenChars: 4,
  tokensPerSecond: 0,
  model: 'gpt-fake',
  finishReason: 'stop',
};

export async function startFakeOpenAI(script: FakeScript = {}): Promise<FakeOpenAI> {
  let base: Behaviour = { ...DEFAULT_BEHAVIOUR };
  let queue: Partial<Behaviour>[] = [];
  const requests: RecordedRequest[] = [];
  const apply = (s: FakeScript): void => {
    const { queue: q, ...rest } = s;
    base = { ...DEFAULT_BEHAVIOUR, ...rest };
    queue = [...(q ?? [])];
  };
  apply(script);

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: RecordedBody | undefined;
    try {
      body = raw ? (JSON.parse(raw) as RecordedBody) : undefined;
    } catch {
      body = undefined;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const recorded = new RecordedRequest(req.method ?? 'GET', path, flatHeaders(req), body);
    requests.push(recorded);

    const isChat = req.method === 'POST' && path === '/v1/chat/completions';
    const b: Behaviour = isChat && queue.length > 0 ? { ...base, ...queue.shift() } : base;

    if (b.apiKey !== undefined && recorded.authorization !== `Bearer ${b.apiKey}`) {
      return sendError(
        res,
        401,
        'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_request_error',
        'invalid_api_key',
        b.headers,
      );
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJSON(res, 200, { object: 'list', data: [{ id: b.model, object: 'model', created: CREATED, owned_by: 'fake-openai' }] });
    }
    if (!isChat) {
      return sendError(res, 404, `Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url');
    }
    if (body === undefined || !Array.isArray(body.messages)) {
      return sendError(res, 400, "Missing required parameter: 'messages'.", 'invalid_request_error', 'missing_required_parameter');
    }
    if (b.status !== undefined) {
      return sendError(res, b.status, b.errorMessage ?? defaultMessage(b.status), b.errorType ?? defaultType(b.status), b.errorCode ?? null, b.headers);
    }
    if (body.model !== b.model) {
      return sendError(
        res,
        404,
        `The model \`${String(body.model)}\` does not exist or you do not have access to it.`,
        'invalid_request_error',
        'model_not_found',
      );
    }
    const closed = whenClosed(res).then(() => {
      if (!res.writableFinished) recorded.closedEarly = true;
    });
    if (b.stall && b.stall.afterTokens === undefined && (await pause(b.stall.ms, closed))) return;
    if (body.stream === true) return streamReply(res, b, recorded, closed);
    recorded.tokensSent = tokens(b).length;
    recorded.finished = true;
    return sendJSON(res, 200, {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: CREATED,
      model: b.model,
      choices: [{ index: 0, message: { role: 'assistant', content: b.text, refusal: null }, logprobs: null, finish_reason: b.finishReason }],
      usage: { prompt_tokens: 1, completion_tokens: tokens(b).length, total_tokens: 1 + tokens(b).length },
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setBehaviour: apply,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const CREATED = 1_700_000_000;

async function streamReply(res: ServerResponse, b: Behaviour, recorded: RecordedRequest, closed: Promise<void>): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', ...b.headers });
  const chunk = (delta: object, finishReason: string | null): string =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-fake',
      object: 'chat.completion.chunk',
      created: CREATED,
      model: b.model,
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    })}\n\n`;

  res.write(chunk({ role: 'assistant', content: '' }, null));
  const parts = tokens(b);
  const interval = b.tokensPerSecond > 0 ? 1000 / b.tokensPerSecond : 0;
  const start = Date.now();
  for (let i = 0; i < parts.length; i++) {
    if (b.cutAfterTokens !== undefined && i >= b.cutAfterTokens) return cut(res);
    if (b.stall?.afterTokens === i && (await pause(b.stall.ms, closed))) return;
    // Schedule from the start so the average rate holds even when timers fire late.
    if (interval > 0 && (await pause(start + i * interval - Date.now(), closed))) return;
    if (res.destroyed) return;
    res.write(chunk({ content: parts[i] }, null));
    recorded.tokensSent = i + 1;
  }
  if (b.cutAfterTokens !== undefined && b.cutAfterTokens <= parts.length) return cut(res);
  if (b.stall?.afterTokens === parts.length && (await pause(b.stall.ms, closed))) return;
  for (const raw of b.rawEvents ?? []) res.write(`data: ${raw}\n\n`);
  if (b.finishReason !== null) res.write(chunk({}, b.finishReason));
  res.end('data: [DONE]\n\n');
  recorded.finished = true;
}

function tokens(b: Behaviour): string[] {
  const size = Math.max(1, b.tokenChars);
  const out: string[] = [];
  for (let i = 0; i < b.text.length; i += size) out.push(b.text.slice(i, i + size));
  return out;
}

/** Let what was written reach the client, then drop the connection without ending the response. */
function cut(res: ServerResponse): void {
  setTimeout(() => res.socket?.destroy(), 20);
}

/** Waits `ms`; resolves true when the client went away first. */
async function pause(ms: number, closed: Promise<void>): Promise<boolean> {
  if (ms <= 0) return false;
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const gone = await Promise.race([elapsed, closed.then(() => true)]);
  clearTimeout(timer);
  return gone;
}

function whenClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => res.once('close', () => resolve()));
}

function sendJSON(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, type: string, code: string | null, headers?: Record<string, string>): void {
  sendJSON(res, status, { error: { message, type, param: null, code } }, headers);
}

function defaultMessage(status: number): string {
  if (status === 429) return 'Rate limit reached for requests. Please try again later.';
  if (status >= 500) return 'The server had an error while processing your request. Sorry about that!';
  if (status === 401) return 'Incorrect API key provided.';
  if (status === 403) return 'You are not allowed to sample from this model.';
  return `Request failed with status ${status}.`;
}

function defaultType(status: number): string {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
