import { randomUUID } from 'node:crypto';
import { createClient } from '@keyv/redis';

/** The Redis every test and benchmark uses (.ci/run starts it when it is not up). */
export const TEST_REDIS_ADDRESS = '127.0.0.1:6379';

export interface RedisPrefix {
  /** `eipbot-<label>:<uuid>:`, so that runs side by side never share a key. */
  readonly prefix: string;
  /** The store URL of database 0 under that prefix. */
  readonly url: string;
  /** Removes every key under the prefix. */
  remove(): Promise<void>;
}

/** A key prefix on the local Redis that no other test, benchmark or run uses, and how to remove what was written under it. */
export function redisUnderOwnPrefix(label: string): RedisPrefix {
  const prefix = `eipbot-${label}:${randomUUID()}:`;
  return { prefix, url: `redis://${TEST_REDIS_ADDRESS}/0?prefix=${prefix}`, remove: () => deleteRedisKeys(prefix) };
}

/** Removes every key of database 0 under `prefix` (a UUID-based prefix has no glob characters to escape). */
async function deleteRedisKeys(prefix: string): Promise<void> {
  const client = createClient({ url: `redis://${TEST_REDIS_ADDRESS}/0` });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.unlink(keys);
    }
  } finally {
    client.destroy();
  }
}
