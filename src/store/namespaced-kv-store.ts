import type { Clock } from '../clock.js';
import { StoreError } from '../errors.js';
import { backoffDelay, type BackoffPolicy } from '../providers/backoff.js';
import type { KvBackend } from './kv-backend.js';
import { DELETE, KEEP, type KvStore, type SetOptions, type UpdateFn, type UpdateResult, type Versioned } from './store.js';
import type { StoredEntryCodec } from './stored-entry-codec.js';

export interface NamespacedKvStoreDeps {
  backend: KvBackend;
  codec: StoredEntryCodec;
  /** The namespace as it appears in messages. */
  namespace: string;
  /** Prepended to every key of this namespace (`requests:` in SQLite, `eipbot:requests:` in Redis). */
  keyPrefix: string;
  clock: Clock;
  random: () => number;
  /** How `update` backs off between attempts that lost a race, and when it gives up. */
  updateRetry: BackoffPolicy;
}

/** The `KvStore` of one namespace, the same on every backend: the backend only supplies the atomic primitives. */
export class NamespacedKvStore implements KvStore {
  readonly #deps: NamespacedKvStoreDeps;

  constructor(deps: NamespacedKvStoreDeps) {
    this.#deps = deps;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.getVersioned<T>(key))?.value;
  }

  async getVersioned<T>(key: string): Promise<Versioned<T> | undefined> {
    const fullKey = this.#fullKey(key);
    const raw = await this.#deps.backend.read(fullKey);
    if (raw === undefined) return undefined;
    const entry = await this.#deps.codec.decode(raw, this.#label(key));
    // The value is whatever the caller stored under this key; its shape is the caller's contract.
    return { value: entry.value as T, version: entry.version };
  }

  async set<T>(key: string, value: T, options: SetOptions = {}): Promise<void> {
    const fullKey = this.#fullKey(key);
    const ttlMs = checkedTtl(options);
    const head = await this.#deps.codec.head(value, this.#expiresAt(ttlMs));
    await this.#deps.backend.write(fullKey, head, ttlMs);
  }

  async delete(key: string): Promise<boolean> {
    return this.#deps.backend.delete(this.#fullKey(key));
  }

  async compareAndSet<T>(
    key: string,
    expectedVersion: number | undefined,
    value: T,
    options: SetOptions = {},
  ): Promise<number | undefined> {
    const fullKey = this.#fullKey(key);
    if (expectedVersion !== undefined && !(Number.isSafeInteger(expectedVersion) && expectedVersion > 0)) {
      throw new StoreError(`The expected version ${expectedVersion} of "${this.#label(key)}" is not valid: versions are whole numbers from 1.`);
    }
    const ttlMs = checkedTtl(options);
    const version = (expectedVersion ?? 0) + 1;
    const head = await this.#deps.codec.head(value, this.#expiresAt(ttlMs));
    const written = await this.#deps.backend.compareAndWrite(fullKey, expectedVersion, this.#deps.codec.complete(head, version), ttlMs);
    return written ? version : undefined;
  }

  async update<T>(key: string, fn: UpdateFn<T>, options: SetOptions = {}): Promise<UpdateResult<T>> {
    const fullKey = this.#fullKey(key);
    checkedTtl(options);
    const { updateRetry, clock, random } = this.#deps;
    for (let attempt = 1; ; attempt++) {
      const current = await this.getVersioned<T>(key);
      const next = await fn(current?.value);
      if (next === KEEP) return { value: current?.value, version: current?.version, changed: false };
      if (next === DELETE) {
        if (current === undefined) return { value: undefined, version: undefined, changed: false };
        if (await this.#deps.backend.compareAndDelete(fullKey, current.version)) {
          return { value: undefined, version: undefined, changed: true };
        }
      } else {
        const version = await this.compareAndSet(key, current?.version, next, options);
        if (version !== undefined) return { value: next, version, changed: true };
      }
      // Only a lost race is retried. A backend error is not: the write may have landed,
      // and running `fn` again on top of it would apply the change twice.
      if (attempt >= updateRetry.maxAttempts) {
        throw new StoreError(
          `"${this.#label(key)}" is contended: ${attempt} attempts in a row to update it lost to concurrent writers. Try again in a moment.`,
        );
      }
      await clock.sleep(backoffDelay(attempt, updateRetry, random));
    }
  }

  #fullKey(key: string): string {
    if (typeof key !== 'string' || key === '') {
      throw new StoreError(`A key in the store namespace "${this.#deps.namespace}" must be a non-empty string.`);
    }
    return this.#deps.keyPrefix + key;
  }

  #label(key: string): string {
    return `${this.#deps.namespace}/${key}`;
  }

  #expiresAt(ttlMs: number | undefined): number | undefined {
    return ttlMs === undefined ? undefined : this.#deps.clock.now() + ttlMs;
  }
}

/** A TTL in whole milliseconds (Redis `PX` takes integers), or undefined for "keep forever". */
function checkedTtl(options: SetOptions): number | undefined {
  const { ttlMs } = options;
  if (ttlMs === undefined) return undefined;
  if (!(Number.isFinite(ttlMs) && ttlMs > 0)) {
    // A TTL computed as "time left" that reached zero must not silently become "forever".
    throw new StoreError(`The TTL ${ttlMs} ms is not valid: give a positive number of milliseconds, or none to keep the value forever.`);
  }
  return Math.ceil(ttlMs);
}
