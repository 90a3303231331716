import { afterEach, describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../src/requests/state-machine.js';
import { PolicyRefusal } from '../../src/requests/policy.js';
import { createEngine, engineConfig, NETOPS_MEMBERS, providerWrites, SEED, startTestSimulator } from '../support/requests-engine.js';
import { storeBackends } from '../support/store-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(storeBackends)('exactly-once execution on $name', (backend) => {
  async function setup(policy: Record<string, unknown> = {}, replicas = 1) {
    const sim = await startTestSimulator();
    cleanups.push(() => sim.close());
    const harness = await backend.create();
    cleanups.push(() => harness.dispose());
    const config = engineConfig(sim.url, { policy });
    const engines = [];
    for (let index = 0; index < replicas; index += 1) {
      // Each replica has its own connection to the shared store, as separate bot processes would.
      const engine = createEngine({ store: await harness.open(), config, ownerId: `replica-${index}` });
      cleanups.push(() => engine.service.stop());
      engines.push(engine);
    }
    return { sim, engines };
  }

  const unbind = {
    args: { action: 'unbind', ref: { kind: 'eip', eip: SEED.boundEip.address } },
    reason: 'INC-42',
    requester: 'U0REQUESTER',
    channel: { id: 'C0OPS', name: 'ops' },
  } as const;

  it('executes a request exactly once when 20 approvers click at the same moment', async () => {
    const { sim, engines } = await setup();
    const [engine] = engines;
    if (engine === undefined) throw new Error('no engine');
    const request = await engine.service.request(unbind);
    const clicks = await Promise.allSettled(NETOPS_MEMBERS.map((user) => engine.service.approve(request.id, user)));
    expect(clicks.filter((click) => click.status === 'fulfilled')).toHaveLength(1);
    for (const click of clicks) {
      if (click.status === 'rejected') expect(click.reason).toBeInstanceOf(IllegalTransitionError);
    }
    await engine.service.settled();
    const done = await engine.service.get(request.id);
    expect(done?.status).toBe('succeeded');
    expect(done?.approvals).toHaveLength(1);
    expect(providerWrites(sim)).toBe(1);
    const trail = await engine.audit.trail(request.id);
    expect(trail.filter((record) => record.type === 'executing')).toHaveLength(1);
    expect(trail.filter((record) => record.type === 'approved')).toHaveLength(1);
    expect(engine.notifier.executed()).toEqual([request.id]);
  });

  it('records exactly 3 approvals and executes once when 20 click at once and 3 are needed', async () => {
    const { sim, engines } = await setup({ approvals: 3 });
    const [engine] = engines;
    if (engine === undefined) throw new Error('no engine');
    const request = await engine.service.request(unbind);
    const clicks = await Promise.allSettled(NETOPS_MEMBERS.map((user) => engine.service.approve(request.id, user)));
    expect(clicks.filter((click) => click.status === 'fulfilled')).toHaveLength(3);
    await engine.service.settled();
    const done = await engine.service.get(request.id);
    expect(done?.status).toBe('succeeded');
    expect(new Set(done?.approvals.map((approval) => approval.user)).size).toBe(3);
    expect(providerWrites(sim)).toBe(1);
  });

  it('counts a click that Slack delivers twice only once', async () => {
    const { sim, engines } = await setup({ approvals: 2 });
    const [engine] = engines;
    if (engine === undefined) throw new Error('no engine');
    const request = await engine.service.request(unbind);
    const clicks = await Promise.allSettled([engine.service.approve(request.id, 'U0NET01'), engine.service.approve(request.id, 'U0NET01')]);
    expect(clicks.filter((click) => click.status === 'fulfilled')).toHaveLength(1);
    const duplicate = clicks.find((click) => click.status === 'rejected');
    expect(duplicate?.status === 'rejected' && duplicate.reason).toBeInstanceOf(PolicyRefusal);
    expect(await engine.service.get(request.id)).toMatchObject({ status: 'pending', approvals: [{ user: 'U0NET01' }] });
    await engine.service.settled();
    expect(providerWrites(sim)).toBe(0);
  });

  it('executes once when two replicas sharing the store each receive 10 of 20 simultaneous approvals', async () => {
    const { sim, engines } = await setup({}, 2);
    const [a, b] = engines;
    if (a === undefined || b === undefined) throw new Error('no engines');
    const request = await a.service.request(unbind);
    const clicks = await Promise.allSettled(
      NETOPS_MEMBERS.map((user, index) => (index % 2 === 0 ? a : b).service.approve(request.id, user)),
    );
    expect(clicks.filter((click) => click.status === 'fulfilled')).toHaveLength(1);
    await Promise.all([a.service.settled(), b.service.settled()]);
    expect((await a.service.get(request.id))?.status).toBe('succeeded');
    expect([...a.notifier.executed(), ...b.notifier.executed()]).toEqual([request.id]);
    expect(providerWrites(sim)).toBe(1);
    expect((await a.audit.trail(request.id)).filter((record) => record.type === 'executing')).toHaveLength(1);
    expect(await a.audit.verify()).toMatchObject({ ok: true });
  });
});
