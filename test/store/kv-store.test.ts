import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { DELETE, KEEP, type KvStore, type Store } from '../../src/store/store.js';
import { storeBackends, type StoreHarness } from '../support/store-harness.js';

/** TTLs short enough to keep the suite fast; the waits after them leave a wide margin. */
const SHORT_TTL_MS = 30;
const PAST_SHORT_TTL_MS = 90;
const LONG_TTL_MS = 60_000;

describe.each(storeBackends)('the $name store', (backend) => {
  let harness: StoreHarness;
  let store: Store;
  let requests: KvStore;

  beforeEach(async () => {
    harness = await backend.create();
    store = await harness.open();
    requests = store.namespace('requests');
  });

  afterEach(async () => {
    await harness.dispose();
  });

  describe('plain reads and writes', () => {
    it('returns what was set, and nothing for a key never set', async () => {
      await requests.set('R-7K2F9Q', { status: 'pending', approvals: ['U1'] });

      expect(await requests.get('R-7K2F9Q')).toEqual({ status: 'pending', approvals: ['U1'] });
      expect(await requests.get('R-NEVER1')).toBeUndefined();
      expect(await requests.getVersioned('R-NEVER1')).toBeUndefined();
    });

    it('gives back JSON values exactly, including strings that start with ":" and null', async () => {
      const values: unknown[] = [':colon', '::double', 'plain', 0, -1.5, true, false, null, [], {}, ['a', { b: [1, null] }], { nested: { s: ':x', n: 2 } }];
      for (const [index, value] of values.entries()) await requests.set(`v${index}`, value);

      for (const [index, value] of values.entries()) expect(await requests.get(`v${index}`)).toEqual(value);
    });

    it('keeps the same key in two namespaces apart', async () => {
      const leases = store.namespace('leases');
      await requests.set('R-7K2F9Q', 'the request');
      await leases.set('R-7K2F9Q', 'the lease');
      await leases.delete('R-7K2F9Q');

      expect(await requests.get('R-7K2F9Q')).toBe('the request');
      expect(await leases.get('R-7K2F9Q')).toBeUndefined();
    });

    it('deletes a key and says whether there was one to delete', async () => {
      await requests.set('R-7K2F9Q', 1);

      expect(await requests.delete('R-7K2F9Q')).toBe(true);
      expect(await requests.get('R-7K2F9Q')).toBeUndefined();
      expect(await requests.delete('R-7K2F9Q')).toBe(false);
    });

    it('keeps keys that contain ":" and "/" apart from other namespaces', async () => {
      const tokens = store.namespace('tokens');
      await requests.set('a:b/c', 'requests');
      await tokens.set('a:b/c', 'tokens');

      expect(await requests.get('a:b/c')).toBe('requests');
      expect(await tokens.get('a:b/c')).toBe('tokens');
    });
  });

  describe('versions', () => {
    it('numbers a fresh key 1 and adds one on every write, whichever operation writes', async () => {
      await requests.set('R-7K2F9Q', 'a');
      expect((await requests.getVersioned('R-7K2F9Q'))?.version).toBe(1);
      await requests.set('R-7K2F9Q', 'b');
      expect(await requests.compareAndSet('R-7K2F9Q', 2, 'c')).toBe(3);
      const updated = await requests.update<string>('R-7K2F9Q', (value) => `${value}d`);

      expect(updated).toEqual({ value: 'cd', version: 4, changed: true });
      expect(await requests.getVersioned('R-7K2F9Q')).toEqual({ value: 'cd', version: 4 });
    });

    it('starts again at 1 after a delete', async () => {
      await requests.set('R-7K2F9Q', 'a');
      await requests.set('R-7K2F9Q', 'b');
      await requests.delete('R-7K2F9Q');
      await requests.set('R-7K2F9Q', 'c');

      expect(await requests.getVersioned('R-7K2F9Q')).toEqual({ value: 'c', version: 1 });
    });
  });

  describe('compare-and-set', () => {
    it('writes only at the expected version, so a writer with a stale read is refused', async () => {
      await requests.set('R-7K2F9Q', { status: 'pending' });
      const read = await requests.getVersioned('R-7K2F9Q');

      expect(await requests.compareAndSet('R-7K2F9Q', read?.version, { status: 'approved' })).toBe(2);
      expect(await requests.compareAndSet('R-7K2F9Q', read?.version, { status: 'rejected' })).toBeUndefined();
      expect(await requests.getVersioned('R-7K2F9Q')).toEqual({ value: { status: 'approved' }, version: 2 });
    });

    it('creates a key only when it is absent if no version is expected', async () => {
      expect(await requests.compareAndSet('lease', undefined, 'replica-a')).toBe(1);
      expect(await requests.compareAndSet('lease', undefined, 'replica-b')).toBeUndefined();
      expect(await requests.get('lease')).toBe('replica-a');
    });

    it('refuses a version for a key that does not exist', async () => {
      expect(await requests.compareAndSet('R-NEVER1', 1, 'x')).toBeUndefined();
      expect(await requests.get('R-NEVER1')).toBeUndefined();
    });

    it('sees a write made through another connection to the same store', async () => {
      const other = (await harness.open()).namespace('requests');
      await requests.set('R-7K2F9Q', 'first');
      await other.set('R-7K2F9Q', 'second');

      expect(await requests.compareAndSet('R-7K2F9Q', 1, 'stale')).toBeUndefined();
      expect(await requests.compareAndSet('R-7K2F9Q', 2, 'third')).toBe(3);
      expect(await other.get('R-7K2F9Q')).toBe('third');
    });

    it('refuses an expected version that is not a whole number from 1', async () => {
      await expect(requests.compareAndSet('R-7K2F9Q', 0, 'x')).rejects.toThrow(StoreError);
      await expect(requests.compareAndSet('R-7K2F9Q', 1.5, 'x')).rejects.toThrow(/not valid/);
    });
  });

  describe('update', () => {
    it('applies the change to the current value and returns the result', async () => {
      await requests.set('counter', 41);

      expect(await requests.update<number>('counter', (value) => (value ?? 0) + 1)).toEqual({ value: 42, version: 2, changed: true });
      expect(await requests.get('counter')).toBe(42);
    });

    it('creates the key when the callback returns a value for an absent key', async () => {
      const seen: unknown[] = [];
      const result = await requests.update<number>('counter', (value) => {
        seen.push(value);
        return 1;
      });

      expect(seen).toEqual([undefined]);
      expect(result).toEqual({ value: 1, version: 1, changed: true });
    });

    it('writes nothing and keeps the version when the callback returns KEEP', async () => {
      await requests.set('R-7K2F9Q', { status: 'succeeded' });

      expect(await requests.update('R-7K2F9Q', () => KEEP)).toEqual({ value: { status: 'succeeded' }, version: 1, changed: false });
      expect(await requests.getVersioned('R-7K2F9Q')).toEqual({ value: { status: 'succeeded' }, version: 1 });
    });

    it('deletes the key when the callback returns DELETE', async () => {
      await requests.set('lease', 'replica-a');

      expect(await requests.update('lease', () => DELETE)).toEqual({ value: undefined, version: undefined, changed: true });
      expect(await requests.get('lease')).toBeUndefined();
    });

    it('reports no change when the callback deletes a key that is already absent', async () => {
      expect(await requests.update('lease', () => DELETE)).toEqual({ value: undefined, version: undefined, changed: false });
    });

    it('accepts an async callback', async () => {
      await requests.set('counter', 1);

      const result = await requests.update<number>('counter', async (value) => {
        await sleep(1);
        return (value ?? 0) * 10;
      });

      expect(result.value).toBe(10);
    });

    it('re-reads and re-applies the change when another writer got in first, so neither change is lost', async () => {
      const other = (await harness.open()).namespace('requests');
      await requests.set('counter', 1);
      const seen: unknown[] = [];

      const result = await requests.update<number>('counter', async (value) => {
        seen.push(value);
        if (seen.length === 1) await other.set('counter', 100);
        return (value ?? 0) + 1;
      });

      expect(seen).toEqual([1, 100]);
      expect(result).toEqual({ value: 101, version: 3, changed: true });
      expect(await requests.get('counter')).toBe(101);
    });

    it('does not delete a value that another writer replaced after the read', async () => {
      const other = (await harness.open()).namespace('requests');
      await requests.set('lease', 'replica-a');
      const seen: unknown[] = [];

      await requests.update('lease', async (value) => {
        seen.push(value);
        if (seen.length === 1) await other.set('lease', 'replica-b');
        return value === 'replica-a' ? DELETE : KEEP;
      });

      expect(seen).toEqual(['replica-a', 'replica-b']);
      expect(await requests.get('lease')).toBe('replica-b');
    });

    it('gives up on a key that stays contended, with an error that says so', async () => {
      const impatient = (await harness.open({ updateRetry: { baseMs: 1, capMs: 2, maxAttempts: 3 } })).namespace('requests');
      let calls = 0;

      const update = impatient.update<number>('counter', async (value) => {
        calls += 1;
        await requests.set('counter', calls * 100);
        return (value ?? 0) + 1;
      });

      await expect(update).rejects.toThrow(StoreError);
      await expect(update).rejects.toThrow(/"requests\/counter" is contended: 3 attempts/);
      expect(calls).toBe(3);
      expect(await requests.get('counter')).toBe(300);
    });

    it('passes an error thrown by the callback through unchanged and writes nothing', async () => {
      await requests.set('R-7K2F9Q', 'pending');
      const refusal = new Error('cannot approve a rejected request');

      await expect(requests.update('R-7K2F9Q', () => Promise.reject(refusal))).rejects.toBe(refusal);
      expect(await requests.getVersioned('R-7K2F9Q')).toEqual({ value: 'pending', version: 1 });
    });
  });

  describe('expiry', () => {
    it('forgets a value once its TTL has passed, and keeps one whose TTL has not', async () => {
      await requests.set('short', 'gone soon', { ttlMs: SHORT_TTL_MS });
      await requests.set('long', 'still here', { ttlMs: LONG_TTL_MS });
      await sleep(PAST_SHORT_TTL_MS);

      expect(await requests.get('short')).toBeUndefined();
      expect(await requests.getVersioned('short')).toBeUndefined();
      expect(await requests.get('long')).toBe('still here');
    });

    it('expires values written by compareAndSet and update too', async () => {
      await requests.compareAndSet('lease', undefined, 'replica-a', { ttlMs: SHORT_TTL_MS });
      await requests.update('token', () => 'iam-token', { ttlMs: SHORT_TTL_MS });
      await sleep(PAST_SHORT_TTL_MS);

      expect(await requests.get('lease')).toBeUndefined();
      expect(await requests.get('token')).toBeUndefined();
    });

    it('treats an expired key as absent: it can be claimed again, at version 1', async () => {
      await requests.compareAndSet('lease', undefined, 'replica-a', { ttlMs: SHORT_TTL_MS });
      await sleep(PAST_SHORT_TTL_MS);

      expect(await requests.compareAndSet('lease', undefined, 'replica-b', { ttlMs: LONG_TTL_MS })).toBe(1);
      expect(await requests.getVersioned('lease')).toEqual({ value: 'replica-b', version: 1 });
    });

    it('refuses to write an expired key at its old version', async () => {
      await requests.set('lease', 'replica-a', { ttlMs: SHORT_TTL_MS });
      await sleep(PAST_SHORT_TTL_MS);

      expect(await requests.compareAndSet('lease', 1, 'renewed')).toBeUndefined();
      expect(await requests.get('lease')).toBeUndefined();
    });

    it('shows update an expired key as absent and restarts its version', async () => {
      await requests.set('counter', 5, { ttlMs: SHORT_TTL_MS });
      await sleep(PAST_SHORT_TTL_MS);
      const seen: unknown[] = [];

      const result = await requests.update<number>('counter', (value) => {
        seen.push(value);
        return (value ?? 0) + 1;
      });

      expect(seen).toEqual([undefined]);
      expect(result).toEqual({ value: 1, version: 1, changed: true });
    });

    it('restarts the version of an expired key on a plain set', async () => {
      await requests.set('token', 'old', { ttlMs: SHORT_TTL_MS });
      await requests.set('token', 'old again', { ttlMs: SHORT_TTL_MS });
      await sleep(PAST_SHORT_TTL_MS);
      await requests.set('token', 'new');

      expect(await requests.getVersioned('token')).toEqual({ value: 'new', version: 1 });
    });

    it('reports deleting an expired key as deleting nothing', async () => {
      await requests.set('lease', 'replica-a', { ttlMs: SHORT_TTL_MS });
      await sleep(PAST_SHORT_TTL_MS);

      expect(await requests.delete('lease')).toBe(false);
    });

    it('keeps a value forever once it is written again without a TTL', async () => {
      await requests.set('R-7K2F9Q', 'pending', { ttlMs: SHORT_TTL_MS });
      await requests.set('R-7K2F9Q', 'approved');
      await sleep(PAST_SHORT_TTL_MS);

      expect(await requests.get('R-7K2F9Q')).toBe('approved');
    });

    it('refuses a TTL that is not a positive number of milliseconds rather than keeping the value forever', async () => {
      for (const ttlMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(requests.set('token', 'x', { ttlMs })).rejects.toThrow(/TTL .* is not valid/);
        await expect(requests.update('token', () => 'x', { ttlMs })).rejects.toThrow(StoreError);
      }
      expect(await requests.get('token')).toBeUndefined();
    });
  });

  describe('what it refuses', () => {
    it('refuses to store undefined and points to delete', async () => {
      await expect(requests.set('R-7K2F9Q', undefined)).rejects.toThrow(/use delete/);
    });

    it('refuses an empty key', async () => {
      await expect(requests.get('')).rejects.toThrow(/non-empty string/);
    });

    it('refuses namespace and log names that could share keys with others', () => {
      for (const name of ['', 'a:b', 'a/b', ' requests', 'requests.old']) {
        expect(() => store.namespace(name)).toThrow(StoreError);
        expect(() => store.log(name)).toThrow(StoreError);
      }
    });
  });

  describe('connection', () => {
    it('answers a ping while the backend is reachable', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('can be closed twice, and refuses work after close with a StoreError', async () => {
      await store.close();
      await store.close();

      await expect(requests.get('R-7K2F9Q')).rejects.toThrow(/is closed/);
      await expect(requests.update('R-7K2F9Q', () => 1)).rejects.toThrow(StoreError);
      await expect(store.log('audit').length()).rejects.toThrow(/is closed/);
      await expect(store.ping()).rejects.toThrow(StoreError);
    });
  });
});
