/**
 * What one storage backend (SQLite, Redis) does atomically, on full keys and on values
 * already encoded by `StoredEntryCodec`. Everything above it (namespaces, validation,
 * decoding, the `update` retry loop) is shared, so both backends behave the same.
 * Every operation treats an expired key as absent.
 */
export interface KvBackend {
  /** The stored text of a live key. */
  read(key: string): Promise<string | undefined>;
  /**
   * Unconditional write of `head` (an encoded entry still missing its version, see
   * `StoredEntryCodec.head`); the backend appends the next version atomically and returns it.
   */
  write(key: string, head: string, ttlMs: number | undefined): Promise<number>;
  /** Writes the complete entry `encoded` iff the live version is `expected` (`undefined` = absent); true when written. */
  compareAndWrite(key: string, expected: number | undefined, encoded: string, ttlMs: number | undefined): Promise<boolean>;
  /** Deletes the key iff its live version is `expected`; true when deleted. */
  compareAndDelete(key: string, expected: number): Promise<boolean>;
  /** True when a live key was deleted. */
  delete(key: string): Promise<boolean>;
}
