import { afterEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/clock.js';
import type { ChangeRequest } from '../../src/requests/change-request.js';
import { ChangeRequestStore } from '../../src/requests/change-request-store.js';
import { transition } from '../../src/requests/state-machine.js';
import type { HuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import { createEngine, engineConfig, eventually, providerWrites, SEED, startTestSimulator, type Engine } from '../support/requests-engine.js';
import { keptLogs } from '../support/kept-logs.js';
import { ReplicaProcess } from '../support/requests-replica-process.js';
import { redisHarness, sqliteHarness, type StoreHarness } from '../support/store-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const LEASE_TTL = '1s';

const unbind = {
  args: { action: 'unbind', ref: { kind: 'eip', eip: SEED.boundEip.address } },
  reason: 'INC-42',
  requester: 'U0REQUESTER',
  channel: { id: 'C0OPS', name: 'ops' },
} as const;

/** A simulator whose unbinds stay transient for `changeMs`, a store, a survivor engine and a replica process to kill. */
async function crashSetup(changeMs: number) {
  const sim = await startTestSimulator(changeMs);
  cleanups.push(() => sim.close());
  const harness = await redisHarness();
  cleanups.push(() => harness.dispose());
  const survivor = createEngine({
    store: await harness.open(),
    config: engineConfig(sim.url, { leaseTtl: LEASE_TTL }),
    ownerId: 'survivor',
    sweepIntervalMs: 100,
  });
  cleanups.push(() => survivor.service.stop());
  const doomed = await ReplicaProcess.start({ storeUrl: harness.url, simUrl: sim.url, ownerId: 'doomed', leaseTtl: LEASE_TTL });
  cleanups.push(() => doomed.kill());
  return { sim, harness, survivor, doomed };
}

async function finalState(engine: Engine, id: string): Promise<ChangeRequest> {
  return eventually(async () => {
    const current = await engine.service.get(id);
    return current?.status === 'succeeded' || current?.status === 'failed' ? current : undefined;
  }, 20);
}

describe('an execution whose replica is killed', () => {
  it('is reconciled to succeeded by another replica when the change took effect, without writing again', async () => {
    const { sim, survivor, doomed } = await crashSetup(2_500);
    const request = await survivor.service.request(unbind);
    await doomed.approve(request.id, ['U0APPROVER1']);
    // Killed while waiting for the unbind it sent to settle.
    await eventually(async () => (sim.stats.count('POST disassociate-instance') === 1 ? true : undefined));
    await doomed.kill();
    expect((await survivor.service.get(request.id))?.status).toBe('executing');

    survivor.service.start();
    const done = await finalState(survivor, request.id);
    expect(done).toMatchObject({ status: 'succeeded', reconciled: true, execution: { owner: 'survivor', reconciling: true } });
    expect(done.result?.summary).toBe(`The change took effect before the interruption: ${SEED.boundEip.address} is unbound.`);
    expect(sim.stats.count('POST disassociate-instance')).toBe(1);
    expect(providerWrites(sim)).toBe(1);
    await survivor.service.settled();
    const trail = await survivor.audit.trail(request.id);
    expect(trail.slice(-2).map((record) => [record.type, record.actor])).toEqual([
      ['reconciled', 'eipbot'],
      ['succeeded', 'eipbot'],
    ]);
    expect(trail.filter((record) => record.type === 'executing').map((record) => record.data?.owner)).toEqual(['doomed']);
    expect(await survivor.audit.verify()).toMatchObject({ ok: true });
    expect(survivor.notifier.finishedRequests.map((finished) => finished.status)).toEqual(['succeeded']);
  });

  it('is reconciled to failed, "nothing changed", when it died before its write, and nothing is written', async () => {
    const { sim, survivor, doomed } = await crashSetup(20);
    const request = await survivor.service.request(unbind);
    // The killed replica's first read of the EIP never gets an answer: it dies before writing.
    sim.faults.inject({ operation: 'GET eip/publicip', response: 'hang' });
    await doomed.approve(request.id, ['U0APPROVER1']);
    await eventually(async () => (sim.stats.calls.some((call) => call.outcome === 'hang') ? true : undefined));
    await doomed.kill();

    survivor.service.start();
    const done = await finalState(survivor, request.id);
    expect(done).toMatchObject({ status: 'failed', reconciled: true });
    expect(done.result?.summary).toBe('Interrupted, nothing changed — re-request.');
    expect(providerWrites(sim)).toBe(0);
    expect(sim.state.eips().find((eip) => eip.id === SEED.boundEip.id)?.portId).toBe(SEED.boundEip.port);
    await survivor.service.settled();
    expect((await survivor.audit.trail(request.id)).at(-1)).toMatchObject({ type: 'failed', actor: 'eipbot' });
  });
});

describe('an approved request whose replica died before claiming it', () => {
  it('is executed once by another replica after the lease time', async () => {
    const sim: HuaweiSimulator = await startTestSimulator();
    cleanups.push(() => sim.close());
    const harness: StoreHarness = await sqliteHarness();
    cleanups.push(() => harness.dispose());
    let offset = 0;
    const clock: Clock = { now: () => Date.now() + offset, sleep: systemClock.sleep };
    const config = engineConfig(sim.url, { leaseTtl: LEASE_TTL });
    const engine = createEngine({ store: await harness.open(), config, clock, ownerId: 'survivor' });
    cleanups.push(() => engine.service.stop());
    const request = await engine.service.request(unbind);
    // What the dead replica left behind: its approval written, the execution never claimed.
    const requests = new ChangeRequestStore((await harness.open()).namespace('requests'), clock, keptLogs().logger);
    await requests.update(request.id, (current) => ({
      ...transition(current, 'approved', clock.now()),
      approvals: [{ user: 'U0APPROVER1', at: clock.now() }],
    }));

    await engine.service.sweep();
    await engine.service.settled();
    expect((await engine.service.get(request.id))?.status).toBe('approved');

    offset += 1_000;
    await engine.service.sweep();
    await engine.service.settled();
    expect((await engine.service.get(request.id))?.status).toBe('succeeded');
    expect(providerWrites(sim)).toBe(1);
    await engine.service.sweep();
    await engine.service.settled();
    expect(providerWrites(sim)).toBe(1);
  });
});
