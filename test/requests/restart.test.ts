import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, engineConfig, SEED, startTestSimulator } from '../support/requests-engine.js';
import { sqliteHarness } from '../support/store-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('restarting eipbot on the SQLite store', () => {
  it('keeps pending requests and the audit chain, and carries on where it stopped', async () => {
    const sim = await startTestSimulator();
    cleanups.push(() => sim.close());
    const harness = await sqliteHarness();
    cleanups.push(() => harness.dispose());
    const config = engineConfig(sim.url, { policy: { approvals: 2 } });

    const firstStore = await harness.open();
    const before = createEngine({ store: firstStore, config });
    const request = await before.service.request({
      args: { action: 'unbind', ref: { kind: 'eip', eip: SEED.boundEip.address } },
      reason: 'INC-42',
      requester: 'U0REQUESTER',
      channel: { id: 'C0OPS', name: 'ops' },
    });
    await before.service.approve(request.id, 'U0APPROVER1');
    await before.service.stop();
    await firstStore.close();

    const after = createEngine({ store: await harness.open(), config });
    cleanups.push(() => after.service.stop());
    expect(await after.service.listOpen('C0OPS')).toEqual([await after.service.get(request.id)]);
    expect(await after.service.get(request.id)).toMatchObject({ status: 'pending', approvals: [{ user: 'U0APPROVER1' }] });
    expect(await after.audit.verify()).toEqual({ ok: true, records: 2 });

    await after.service.approve(request.id, 'U0APPROVER2');
    await after.service.settled();
    expect((await after.service.get(request.id))?.status).toBe('succeeded');
    const trail = await after.audit.trail(request.id);
    expect(trail.map((record) => record.type).slice(0, 4)).toEqual(['requested', 'approved', 'approved', 'executing']);
    expect(trail.map((record) => record.seq)).toEqual(trail.map((_, index) => index));
    expect(await after.audit.verify()).toEqual({ ok: true, records: trail.length });
  });
});
