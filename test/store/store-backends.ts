import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { openStore, type OpenStoreOptions } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

/**
 * One real backend for a test: a SQLite file in a fresh temp dir, or the Redis on
 * 127.0.0.1:6379 under a key prefix unique to this test. `dispose` closes every store
 * the test opened and removes what it wrote.
 */
export interface BackendHarness {
  /** The store URL; every `open` of one harness reaches the same data. */
  readonly url: string;
  open(options?: OpenStoreOptions): Promise<Store>;
  dispose(): Promise<void>;
}

export interface StoreBackend {
  name: 'sqlite' | 'redis';
  create(): Promise<BackendHarness>;
}

export const REDIS_TEST_ADDRESS = '127.0.0.1:6379';

export const sqliteBackend: StoreBackend = {
  name: 'sqlite',
  async create() {
    const dir = await mkdtemp(join(tmpdir(), 'eipbot-store-'));
    return harness(`sqlite://${join(dir, 'eipbot.sqlite')}`, () => rm(dir, { recursive: true, force: true }));
  },
};

export const redisBackend: StoreBackend = {
  name: 'redis',
  async create() {
    const prefix = `eipbot-test:${randomUUID()}:`;
    return harness(`redis://${REDIS_TEST_ADDRESS}/0?prefix=${prefix}`, () => deleteRedisKeys(prefix));
  },
};

export const storeBackends: readonly StoreBackend[] = [sqliteBackend, redisBackend];

function harness(url: string, removeData: () => Promise<void>): BackendHarness {
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

/** Removes every key under `prefix` (a UUID-based prefix has no glob characters to escape). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const client = createClient({ url: `redis://${REDIS_TEST_ADDRESS}/0` });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.unlink(keys);
    }
  } finally {
    client.destroy();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
