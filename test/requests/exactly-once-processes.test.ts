import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionArgs } from '../../src/workflows/workflow.js';
import type { HuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import type { Store } from '../../src/store/store.js';
import { createEngine, engineConfig, eventually, NETOPS_MEMBERS, providerWrites, SEED, startTestSimulator, type Engine } from '../support/requests-engine.js';
import { ReplicaProcess } from '../support/requests-replica-process.js';
import { redisHarness, type StoreHarness } from '../support/store-harness.js';

const TRIALS = 200;

/** Four EIPs changed in turn; each lane flips its EIP between bound and unbound, one request per trial. */
const lanes = [SEED.boundEip, SEED.secondEip, SEED.freeEip, SEED.spareEip].map((eip) => ({
  eip,
  bound: eip === SEED.boundEip || eip === SEED.secondEip,
}));

describe('exactly-once execution across two processes sharing Redis', () => {
  let sim: HuaweiSimulator;
  let harness: StoreHarness;
  let requester: Engine;
  let auditStore: Store;
  let replicas: ReplicaProcess[];

  beforeAll(async () => {
    sim = await startTestSimulator(5);
    harness = await redisHarness();
    auditStore = await harness.open();
    requester = createEngine({ store: auditStore, config: engineConfig(sim.url), ownerId: 'requester' });
    replicas = await Promise.all(
      ['replica-a', 'replica-b'].map((ownerId) => ReplicaProcess.start({ storeUrl: harness.url, simUrl: sim.url, ownerId })),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await requester.service.stop();
    await harness.dispose();
    await sim.close();
  });

  it(`runs each of ${TRIALS} requests exactly once when two processes get 10 simultaneous approvals each`, async () => {
    const [a, b] = replicas;
    if (a === undefined || b === undefined) throw new Error('replicas missing');
    const ids: string[] = [];
    const outcomes: string[] = [];
    await Promise.all(
      lanes.map(async (lane) => {
        for (let trial = 0; trial < TRIALS / lanes.length; trial += 1) {
          const args: ActionArgs = lane.bound
            ? { action: 'unbind', ref: { kind: 'eip', eip: lane.eip.id } }
            : { action: 'bind', eip: lane.eip.id, target: { kind: 'nic', nicId: lane.eip.port } };
          const request = await requester.service.request({ args, reason: 'exactly-once trial', requester: 'U0REQUESTER', channel: { id: 'C0OPS' } });
          ids.push(request.id);
          const accepted = await Promise.all([a.approve(request.id, NETOPS_MEMBERS.slice(0, 10)), b.approve(request.id, NETOPS_MEMBERS.slice(10))]);
          expect(accepted[0] + accepted[1]).toBe(1);
          const done = await eventually(async () => {
            const current = await requester.service.get(request.id);
            return current?.status === 'succeeded' || current?.status === 'failed' ? current : undefined;
          }, 5);
          outcomes.push(done.status);
          lane.bound = !lane.bound;
        }
      }),
    );
    const executed = [...(await a.executed()), ...(await b.executed())];
    expect(outcomes.filter((status) => status !== 'succeeded')).toEqual([]);
    expect(executed).toHaveLength(TRIALS);
    expect(new Set(executed)).toEqual(new Set(ids));
    expect(providerWrites(sim)).toBe(TRIALS);
    expect(await requester.audit.verify()).toMatchObject({ ok: true });
    // One pass over the whole chain: every request has exactly one `executing` record.
    const records = (await auditStore.log('audit').read(0)).map((entry) => JSON.parse(entry) as { requestId: string; type: string });
    const executing = records.filter((record) => record.type === 'executing').map((record) => record.requestId);
    expect(executing.sort()).toEqual([...ids].sort());
  }, 120_000);
});
