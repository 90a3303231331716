import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import { backoffDelay, type BackoffPolicy } from '../backoff.js';
import type { ProviderEvent } from '../provider.js';
import type { ProviderError } from '../provider-error.js';
import type { RateLimiter } from '../rate-limiter.js';
import { parseHuaweiErrorBody } from './error-body.js';
import { huaweiProviderError, type HuaweiFailure } from './huawei-error.js';
import type { HuaweiRequestAuth } from './request-auth.js';
import type { QueryParams } from './signer.js';

export type HuaweiService = 'vpc' | 'ecs' | 'iam';

export interface HuaweiHttpRequest<T> {
  operation: string;
  service: HuaweiService;
  method: 'GET' | 'PUT' | 'POST';
  /** The path under the endpoint, given the project id once it is known. */
  path: (projectId: string) => string;
  query?: QueryParams;
  /** Serialised once; those exact bytes are hashed, signed and sent. */
  body?: unknown;
  schema: z.ZodType<T>;
  /**
   * Safe to send again after an answer-less failure (5xx, reset, timeout): reads, and
   * token requests. Writes are never repeated here; the provider re-reads state first.
   */
  idempotent: boolean;
  /** Success statuses (default 200). */
  expect?: readonly number[];
  /** False only for the IAM token request itself. */
  authenticated?: boolean;
}

export interface HuaweiResponse<T> {
  data: T;
  httpStatus: number;
  requestId?: string;
  header(name: string): string | undefined;
}

/** A parsed answer and the provider request id to audit it by. */
export interface Answer<T> {
  data: T;
  requestId?: string;
}

/** Per call: where progress goes, and how to cancel. */
export interface CallContext {
  onEvent?: (event: ProviderEvent) => void;
  signal?: AbortSignal;
}

export interface HuaweiHttpClientOptions {
  accountName: string;
  endpoints: Readonly<Record<HuaweiService, string>>;
  /** How requests are authenticated; absent for the IAM client that issues tokens. */
  auth?: HuaweiRequestAuth;
  transport: AxiosInstance;
  clock: Clock;
  random: () => number;
  retry: BackoffPolicy;
  rateLimiter?: RateLimiter;
  logger?: Logger;
  /** Provider-wide progress listener (metrics), called besides the per-call one. */
  onEvent?: (event: ProviderEvent) => void;
}

/**
 * One axios instance per provider with keep-alive agents: TLS handshakes to the same
 * three hosts dominate latency otherwise. Bodies travel as the exact strings we signed
 * (no axios transforms), and every status is handed back to us to classify.
 */
export function createHuaweiTransport(timeoutMs: number): AxiosInstance {
  return axios.create({
    timeout: timeoutMs,
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true }),
    maxRedirects: 0,
    responseType: 'text',
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
  });
}

function transportKind(error: AxiosError): NonNullable<HuaweiFailure['transport']> {
  switch (error.code) {
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
      return 'timeout';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    case 'ECONNREFUSED':
      return 'refused';
    default:
      return 'network';
  }
}

function buildUrl(base: string, path: string, query: QueryParams | undefined): string {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return url.toString();
}

