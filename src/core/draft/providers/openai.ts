// Drafts through any OpenAI-compatible chat endpoint (OpenAI, Azure's compatible endpoint, Ollama,
// LM Studio, vLLM) with the official SDK. Retries, timeouts and cancellation are ours, not the SDK's,
// so they are observable, never repeat streamed text, and turn into DraftErrors that say what to do.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { DraftError, type ChatMessage, type DraftProvider, type DraftRequest } from '../types';

export interface RetryInfo {
  /** The attempt that failed (1 = the first request). */
  attempt: number;
  waitMs: number;
  status?: number;
  reason: string;
}

export interface OpenAIProviderOptions {
  apiKey?: string;
  /** Defaults to OpenAI's own endpoint; any OpenAI-compatible `/v1` URL works. */
  baseURL?: string;
  model: string;
  /** Longest silence allowed per request: before the first byte and between chunks. Default 120000. */
  timeoutMs?: number;
  /** Retries after a 429 or 5xx, only before any text was yielded. Default 3. */
  maxRetries?: number;
  /** First backoff wait, doubled each retry, with jitter. Default 1000. */
  retryBaseMs?: number;
  /** Cap on any single wait, including one asked for by Retry-After. Default 60000. */
  maxRetryWaitMs?: number;
  onRetry?: (info: RetryInfo) => void;
  onFirstToken?: () => void;
  /** Why the model stopped: 'stop', or 'length' when it ran out of output tokens (the draft is cut short). */
  onFinish?: (reason: string) => void;
  log?: (line: string) => void;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Local servers ignore the key, but the SDK and some servers want a bearer header. */
const NO_KEY_PLACEHOLDER = 'not-needed';
const OFFLINE_HINT = 'or use the offline drafter';

export function createOpenAIProvider(options: OpenAIProviderOptions): DraftProvider {
  const baseURL = (options.baseURL?.trim() || OPENAI_BASE_URL).replace(/\/+$/, '');
  const where = displayURL(baseURL);
  const apiKey = options.apiKey?.trim() || undefined;
  const model = options.model;
  const timeoutMs = Math.max(1, Math.round(options.timeoutMs ?? 120_000));
  const maxRetries = Math.max(0, options.maxRetries ?? 3);
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const maxRetryWaitMs = options.maxRetryWaitMs ?? 60_000;
  const redact = (text: string): string => (apiKey ? text.split(apiKey).join('***') : text);
  const log = (line: string): void => options.log?.(redact(`openai: ${line}`));
  let client: OpenAI | undefined;

  const getClient = (): OpenAI => {
    client ??= new OpenAI({
      apiKey: apiKey ?? NO_KEY_PLACEHOLDER,
      baseURL,
      maxRetries: 0,
      timeout: timeoutMs,
      logLevel: 'warn',
      logger: {
        error: (message, ...rest) => log(`sdk: ${sdkLine(message, rest)}`),
        warn: (message, ...rest) => log(`sdk: ${sdkLine(message, rest)}`),
        info: () => undefined,
        debug: () => undefined,
      },
    });
    return client;
  };

  const describe: Describe = { where, model, timeoutMs, redact };

  async function* draft(request: DraftRequest, signal: AbortSignal): AsyncGenerator<string, void, undefined> {
    if (!apiKey && isOpenAIHost(baseURL)) {
      throw new DraftError(
        'no-key',
        `No API key is set for ${where}. Run "SOP: Set API Key" to store one, ${OFFLINE_HINT}. ` +
          'A local server (Ollama, LM Studio, vLLM) needs no key: set sopBuilder.draft.baseUrl to it.',
      );
    }
    const messages = request.messages.map(toOpenAIMessage);
    const progress = { chars: 0 };
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw cancelled();
      log(`POST ${where}/chat/completions (model ${model}, attempt ${attempt})`);
      const outcome = yield* streamAttempt(getClient(), { model, messages }, signal, timeoutMs, progress, options.onFirstToken);

      if (outcome.kind === 'finished') {
        log(`finished (${outcome.reason}) after ${progress.chars} characters`);
        if (outcome.reason === 'length') log('the model hit its output limit: the draft is cut short');
        options.onFinish?.(outcome.reason);
        return;
      }
      const { failure } = outcome;
      const canRetry = failure.retryable && progress.chars === 0 && attempt <= maxRetries;
      if (!canRetry) {
        const error = toDraftError(failure, describe, attempt, progress.chars);
        log(`failed (${error.kind}): ${error.message}`);
        throw error;
      }
      const waitMs = retryWaitMs(failure.headers, attempt, retryBaseMs, maxRetryWaitMs);
      const reason = failure.status === 429 ? 'rate limited' : `server error ${failure.status ?? ''}`.trim();
      log(`${reason}; retry ${attempt} of ${maxRetries} in ${waitMs} ms`);
      options.onRetry?.({ attempt, waitMs, status: failure.status, reason });
      await pause(waitMs, signal).catch((error: unknown) => {
        log('cancelled while waiting to retry');
        throw error;
      });
    }
  }

