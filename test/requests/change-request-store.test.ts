import { afterEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/clock.js';
import { ErrorCode, NotFoundError, StoreError } from '../../src/errors.js';
import type { ChangeRequest } from '../../src/requests/change-request.js';
import { ChangeRequestStore } from '../../src/requests/change-request-store.js';
import { IllegalTransitionError, transition } from '../../src/requests/state-machine.js';
import { KEEP } from '../../src/store/store.js';
import { keptLogs } from '../support/kept-logs.js';
import { pendingRequest } from '../support/requests-fixtures.js';
import { storeBackends, sqliteHarness, type StoreHarness } from '../support/store-harness.js';

const harnesses: StoreHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
});

/** A clock that tests move forward; the SQLite store expires keys on it too. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => Date.now() + offset, sleep: systemClock.sleep, advance: (ms) => (offset += ms) };
}

describe.each(storeBackends)('change request store on $name', (backend) => {
  async function open(clock: Clock = systemClock) {
    const harness = await backend.create();
    harnesses.push(harness);
    const store = await harness.open({ clock });
    return { harness, requests: new ChangeRequestStore(store.namespace('requests'), clock, keptLogs().logger) };
  }

  it('keeps a request exactly as it was made', async () => {
    const { requests } = await open();
    const request = pendingRequest();
    expect(await requests.create(request)).toBe(true);
    expect(await requests.get(request.id)).toEqual(request);
  });

  it('never overwrites a request whose id is taken', async () => {
    const { requests } = await open();
    await requests.create(pendingRequest());
    expect(await requests.create(pendingRequest({ requester: 'U0SOMEONEELSE' }))).toBe(false);
    expect((await requests.get('R-7K2F9Q'))?.requester).toBe('U0REQUESTER');
  });

  it('lets exactly one of 20 simultaneous approvals make a request approved', async () => {
    const { requests } = await open();
    await requests.create(pendingRequest());
    const clicks = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        requests.update('R-7K2F9Q', (current) => ({
          ...transition(current, 'approved', Date.now()),
          approvals: [...current.approvals, { user: `U0APPROVER${index}`, at: Date.now() }],
        })),
      ),
    );
    expect(clicks.filter((click) => click.status === 'fulfilled')).toHaveLength(1);
    const refused = clicks.filter((click): click is PromiseRejectedResult => click.status === 'rejected');
    expect(refused).toHaveLength(19);
    for (const click of refused) expect(click.reason).toBeInstanceOf(IllegalTransitionError);
    const stored = await requests.get('R-7K2F9Q');
    expect(stored?.status).toBe('approved');
    expect(stored?.approvals).toHaveLength(1);
    expect(stored?.version).toBe(2);
  });

  it('leaves a request untouched when the change is refused or not needed', async () => {
    const { requests } = await open();
    await requests.create(pendingRequest());
    expect((await requests.update('R-7K2F9Q', () => KEEP)).changed).toBe(false);
    expect((await requests.get('R-7K2F9Q'))?.version).toBe(1);
  });

  it('says a request does not exist instead of creating one', async () => {
    const { requests } = await open();
    const error = await requests.update('R-ZZZZZZ', (current) => current).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).userMessage).toBe('There is no change request R-ZZZZZZ; check the id (finished requests are kept for 30 days).');
  });

  it('lists the open requests of a channel, oldest first, and drops them once final', async () => {
    const { requests } = await open();
    const first = pendingRequest({ id: 'R-AAAAAA', createdAt: 1_000 });
    const second = pendingRequest({ id: 'R-BBBBBB', createdAt: 2_000 });
    const elsewhere = pendingRequest({ id: 'R-CCCCCC', channel: { id: 'C0ELSEWHERE' } });
    await Promise.all([requests.create(second), requests.create(first), requests.create(elsewhere)]);
    expect((await requests.listOpen('C0OPS')).map((request) => request.id)).toEqual(['R-AAAAAA', 'R-BBBBBB']);
    expect((await requests.listIndexed()).map((request) => request.id).sort()).toEqual(['R-AAAAAA', 'R-BBBBBB', 'R-CCCCCC']);
    await requests.update('R-AAAAAA', (current) => transition(current, 'cancelled', Date.now()));
    expect((await requests.listOpen('C0OPS')).map((request) => request.id)).toEqual(['R-BBBBBB']);
    expect((await requests.listIndexed()).map((request) => request.id).sort()).toEqual(['R-BBBBBB', 'R-CCCCCC']);
  });

  it('keeps a finished request in view of the sweepers until its audit events are appended', async () => {
    const { requests } = await open();
    await requests.create(pendingRequest());
    const event = { type: 'cancelled' as const, actor: 'U0REQUESTER', at: Date.now() };
    await requests.update('R-7K2F9Q', (current) => ({ ...transition(current, 'cancelled', Date.now()), auditOutbox: [event] }));
    expect(await requests.listOpen('C0OPS')).toEqual([]);
    expect((await requests.listIndexed()).map((request) => request.auditOutbox)).toEqual([[event]]);
    await requests.update('R-7K2F9Q', (current) => ({ ...current, auditOutbox: undefined }));
    expect(await requests.listIndexed()).toEqual([]);
  });

  it('still finds a request whose index entry outlived a crash, and prunes entries of requests that were never written', async () => {
    const clock = movableClock();
    const harness = await backend.create();
    harnesses.push(harness);
    const store = await harness.open({ clock });
    const kv = store.namespace('requests');
    const requests = new ChangeRequestStore(kv, clock, keptLogs().logger);
    // A crash after the index write and before the request write: the id is indexed but absent.
    await kv.set('open', [{ id: 'R-GHGHGH', at: clock.now() }]);
    await requests.create(pendingRequest());
    expect((await requests.listIndexed()).map((request) => request.id)).toEqual(['R-7K2F9Q']);
    expect(await kv.get('open')).toHaveLength(2);
    clock.advance(61_000);
    await requests.listIndexed();
    expect(await kv.get('open')).toEqual([{ id: 'R-7K2F9Q', at: expect.any(Number) }]);
  });

  it('refuses to act on a damaged stored request and says so', async () => {
    const harness = await backend.create();
    harnesses.push(harness);
    const kv = (await harness.open()).namespace('requests');
    const { logger, lines } = keptLogs();
    const requests = new ChangeRequestStore(kv, systemClock, logger);
    await requests.create(pendingRequest());
    await kv.set('request:R-7K2F9Q', { ...pendingRequest(), status: 'half-done' });
    const error = await requests.get('R-7K2F9Q').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe(ErrorCode.Store);
    expect((error as StoreError).userMessage).toBe("Change request R-7K2F9Q in the store is damaged and cannot be used; the details are in eipbot's log.");
    expect(await requests.listIndexed()).toEqual([]);
    expect(lines().some((line) => line.requestId === 'R-7K2F9Q' && line.level === 'error')).toBe(true);
    expect(await kv.get('open')).toHaveLength(1);
  });
});

describe('change request store on SQLite across restarts', () => {
  it('keeps pending requests when the process restarts', async () => {
    const harness = await sqliteHarness();
    harnesses.push(harness);
    const first = await harness.open();
    await new ChangeRequestStore(first.namespace('requests'), systemClock, keptLogs().logger).create(pendingRequest());
    await first.close();
    const reopened = new ChangeRequestStore((await harness.open()).namespace('requests'), systemClock, keptLogs().logger);
    expect(await reopened.listOpen('C0OPS')).toEqual([pendingRequest()]);
  });

  it('never lets a pending request vanish by age, and forgets finished ones after 30 days', async () => {
    const clock = movableClock();
    const harness = await sqliteHarness();
    harnesses.push(harness);
    const requests = new ChangeRequestStore((await harness.open({ clock })).namespace('requests'), clock, keptLogs().logger);
    await requests.create(pendingRequest({ id: 'R-PPPPPP' }));
    await requests.create(pendingRequest({ id: 'R-FFFFFF' }));
    await requests.update('R-FFFFFF', (current: ChangeRequest) => transition(current, 'expired', clock.now()));
    clock.advance(29 * 24 * 3_600_000);
    expect(await requests.get('R-FFFFFF')).toBeDefined();
    clock.advance(2 * 24 * 3_600_000);
    expect(await requests.get('R-FFFFFF')).toBeUndefined();
    expect((await requests.get('R-PPPPPP'))?.status).toBe('pending');
  });
});
