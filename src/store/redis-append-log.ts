import { z } from 'zod';
import { StoreError } from '../errors.js';
import { assertLogRange } from './log-range.js';
import type { RedisConnection } from './redis-connection.js';
import { RedisScript } from './redis-script.js';
import type { AppendLog } from './store.js';

/**
 * KEYS[1] list; ARGV[1] position, ARGV[2] entry. The length check and the push run as one
 * script, so two writers at the same position cannot both append. Returns 1 when appended.
 */
const APPEND_AT = new RedisScript(`
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[1]) then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[2])
return 1`);

const lengthReply = z.number().int().nonnegative();
const flagReply = z.union([z.literal(0), z.literal(1)]);
const entriesReply = z.array(z.string());

/** An append-only log as one Redis list. */
export class RedisAppendLog implements AppendLog {
  readonly #connection: RedisConnection;
  readonly #name: string;
  readonly #key: string;

  constructor(connection: RedisConnection, name: string, key: string) {
    this.#connection = connection;
    this.#name = name;
    this.#key = key;
  }

  async length(): Promise<number> {
    return this.#parse(lengthReply, await this.#connection.send(['LLEN', this.#key]));
  }

  async appendAt(position: number, entry: string): Promise<boolean> {
    if (typeof entry !== 'string') throw new StoreError(`An entry of the log "${this.#name}" must be a string.`);
    return this.#parse(flagReply, await this.#connection.run(APPEND_AT, [this.#key], [String(position), entry])) === 1;
  }

  async read(from: number, to?: number): Promise<string[]> {
    assertLogRange(this.#name, from, to);
    if (to === from) return [];
    // LRANGE's stop is inclusive, and -1 means "to the end".
    const stop = to === undefined ? -1 : to - 1;
    return this.#parse(entriesReply, await this.#connection.send(['LRANGE', this.#key, String(from), String(stop)]));
  }

  #parse<T>(schema: z.ZodType<T>, reply: unknown): T {
    const parsed = schema.safeParse(reply);
    if (!parsed.success) {
      throw new StoreError(`The Redis store at ${this.#connection.address} answered in an unexpected shape for the log "${this.#name}".`, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }
}
