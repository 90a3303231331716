import { describe, expect, it } from 'vitest';
import { PlanRefusal } from '../../src/workflows/plan-refusal.js';
import { bindWorkflow } from '../../src/workflows/bind.js';
import { planAndExecute, planContext } from '../support/workflow-harness.js';
import { withWorld, workflowWorlds } from '../support/workflow-worlds.js';

describe.each(workflowWorlds)('bind on $name', (factory) => {
  const world = withWorld(factory);

  it('binds an unbound EIP to the NIC of a one-NIC server, confirms it, and offers an unbind as undo', async () => {
    const { web1, eips } = world().fixture;
    await world().unbindElsewhere(eips.web1.id);

    const { plan, result, recorded } = await planAndExecute(world().provider, { action: 'bind', eip: eips.free1.address, target: { kind: 'server', serverId: web1.serverId } });

    expect(plan.changes).toMatchObject([{ eipId: eips.free1.id, address: eips.free1.address, after: { nicId: web1.nic.nicId, privateIp: web1.nic.privateIp } }]);
    expect(plan.changes[0]?.before).toBeUndefined();
    expect(plan.notes).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary).toContain(`Bound ${eips.free1.address} to NIC ${web1.nic.nicId}`);
    expect(result.undo).toEqual({ action: 'unbind', ref: { kind: 'eip', eip: eips.free1.id } });
    expect(await world().bindingOf(eips.free1.id)).toMatchObject({ nicId: web1.nic.nicId });
    expect(world().writes('binding')).toBe(1);
    expect(recorded.journal.map((entry) => entry.phase)).toEqual(['before-write', 'after-write', 'confirmed']);
    expect(recorded.journal[1]?.receipt).toBeDefined();
    const bindStep = result.steps.find((step) => step.label.startsWith('bind'));
    expect(bindStep).toMatchObject({ ok: true, eipId: eips.free1.id });
    const callIds = recorded.events.flatMap((event) =>
      event.type === 'provider' && event.step === bindStep?.label && event.event.type === 'call' && event.event.requestId !== undefined ? [event.event.requestId] : [],
    );
    expect(bindStep?.requestIds.sort()).toEqual([...new Set(callIds)].sort());
  });

  it('binds to a NIC named explicitly', async () => {
    const { web2, eips } = world().fixture;
    const target = { kind: 'nic' as const, nicId: web2.secondary.nicId, privateIp: web2.secondary.privateIp };

    const { result } = await planAndExecute(world().provider, { action: 'bind', eip: eips.free2.id, target });

    expect(result.ok).toBe(true);
    expect(await world().bindingOf(eips.free2.id)).toMatchObject({ nicId: web2.secondary.nicId });
  });

  it('refuses to bind an EIP that is already bound, says where, and suggests a move', async () => {
    const { web1, web2, eips } = world().fixture;

    const planning = bindWorkflow.plan({ action: 'bind', eip: eips.web1.address, target: { kind: 'server', serverId: web2.serverId } }, planContext(world().provider));

    await expect(planning).rejects.toBeInstanceOf(PlanRefusal);
    await expect(planning).rejects.toMatchObject({ reason: 'eip-bound' });
    await expect(planning).rejects.toThrow(web1.nic.nicId);
    await expect(planning.catch((error: PlanRefusal) => error.userMessage)).resolves.toContain(`/eip move ${eips.web1.address} <target>`);
  });

  it('refuses an address the account does not have, and says which account it looked in', async () => {
    const planning = bindWorkflow.plan(
      { action: 'bind', eip: world().fixture.unknown.address, target: { kind: 'server', serverId: world().fixture.web2.serverId } },
      planContext(world().provider),
    );

    await expect(planning).rejects.toMatchObject({ reason: 'eip-not-found' });
    await expect(planning.catch((error: PlanRefusal) => error.userMessage)).resolves.toMatch(
      new RegExp(`^There is no EIP ${world().fixture.unknown.address.replaceAll('.', '\\.')} in account ${world().provider.account.name} `),
    );
  });

  it('refuses a server it cannot bind to: one without a NIC, or one it cannot find', async () => {
    const serverIds = [world().fixture.bare?.serverId, world().fixture.unknown.serverId].filter((id): id is string => id !== undefined);

    for (const serverId of serverIds) {
      const planning = bindWorkflow.plan({ action: 'bind', eip: world().fixture.eips.free1.id, target: { kind: 'server', serverId } }, planContext(world().provider));

      await expect(planning).rejects.toMatchObject({ reason: 'target-not-found', userMessage: expect.stringContaining(serverId) });
    }
  });

  it('refuses a NIC that already carries an EIP, naming that EIP', async () => {
    const planning = bindWorkflow.plan(
      { action: 'bind', eip: world().fixture.eips.free1.id, target: { kind: 'server', serverId: world().fixture.web1.serverId } },
      planContext(world().provider),
    );

    await expect(planning).rejects.toMatchObject({ reason: 'target-occupied' });
    await expect(planning).rejects.toThrow(world().fixture.eips.web1.address);
  });

  it('calls nothing and says "state changed" when the EIP was bound elsewhere after the plan', async () => {
    const { web1, web2, eips } = world().fixture;
    await world().unbindElsewhere(eips.web1.id);

    const { result, recorded } = await planAndExecute(
      world().provider,
      { action: 'bind', eip: eips.free1.id, target: { kind: 'server', serverId: web2.serverId } },
      () => world().bindElsewhere(eips.free1.id, web1.nic),
    );

    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/^State changed since the plan, so nothing was changed: /);
    expect(result.summary).toContain(`${eips.free1.address} is now bound to NIC ${web1.nic.nicId}`);
    expect(world().writes('binding')).toBe(0);
    expect(recorded.journal).toEqual([]);
    expect(result.undo).toBeUndefined();
  });

  it('calls nothing when the target NIC received another EIP after the plan', async () => {
    const { web2, eips } = world().fixture;

    const { result } = await planAndExecute(
      world().provider,
      { action: 'bind', eip: eips.free1.id, target: { kind: 'server', serverId: web2.serverId } },
      () => world().bindElsewhere(eips.free2.id, web2.primary),
    );

    expect(result.ok).toBe(false);
    expect(result.summary).toContain(`now has ${eips.free2.address} bound`);
    expect(world().writes('binding')).toBe(0);
  });
});

describe.each(workflowWorlds)('bind to a server with several NICs on $name', (factory) => {
  const world = withWorld(factory);

  it('binds to the primary NIC of a two-NIC server and tells the approver how to name the other', async () => {
    const { web2, eips } = world().fixture;

    const { plan, result } = await planAndExecute(world().provider, { action: 'bind', eip: eips.free1.id, target: { kind: 'server', serverId: web2.serverId } });

    expect(plan.target).toMatchObject({ nicId: web2.primary.nicId });
    expect(plan.notes).toHaveLength(1);
    expect(plan.notes[0]).toContain(`Server ${web2.serverId} has 2 NICs; this binds to its primary NIC ${web2.primary.nicId}`);
    expect(plan.notes[0]).toContain(web2.secondary.nicId);
    expect(plan.notes[0]).toMatch(/request again with the target (port|eni):/);
    expect(result.ok).toBe(true);
    expect(await world().bindingOf(eips.free1.id)).toMatchObject({ nicId: web2.primary.nicId });
  });
});
