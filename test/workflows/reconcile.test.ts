import { describe, expect, it } from 'vitest';
import type { ActionArgs } from '../../src/workflows/workflow.js';
import { interruptAndReconcile, planAndExecute } from '../support/workflow-harness.js';
import type { WorkflowWorld } from '../support/workflow-world.js';
import { withWorld, workflowWorlds } from '../support/workflow-worlds.js';

describe.each(workflowWorlds)('reconciling an interrupted execution on $name', (factory) => {
  const world = withWorld(factory);

  it('marks an unbind succeeded when its write went out before the replica died', async () => {
    const { eips } = world().fixture;

    const outcome = await interruptAndReconcile(world(), { action: 'unbind', ref: { kind: 'eip', eip: eips.web1.id } }, (entry) => entry.phase === 'after-write');

    expect(outcome).toEqual({ status: 'succeeded', message: `The change took effect before the interruption: ${eips.web1.address} is unbound.` });
  });

  it('fails an unbind with "interrupted, nothing changed" when the replica died before the write', async () => {
    const { eips } = world().fixture;

    const outcome = await interruptAndReconcile(world(), { action: 'unbind', ref: { kind: 'eip', eip: eips.web1.id } }, (entry) => entry.phase === 'before-write');

    expect(outcome).toEqual({ status: 'failed', message: 'Interrupted, nothing changed — re-request.' });
    expect(await world().bindingOf(eips.web1.id)).toMatchObject({ nicId: world().fixture.web1.nic.nicId });
  });

  it('reports a move interrupted between unbind and bind as found: the EIP is unbound', async () => {
    const { web2, eips } = world().fixture;

    const outcome = await interruptAndReconcile(world(), 
      { action: 'move', eip: eips.web1.id, target: { kind: 'server', serverId: web2.serverId } },
      (entry) => entry.step === 'bind' && entry.phase === 'before-write',
    );

    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(new RegExp(`^Interrupted part-way: ${eips.web1.address.replaceAll('.', '\\.')} is now unbound`));
  });

  it('marks a move succeeded when the bind went out before the replica died', async () => {
    const { web2, eips } = world().fixture;

    const outcome = await interruptAndReconcile(world(), 
      { action: 'move', eip: eips.web1.id, target: { kind: 'server', serverId: web2.serverId } },
      (entry) => entry.step === 'bind' && entry.phase === 'after-write',
    );

    expect(outcome.status).toBe('succeeded');
  });

  it('marks a bind succeeded, or nothing changed, from where the replica died', async () => {
    const { web2, eips } = world().fixture;
    const args: ActionArgs = { action: 'bind', eip: eips.free1.id, target: { kind: 'server', serverId: web2.serverId } };

    expect((await interruptAndReconcile(world(), args, (entry) => entry.phase === 'before-write')).status).toBe('failed');
    expect(await interruptAndReconcile(world(), args, (entry) => entry.phase === 'confirmed')).toMatchObject({ status: 'succeeded' });
  });

  it('reports an isolate interrupted half-way, EIP by EIP', async () => {
    const { db1, eips } = world().fixture;
    // The unbinds start in plan order; the replica dies as the second one is about to go out.
    const started = new Set<string | undefined>();

    const outcome = await interruptAndReconcile(world(), { action: 'isolate', serverId: db1.serverId }, (entry) => {
      if (entry.phase === 'before-write') started.add(entry.eipId);
      return started.size === 2;
    });

    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/^Interrupted part-way: /);
    expect(outcome.message).toMatch(/ is now unbound \([^)]+\), as planned/);
    expect(outcome.message).toMatch(/ is now bound to NIC .*, unchanged/);
    expect(outcome.message).toContain(eips.dbA.address);
    expect(outcome.message).toContain(eips.dbB.address);
  });
  it('decides an interrupted restore from where each EIP is now', async () => {
    const { db1, eips } = world().fixture;
    await world().unbindElsewhere(eips.dbA.id);
    const args: ActionArgs = { action: 'restore', bindings: [{ eipId: eips.dbA.id, binding: db1.nicA }] };

    expect(await interruptAndReconcile(world(), args, (entry) => entry.phase === 'before-write')).toEqual({
      status: 'failed',
      message: 'Interrupted, nothing changed — re-request.',
    });
    expect((await interruptAndReconcile(world(), args, (entry) => entry.phase === 'after-write')).status).toBe('succeeded');
  });
});

describe.each(workflowWorlds.filter((factory) => factory.supports.create))('reconciling an interrupted bind new on $name', (factory) => {
  const world = withWorld(factory);

  it('finds the EIP a bind new created before the replica died, and names it', async () => {
    const { web2 } = world().fixture;
    const args: ActionArgs = { action: 'bind-new', target: { kind: 'server', serverId: web2.serverId }, bandwidthMbps: 5 };

    const outcome = await interruptAndReconcile(world(), args, (entry) => entry.step === 'create' && entry.phase === 'after-write');

    const [created] = await world().eipIdsNamed('eipbot-R-7K2F9Q');
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toContain(`Interrupted after creating EIP `);
    expect(outcome.message).toContain(`(${created})`);
  });

  it('marks a bind new succeeded when the created EIP got bound, and nothing changed when create never went out', async () => {
    const { web2 } = world().fixture;
    const args: ActionArgs = { action: 'bind-new', target: { kind: 'server', serverId: web2.serverId }, bandwidthMbps: 5 };

    expect(await interruptAndReconcile(world(), args, (entry) => entry.phase === 'before-write')).toEqual({ status: 'failed', message: 'Interrupted, nothing changed — re-request.' });
    expect((await interruptAndReconcile(world(), args, (entry) => entry.step === 'bind' && entry.phase === 'after-write')).status).toBe('succeeded');
  });
});

describe.each(workflowWorlds.filter((factory) => factory.supports.vip))('reconciling an interrupted virtual-IP change on $name', (factory) => {
  const world = withWorld(factory);

  it('decides an interrupted virtual-IP unbind from what the NIC carries', async () => {
    const vip = world().fixture.vip as NonNullable<WorkflowWorld['fixture']['vip']>;
    const args: ActionArgs = { action: 'vip-unbind', nicId: vip.nicId };

    expect(await interruptAndReconcile(world(), args, (entry) => entry.phase === 'before-write')).toEqual({ status: 'failed', message: 'Interrupted, nothing changed — re-request.' });
    expect((await interruptAndReconcile(world(), args, (entry) => entry.phase === 'after-write')).status).toBe('succeeded');
  });

  it('decides an interrupted virtual-IP bind (an undo) from what the NIC carries', async () => {
    const vip = world().fixture.vip as NonNullable<WorkflowWorld['fixture']['vip']>;
    await planAndExecute(world().provider, { action: 'vip-unbind', nicId: vip.nicId });
    const args: ActionArgs = { action: 'vip-bind', nicId: vip.nicId, vip: { address: vip.address, subnetId: vip.subnetId } };

    expect(await interruptAndReconcile(world(), args, (entry) => entry.phase === 'before-write')).toEqual({
      status: 'failed',
      message: 'Interrupted, nothing changed — re-request.',
    });
    expect(await interruptAndReconcile(world(), args, (entry) => entry.phase === 'after-write')).toEqual({
      status: 'succeeded',
      message: `The change took effect before the interruption: NIC ${vip.nicId} carries virtual IP ${vip.address}.`,
    });
  });
});
