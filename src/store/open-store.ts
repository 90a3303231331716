import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { BackoffPolicy } from '../providers/backoff.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';
import { parseStoreUrl } from './store-url.js';
import type { StoreRuntime } from './store-runtime.js';

export interface OpenStoreOptions {
  /** Base of relative `sqlite://./…` paths; the process's working directory by default (SPEC §6). */
  cwd?: string;
  /** SQLite expiry and the waits between `update` attempts. Redis expiry runs on the server's clock. */
  clock?: Clock;
  /** Jitter of the waits between `update` attempts. */
  random?: () => number;
  /** How `update` backs off after losing a race, and after how many attempts it gives up. */
  updateRetry?: BackoffPolicy;
  /** Redis: how long connecting, or any one command, may take before it fails (5 s by default). */
  responseTimeoutMs?: number;
  /** SQLite: how long a statement waits for another connection's or process's write. */
  busyTimeoutMs?: number;
  /** Where connection losses and recoveries are reported. */
  logger?: Logger;
}

/**
 * Under contention every attempt but one per round loses, so the budget must outlast a
 * burst (two replicas × 50 concurrent clicks on one request): 60 attempts with waits of
 * up to 100 ms give up after about 3 s of being outraced, not on the first collisions.
 */
const DEFAULT_UPDATE_RETRY: BackoffPolicy = { baseMs: 2, capMs: 100, maxAttempts: 60 };

/**
 * Opens the store a URL names (`sqlite://./data/eipbot.sqlite`, `redis://host:6379/0`; see
 * SPEC §6): connects, creates what is missing, and fails with a StoreError that says what
 * to fix when it cannot.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const location = parseStoreUrl(url, options.cwd ?? process.cwd());
  const runtime: StoreRuntime = {
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    updateRetry: options.updateRetry ?? DEFAULT_UPDATE_RETRY,
    responseTimeoutMs: options.responseTimeoutMs ?? 5_000,
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
    logger: options.logger,
  };
  if (location.kind === 'sqlite') return openSqliteStore(location.path, runtime);
  // Loaded only when used: the Redis client and its keyv adapter are about 10 MB of a
  // SQLite bot's 110 MB resident memory (bench/footprint.ts).
  const { openRedisStore } = await import('./redis-store.js');
  return openRedisStore(location, runtime);
}
