import { describe, expect, it } from 'vitest';
import { PostAckQueue } from '../../src/slack/post-ack-queue.js';

function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PostAckQueue', () => {
  it('runs at most its limit of commands at once and starts the next in arrival order', async () => {
    const queue = new PostAckQueue(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const done = gates.map((g, index) =>
      queue.run(async () => {
        started.push(index);
        await g.promise;
        return index;
      }),
    );
    await tick();
    await tick();
    expect(started).toEqual([0, 1]);
    gates[1]?.open();
    await tick();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('frees the place of work that failed, and passes its error on', async () => {
    const queue = new PostAckQueue(1);
    await expect(queue.run(async () => Promise.reject(new Error('provider down')))).rejects.toThrow('provider down');
    await expect(queue.run(async () => 'next')).resolves.toBe('next');
  });

  it('refuses a limit that would run nothing', () => {
    expect(() => new PostAckQueue(0)).toThrow(RangeError);
  });
});
