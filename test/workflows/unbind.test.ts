import { describe, expect, it } from 'vitest';
import type { PlanRefusal } from '../../src/workflows/plan-refusal.js';
import { unbindWorkflow } from '../../src/workflows/unbind.js';
import { planAndExecute, planContext } from '../support/workflow-harness.js';
import { withWorld, workflowWorlds } from '../support/workflow-worlds.js';

describe.each(workflowWorlds)('unbind on $name', (factory) => {
  const world = withWorld(factory);

  it('unbinds an EIP named by address, confirms it, and offers to bind it back to the same NIC address', async () => {
    const { web1, eips } = world().fixture;

    const { plan, result, recorded } = await planAndExecute(world().provider, { action: 'unbind', ref: { kind: 'eip', eip: eips.web1.address } });

    expect(plan.changes).toMatchObject([{ eipId: eips.web1.id, before: { nicId: web1.nic.nicId, privateIp: web1.nic.privateIp } }]);
    expect(plan.changes[0]?.after).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.summary).toBe(`Unbound ${eips.web1.address} from NIC ${web1.nic.nicId} (${web1.nic.privateIp}) of server ${web1.serverId}.`);
    expect(result.undo).toEqual({ action: 'bind', eip: eips.web1.id, target: { kind: 'nic', nicId: web1.nic.nicId, privateIp: web1.nic.privateIp } });
    expect(await world().bindingOf(eips.web1.id)).toBeUndefined();
    expect(world().writes('binding')).toBe(1);
    expect(recorded.journal.map((entry) => [entry.step, entry.phase, entry.eipId])).toEqual([
      ['unbind', 'before-write', eips.web1.id],
      ['unbind', 'after-write', eips.web1.id],
      ['unbind', 'confirmed', eips.web1.id],
    ]);
  });

  it('unbinds the EIP found on a NIC and private IP (seed 004)', async () => {
    const { db1, eips } = world().fixture;

    const { plan, result } = await planAndExecute(world().provider, {
      action: 'unbind',
      ref: { kind: 'nic', nicId: db1.nicB.nicId, privateIp: db1.nicB.privateIp },
    });

    expect(plan.changes[0]?.eipId).toBe(eips.dbB.id);
    expect(result.ok).toBe(true);
    expect(await world().bindingOf(eips.dbB.id)).toBeUndefined();
    expect(await world().bindingOf(eips.dbA.id)).toMatchObject({ nicId: db1.nicA.nicId });
  });

  it('undoes itself: the undo request binds the EIP back where it was', async () => {
    const { web1, eips } = world().fixture;
    const { result } = await planAndExecute(world().provider, { action: 'unbind', ref: { kind: 'eip', eip: eips.web1.id } });

    const undo = await planAndExecute(world().provider, result.undo as NonNullable<typeof result.undo>);

    expect(undo.result.ok).toBe(true);
    expect(await world().bindingOf(eips.web1.id)).toMatchObject({ nicId: web1.nic.nicId });
  });

  it('refuses an EIP that is not bound: there is nothing to unbind', async () => {
    const planning = unbindWorkflow.plan({ action: 'unbind', ref: { kind: 'eip', eip: world().fixture.eips.free1.address } }, planContext(world().provider));

    await expect(planning).rejects.toMatchObject({ reason: 'eip-unbound' });
    await expect(planning.catch((error: PlanRefusal) => error.userMessage)).resolves.toBe(
      `${world().fixture.eips.free1.address} is not bound to anything, so there is nothing to unbind.`,
    );
  });

  it('refuses a NIC address that carries no EIP', async () => {
    const { web2 } = world().fixture;

    const planning = unbindWorkflow.plan({ action: 'unbind', ref: { kind: 'nic', nicId: web2.primary.nicId, privateIp: web2.primary.privateIp } }, planContext(world().provider));

    await expect(planning).rejects.toMatchObject({ reason: 'nothing-bound' });
  });

  it('calls nothing and says "state changed" when the EIP was unbound by someone else first', async () => {
    const { eips } = world().fixture;

    const { result } = await planAndExecute(world().provider, { action: 'unbind', ref: { kind: 'eip', eip: eips.web1.id } }, () => world().unbindElsewhere(eips.web1.id));

    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/^State changed since the plan, so nothing was changed: /);
    expect(result.summary).toContain(`${eips.web1.address} is now unbound`);
    expect(world().writes('binding')).toBe(0);
  });
});
