import type { Keyv } from 'keyv';
import { z } from 'zod';
import { StoreError } from '../errors.js';

/**
 * How a value is stored: keyv's own serialised form (`{"value":…,"expires":…}`, written
 * by keyv's serializer, so a plain Keyv on the same table or Redis keys reads our values),
 * plus a trailing `"version"` field that only eipbot writes. The version is always the
 * last field, so the backends can append it inside their atomic statement or script
 * (`head || version || '}'`) and Redis Lua can read it with one anchored `string.match`
 * instead of decoding the whole value.
 */
export interface DecodedEntry {
  value: unknown;
  version: number;
}

const VERSION_FIELD = ',"version":';

const storedEntrySchema = z.object({
  value: z.unknown(),
  expires: z.number().nullish(),
  version: z.number().int().positive(),
});

type KeyvCodec = Pick<Keyv, 'serializeData' | 'deserializeData'>;

export class StoredEntryCodec {
  readonly #keyv: KeyvCodec;

  constructor(keyv: KeyvCodec) {
    this.#keyv = keyv;
  }

  /** The encoded entry up to and including `,"version":`; the backend or `complete` adds the number and the closing brace. */
  async head(value: unknown, expiresAt: number | undefined): Promise<string> {
    assertStorable(value);
    let serialized: unknown;
    try {
      serialized = await this.#keyv.serializeData({ value, expires: expiresAt });
    } catch (error) {
      throw new StoreError('This value cannot be stored: it is not plain JSON data.', { cause: error });
    }
    if (typeof serialized !== 'string' || !serialized.endsWith('}')) {
      throw new StoreError('This value cannot be stored: keyv did not serialise it to a JSON object.');
    }
    return serialized.slice(0, -1) + VERSION_FIELD;
  }

  complete(head: string, version: number): string {
    return `${head}${version}}`;
  }

  async decode(raw: string, key: string): Promise<DecodedEntry> {
    let parsed: unknown;
    try {
      parsed = await this.#keyv.deserializeData(raw);
    } catch (error) {
      throw unreadable(key, error);
    }
    const entry = storedEntrySchema.safeParse(parsed);
    if (!entry.success) throw unreadable(key, entry.error);
    return { value: entry.data.value, version: entry.data.version };
  }
}

function assertStorable(value: unknown): void {
  const type = typeof value;
  if (value === undefined || type === 'function' || type === 'symbol' || type === 'bigint') {
    throw new StoreError(`A ${value === undefined ? 'undefined' : type} value cannot be stored; store plain JSON data (use delete to remove a key).`);
  }
}

function unreadable(key: string, cause: unknown): StoreError {
  return new StoreError(`The stored entry "${key}" is not one eipbot wrote and cannot be read; delete it or restore it from a backup.`, {
    cause,
  });
}
