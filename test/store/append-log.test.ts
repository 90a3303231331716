import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import type { AppendLog, Store } from '../../src/store/store.js';
import { storeBackends, type StoreHarness } from '../support/store-harness.js';

describe.each(storeBackends)('an append log in the $name store', (backend) => {
  let harness: StoreHarness;
  let store: Store;
  let audit: AppendLog;

  beforeEach(async () => {
    harness = await backend.create();
    store = await harness.open();
    audit = store.log('audit');
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('starts empty', async () => {
    expect(await audit.length()).toBe(0);
    expect(await audit.read(0)).toEqual([]);
  });

  it('keeps entries in the order they were appended', async () => {
    for (const [position, entry] of ['requested', 'approved by U1', 'executing', 'succeeded'].entries()) {
      expect(await audit.appendAt(position, entry)).toBe(true);
    }

    expect(await audit.length()).toBe(4);
    expect(await audit.read(0)).toEqual(['requested', 'approved by U1', 'executing', 'succeeded']);
  });

  it('refuses an append at a position that is already taken, so a writer with a stale length cannot fork the log', async () => {
    await audit.appendAt(0, 'requested');
    await audit.appendAt(1, 'approved by U1');

    expect(await audit.appendAt(1, 'rejected by U2')).toBe(false);
    expect(await audit.appendAt(0, 'requested again')).toBe(false);
    expect(await audit.read(0)).toEqual(['requested', 'approved by U1']);
  });

  it('refuses an append that would leave a gap', async () => {
    await audit.appendAt(0, 'requested');

    expect(await audit.appendAt(2, 'skipped ahead')).toBe(false);
    expect(await audit.appendAt(-1, 'before the start')).toBe(false);
    expect(await audit.appendAt(0.5, 'between')).toBe(false);
    expect(await audit.length()).toBe(1);
  });

  it('refuses a stale append made through another connection', async () => {
    const other = (await harness.open()).log('audit');
    await audit.appendAt(0, 'requested');

    expect(await other.appendAt(0, 'requested elsewhere')).toBe(false);
    expect(await other.appendAt(1, 'approved by U1')).toBe(true);
    expect(await audit.read(0)).toEqual(['requested', 'approved by U1']);
  });

  it('reads the entries from one position up to, not including, another', async () => {
    for (const [position, entry] of ['e0', 'e1', 'e2', 'e3', 'e4'].entries()) await audit.appendAt(position, entry);

    expect(await audit.read(1, 3)).toEqual(['e1', 'e2']);
    expect(await audit.read(3)).toEqual(['e3', 'e4']);
    expect(await audit.read(2, 2)).toEqual([]);
    expect(await audit.read(4, 99)).toEqual(['e4']);
    expect(await audit.read(7)).toEqual([]);
  });

  it('refuses a read range that is negative, fractional or backwards', async () => {
    await expect(audit.read(-1)).rejects.toThrow(StoreError);
    await expect(audit.read(1.5)).rejects.toThrow(/whole positions/);
    await expect(audit.read(3, 1)).rejects.toThrow(/from ≤ to/);
  });

  it('stores entries verbatim, whatever characters they hold', async () => {
    const entries = ['', ':starts with a colon', '{"hash":"ab12","record":{"by":"U1"}}', 'ünïcödé ✓ 中文', 'line\nbreak'];
    for (const [position, entry] of entries.entries()) await audit.appendAt(position, entry);

    expect(await audit.read(0)).toEqual(entries);
  });

  it('keeps logs with different names, and a namespace of the same name, apart', async () => {
    const other = store.log('audit-archive');
    await audit.appendAt(0, 'in audit');
    await other.appendAt(0, 'in audit-archive');
    await store.namespace('audit').set('0', 'a value');

    expect(await audit.read(0)).toEqual(['in audit']);
    expect(await other.read(0)).toEqual(['in audit-archive']);
    expect(await audit.length()).toBe(1);
  });
});
