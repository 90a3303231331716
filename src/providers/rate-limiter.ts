import type { Clock } from '../clock.js';

/**
 * A token bucket that spaces calls so a provider's documented rate (per account, and
 * for Tencent per action) is never exceeded: waiting here is cheaper than a
 * throttling error followed by a backoff. Calls are served in arrival order. The
 * default burst of 1 spaces calls evenly, which also satisfies servers that count
 * requests per calendar second rather than with a bucket.
 */
export class RateLimiter {
  readonly #ratePerSecond: number;
  readonly #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #last: number;
  #queue: Promise<void> = Promise.resolve();

  constructor(ratePerSecond: number, clock: Clock, burst = 1) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.#ratePerSecond = ratePerSecond;
    this.#burst = burst;
    this.#clock = clock;
    this.#tokens = burst;
    this.#last = clock.now();
  }

  /** Resolves when the caller may send one request. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#take(signal));
    // A rejected turn (aborted) must not block the callers behind it.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#ratePerSecond);
      this.#last = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - this.#tokens) / this.#ratePerSecond) * 1000);
      await this.#clock.sleep(waitMs, signal);
    }
  }
}