  return { id: 'openai', model, draft };
}

interface Describe {
  where: string;
  model: string;
  timeoutMs: number;
  redact: (text: string) => string;
}

/** What went wrong in one attempt, before it becomes a DraftError. */
interface Failure {
  kind: 'cancelled' | 'timeout' | 'network' | 'http' | 'stream-error' | 'stream-cut' | 'malformed';
  retryable: boolean;
  status?: number;
  code?: string;
  serverMessage?: string;
  headers?: Headers;
  /** For 'timeout': whether the silence came before or after the response started. */
  streaming?: boolean;
}

type AttemptOutcome = { kind: 'finished'; reason: string } | { kind: 'failed'; failure: Failure };

/** One HTTP request: yields content deltas and reports how it ended. Never throws. */
async function* streamAttempt(
  client: OpenAI,
  body: { model: string; messages: ChatCompletionMessageParam[] },
  signal: AbortSignal,
  timeoutMs: number,
  progress: { chars: number },
  onFirstToken: (() => void) | undefined,
): AsyncGenerator<string, AttemptOutcome, undefined> {
  const watch = new AttemptWatch(signal, timeoutMs);
  let streaming = false;
  let finishReason: string | null = null;
  try {
    watch.arm();
    const stream = await client.chat.completions.create({ ...body, stream: true }, { signal: watch.signal, timeout: timeoutMs });
    streaming = true;
    watch.arm();
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      const text = choice?.delta?.content;
      if (text) {
        // The clock stops while the caller handles the text: a slow editor is not a silent server.
        watch.disarm();
        if (progress.chars === 0) onFirstToken?.();
        progress.chars += text.length;
        yield text;
      }
      watch.arm();
    }
  } catch (error) {
    return { kind: 'failed', failure: classify(error, watch, signal, streaming) };
  } finally {
    watch.dispose();
  }
  // The SDK ends the stream quietly when its request is aborted, so an abort is only visible here.
  if (signal.aborted) return { kind: 'failed', failure: { kind: 'cancelled', retryable: false } };
  if (watch.timedOut) return { kind: 'failed', failure: { kind: 'timeout', retryable: false, streaming } };
  if (!finishReason) return { kind: 'failed', failure: { kind: 'stream-cut', retryable: false } };
  return { kind: 'finished', reason: finishReason };
}

/** Joins the caller's signal with an idle timer; aborting either closes the HTTP request. */
class AttemptWatch {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  timedOut = false;
  private readonly onAbort = (): void => this.controller.abort();

  constructor(
    private readonly outer: AbortSignal,
    private readonly timeoutMs: number,
  ) {
    outer.addEventListener('abort', this.onAbort, { once: true });
    if (outer.aborted) this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  arm(): void {
    this.disarm();
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.timeoutMs);
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disarm();
    this.outer.removeEventListener('abort', this.onAbort);
    // Closes the request if the caller stopped reading early.
    this.controller.abort();
  }
}

