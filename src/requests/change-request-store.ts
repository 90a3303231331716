import type { Clock } from '../clock.js';
import { NotFoundError, StoreError } from '../errors.js';
import type { Logger } from '../logger.js';
import { KEEP, type KvStore } from '../store/store.js';
import { parseChangeRequest, type ChangeRequest } from './change-request.js';
import { OpenIndex } from './open-index.js';
import { isFinalStatus } from './state-machine.js';

/** Finished requests are kept this long for `/eip` lookups and Undo, then the store drops them. */
const FINAL_TTL_MS = 30 * 24 * 3_600_000;
/**
 * An index entry is written before its request, so an entry whose request is missing
 * may belong to a create in progress; it is only pruned once it is this old.
 */
const INDEX_GRACE_MS = 60_000;
/** Attempts of one atomic transition before giving up (each attempt loses only to a write that succeeded). */
const MAX_ATTEMPTS = 60;

export type RequestUpdate = (current: ChangeRequest) => ChangeRequest | typeof KEEP;

export interface UpdatedRequest {
  request: ChangeRequest;
  changed: boolean;
}

/**
 * Change requests in one `KvStore` namespace. Every change is one compare-and-set on
 * the request's key, so of two replicas (or two clicks) racing on the same request
 * exactly one write wins and the other re-reads and decides again.
 *
 * Keys: `request:<id>`, and the open-request indexes `open` (all) and `open:<channel>`.
 * The store cannot list keys, so the indexes are how `/eip requests` and the sweepers
 * find open requests (and finished ones whose audit outbox is not empty yet). They
 * are written first and pruned lazily: a crash between two writes leaves at worst a
 * stale entry (pruned on read), never an open request that nothing can find.
 */
export class ChangeRequestStore {
  readonly #kv: KvStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #random: () => number;
  readonly #index: OpenIndex;

  constructor(kv: KvStore, clock: Clock, logger: Logger, random: () => number = Math.random) {
    this.#kv = kv;
    this.#index = new OpenIndex(kv, clock);
    this.#clock = clock;
    this.#logger = logger;
    this.#random = random;
  }

  /** Stores a new request; false if its id is taken (the caller picks another). */
  async create(request: ChangeRequest): Promise<boolean> {
    await Promise.all([this.#index.add('open', request.id), this.#index.add(`open:${request.channel.id}`, request.id)]);
    const version = await this.#kv.compareAndSet(requestKey(request.id), undefined, { ...request, version: 1 });
    return version !== undefined;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.#kv.get(requestKey(id))) !== undefined;
  }

  async get(id: string): Promise<ChangeRequest | undefined> {
    const stored = await this.#kv.get<unknown>(requestKey(id));
    return stored === undefined ? undefined : this.#parse(id, stored);
  }

  /**
   * Atomic read-modify-write of one request. `fn` sees the latest version and may run
   * more than once (keep it pure); it throws to refuse, or returns `KEEP`. The version
   * is bumped here; a request that reaches a final status gets its garbage-collection
   * TTL, and leaves the indexes once its audit outbox is empty too.
   */
  async update(id: string, fn: RequestUpdate): Promise<UpdatedRequest> {
    for (let attempt = 1; ; attempt += 1) {
      const stored = await this.#kv.getVersioned<unknown>(requestKey(id));
      if (stored === undefined) throw new NotFoundError(`There is no change request ${id}; check the id (finished requests are kept for 30 days).`);
      const current = this.#parse(id, stored.value);
      const next = fn(current);
      if (next === KEEP) return { request: current, changed: false };
      const request: ChangeRequest = { ...next, version: current.version + 1 };
      const final = isFinalStatus(request.status);
      const version = await this.#kv.compareAndSet(requestKey(id), stored.version, request, final ? { ttlMs: FINAL_TTL_MS } : undefined);
      if (version !== undefined) {
        if (isSettled(request) && !isSettled(current)) await this.#unindex(request);
        return { request, changed: true };
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new StoreError(`${id} is being changed by many clicks at once; try again in a moment.`, {
          detail: `compare-and-set on ${id} lost ${attempt} times`,
        });
      }
      // Losers of a race retry after a short random pause so they do not collide again in lockstep.
      await this.#clock.sleep(Math.floor(this.#random() * Math.min(50, 2 * attempt)));
    }
  }

  /** Open (not final) requests of one channel; oldest first. */
  async listOpen(channelId: string): Promise<ChangeRequest[]> {
    return (await this.#listIndexed(`open:${channelId}`)).filter((request) => !isFinalStatus(request.status));
  }

  /** What the sweepers look at: every open request, and finished ones whose audit events are not all appended yet. */
  listIndexed(): Promise<ChangeRequest[]> {
    return this.#listIndexed('open');
  }

  async #listIndexed(indexKey: string): Promise<ChangeRequest[]> {
    const entries = await this.#index.read(indexKey);
    const now = this.#clock.now();
    const loaded = await Promise.all(entries.map(async (entry) => ({ entry, found: await this.#find(entry.id) })));
    const stale = new Set<string>();
    const indexed: ChangeRequest[] = [];
    for (const { entry, found } of loaded) {
      if (found === 'damaged') continue;
      if (found !== undefined && !isSettled(found)) indexed.push(found);
      else if (found !== undefined || now - entry.at > INDEX_GRACE_MS) stale.add(entry.id);
    }
    if (stale.size > 0) await this.#index.remove(indexKey, stale);
    return indexed.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** A damaged record stays indexed and in place for a person to inspect; it is logged, not dropped. */
  async #find(id: string): Promise<ChangeRequest | 'damaged' | undefined> {
    try {
      return await this.get(id);
    } catch (error) {
      this.#logger.error({ err: error, requestId: id }, 'a stored change request cannot be read');
      return 'damaged';
    }
  }

  #parse(id: string, value: unknown): ChangeRequest {
    try {
      return parseChangeRequest(value);
    } catch (error) {
      throw new StoreError(`Change request ${id} in the store is damaged and cannot be used; the details are in eipbot's log.`, {
        cause: error,
        detail: `stored change request ${id} does not parse: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  async #unindex(request: ChangeRequest): Promise<void> {
    const ids = new Set([request.id]);
    try {
      await Promise.all([this.#index.remove('open', ids), this.#index.remove(`open:${request.channel.id}`, ids)]);
    } catch (error) {
      // The request itself is settled already; a stale index entry is pruned by the next read.
      this.#logger.warn({ err: error, requestId: request.id }, 'could not remove a finished request from the open index');
    }
  }
}

/** Final, and every audit event of its transitions is in the audit log: nothing left for a sweeper. */
function isSettled(request: ChangeRequest): boolean {
  return isFinalStatus(request.status) && (request.auditOutbox ?? []).length === 0;
}

function requestKey(id: string): string {
  return `request:${id}`;
}
