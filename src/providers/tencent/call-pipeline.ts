import type { Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import { backoffDelay, type BackoffPolicy } from '../backoff.js';
import type { CallOptions, ProviderEvent } from '../provider.js';
import { isProviderError, type ProviderError } from '../provider-error.js';
import type { ActionRateLimiter } from './action-rate-limiter.js';
import { KeepAliveTransport, NO_ANSWER, TransportFailure } from './keep-alive-transport.js';
import { isRetryableTencentError, tencentTransportError, type TencentErrorContext } from './tencent-error.js';

/** One HTTP request, built (and signed) afresh for every attempt: each carries its own timestamp and nonce. */
export interface BuiltRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Sent byte for byte as signed. */
  body?: string;
}

export interface CallSpec<T> {
  operation: string;
  build: () => BuiltRequest;
  /** Reads a parsed JSON body of an HTTP 200; throws a ProviderError for a Tencent error envelope. */
  parse: (body: unknown) => { value: T; requestId?: string };
  /**
   * `read`: safe to repeat, retried at once. `once`: never repeated here
   * (AllocateAddresses: the caller first looks for what it may have created).
   * Writes go through `CallPipeline.write`, which repeats only after a re-check.
   */
  retry: 'read' | 'once' | 'write';
}

export interface Answer<T> {
  value: T;
  requestId?: string;
}

/** A write failed ambiguously, and the re-read showed it had taken effect anyway. */
export const APPLIED_EARLIER = { sent: false } as const;

export interface CallPipelineOptions {
  account: string;
  region: string;
  clock: Clock;
  random: () => number;
  retry: BackoffPolicy;
  httpTimeoutMs: number;
  limiter: ActionRateLimiter;
  logger?: Logger;
  onEvent?: (event: ProviderEvent) => void;
}

/**
 * The pipeline around every Tencent call (aws-sdk-js-v3 style): rate limit, sign,
 * send over keep-alive connections, parse, report a `ProviderEvent`, and retry with
 * backoff and jitter where that is safe.
 */
export class CallPipeline {
  readonly #options: CallPipelineOptions;
  readonly #http: KeepAliveTransport;

  constructor(options: CallPipelineOptions) {
    this.#options = options;
    this.#http = new KeepAliveTransport(options.httpTimeoutMs);
  }

  context(operation: string): TencentErrorContext {
    return { account: this.#options.account, region: this.#options.region, operation };
  }

  /** A read (retried when that helps) or a `once` call (never repeated). */
  call<T>(spec: CallSpec<T>, options: CallOptions = {}): Promise<Answer<T>> {
    return this.#run<T, never>(spec, options, async () => undefined);
  }

  /**
   * A write: after a retryable failure it is repeated only when `recheck`, reading the
   * state again, says it did not take effect (SPEC §1: bind and unbind are idempotent
   * in effect, not in their API).
   */
  write<T>(
    spec: CallSpec<T>,
    recheck: () => Promise<'applied' | 'repeat'>,
    options: CallOptions = {},
  ): Promise<Answer<T> | typeof APPLIED_EARLIER> {
    return this.#run(spec, options, async () => ((await recheck()) === 'applied' ? APPLIED_EARLIER : undefined));
  }

  async #run<T, R>(spec: CallSpec<T>, options: CallOptions, beforeRetry: () => Promise<R | undefined>): Promise<Answer<T> | R> {
    const { clock, retry, random, limiter } = this.#options;
    for (let attempt = 1; ; attempt += 1) {
      await limiter.acquire(spec.operation, options.signal);
      const started = clock.now();
      let httpStatus: number | undefined;
      try {
        const request = spec.build();
        const response = await this.#http.send(request, options.signal);
        httpStatus = response.status;
        const parsed = spec.parse(this.#json(spec, response.status, response.body));
        this.#emit(options, {
          type: 'call',
          operation: spec.operation,
          attempt,
          outcome: 'ok',
          durationMs: clock.now() - started,
          httpStatus,
          requestId: parsed.requestId,
        });
        return parsed;
      } catch (thrown) {
        if (options.signal?.aborted) throw options.signal.reason;
        const error = this.#asProviderError(spec, thrown);
        const willRetry = attempt < retry.maxAttempts && spec.retry !== 'once' && isRetryableTencentError(error);
        this.#emit(options, {
          type: 'call',
          operation: spec.operation,
          attempt,
          outcome: error.kind === 'throttled' ? 'throttled' : 'error',
          durationMs: clock.now() - started,
          httpStatus: error.httpStatus ?? httpStatus,
          requestId: error.requestId,
          code: error.providerCode,
          message: error.message,
          willRetry,
        });
        if (!willRetry) throw error;
        await clock.sleep(backoffDelay(attempt, retry, random), options.signal);
        const settled = await beforeRetry();
        if (settled !== undefined) return settled;
      }
    }
  }

  #json(spec: CallSpec<unknown>, status: number, text: string): unknown {
    const write = spec.retry !== 'read';
    if (status !== 200) {
      throw tencentTransportError(this.context(spec.operation), { reason: `HTTP ${status}`, httpStatus: status, write });
    }
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw tencentTransportError(this.context(spec.operation), { reason: 'the answer was not JSON', write, cause });
    }
  }

  #asProviderError(spec: CallSpec<unknown>, thrown: unknown): ProviderError {
    if (isProviderError(thrown)) return thrown;
    const reason = transportReason(thrown, this.#options.httpTimeoutMs);
    // A fresh cause with the reason and code only: nothing of the request (its Authorization
    // header, or for the legacy API a URL with SecretId and Signature) may reach a log (SPEC §5).
    const code = thrown instanceof TransportFailure ? thrown.code : undefined;
    const cause = new Error(code ? `${reason} (${code})` : reason);
    return tencentTransportError(this.context(spec.operation), { reason, write: spec.retry !== 'read', cause });
  }

  #emit(options: CallOptions, event: ProviderEvent): void {
    this.#options.logger?.debug({ provider: 'tencent', account: this.#options.account, ...event }, 'tencent call');
    this.#options.onEvent?.(event);
    options.onEvent?.(event);
  }
}

function transportReason(thrown: unknown, timeoutMs: number): string {
  const code = thrown instanceof TransportFailure ? thrown.code : undefined;
  if (code === NO_ANSWER || code === 'ETIMEDOUT') return `no answer within ${Math.round(timeoutMs / 100) / 10}s`;
  if (code === 'ECONNRESET' || (thrown instanceof Error && /socket hang up/i.test(thrown.message))) return 'connection reset';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'endpoint host not found';
  return thrown instanceof Error ? thrown.message : String(thrown);
}
