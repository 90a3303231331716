import { z } from 'zod';
import type { Clock } from '../clock.js';
import { StoreError } from '../errors.js';
import type { KvBackend } from './kv-backend.js';
import { KEYV_TABLE, type SqliteConnection } from './sqlite-connection.js';

const VERSION = `json_extract(value, '$.version')`;
const EXPIRES = `json_extract(value, '$.expires')`;
const LIVE = `(${EXPIRES} IS NULL OR ${EXPIRES} >= $now)`;
// Inside an upsert's DO UPDATE, a bare `value` would be ambiguous with excluded.value.
const OLD_EXPIRES = `json_extract(${KEYV_TABLE}.value, '$.expires')`;
const OLD_LIVE = `(${OLD_EXPIRES} IS NULL OR ${OLD_EXPIRES} >= $now)`;
const OLD_VERSION = `coalesce(json_extract(${KEYV_TABLE}.value, '$.version'), 0)`;

const SQL = {
  read: `SELECT value FROM ${KEYV_TABLE} WHERE key = $key AND ${LIVE}`,
  write: `INSERT INTO ${KEYV_TABLE} (key, value) VALUES ($key, $head || '1}')
    ON CONFLICT (key) DO UPDATE SET value = $head || (CASE WHEN ${OLD_LIVE} THEN ${OLD_VERSION} + 1 ELSE 1 END) || '}'
    RETURNING ${VERSION} AS version`,
  insertIfAbsent: `INSERT INTO ${KEYV_TABLE} (key, value) VALUES ($key, $value)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE NOT ${OLD_LIVE}
    RETURNING 1 AS written`,
  updateIfVersion: `UPDATE ${KEYV_TABLE} SET value = $value WHERE key = $key AND ${VERSION} = $expected AND ${LIVE} RETURNING 1 AS written`,
  deleteIfVersion: `DELETE FROM ${KEYV_TABLE} WHERE key = $key AND ${VERSION} = $expected AND ${LIVE} RETURNING 1 AS written`,
  delete: `DELETE FROM ${KEYV_TABLE} WHERE key = $key RETURNING ${LIVE} AS live`,
  sweep: `DELETE FROM ${KEYV_TABLE} WHERE ${EXPIRES} < $now`,
} as const;

const valueRows = z.array(z.object({ value: z.string() }));
const versionRows = z.array(z.object({ version: z.number().int().positive() }));
const writtenRows = z.array(z.object({ written: z.literal(1) }));
const liveRows = z.array(z.object({ live: z.union([z.literal(0), z.literal(1)]) }));

/**
 * The key-value primitives on keyv's SQLite table, each one statement, so each is atomic
 * under SQLite's single-writer lock without an explicit transaction. Expiry follows keyv's
 * rule (expired once now > `expires`); an expired row is treated as absent by every
 * statement, never deleted on read, because a read-then-delete would race a writer that
 * has just re-created the key. `sweepExpired` removes them in one conditional statement.
 */
export class SqliteKvBackend implements KvBackend {
  readonly #connection: SqliteConnection;
  readonly #clock: Clock;

  constructor(connection: SqliteConnection, clock: Clock) {
    this.#connection = connection;
    this.#clock = clock;
  }

  async read(key: string): Promise<string | undefined> {
    const rows = await this.#rows(valueRows, SQL.read, key, { $key: key, $now: this.#clock.now() });
    return rows[0]?.value;
  }

  async write(key: string, head: string): Promise<number> {
    const [row] = await this.#rows(versionRows, SQL.write, key, { $key: key, $head: head, $now: this.#clock.now() });
    if (row === undefined) throw new StoreError(`The SQLite store ${this.#connection.path} did not report the version it wrote for "${key}".`);
    return row.version;
  }

  async compareAndWrite(key: string, expected: number | undefined, encoded: string): Promise<boolean> {
    const rows =
      expected === undefined
        ? await this.#rows(writtenRows, SQL.insertIfAbsent, key, { $key: key, $value: encoded, $now: this.#clock.now() })
        : await this.#rows(writtenRows, SQL.updateIfVersion, key, { $key: key, $value: encoded, $expected: expected, $now: this.#clock.now() });
    return rows.length === 1;
  }

  async compareAndDelete(key: string, expected: number): Promise<boolean> {
    const rows = await this.#rows(writtenRows, SQL.deleteIfVersion, key, { $key: key, $expected: expected, $now: this.#clock.now() });
    return rows.length === 1;
  }

  async delete(key: string): Promise<boolean> {
    const rows = await this.#rows(liveRows, SQL.delete, key, { $key: key, $now: this.#clock.now() });
    return rows[0]?.live === 1;
  }

  async sweepExpired(): Promise<void> {
    await this.#connection.all(SQL.sweep, { $now: this.#clock.now() });
  }

  async #rows<T>(schema: z.ZodType<T>, sql: string, key: string, parameters: Record<string, string | number>): Promise<T> {
    const parsed = schema.safeParse(await this.#connection.all(sql, parameters));
    if (!parsed.success) {
      throw new StoreError(`The SQLite store ${this.#connection.path} answered in an unexpected shape for "${key}".`, { cause: parsed.error });
    }
    return parsed.data;
  }
}
