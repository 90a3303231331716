import type { ConsoleEvent, ConsoleSnapshot } from '../../../src/sandbox/console/console-view.js';

/**
 * Reads the console's Server-Sent Events as a page would, and lets a test wait for the
 * first event that matches. Every event is kept, so nothing is missed between waits.
 */
export class ConsoleEvents {
  /** The state the page started from. */
  snapshot: ConsoleSnapshot | undefined;
  /** Every event after the snapshot, in order. */
  readonly events: ConsoleEvent[] = [];
  #opened: (() => void) | undefined;
  readonly #abort = new AbortController();
  readonly #waiters = new Set<{ match: (event: ConsoleEvent) => boolean; resolve: (event: ConsoleEvent) => void }>();

  private constructor() {}

  static async open(consoleUrl: string): Promise<ConsoleEvents> {
    const reader = new ConsoleEvents();
    const response = await fetch(new URL('/api/events', consoleUrl), { signal: reader.#abort.signal });
    if (!response.ok || response.body === null) throw new Error(`the event stream answered HTTP ${response.status}`);
    const opened = new Promise<void>((resolve) => (reader.#opened = resolve));
    void reader.#read(response.body);
    await opened;
    return reader;
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          this.#accept(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch (error) {
      if (!this.#abort.signal.aborted) throw error;
    }
  }

  #accept(frame: string): void {
    const type = /^event: (.+)$/m.exec(frame)?.[1];
    const data = /^data: (.+)$/m.exec(frame)?.[1];
    if (type === undefined || data === undefined) return;
    if (type === 'snapshot') {
      this.snapshot = JSON.parse(data) as ConsoleSnapshot;
      this.#opened?.();
      return;
    }
    const event = JSON.parse(data) as ConsoleEvent;
    this.events.push(event);
    for (const waiter of this.#waiters) {
      if (!waiter.match(event)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(event);
    }
  }

  /** The first event so far or to come that matches; rejects after `timeoutMs` of real time. */
  next(match: (event: ConsoleEvent) => boolean, timeoutMs = 10_000): Promise<ConsoleEvent> {
    const found = this.events.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (event: ConsoleEvent) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no matching console event within ${timeoutMs} ms; got: ${this.events.map((event) => event.type).join(', ')}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  close(): void {
    this.#abort.abort();
  }
}
