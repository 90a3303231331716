import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Clock } from '../clock.js';

/**
 * Listeners keep working after their ack (planning, executing, answering), so a
 * graceful stop waits for them after the server stops taking new requests. A global
 * middleware sees every listener chain start and end.
 */
export class InflightListeners {
  readonly #running = new Set<Promise<void>>();

  readonly middleware: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    const running = next();
    this.#running.add(running);
    try {
      await running;
    } finally {
      this.#running.delete(running);
    }
  };

  /** Resolves once every listener started so far has finished, or after `timeoutMs`. */
  async idle(clock: Clock, timeoutMs: number): Promise<void> {
    const stop = new AbortController();
    const deadline = clock.sleep(timeoutMs, stop.signal).catch(() => undefined);
    const drained = (async () => {
      while (this.#running.size > 0) await Promise.allSettled(this.#running);
    })();
    await Promise.race([drained, deadline]);
    stop.abort();
  }
}