function classify(error: unknown, watch: AttemptWatch, signal: AbortSignal, streaming: boolean): Failure {
  if (signal.aborted) return { kind: 'cancelled', retryable: false };
  if (watch.timedOut || error instanceof APIConnectionTimeoutError) return { kind: 'timeout', retryable: false, streaming };
  if (error instanceof APIUserAbortError) return { kind: 'cancelled', retryable: false };
  if (error instanceof APIConnectionError) return { kind: 'network', retryable: false, code: causeCode(error) ?? innermostMessage(error) };
  if (error instanceof APIError) {
    const serverMessage = apiMessage(error);
    // An `error` event inside an SSE stream arrives without a status.
    if (error.status === undefined) return { kind: 'stream-error', retryable: false, serverMessage };
    const code = typeof error.code === 'string' ? error.code : undefined;
    const retryable = (error.status === 429 && code !== 'insufficient_quota') || error.status >= 500;
    return { kind: 'http', retryable, status: error.status, code, serverMessage, headers: error.headers };
  }
  // The SDK rethrows JSON.parse's SyntaxError for a chunk that is not JSON.
  if (error instanceof SyntaxError) return { kind: 'malformed', retryable: false, serverMessage: error.message };
  // undici reports a connection dropped mid-body as TypeError('terminated').
  if (streaming) return { kind: 'stream-cut', retryable: false, code: causeCode(error) };
  return { kind: 'network', retryable: false, code: causeCode(error), serverMessage: errorText(error) };
}

function toDraftError(failure: Failure, d: Describe, attempts: number, chars: number): DraftError {
  // The server's words go mid-sentence, so their closing full stop would double ours.
  const said = failure.serverMessage
    ? `: ${d
        .redact(failure.serverMessage)
        .trim()
        .replace(/[.!\s]+$/, '')}`
    : '';
  const status = failure.status;
  switch (failure.kind) {
    case 'cancelled':
      return cancelled();
    case 'timeout': {
      const when = failure.streaming ? (chars > 0 ? `mid-way, after ${chars} characters` : 'before the first token') : 'before it answered';
      return new DraftError(
        'timeout',
        `The model endpoint ${d.where} sent nothing for ${seconds(d.timeoutMs)} (${when}), so the request was stopped. ` +
          `Check that the server is running and not overloaded, then draft again, ${OFFLINE_HINT}.`,
      );
    }
    case 'network': {
      const detail = failure.code ?? failure.serverMessage;
      return new DraftError(
        'network',
        `Could not reach the model endpoint ${d.where}${detail ? ` (${d.redact(detail)})` : ''}. ` +
          `Check sopBuilder.draft.baseUrl and that the server is running, ${OFFLINE_HINT}.`,
      );
    }
    case 'stream-cut':
      return new DraftError(
        'stream-cut',
        `The model's stream stopped mid-way: ${d.where} ended it after ${chars} characters without saying it had finished` +
          `${failure.code ? ` (${failure.code})` : ''}. The text so far is kept; draft again for a complete SOP, ${OFFLINE_HINT}.`,
      );
    case 'malformed':
      return new DraftError(
        'stream-cut',
        `The model's stream stopped mid-way: ${d.where} sent a chunk that is not valid JSON after ${chars} characters${said}. ` +
          `The text so far is kept; check that the base URL points at an OpenAI-compatible /v1 endpoint, ${OFFLINE_HINT}.`,
      );
    case 'stream-error':
      return new DraftError(
        'server',
        `The model endpoint ${d.where} reported an error mid-stream${said}. The text so far is kept; draft again, ${OFFLINE_HINT}.`,
      );
    case 'http':
      return httpError(failure, d, attempts, status ?? 0, said);
  }
}

