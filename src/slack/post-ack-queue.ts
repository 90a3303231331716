/**
 * Work a listener does after its ack (reading the cloud, planning, answering) waits its
 * turn here. Slack's hard deadline is on the ack (3 s, reference/slack.md §2.3), not on
 * the plan: when a burst of commands arrives together, bounding the work in flight keeps
 * the event loop free to acknowledge the rest of the burst first, and spares the cloud
 * APIs a burst of reads.
 */
export class PostAckQueue {
  readonly #limit: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    if (!(Number.isInteger(limit) && limit > 0)) throw new RangeError('the post-ack work limit must be a positive integer');
    this.#limit = limit;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.#running >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running += 1;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }
}
