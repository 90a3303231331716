import { afterEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/clock.js';
import { ChangeRequestStore } from '../../src/requests/change-request-store.js';
import { transition } from '../../src/requests/state-machine.js';
import { createEngine, engineConfig, SEED, startTestSimulator } from '../support/requests-engine.js';
import { keptLogs } from '../support/kept-logs.js';
import { sqliteHarness } from '../support/store-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A replica killed between a transition and its audit append leaves the event in the
 * request's outbox; these tests write that state directly, as the dead replica would have.
 */
async function setup() {
  const sim = await startTestSimulator();
  cleanups.push(() => sim.close());
  const harness = await sqliteHarness();
  cleanups.push(() => harness.dispose());
  let offset = 0;
  const clock: Clock & { advance(ms: number): void } = { now: () => Date.now() + offset, sleep: systemClock.sleep, advance: (ms) => (offset += ms) };
  const engine = createEngine({ store: await harness.open(), config: engineConfig(sim.url), clock });
  cleanups.push(() => engine.service.stop());
  const requests = new ChangeRequestStore((await harness.open()).namespace('requests'), clock, keptLogs().logger);
  const request = await engine.service.request({
    args: { action: 'unbind', ref: { kind: 'eip', eip: SEED.boundEip.address } },
    reason: 'INC-42',
    requester: 'U0REQUESTER',
    channel: { id: 'C0OPS', name: 'ops' },
  });
  return { engine, requests, request, clock };
}

describe('audit records of a replica that died mid-transition', () => {
  it('appends the record of a transition whose replica died before appending it, exactly once', async () => {
    const { engine, requests, request, clock } = await setup();
    const at = clock.now();
    await requests.update(request.id, (current) => ({
      ...transition(current, 'cancelled', at),
      cancellation: { user: 'U0REQUESTER', at },
      auditOutbox: [{ type: 'cancelled', actor: 'U0REQUESTER', at }],
    }));
    await engine.service.sweep();
    expect((await engine.audit.trail(request.id)).map((record) => record.type)).toEqual(['requested']);

    clock.advance(61_000);
    await engine.service.sweep();
    await engine.service.sweep();
    const trail = await engine.audit.trail(request.id);
    expect(trail.map((record) => [record.type, record.actor, record.at])).toEqual([
      ['requested', 'U0REQUESTER', request.createdAt],
      ['cancelled', 'U0REQUESTER', at],
    ]);
    expect((await engine.service.get(request.id))?.auditOutbox).toBeUndefined();
    expect(await engine.audit.verify()).toEqual({ ok: true, records: 2 });
  });

  it('does not record an event twice when the replica died after appending it but before clearing the outbox', async () => {
    const { engine, requests, request, clock } = await setup();
    const [requested] = await engine.audit.trail(request.id);
    if (requested === undefined) throw new Error('requested record missing');
    await requests.update(request.id, (current) => ({
      ...current,
      auditOutbox: [{ type: 'requested', actor: requested.actor, at: requested.at, data: requested.data }],
    }));
    clock.advance(61_000);
    await engine.service.sweep();
    expect((await engine.audit.trail(request.id)).map((record) => record.type)).toEqual(['requested']);
    expect((await engine.service.get(request.id))?.auditOutbox).toBeUndefined();
  });
});
