import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { classifySlackFailure } from './slack-api-failure.js';

export interface ChannelQueueOptions {
  clock: Clock;
  logger: Logger;
  /** How many 429s one call waits out before it gives up (each wait is Slack's Retry-After). */
  maxRateLimitWaits?: number;
  /** How many times a call that failed in transit or with a 5xx is tried again. */
  transientRetries?: number;
  /** The first wait before such a retry; it doubles each time. */
  transientBackoffMs?: number;
}

const DEFAULTS = { maxRateLimitWaits: 10, transientRetries: 3, transientBackoffMs: 1_000 };

/**
 * Every Web API write eipbot makes on its own (cards, thread progress, results) goes
 * through here, one channel at a time and in order, so a thread line never overtakes the
 * card update before it. A 429 pauses only that channel for Slack's Retry-After and the
 * same call is sent again: Slack limits chat.postMessage to about one message per
 * second per channel and chat.update to Tier 3 (reference/slack.md §5.2), and a message
 * must not be lost to either. The WebClient itself is built with
 * `rejectRateLimitedCalls`, because its own 429 handling pauses every channel at once
 * and retries for up to 30 minutes (§5.3, §8 item 8).
 */
export class SlackChannelQueue {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #limits: typeof DEFAULTS;
  readonly #tails = new Map<string, Promise<unknown>>();

  constructor(options: ChannelQueueOptions) {
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#limits = {
      maxRateLimitWaits: options.maxRateLimitWaits ?? DEFAULTS.maxRateLimitWaits,
      transientRetries: options.transientRetries ?? DEFAULTS.transientRetries,
      transientBackoffMs: options.transientBackoffMs ?? DEFAULTS.transientBackoffMs,
    };
  }

  /** Runs `call` after every call queued before it for `channel`; rejects with its final error. */
  run<T>(channel: string, what: string, call: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(channel) ?? Promise.resolve();
    const result = previous.then(
      () => this.#attempt(channel, what, call),
      () => this.#attempt(channel, what, call),
    );
    const tail = result.catch(() => undefined);
    this.#tails.set(channel, tail);
    void tail.then(() => {
      if (this.#tails.get(channel) === tail) this.#tails.delete(channel);
    });
    return result;
  }

  /** Resolves once every call queued so far has finished. */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }

  async #attempt<T>(channel: string, what: string, call: () => Promise<T>): Promise<T> {
    let rateLimitWaits = 0;
    let transientRetries = 0;
    for (;;) {
      try {
        return await call();
      } catch (error) {
        const failure = classifySlackFailure(error);
        if (failure.kind === 'rate-limited' && rateLimitWaits < this.#limits.maxRateLimitWaits) {
          rateLimitWaits += 1;
          this.#logger.warn({ channel, what, retryAfterMs: failure.retryAfterMs, wait: rateLimitWaits }, 'Slack rate-limited a call; waiting as told, then sending it again');
          await this.#clock.sleep(failure.retryAfterMs);
          continue;
        }
        if (failure.kind === 'transient' && transientRetries < this.#limits.transientRetries) {
          const delay = this.#limits.transientBackoffMs * 2 ** transientRetries;
          transientRetries += 1;
          this.#logger.warn({ channel, what, reason: failure.reason, retry: transientRetries, delayMs: delay }, 'a Slack call failed in transit; trying again');
          await this.#clock.sleep(delay);
          continue;
        }
        throw error;
      }
    }
  }
}
