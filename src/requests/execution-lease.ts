import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { DELETE, KEEP, type KvStore } from '../store/store.js';

const leaseSchema = z.object({ owner: z.string(), at: z.number() });
type Lease = z.output<typeof leaseSchema>;

/** Identifies this process among the replicas sharing a store: host, pid and a random tag (pids repeat across containers). */
export function createOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** A lease this replica holds while it works on a request. */
export interface HeldLease {
  /** Aborted when the lease was lost (taken by another replica after it expired). */
  readonly signal: AbortSignal;
  /** Stops renewing and gives the lease up. */
  release(): Promise<void>;
}

/**
 * Execution leases (SPEC §8): a key per request with a TTL, claimed with an atomic
 * "create if absent" so only one replica holds it. The holder renews it every third
 * of its TTL; a replica that dies stops renewing, the key expires, and the sweeper of
 * another replica can claim it and reconcile. The lease says who is alive; it is not
 * what keeps an execution single — the request's own compare-and-set transitions do.
 */
export class ExecutionLeases {
  readonly #kv: KvStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly owner: string;
  readonly ttlMs: number;

  constructor(options: { kv: KvStore; clock: Clock; logger: Logger; owner: string; ttlMs: number }) {
    this.#kv = options.kv;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.owner = options.owner;
    this.ttlMs = options.ttlMs;
  }

  /** The owner of a live lease on `requestId`, if any. */
  async holder(requestId: string): Promise<string | undefined> {
    const lease = leaseSchema.safeParse(await this.#kv.get<unknown>(requestId));
    return lease.success ? lease.data.owner : undefined;
  }

  /** Claims the lease if nobody holds it, and keeps renewing it until released; undefined if held by someone else. */
  async claim(requestId: string): Promise<HeldLease | undefined> {
    const version = await this.#kv.compareAndSet<Lease>(requestId, undefined, this.#lease(), { ttlMs: this.ttlMs });
    if (version === undefined) return undefined;
    return this.#keep(requestId);
  }

  #lease(): Lease {
    return { owner: this.owner, at: this.#clock.now() };
  }

  /** True while the lease is ours (renewed, or re-taken because it lapsed and nobody else took it). */
  async #renew(requestId: string): Promise<boolean> {
    const result = await this.#kv.update<Lease>(
      requestId,
      (current) => (current === undefined || current.owner === this.owner ? this.#lease() : KEEP),
      { ttlMs: this.ttlMs },
    );
    return result.value?.owner === this.owner;
  }

  #keep(requestId: string): HeldLease {
    const lost = new AbortController();
    const stopped = new AbortController();
    const interval = Math.max(1, Math.floor(this.ttlMs / 3));
    const renewing = (async () => {
      while (!stopped.signal.aborted) {
        try {
          await this.#clock.sleep(interval, stopped.signal);
        } catch {
          return;
        }
        try {
          if (!(await this.#renew(requestId))) {
            this.#logger.error({ requestId, owner: this.owner }, 'execution lease lost to another replica; stopping work on this request');
            lost.abort(new Error(`execution lease on ${requestId} lost`));
            return;
          }
        } catch (error) {
          // A store hiccup: keep trying until the TTL runs out; the next renewal may get through.
          this.#logger.warn({ err: error, requestId }, 'could not renew an execution lease');
        }
      }
    })();
    return {
      signal: lost.signal,
      release: async () => {
        stopped.abort();
        await renewing;
        try {
          await this.#kv.update<Lease>(requestId, (current) => (current?.owner === this.owner ? DELETE : KEEP));
        } catch (error) {
          this.#logger.warn({ err: error, requestId }, 'could not release an execution lease; it expires on its own');
        }
      },
    };
  }
}
