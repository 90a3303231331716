import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { ChangeRequestStore } from '../../src/requests/change-request-store.js';
import { OpenIndex } from '../../src/requests/open-index.js';
import type { KvStore } from '../../src/store/store.js';
import { keptLogs } from '../support/kept-logs.js';
import { pendingRequest } from '../support/requests-fixtures.js';
import { storeBackends, type StoreHarness } from '../support/store-harness.js';

const harnesses: StoreHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
});

/** Request ids in the real alphabet (src/requests/request-id.ts): R-AAAA22, R-AAAA23, … */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const requestIds = (count: number) =>
  Array.from({ length: count }, (_, index) => `R-AAAA${ALPHABET[Math.floor(index / ALPHABET.length)]}${ALPHABET[index % ALPHABET.length]}`);

/** The real namespace, with its writes of each key counted on the way through. */
function countingWrites(kv: KvStore): { kv: KvStore; writes: Map<string, number> } {
  const writes = new Map<string, number>();
  const counted: KvStore = {
    get: (key) => kv.get(key),
    getVersioned: (key) => kv.getVersioned(key),
    set: (key, value, options) => kv.set(key, value, options),
    delete: (key) => kv.delete(key),
    compareAndSet: (key, expected, value, options) => kv.compareAndSet(key, expected, value, options),
    update: (key, fn, options) => {
      writes.set(key, (writes.get(key) ?? 0) + 1);
      return kv.update(key, fn, options);
    },
  };
  return { kv: counted, writes };
}

describe.each(storeBackends)('open-request index on $name', (backend) => {
  async function namespace() {
    const harness = await backend.create();
    harnesses.push(harness);
    return (await harness.open()).namespace('requests');
  }

  it('lists every one of 100 requests made at the same moment in one channel as open', async () => {
    const requests = new ChangeRequestStore(await namespace(), systemClock, keptLogs().logger);
    const ids = requestIds(100);
    const created = await Promise.all(ids.map((id) => requests.create(pendingRequest({ id }))));
    expect(created.every(Boolean)).toBe(true);
    expect((await requests.listOpen(pendingRequest().channel.id)).map((request) => request.id).sort()).toEqual([...ids].sort());
  });

  it('writes a burst of 100 additions in two writes of the index, not one per request', async () => {
    const { kv, writes } = countingWrites(await namespace());
    const index = new OpenIndex(kv, systemClock);
    const ids = requestIds(100);
    await Promise.all(ids.map((id) => index.add('open', id)));
    expect(writes.get('open')).toBe(2);
    expect((await index.read('open')).map((entry) => entry.id)).toEqual(ids);
  });

  it('applies additions and removals made during one write in the order they were asked for', async () => {
    const index = new OpenIndex(await namespace(), systemClock);
    const first = index.add('open', 'R-FIRST1');
    await Promise.all([
      first,
      index.add('open', 'R-GONE22'),
      index.remove('open', new Set(['R-GONE22'])),
      index.remove('open', new Set(['R-BACK33'])),
      index.add('open', 'R-BACK33'),
    ]);
    expect((await index.read('open')).map((entry) => entry.id)).toEqual(['R-FIRST1', 'R-BACK33']);
  });

  it('leaves an index written by another replica meanwhile intact, adding to it', async () => {
    const kv = await namespace();
    const mine = new OpenIndex(kv, systemClock);
    const theirs = new OpenIndex(kv, systemClock);
    await Promise.all([
      ...Array.from({ length: 20 }, (_, index) => mine.add('open', `R-MINE${index}`)),
      ...Array.from({ length: 20 }, (_, index) => theirs.add('open', `R-THEIRS${index}`)),
    ]);
    expect(await mine.read('open')).toHaveLength(40);
  });
});
