import { randomUUID } from 'node:crypto';
import { createClient } from '@keyv/redis';

export const BENCH_REDIS = '127.0.0.1:6379';

/** A store URL on the local Redis under a prefix of its own, and how to remove every key under it afterwards. */
export function redisUnderOwnPrefix(name: string): { url: string; remove: () => Promise<void> } {
  const prefix = `eipbot-bench-${name}:${randomUUID()}:`;
  return {
    url: `redis://${BENCH_REDIS}/0?prefix=${prefix}`,
    remove: async () => {
      const client = createClient({ url: `redis://${BENCH_REDIS}/0` });
      await client.connect();
      try {
        for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
          if (keys.length > 0) await client.unlink(keys);
        }
      } finally {
        client.destroy();
      }
    },
  };
}
