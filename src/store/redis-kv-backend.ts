import { z } from 'zod';
import { StoreError } from '../errors.js';
import type { KvBackend } from './kv-backend.js';
import type { RedisConnection } from './redis-connection.js';
import { RedisScript } from './redis-script.js';

/**
 * The key-value primitives on Redis strings, each one round trip. Expiry is Redis's own
 * (`PX`), decided by the server's clock, so every replica agrees on when a key is gone;
 * the `expires` field keyv's format also carries is informational here. Every write
 * carries its own TTL or none: a write without a TTL makes the key permanent, as
 * `SetOptions.ttlMs` documents.
 *
 * The version is the last field of every stored value (see StoredEntryCodec), so the
 * scripts read it with one anchored match and never decode the value itself.
 */
const READ_VERSION = `
local function version_of(stored)
  if not stored then return 0 end
  return tonumber(string.match(stored, ',"version":(%d+)}$')) or -1
end`;

const SET_WITH_TTL = `
local function store(key, value, ttl)
  if ttl == '' then redis.call('SET', key, value) else redis.call('SET', key, value, 'PX', ttl) end
end`;

/** KEYS[1] key; ARGV[1] head (encoded value up to `"version":`), ARGV[2] TTL ms or ''. Returns the new version. */
const WRITE = new RedisScript(`${READ_VERSION}${SET_WITH_TTL}
local version = math.max(version_of(redis.call('GET', KEYS[1])), 0) + 1
store(KEYS[1], ARGV[1] .. version .. '}', ARGV[2])
return version`);

/** KEYS[1] key; ARGV[1] complete encoded value, ARGV[2] expected version (0 = absent), ARGV[3] TTL ms or ''. Returns 1 when written. */
const COMPARE_AND_WRITE = new RedisScript(`${READ_VERSION}${SET_WITH_TTL}
if version_of(redis.call('GET', KEYS[1])) ~= tonumber(ARGV[2]) then return 0 end
store(KEYS[1], ARGV[1], ARGV[3])
return 1`);

/** KEYS[1] key; ARGV[1] expected version. Returns 1 when deleted. */
const COMPARE_AND_DELETE = new RedisScript(`${READ_VERSION}
if version_of(redis.call('GET', KEYS[1])) ~= tonumber(ARGV[1]) then return 0 end
redis.call('UNLINK', KEYS[1])
return 1`);

const versionReply = z.number().int().positive();
const flagReply = z.union([z.literal(0), z.literal(1)]);

export class RedisKvBackend implements KvBackend {
  readonly #connection: RedisConnection;

  constructor(connection: RedisConnection) {
    this.#connection = connection;
  }

  read(key: string): Promise<string | undefined> {
    return this.#connection.get(key);
  }

  async write(key: string, head: string, ttlMs: number | undefined): Promise<number> {
    return this.#parse(versionReply, key, await this.#connection.run(WRITE, [key], [head, ttlArgument(ttlMs)]));
  }

  async compareAndWrite(key: string, expected: number | undefined, encoded: string, ttlMs: number | undefined): Promise<boolean> {
    const reply = await this.#connection.run(COMPARE_AND_WRITE, [key], [encoded, String(expected ?? 0), ttlArgument(ttlMs)]);
    return this.#parse(flagReply, key, reply) === 1;
  }

  async compareAndDelete(key: string, expected: number): Promise<boolean> {
    return this.#parse(flagReply, key, await this.#connection.run(COMPARE_AND_DELETE, [key], [String(expected)])) === 1;
  }

  delete(key: string): Promise<boolean> {
    return this.#connection.delete(key);
  }

  #parse<T>(schema: z.ZodType<T>, key: string, reply: unknown): T {
    const parsed = schema.safeParse(reply);
    if (!parsed.success) {
      throw new StoreError(`The Redis store at ${this.#connection.address} answered in an unexpected shape for "${key}".`, { cause: parsed.error });
    }
    return parsed.data;
  }
}

function ttlArgument(ttlMs: number | undefined): string {
  return ttlMs === undefined ? '' : String(ttlMs);
}
