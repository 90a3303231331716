import { createKeyv } from '@keyv/redis';
import { KeyvSqlite } from '@keyv/sqlite';
import { Keyv } from 'keyv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStoreUrl } from '../../src/store/store-url.js';
import { storeBackends, type StoreHarness } from '../support/store-harness.js';

/** A plain keyv, configured the way keyv documents, over the store's `requests` namespace. */
function plainKeyvFor(url: string): Keyv {
  const location = parseStoreUrl(url, '/');
  if (location.kind === 'sqlite') return new Keyv(new KeyvSqlite({ uri: `sqlite://${location.path}` }), { namespace: 'requests' });
  return createKeyv(`redis://${location.host}:${location.port}/${location.database}`, {
    namespace: `${location.keyPrefix}requests`,
    keyPrefixSeparator: ':',
  });
}

describe.each(storeBackends)('values in the $name store', (backend) => {
  let harness: StoreHarness;
  let keyv: Keyv;

  beforeEach(async () => {
    harness = await backend.create();
    keyv = plainKeyvFor(harness.url);
  });

  afterEach(async () => {
    await keyv.disconnect();
    await harness.dispose();
  });

  it("are kept in keyv's own format, so keyv tools read them as written", async () => {
    const requests = (await harness.open()).namespace('requests');
    await requests.set('R-7K2F9Q', { status: 'pending', note: ':colon' });
    await requests.update('R-7K2F9Q', () => ({ status: 'approved', note: ':colon' }));
    await requests.compareAndSet('lease', undefined, 'replica-a', { ttlMs: 60_000 });

    expect(await keyv.get('R-7K2F9Q')).toEqual({ status: 'approved', note: ':colon' });
    expect(await keyv.get('lease')).toBe('replica-a');
    const raw = await keyv.getRaw('lease');
    expect(raw?.expires).toBeGreaterThan(Date.now());
  });

  it('are refused, not guessed at, when something other than eipbot wrote them without a version; set replaces them', async () => {
    await keyv.set('R-7K2F9Q', { status: 'pending' });
    const requests = (await harness.open()).namespace('requests');

    await expect(requests.get('R-7K2F9Q')).rejects.toThrow(/"requests\/R-7K2F9Q" is not one eipbot wrote/);
    expect(await requests.compareAndSet('R-7K2F9Q', undefined, { status: 'approved' })).toBeUndefined();
    await requests.set('R-7K2F9Q', { status: 'approved' });
    expect(await requests.getVersioned('R-7K2F9Q')).toEqual({ value: { status: 'approved' }, version: 1 });
  });
});
