import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { openStore, type OpenStoreOptions } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

/** A real store backend for one test: a SQLite file in a fresh temp dir, or Redis on 127.0.0.1:6379 under a unique prefix. */
export interface RequestsStoreHarness {
  readonly kind: 'sqlite' | 'redis';
  /** Every `open` reaches the same data; child processes open it too. */
  readonly url: string;
  open(options?: OpenStoreOptions): Promise<Store>;
  /** Closes every store opened here and removes the data. */
  dispose(): Promise<void>;
}

export const REQUESTS_REDIS = '127.0.0.1:6379';

export async function sqliteHarness(): Promise<RequestsStoreHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'eipbot-requests-'));
  return harness('sqlite', `sqlite://${join(dir, 'eipbot.sqlite')}`, () => rm(dir, { recursive: true, force: true }));
}

export async function redisHarness(): Promise<RequestsStoreHarness> {
  const prefix = `eipbot-test-requests:${randomUUID()}:`;
  return harness('redis', `redis://${REQUESTS_REDIS}/0?prefix=${prefix}`, () => deleteKeys(prefix));
}

export const requestsBackends = [
  { name: 'sqlite', create: sqliteHarness },
  { name: 'redis', create: redisHarness },
] as const;

function harness(kind: 'sqlite' | 'redis', url: string, remove: () => Promise<void>): RequestsStoreHarness {
  const opened: Store[] = [];
  return {
    kind,
    url,
    async open(options) {
      const store = await openStore(url, options);
      opened.push(store);
      return store;
    },
    async dispose() {
      await Promise.all(opened.map((store) => store.close()));
      await remove();
    },
  };
}

async function deleteKeys(prefix: string): Promise<void> {
  const client = createClient({ url: `redis://${REQUESTS_REDIS}/0` });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.unlink(keys);
    }
  } finally {
    client.destroy();
  }
}
