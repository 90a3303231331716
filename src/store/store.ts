/**
 * The store every stateful part of eipbot shares: change requests, approvals,
 * execution leases, the IAM token cache, the user-group cache and the audit chain.
 * It is keyv underneath (SQLite embedded, Redis for several replicas), plus what keyv
 * lacks: an atomic read-modify-write with versions, and an append-only log with an
 * atomic "append at position n" so that concurrent writers cannot fork a chain.
 */

export interface Versioned<T> {
  value: T;
  /** Increases by one on every write of the key; a fresh key starts at 1. */
  version: number;
}

export interface SetOptions {
  /** Time to live in milliseconds; omitted = keep forever. */
  ttlMs?: number;
}

/** Returned by an `update` callback to leave the value unchanged (no write, no version bump). */
export const KEEP: unique symbol = Symbol('keep');
/** Returned by an `update` callback to delete the key. */
export const DELETE: unique symbol = Symbol('delete');

export type UpdateFn<T> = (current: T | undefined) => T | typeof KEEP | typeof DELETE | Promise<T | typeof KEEP | typeof DELETE>;

export interface UpdateResult<T> {
  /** The value after the update (undefined when absent or deleted). */
  value: T | undefined;
  version: number | undefined;
  /** False when the callback returned KEEP. */
  changed: boolean;
}

/** A key-value view confined to one namespace (`requests`, `tokens`, `leases`, …). */
export interface KvStore {
  get<T>(key: string): Promise<T | undefined>;
  getVersioned<T>(key: string): Promise<Versioned<T> | undefined>;
  set<T>(key: string, value: T, options?: SetOptions): Promise<void>;
  delete(key: string): Promise<boolean>;
  /**
   * Write `value` only if the key is still at `expectedVersion` (`undefined` = the key
   * must be absent or expired). Returns the new version, or `undefined` on conflict.
   */
  compareAndSet<T>(key: string, expectedVersion: number | undefined, value: T, options?: SetOptions): Promise<number | undefined>;
  /**
   * Atomic read-modify-write: reads, calls `fn`, writes with compare-and-set, and
   * retries from the read on conflict. `fn` may run more than once; keep it pure.
   */
  update<T>(key: string, fn: UpdateFn<T>, options?: SetOptions): Promise<UpdateResult<T>>;
}

/** An append-only log of strings whose appends are positional, so writers never fork it. */
export interface AppendLog {
  /** Number of entries. */
  length(): Promise<number>;
  /** Appends `entry` as entry number `position` (0-based) iff the log has exactly `position` entries. */
  appendAt(position: number, entry: string): Promise<boolean>;
  /** Entries [from, to) in order; `to` defaults to the end. */
  read(from: number, to?: number): Promise<string[]>;
}

export interface Store {
  /** `sqlite` or `redis`, for readiness reports. */
  readonly kind: 'sqlite' | 'redis';
  namespace(name: string): KvStore;
  log(name: string): AppendLog;
  /** Round-trips to the backend; rejects when it is unreachable (`/readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