function httpError(failure: Failure, d: Describe, attempts: number, status: number, said: string): DraftError {
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  if (status === 401 || status === 403) {
    return new DraftError(
      'auth',
      `The model endpoint refused the API key (${status})${said}. Check the key with "SOP: Set API Key" ` +
        `(and that it may use model "${d.model}"), ${OFFLINE_HINT}.`,
      status,
    );
  }
  if (status === 404 || failure.code === 'model_not_found') {
    return new DraftError(
      'model-not-found',
      `The model "${d.model}" or its chat endpoint was not found at ${d.where} (${status})${said}. ` +
        `Check sopBuilder.draft.model (for Ollama, pull the model first) and sopBuilder.draft.baseUrl (usually ending in /v1).`,
      status,
    );
  }
  if (status === 429) {
    if (failure.code === 'insufficient_quota') {
      return new DraftError(
        'rate-limited',
        `The model endpoint ${d.where} says this key has no quota left (429)${said}. Check the account's plan and billing, ${OFFLINE_HINT}.`,
        status,
      );
    }
    return new DraftError(
      'rate-limited',
      `The model endpoint ${d.where} was still rate-limiting requests (429) after ${tries}${said}. ` + `Wait a minute and draft again, ${OFFLINE_HINT}.`,
      status,
    );
  }
  if (status >= 500) {
    return new DraftError(
      'server',
      `The model endpoint ${d.where} failed with a server error (${status}) after ${tries}${said}. ` + `Try again later, ${OFFLINE_HINT}.`,
      status,
    );
  }
  return new DraftError(
    'bad-request',
    `The model endpoint ${d.where} rejected the request (${status})${said}. ` +
      `Check sopBuilder.draft.model; if the message is about length or context, draft from fewer evidence files, ${OFFLINE_HINT}.`,
    status,
  );
}

function cancelled(): DraftError {
  return new DraftError('cancelled', 'Drafting was cancelled, and the request to the model was closed. Run the draft again when ready.');
}

/** Waits before a retry; cancelling cuts the wait short. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The server's wait (retry-after-ms, then Retry-After in seconds or as a date), else exponential backoff with jitter. */
export function retryWaitMs(headers: Headers | undefined, attempt: number, baseMs: number, capMs: number): number {
  const asked = askedWaitMs(headers);
  if (asked !== undefined) return Math.min(Math.max(0, Math.round(asked)), capMs);
  const backoff = baseMs * 2 ** (attempt - 1);
  return Math.min(Math.round(backoff * (0.75 + Math.random() * 0.5)), capMs);
}

function askedWaitMs(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - Date.now();
}

function toOpenAIMessage(message: ChatMessage): ChatCompletionMessageParam {
  if (message.role === 'user') return { role: 'user', content: message.content };
  // Only user messages may carry images.
  const content = typeof message.content === 'string' ? message.content : message.content.flatMap((part) => (part.type === 'text' ? [part] : []));
  return message.role === 'system' ? { role: 'system', content } : { role: 'assistant', content };
}

function isOpenAIHost(baseURL: string): boolean {
  try {
    return new URL(baseURL).hostname.toLowerCase() === 'api.openai.com';
  } catch {
    return false;
  }
}

/** The base URL as shown to people: without any user:password part. */
function displayURL(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return baseURL;
  }
}

function apiMessage(error: APIError): string | undefined {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message;
  return error.message || undefined;
}

/** The errno-style code (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET) somewhere down the cause chain. */
function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) {
      const first = causeCode(inner[0]);
      if (first) return first;
    }
  }
  return undefined;
}

/** fetch wraps the reason ('bad port', 'getaddrinfo ...') in generic errors; the last cause says it. */
function innermostMessage(error: unknown): string | undefined {
  let message: string | undefined;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) message = e.message;
  return message && message !== errorText(error) ? message : undefined;
}

/** The SDK logs a message plus details (e.g. the chunk it could not parse); keep the details short. */
function sdkLine(message: string, rest: unknown[]): string {
  const details = rest.map((r) => (typeof r === 'string' ? r : (JSON.stringify(r) ?? String(r)))).join(' ');
  return details ? `${message} ${details.length > 200 ? `${details.slice(0, 200)}...` : details}` : message;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
