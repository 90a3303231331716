import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type OpenStoreOptions } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { redisUnderOwnPrefix } from './redis-prefix.js';

/**
 * One real store backend for a test: a SQLite file in a fresh temp dir, or the Redis on
 * 127.0.0.1:6379 under a key prefix unique to this test.
 */
export interface StoreHarness {
  /** The store URL; every `open` reaches the same data, and child processes open it too. */
  readonly url: string;
  open(options?: OpenStoreOptions): Promise<Store>;
  /** Closes every store opened here and removes the data. */
  dispose(): Promise<void>;
}

export interface StoreBackend {
  name: 'sqlite' | 'redis';
  create(): Promise<StoreHarness>;
}

export async function sqliteHarness(): Promise<StoreHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'eipbot-store-'));
  return harness(`sqlite://${join(dir, 'eipbot.sqlite')}`, () => rm(dir, { recursive: true, force: true }));
}

export async function redisHarness(): Promise<StoreHarness> {
  const redis = redisUnderOwnPrefix('test');
  return harness(redis.url, () => redis.remove());
}

export const storeBackends: readonly StoreBackend[] = [
  { name: 'sqlite', create: sqliteHarness },
  { name: 'redis', create: redisHarness },
];

function harness(url: string, removeData: () => Promise<void>): StoreHarness {
  const opened: Store[] = [];
  return {
    url,
    async open(options) {
      const store = await openStore(url, options);
      opened.push(store);
      return store;
    },
    async dispose() {
      await Promise.all(opened.map((store) => store.close()));
      await removeData();
    },
  };
}