function bodyRequestId(text: string): string | undefined {
  if (!text.includes('request_id')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'request_id' in parsed && typeof parsed.request_id === 'string') {
      return parsed.request_id;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Whether a failed attempt may be sent again. Throttling (429) and refused connections
 * are refusals before any work, so even writes may repeat; other answer-less failures
 * only for idempotent calls. 409 VPC.0512 ("busy, try again later", reference §7.3) is
 * retried for reads; for writes the provider re-reads first, because what the EIP is
 * busy with may change what the write should be.
 */
function isRetryable(failure: HuaweiFailure, idempotent: boolean): boolean {
  if (failure.httpStatus === 429 || failure.transport === 'refused') return true;
  if (!idempotent) return false;
  if (failure.transport !== undefined) return true;
  if (failure.code === 'VPC.0512') return true;
  return failure.httpStatus !== undefined && failure.httpStatus >= 500;
}

/**
 * The pipeline every Huawei call goes through: rate limit, authenticate (sign or token),
 * send, capture the request id, parse with zod, normalise errors, retry with backoff
 * where that is safe, renew a rejected token once, and report every attempt.
 */
export class HuaweiHttpClient {
  readonly #options: HuaweiHttpClientOptions;

  constructor(options: HuaweiHttpClientOptions) {
    this.#options = options;
  }

  get accountName(): string {
    return this.#options.accountName;
  }

  async send<T>(request: HuaweiHttpRequest<T>, call: CallContext = {}): Promise<HuaweiResponse<T>> {
    const options = this.#options;
    const authenticated = request.authenticated ?? true;
    const auth = authenticated ? options.auth : undefined;
    if (authenticated && !auth) throw new TypeError('this Huawei client has no credentials');
    const projectId = auth ? await auth.projectId(call) : '';
    const url = buildUrl(options.endpoints[request.service], request.path(projectId), request.query);
    const body = request.body === undefined ? '' : JSON.stringify(request.body);
    const expect = request.expect ?? [200];
    let renewed = false;

    for (let attempt = 1; ; attempt += 1) {
      await options.rateLimiter?.acquire(call.signal);
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      let credential: string | undefined;
      if (auth) {
        const authorized = await auth.authorize(
          { method: request.method, url, query: request.query, headers: { ...headers }, body },
          call,
        );
        Object.assign(headers, authorized.headers);
        credential = authorized.token;
      }

      const started = options.clock.now();
      let response: AxiosResponse<string> | undefined;
      let failure: HuaweiFailure | undefined;
      let cause: unknown;
      try {
        response = await options.transport.request<string>({
          method: request.method,
          url,
          headers,
          data: request.method === 'GET' ? undefined : body,
          signal: call.signal,
        });
      } catch (error) {
        if (call.signal?.aborted) throw call.signal.reason;
        if (!(error instanceof AxiosError)) throw error;
        // Not the AxiosError itself: its config carries the Authorization or X-Auth-Token header and, for
        // the token request, the IAM password, and a logged cause must never reveal them.
        cause = new Error(`${error.code ?? 'network error'}: ${error.message}`);
        failure = { operation: request.operation, transport: transportKind(error), message: error.code ?? error.message };
      }
      const durationMs = options.clock.now() - started;

      if (response) {
        const text = typeof response.data === 'string' ? response.data : '';
        const headerRequestId = typeof response.headers['x-request-id'] === 'string' ? response.headers['x-request-id'] : undefined;
        if (expect.includes(response.status)) {
          const requestId = headerRequestId ?? bodyRequestId(text);
          const parsed = this.#parse(text, request.schema);
          if (parsed.ok) {
            this.emit(call, {
              type: 'call',
              operation: request.operation,
              attempt,
              outcome: 'ok',
              durationMs,
              httpStatus: response.status,
              requestId,
            });
            const responseHeaders = response.headers;
            return {
              data: parsed.value,
              httpStatus: response.status,
              requestId,
              header: (name) => {
                const value: unknown = responseHeaders[name.toLowerCase()];
                return typeof value === 'string' ? value : undefined;
              },
            };
          }
          cause = parsed.error;
          failure = {
            operation: request.operation,
            httpStatus: response.status,
            requestId,
            malformed: true,
            message: 'response body did not match the expected shape',
          };
        } else {
          const body = parseHuaweiErrorBody(text);
          failure = {
            operation: request.operation,
            httpStatus: response.status,
            code: body.code,
            message: body.message,
            requestId: headerRequestId ?? body.requestId,
          };
        }
      }
      if (!failure) throw new TypeError('unreachable: neither a response nor a failure');

      const renew = failure.httpStatus === 401 && auth !== undefined && !renewed && (await auth.renew(credential, call));
      const retry = renew || (isRetryable(failure, request.idempotent) && attempt < options.retry.maxAttempts);
      this.emit(call, {
        type: 'call',
        operation: request.operation,
        attempt,
        outcome: failure.httpStatus === 429 ? 'throttled' : 'error',
        durationMs,
        httpStatus: failure.httpStatus,
        requestId: failure.requestId,
        code: failure.code ?? failure.transport,
        message: failure.message,
        willRetry: retry,
      });
      if (renew) {
        renewed = true;
        continue;
      }
      if (!retry) throw this.#error(failure, cause);
      await options.clock.sleep(backoffDelay(attempt, options.retry, options.random), call.signal);
    }
  }

  #parse<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; error: unknown } {
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch (error) {
      return { ok: false, error };
    }
    const result = schema.safeParse(json);
    return result.success ? { ok: true, value: result.data } : { ok: false, error: result.error };
  }

  #error(failure: HuaweiFailure, cause: unknown): ProviderError {
    return huaweiProviderError(this.#options.accountName, failure, cause);
  }

  /** Reports progress to the provider-wide and the per-call listener (waiters report polls here too). */
  emit(call: CallContext, event: ProviderEvent): void {
    for (const listener of [this.#options.onEvent, call.onEvent]) {
      if (!listener) continue;
      try {
        listener(event);
      } catch (error) {
        // A broken progress listener must not turn a successful cloud call into a failure.
        this.#options.logger?.warn({ err: error, operation: event.type === 'call' ? event.operation : event.what }, 'provider event listener failed');
      }
    }
    if (event.type === 'call') {
      this.#options.logger?.debug(
        {
          account: this.#options.accountName,
          operation: event.operation,
          attempt: event.attempt,
          outcome: event.outcome,
          httpStatus: event.httpStatus,
          requestId: event.requestId,
          code: event.code,
          durationMs: event.durationMs,
        },
        'huawei call',
      );
    }
  }
}
