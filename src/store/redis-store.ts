import { NamespacedKvStore } from './namespaced-kv-store.js';
import { RedisAppendLog } from './redis-append-log.js';
import { RedisConnection } from './redis-connection.js';
import { RedisKvBackend } from './redis-kv-backend.js';
import type { Store } from './store.js';
import { StoredEntryCodec } from './stored-entry-codec.js';
import { assertStoreName } from './store-name.js';
import type { StoreLocation } from './store-url.js';
import type { StoreRuntime } from './store-runtime.js';

/**
 * The shared store for several replicas. Keys: `<prefix><namespace>:<key>` for values,
 * `<prefix>log/<name>` for logs (namespace and log names never contain `:` or `/`).
 */
export async function openRedisStore(location: Extract<StoreLocation, { kind: 'redis' }>, runtime: StoreRuntime): Promise<Store> {
  const connection = await RedisConnection.open(location, runtime);
  const backend = new RedisKvBackend(connection);
  const codec = new StoredEntryCodec(connection.keyv);
  return {
    kind: 'redis',
    namespace(name) {
      assertStoreName('namespace', name);
      return new NamespacedKvStore({
        backend,
        codec,
        namespace: name,
        keyPrefix: `${location.keyPrefix}${name}:`,
        clock: runtime.clock,
        random: runtime.random,
        updateRetry: runtime.updateRetry,
      });
    },
    log(name) {
      assertStoreName('log', name);
      return new RedisAppendLog(connection, name, `${location.keyPrefix}log/${name}`);
    },
    async ping() {
      await connection.send(['PING']);
    },
    close() {
      return connection.close();
    },
  };
}
