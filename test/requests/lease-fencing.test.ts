import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { ChangeRequestStore } from '../../src/requests/change-request-store.js';
import { createEngine, engineConfig, eventually, SEED, startTestSimulator } from '../support/requests-engine.js';
import { keptLogs } from '../support/kept-logs.js';
import { redisHarness } from '../support/store-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a replica that lost its execution lease', () => {
  it('stops before its next provider write once another replica has taken the request over', async () => {
    const sim = await startTestSimulator(1_500);
    cleanups.push(() => sim.close());
    const harness = await redisHarness();
    cleanups.push(() => harness.dispose());
    const store = await harness.open();
    const { logger, lines } = keptLogs();
    const stalled = createEngine({ store, config: engineConfig(sim.url, { leaseTtl: '1s' }), ownerId: 'stalled', logger });
    cleanups.push(() => stalled.service.stop());
    const request = await stalled.service.request({
      args: { action: 'move', eip: SEED.boundEip.address, target: { kind: 'nic', nicId: SEED.freeEip.port } },
      reason: 'fail over to web-1',
      requester: 'U0REQUESTER',
      channel: { id: 'C0OPS', name: 'ops' },
    });
    await stalled.service.approve(request.id, 'U0APPROVER1');
    await eventually(async () => (sim.stats.count('POST disassociate-instance') === 1 ? true : undefined));

    // What another replica does once this one's lease has lapsed: it takes the lease and the request.
    const other = await harness.open();
    await other.namespace('leases').set(request.id, { owner: 'rescuer', at: Date.now() }, { ttlMs: 60_000 });
    await new ChangeRequestStore(other.namespace('requests'), systemClock, keptLogs().logger).update(request.id, (current) => ({
      ...current,
      execution: { owner: 'rescuer', startedAt: Date.now(), reconciling: true },
    }));

    await stalled.service.settled();
    expect(sim.stats.count('POST associate-instance')).toBe(0);
    expect(await stalled.service.get(request.id)).toMatchObject({ status: 'executing', execution: { owner: 'rescuer' } });
    expect((await stalled.audit.trail(request.id)).map((record) => record.type)).not.toContain('failed');
    expect(lines().some((line) => line.msg === 'execution lease lost to another replica; stopping work on this request')).toBe(true);
  });
});
