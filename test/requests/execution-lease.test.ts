import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { ExecutionLeases } from '../../src/requests/execution-lease.js';
import type { KvStore } from '../../src/store/store.js';
import { keptLogs } from '../support/kept-logs.js';
import { storeBackends, type StoreHarness } from '../support/store-harness.js';

const harnesses: StoreHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
});

/** Short, so expiry tests are quick; renewal (every third) still has room when CI is busy. */
const TTL_MS = 300;

function leases(kv: KvStore, owner: string, ttlMs = TTL_MS): ExecutionLeases {
  return new ExecutionLeases({ kv, clock: systemClock, logger: keptLogs().logger, owner, ttlMs });
}

describe.each(storeBackends)('execution leases on $name', (backend) => {
  async function twoReplicas(ttlMs = TTL_MS) {
    const harness = await backend.create();
    harnesses.push(harness);
    const a = await harness.open();
    const b = await harness.open();
    return { a: leases(a.namespace('leases'), 'replica-a', ttlMs), b: leases(b.namespace('leases'), 'replica-b', ttlMs), kvB: b.namespace('leases') };
  }

  it('gives a request to exactly one of two replicas claiming it at once', async () => {
    const { a, b } = await twoReplicas();
    const claims = await Promise.all([a.claim('R-7K2F9Q'), b.claim('R-7K2F9Q')]);
    expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
    const winner = claims[0] ? 'replica-a' : 'replica-b';
    expect(await a.holder('R-7K2F9Q')).toBe(winner);
    await Promise.all(claims.map((claim) => claim?.release()));
  });

  it('keeps the lease alive while the holder works past its TTL', async () => {
    // A longer TTL here: the claim is about renewal, which a starved event loop could miss at 300 ms.
    const ttlMs = 1_000;
    const { a, b } = await twoReplicas(ttlMs);
    const held = await a.claim('R-7K2F9Q');
    await new Promise((resolve) => setTimeout(resolve, ttlMs * 2.5));
    expect(await b.claim('R-7K2F9Q')).toBeUndefined();
    expect(await b.holder('R-7K2F9Q')).toBe('replica-a');
    expect(held?.signal.aborted).toBe(false);
    await held?.release();
    expect(await b.holder('R-7K2F9Q')).toBeUndefined();
  });

  it('lets another replica take over once the holder stops renewing', async () => {
    const { a, b, kvB } = await twoReplicas();
    // A holder that died: its lease key exists but nobody renews it.
    await kvB.set('R-7K2F9Q', { owner: 'replica-dead', at: Date.now() }, { ttlMs: TTL_MS });
    expect(await a.claim('R-7K2F9Q')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 50));
    const taken = await b.claim('R-7K2F9Q');
    expect(taken).toBeDefined();
    await taken?.release();
  });

  it('tells a holder that lost its lease to stop', async () => {
    const { a, kvB } = await twoReplicas();
    const held = await a.claim('R-7K2F9Q');
    // Another replica took the lease after this one's lapsed (simulated: the key now names it).
    await kvB.set('R-7K2F9Q', { owner: 'replica-b', at: Date.now() }, { ttlMs: 10_000 });
    await new Promise<void>((resolve) => {
      if (held?.signal.aborted) resolve();
      held?.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    expect(held?.signal.aborted).toBe(true);
    await held?.release();
    expect(await a.holder('R-7K2F9Q')).toBe('replica-b');
  });
});
