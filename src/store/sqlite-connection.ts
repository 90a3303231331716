import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname } from 'node:path';
import { KeyvSqlite } from '@keyv/sqlite';
import { Keyv } from 'keyv';
import { StoreError } from '../errors.js';
import { messageOf } from './error-message.js';

/** keyv's default table; @keyv/sqlite creates it as `(key VARCHAR(255) PRIMARY KEY, value TEXT)`. */
export const KEYV_TABLE = 'keyv';

/**
 * The one SQLite connection of a store, opened by @keyv/sqlite (which creates keyv's
 * table and applies the busy timeout), shared by the key-value namespaces and the logs.
 * Statements go through the adapter's own `query`; errors become StoreErrors naming the file.
 */
export class SqliteConnection {
  readonly path: string;
  /** keyv over the same adapter: its serializer defines the stored format (see StoredEntryCodec). */
  readonly keyv: Keyv;
  readonly #adapter: KeyvSqlite;
  #closing: Promise<void> | undefined;

  private constructor(path: string, adapter: KeyvSqlite, keyv: Keyv) {
    this.path = path;
    this.#adapter = adapter;
    this.keyv = keyv;
  }

  static async open(path: string, busyTimeoutMs: number): Promise<SqliteConnection> {
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (error) {
      throw new StoreError(`Cannot create the directory of the SQLite store ${path}: ${messageOf(error)}. Check the path and its permissions.`, {
        cause: error,
      });
    }
    // Two connections opening a brand-new file at the same moment can collide on
    // keyv's CREATE TABLE or on the switch to WAL: SQLite answers SQLITE_BUSY at once
    // instead of invoking the busy handler when waiting could deadlock a lock upgrade
    // (sqlite.org/c3ref/busy_handler.html). Opening again a moment later succeeds.
    const deadline = Date.now() + busyTimeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, table: KEYV_TABLE, busyTimeout: busyTimeoutMs });
      // keyv reports the failed CREATE TABLE on this emitter as well as through the query below.
      adapter.on('error', () => undefined);
      // namespace undefined: we build full keys ourselves; keyv would otherwise tell the adapter to use `keyv`.
      const keyv = new Keyv(adapter, { namespace: undefined, useKeyPrefix: false, throwOnErrors: true });
      const connection = new SqliteConnection(path, adapter, keyv);
      try {
        // WAL lets readers and the single writer proceed together, and with the busy timeout
        // lets two connections or two processes share the file (sqlite.org/wal.html).
        // `synchronous` stays at its default FULL: a committed approval or audit record
        // survives a power cut, not just a crash.
        await adapter.query('PRAGMA journal_mode=WAL');
        return connection;
      } catch (error) {
        await connection.close().catch(() => undefined);
        if (isBusy(error) && Date.now() < deadline) {
          await sleep(Math.min(200, 10 * attempt) * (0.5 + Math.random()));
          continue;
        }
        throw new StoreError(`Cannot open the SQLite store ${path}: ${messageOf(error)}. Check that the file is a SQLite database and is writable.`, {
          cause: error,
        });
      }
    }
  }

  /** Runs one statement and returns its rows (a `RETURNING` clause is how a write reports what it changed). */
  async all(sql: string, parameters: Readonly<Record<string, string | number>> | readonly (string | number)[] = []): Promise<unknown[]> {
    if (this.#closing) throw new StoreError(`The SQLite store ${this.path} is closed.`);
    try {
      const rows: unknown = await this.#adapter.query(sql, parameters);
      return Array.isArray(rows) ? rows : [];
    } catch (error) {
      throw new StoreError(`The SQLite store ${this.path} failed: ${messageOf(error)}. Check the disk and the file's permissions, then try again.`, {
        cause: error,
      });
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#adapter.disconnect().catch((error: unknown) => {
      throw new StoreError(`Closing the SQLite store ${this.path} failed: ${messageOf(error)}.`, { cause: error });
    });
    return this.#closing;
  }
}

function isBusy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_BUSY';
}
