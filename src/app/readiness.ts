import type { Clock } from '../clock.js';
import { isCodedError } from '../errors.js';
import { slackFailureReason } from '../slack/slack-api-failure.js';
import type { Store } from '../store/store.js';

export interface ReadinessReport {
  ready: boolean;
  /** `ok`, or `failing: <why>` (never a secret). */
  checks: { store: string; slack: string };
}

export interface ReadinessOptions {
  store: Pick<Store, 'ping'>;
  /** Slack's `auth.test` with the bot token. */
  slack: () => Promise<unknown>;
  clock: Clock;
  /** How long a Slack answer is reused: probes come every few seconds, auth.test need not. */
  slackCacheMs?: number;
  /** A check that has not answered by then counts as failing, so a probe never hangs. */
  timeoutMs?: number;
}

class CheckTimeout extends Error {}

/**
 * `GET /readyz` (SPEC §7): the store answers a ping and Slack accepts the bot token.
 * Each check is bounded in time; Slack's answer, good or bad, is cached for a few
 * seconds.
 */
export class Readiness {
  readonly #options: ReadinessOptions;
  #slack: { at: number; result: Promise<string> } | undefined;

  constructor(options: ReadinessOptions) {
    this.#options = options;
  }

  async check(): Promise<ReadinessReport> {
    const [store, slack] = await Promise.all([
      this.#bounded(() => this.#options.store.ping()).then(
        () => 'ok',
        (error: unknown) => `failing: ${error instanceof CheckTimeout ? 'no answer in time' : isCodedError(error) ? error.userMessage : 'unreachable'}`,
      ),
      this.#slackCheck(),
    ]);
    return { ready: store === 'ok' && slack === 'ok', checks: { store, slack } };
  }

  #slackCheck(): Promise<string> {
    const now = this.#options.clock.now();
    const cached = this.#slack;
    if (cached !== undefined && now - cached.at < (this.#options.slackCacheMs ?? 5_000)) return cached.result;
    const result = this.#bounded(() => this.#options.slack()).then(
      () => 'ok',
      (error: unknown) => `failing: ${error instanceof CheckTimeout ? 'no answer in time' : slackFailureReason(error)}`,
    );
    this.#slack = { at: now, result };
    return result;
  }

  async #bounded<T>(check: () => Promise<T>): Promise<T> {
    const stop = new AbortController();
    const timeout = this.#options.clock.sleep(this.#options.timeoutMs ?? 3_000, stop.signal).then(
      () => Promise.reject(new CheckTimeout()),
      () => new Promise<never>(() => undefined),
    );
    try {
      return await Promise.race([check(), timeout]);
    } finally {
      stop.abort();
    }
  }
}
