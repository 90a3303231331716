import { describe, expect, it } from 'vitest';
import { isolateWorkflow } from '../../src/workflows/isolate.js';
import { planAndExecute, planContext } from '../support/workflow-harness.js';
import { withWorld, workflowWorlds } from '../support/workflow-worlds.js';

describe.each(workflowWorlds)('isolate on $name', (factory) => {
  const world = withWorld(factory);

  it('unbinds every EIP on every NIC of the server, with an outcome per EIP, and offers to restore them', async () => {
    const { db1, eips } = world().fixture;

    const { plan, result } = await planAndExecute(world().provider, { action: 'isolate', serverId: db1.serverId });

    expect(plan.changes.map((change) => change.eipId).sort()).toEqual([eips.dbA.id, eips.dbB.id].sort());
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(new RegExp(`^Isolated server ${db1.serverId}: unbound 2 EIPs \\(`));
    expect(result.steps.filter((step) => step.label.startsWith('unbind')).map((step) => [step.eipId, step.ok]).sort()).toEqual(
      [
        [eips.dbA.id, true],
        [eips.dbB.id, true],
      ].sort(),
    );
    expect(await world().bindingOf(eips.dbA.id)).toBeUndefined();
    expect(await world().bindingOf(eips.dbB.id)).toBeUndefined();
    expect(result.undo).toEqual({
      action: 'restore',
      bindings: expect.arrayContaining([
        { eipId: eips.dbA.id, binding: expect.objectContaining({ nicId: db1.nicA.nicId, privateIp: db1.nicA.privateIp }) },
        { eipId: eips.dbB.id, binding: expect.objectContaining({ nicId: db1.nicB.nicId, privateIp: db1.nicB.privateIp }) },
      ]),
    });
  });

  it('restores every EIP where it was when the undo runs', async () => {
    const { db1, eips } = world().fixture;
    const { result } = await planAndExecute(world().provider, { action: 'isolate', serverId: db1.serverId });

    const restored = await planAndExecute(world().provider, result.undo as NonNullable<typeof result.undo>);

    expect(restored.result.ok).toBe(true);
    expect(await world().bindingOf(eips.dbA.id)).toMatchObject({ nicId: db1.nicA.nicId });
    expect(await world().bindingOf(eips.dbB.id)).toMatchObject({ nicId: db1.nicB.nicId });
  });

  it('fails the request when one EIP fails, reporting each EIP on its own', async () => {
    const { db1, eips } = world().fixture;
    // The first unbind to reach the cloud fails; which of the two that is, is up to the race.
    world().inject('unbind', 'change-fails');

    const { result } = await planAndExecute(world().provider, { action: 'isolate', serverId: db1.serverId }, undefined, 300);

    const unbinds = result.steps.filter((step) => step.label.startsWith('unbind'));
    expect(unbinds.map((step) => step.eipId).sort()).toEqual([eips.dbA.id, eips.dbB.id].sort());
    const failed = unbinds.filter((step) => !step.ok);
    expect(failed).toHaveLength(1);
    const [lost, kept] = failed[0]?.eipId === eips.dbA.id ? [eips.dbA, eips.dbB] : [eips.dbB, eips.dbA];
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(
      new RegExp(`^Isolation of server ${db1.serverId} is incomplete: unbound 1 of 2 EIPs \\(${kept.address.replaceAll('.', '\\.')}\\)\\. Could not unbind ${lost.address.replaceAll('.', '\\.')}: `),
    );
    expect(result.summary).toContain(`${lost.address} is now `);
    expect(await world().bindingOf(kept.id)).toBeUndefined();
    expect(result.undo).toBeUndefined();
  });

  it('reports, and does not touch, an EIP bound to the server after the plan', async () => {
    const { db1, eips } = world().fixture;
    await world().unbindElsewhere(eips.dbB.id);

    const { plan, result } = await planAndExecute(world().provider, { action: 'isolate', serverId: db1.serverId }, () => world().bindElsewhere(eips.free1.id, db1.nicB));

    expect(plan.changes.map((change) => change.eipId)).toEqual([eips.dbA.id]);
    expect(result.ok).toBe(true);
    expect(result.summary).toContain(`Not touched: ${eips.free1.address}, bound to the server after the plan; request /eip isolate ${db1.serverId} again to cover it.`);
    expect(await world().bindingOf(eips.dbA.id)).toBeUndefined();
    expect(await world().bindingOf(eips.free1.id)).toMatchObject({ nicId: db1.nicB.nicId });
    expect(world().writes('binding')).toBe(1);
  });

  it('calls nothing when a planned EIP was unbound by someone else first', async () => {
    const { db1, eips } = world().fixture;

    const { result } = await planAndExecute(world().provider, { action: 'isolate', serverId: db1.serverId }, () => world().unbindElsewhere(eips.dbA.id));

    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/^State changed since the plan, so nothing was changed: /);
    expect(result.summary).toContain(`${eips.dbA.address} is now unbound`);
    expect(world().writes('binding')).toBe(0);
  });

  it('refuses a server with no EIP bound: there is nothing to isolate', async () => {
    const { web2 } = world().fixture;

    await expect(isolateWorkflow.plan({ action: 'isolate', serverId: web2.serverId }, planContext(world().provider))).rejects.toMatchObject({
      reason: 'nothing-bound',
      userMessage: expect.stringMatching(new RegExp(`^Server ${web2.serverId} has no EIP bound in account ${world().provider.account.name} `)),
    });
  });
});
