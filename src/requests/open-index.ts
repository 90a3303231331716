import { z } from 'zod';
import type { Clock } from '../clock.js';
import { KEEP, type KvStore } from '../store/store.js';

const indexSchema = z.array(z.object({ id: z.string(), at: z.number() }));
export type OpenIndexEntry = z.output<typeof indexSchema>[number];

type IndexChange = { kind: 'add'; id: string; at: number } | { kind: 'remove'; ids: ReadonlySet<string> };

interface Batch {
  changes: IndexChange[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * The open-request indexes (`open`, `open:<channel>`): each an array of `{ id, at }`
 * under one key, since the store cannot list keys. Every create adds to two of them, so
 * a burst of commands has every create racing on the same keys, and each loser of a
 * compare-and-set reads, parses and writes the whole array again: work that grows with
 * the burst squared times the number of open requests. With a few hundred requests open,
 * a burst of 100 commands kept the event loop busy long enough to delay Slack acks by
 * seconds (bench/ack-latency.ts). So changes to a key made while this process is writing
 * it are gathered and written together, in order, by the next write: one writer per key
 * per process, and replicas still meet through the store's compare-and-set.
 */
export class OpenIndex {
  readonly #kv: KvStore;
  readonly #clock: Clock;
  readonly #pending = new Map<string, Batch>();
  readonly #writing = new Set<string>();

  constructor(kv: KvStore, clock: Clock) {
    this.#kv = kv;
    this.#clock = clock;
  }

  async read(key: string): Promise<OpenIndexEntry[]> {
    return indexSchema.parse((await this.#kv.get<unknown>(key)) ?? []);
  }

  /** Resolves once the entry is stored (a no-op when the id is there already). */
  add(key: string, id: string): Promise<void> {
    return this.#enqueue(key, { kind: 'add', id, at: this.#clock.now() });
  }

  remove(key: string, ids: ReadonlySet<string>): Promise<void> {
    return this.#enqueue(key, { kind: 'remove', ids });
  }

  #enqueue(key: string, change: IndexChange): Promise<void> {
    let batch = this.#pending.get(key);
    if (batch === undefined) {
      batch = { changes: [], waiters: [] };
      this.#pending.set(key, batch);
    }
    batch.changes.push(change);
    const written = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (!this.#writing.has(key)) void this.#drain(key);
    return written;
  }

  async #drain(key: string): Promise<void> {
    this.#writing.add(key);
    try {
      for (let batch = this.#pending.get(key); batch !== undefined; batch = this.#pending.get(key)) {
        this.#pending.delete(key);
        const { changes, waiters } = batch;
        try {
          await this.#kv.update<OpenIndexEntry[]>(key, (current) => applyChanges(indexSchema.parse(current ?? []), changes));
          for (const waiter of waiters) waiter.resolve();
        } catch (error) {
          for (const waiter of waiters) waiter.reject(error);
        }
      }
    } finally {
      this.#writing.delete(key);
    }
  }
}

function applyChanges(entries: OpenIndexEntry[], changes: readonly IndexChange[]): OpenIndexEntry[] | typeof KEEP {
  let next = entries;
  for (const change of changes) {
    if (change.kind === 'add') {
      if (!next.some((entry) => entry.id === change.id)) next = [...next, { id: change.id, at: change.at }];
    } else {
      const kept = next.filter((entry) => !change.ids.has(entry.id));
      if (kept.length !== next.length) next = kept;
    }
  }
  return next === entries ? KEEP : next;
}
