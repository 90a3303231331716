import { z } from 'zod';
import { StoreError } from '../errors.js';
import { assertLogRange } from './log-range.js';
import type { SqliteConnection } from './sqlite-connection.js';
import type { AppendLog } from './store.js';

export const LOG_TABLE = 'eipbot_log';

export const CREATE_LOG_TABLE = `CREATE TABLE IF NOT EXISTS ${LOG_TABLE} (
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  entry TEXT NOT NULL,
  PRIMARY KEY (name, position)
) WITHOUT ROWID`;

/**
 * Entries are only ever inserted at position = current length, so positions are always
 * 0..n-1 and the length is max(position) + 1: one index seek, not a count.
 */
const LENGTH = `coalesce(max(position) + 1, 0)`;

const SQL = {
  length: `SELECT ${LENGTH} AS length FROM ${LOG_TABLE} WHERE name = $name`,
  // One statement: the length check and the insert happen under the same write lock, so two
  // writers at the same position cannot both succeed (and the primary key would refuse it anyway).
  appendAt: `INSERT INTO ${LOG_TABLE} (name, position, entry)
    SELECT $name, $position, $entry WHERE (SELECT ${LENGTH} FROM ${LOG_TABLE} WHERE name = $name) = $position
    RETURNING 1 AS written`,
  readFrom: `SELECT entry FROM ${LOG_TABLE} WHERE name = $name AND position >= $from ORDER BY position`,
  readRange: `SELECT entry FROM ${LOG_TABLE} WHERE name = $name AND position >= $from AND position < $to ORDER BY position`,
} as const;

const lengthRows = z.tuple([z.object({ length: z.number().int().nonnegative() })]);
const writtenRows = z.array(z.object({ written: z.literal(1) }));
const entryRows = z.array(z.object({ entry: z.string() }));

export class SqliteAppendLog implements AppendLog {
  readonly #connection: SqliteConnection;
  readonly #name: string;

  constructor(connection: SqliteConnection, name: string) {
    this.#connection = connection;
    this.#name = name;
  }

  async length(): Promise<number> {
    const [row] = this.#parse(lengthRows, await this.#connection.all(SQL.length, { $name: this.#name }));
    return row.length;
  }

  async appendAt(position: number, entry: string): Promise<boolean> {
    if (typeof entry !== 'string') throw new StoreError(`An entry of the log "${this.#name}" must be a string.`);
    const rows = await this.#connection.all(SQL.appendAt, { $name: this.#name, $position: position, $entry: entry });
    return this.#parse(writtenRows, rows).length === 1;
  }

  async read(from: number, to?: number): Promise<string[]> {
    assertLogRange(this.#name, from, to);
    const rows =
      to === undefined
        ? await this.#connection.all(SQL.readFrom, { $name: this.#name, $from: from })
        : await this.#connection.all(SQL.readRange, { $name: this.#name, $from: from, $to: to });
    return this.#parse(entryRows, rows).map((row) => row.entry);
  }

  #parse<T>(schema: z.ZodType<T>, rows: unknown[]): T {
    const parsed = schema.safeParse(rows);
    if (!parsed.success) {
      throw new StoreError(`The SQLite store ${this.#connection.path} answered in an unexpected shape for the log "${this.#name}".`, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }
}
