import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { forkWorkers } from '../support/fork-workers.js';
import { storeBackends, type StoreHarness } from '../support/store-harness.js';

const CONCURRENT_UPDATES = fileURLToPath(new URL('../fixtures/store/concurrent-updates.ts', import.meta.url));
const CONCURRENT_APPENDS = fileURLToPath(new URL('../fixtures/store/concurrent-appends.ts', import.meta.url));
const UPDATES_PER_WRITER = 50;
const APPENDS_PER_WRITER = 40;

const versionsSchema = z.array(z.number().int().positive());
const positionsSchema = z.array(z.number().int().nonnegative());
const chainEntry = z.object({ writer: z.string(), index: z.number().int(), previous: z.string().nullable() });

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function oneToN(n: number): number[] {
  return Array.from({ length: n }, (_, index) => index + 1);
}

describe.each(storeBackends)('the $name store under concurrent writers', (backend) => {
  let harness: StoreHarness;

  beforeEach(async () => {
    harness = await backend.create();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('loses no increment when two processes each make 50 concurrent updates of one counter', async () => {
    const results = await forkWorkers(CONCURRENT_UPDATES, [
      [harness.url, 'approvals', String(UPDATES_PER_WRITER)],
      [harness.url, 'approvals', String(UPDATES_PER_WRITER)],
    ]);
    const counters = (await harness.open()).namespace('counters');

    expect(await counters.getVersioned('approvals')).toEqual({ value: 2 * UPDATES_PER_WRITER, version: 2 * UPDATES_PER_WRITER });
    // Every increment wrote its own version: no two writers ever applied their change to the same read.
    const versions = results.flatMap((result) => versionsSchema.parse(result));
    expect(versions.toSorted((a, b) => a - b)).toEqual(oneToN(2 * UPDATES_PER_WRITER));
  });

  it('loses no increment when two connections in one process each make 50 concurrent updates of one counter', async () => {
    const first = (await harness.open()).namespace('counters');
    const second = (await harness.open()).namespace('counters');

    const results = await Promise.all(
      [first, second].flatMap((counters) =>
        Array.from({ length: UPDATES_PER_WRITER }, () => counters.update<number>('approvals', (value) => (value ?? 0) + 1)),
      ),
    );

    expect(await first.get('approvals')).toBe(2 * UPDATES_PER_WRITER);
    expect(results.map((result) => result.version ?? 0).toSorted((a, b) => a - b)).toEqual(oneToN(2 * UPDATES_PER_WRITER));
  });

  it('lets exactly one of many simultaneous claims of a lease win', async () => {
    const stores = await Promise.all([harness.open(), harness.open()]);
    const claims = stores.flatMap((store, replica) =>
      Array.from({ length: 10 }, (_, attempt) => store.namespace('leases').compareAndSet('R-7K2F9Q', undefined, `replica-${replica}-${attempt}`)),
    );

    const outcomes = await Promise.all(claims);

    expect(outcomes.filter((version) => version === 1)).toHaveLength(1);
    expect(outcomes.filter((version) => version === undefined)).toHaveLength(claims.length - 1);
  });

  it('never forks or loses an entry when two processes append to one log at once', async () => {
    const positions = await forkWorkers(CONCURRENT_APPENDS, [
      [harness.url, 'audit', 'a', String(APPENDS_PER_WRITER)],
      [harness.url, 'audit', 'b', String(APPENDS_PER_WRITER)],
    ]);
    const log = (await harness.open()).log('audit');

    const entries = await log.read(0);
    expect(await log.length()).toBe(2 * APPENDS_PER_WRITER);
    expect(entries).toHaveLength(2 * APPENDS_PER_WRITER);
    const parsed = entries.map((entry) => chainEntry.parse(JSON.parse(entry)));
    // Each entry was written after exactly the entry now before it: the chain has one branch.
    parsed.forEach((entry, position) => expect(entry.previous).toBe(position === 0 ? null : sha256(entries[position - 1] ?? '')));
    // Each writer's successful appends are exactly where its entries are, in its own order.
    ['a', 'b'].forEach((writer, index) => {
      const own = parsed.flatMap((entry, position) => (entry.writer === writer ? [position] : []));
      expect(positionsSchema.parse(positions[index])).toEqual(own);
      expect(own.map((position) => parsed[position]?.index)).toEqual(oneToN(APPENDS_PER_WRITER).map((n) => n - 1));
    });
  });
});
