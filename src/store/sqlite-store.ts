import { NamespacedKvStore } from './namespaced-kv-store.js';
import { CREATE_LOG_TABLE, SqliteAppendLog } from './sqlite-append-log.js';
import { SqliteConnection } from './sqlite-connection.js';
import { SqliteKvBackend } from './sqlite-kv-backend.js';
import { messageOf } from './error-message.js';
import type { Store } from './store.js';
import { StoredEntryCodec } from './stored-entry-codec.js';
import { assertStoreName } from './store-name.js';
import type { StoreRuntime } from './store-runtime.js';

/** Expired rows are invisible at once; this only bounds how long they take up space. */
const SWEEP_INTERVAL_MS = 10 * 60_000;

/** The embedded store: one SQLite file (WAL), keys as keyv names them (`namespace:key`). */
export async function openSqliteStore(path: string, runtime: StoreRuntime): Promise<Store> {
  const connection = await SqliteConnection.open(path, runtime.busyTimeoutMs);
  const backend = new SqliteKvBackend(connection, runtime.clock);
  const codec = new StoredEntryCodec(connection.keyv);
  try {
    await connection.all(CREATE_LOG_TABLE);
    await backend.sweepExpired();
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
  const sweeper = setInterval(() => {
    backend.sweepExpired().catch((error: unknown) => {
      runtime.logger?.warn({ store: path, err: messageOf(error) }, 'could not remove expired entries from the SQLite store');
    });
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  return {
    kind: 'sqlite',
    namespace(name) {
      assertStoreName('namespace', name);
      return new NamespacedKvStore({
        backend,
        codec,
        namespace: name,
        keyPrefix: `${name}:`,
        clock: runtime.clock,
        random: runtime.random,
        updateRetry: runtime.updateRetry,
      });
    },
    log(name) {
      assertStoreName('log', name);
      return new SqliteAppendLog(connection, name);
    },
    async ping() {
      await connection.all('SELECT 1');
    },
    close() {
      clearInterval(sweeper);
      return connection.close();
    },
  };
}
