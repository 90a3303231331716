import { describe, expect, it } from 'vitest';
import { vipUnbindWorkflow } from '../../src/workflows/vip-unbind.js';
import { planAndExecute, planContext } from '../support/workflow-harness.js';
import type { WorkflowWorld } from '../support/workflow-world.js';
import { withWorld, workflowWorlds } from '../support/workflow-worlds.js';

describe.each(workflowWorlds.filter((factory) => factory.supports.vip))('NIC virtual IPs on $name', (factory) => {
  const world = withWorld(factory);
  const vipOf = () => world().fixture.vip as NonNullable<WorkflowWorld['fixture']['vip']>;

  it('unbinds the virtual IP of a NIC (seed 003) and binds it back on undo', async () => {
    const vip = vipOf();

    const { plan, result } = await planAndExecute(world().provider, { action: 'vip-unbind', nicId: vip.nicId });

    expect(plan.vip).toMatchObject({ nicId: vip.nicId, before: [{ address: vip.address }], after: [] });
    expect(result.ok).toBe(true);
    expect(result.summary).toBe(`Unbound virtual IP ${vip.address} from NIC ${vip.nicId}.`);
    expect(await world().vipsOf(vip.nicId)).toEqual([]);
    expect(world().writes('vip')).toBe(1);
    expect(result.undo).toEqual({ action: 'vip-bind', nicId: vip.nicId, vip: { address: vip.address, subnetId: vip.subnetId } });

    const undo = await planAndExecute(world().provider, result.undo as NonNullable<typeof result.undo>);

    expect(undo.result.ok).toBe(true);
    expect(await world().vipsOf(vip.nicId)).toEqual([vip.address]);
    expect(undo.result.undo).toEqual({ action: 'vip-unbind', nicId: vip.nicId });
  });

  it('refuses a NIC without a virtual IP', async () => {
    const nic = world().fixture.web1.nic;

    await expect(vipUnbindWorkflow.plan({ action: 'vip-unbind', nicId: nic.nicId }, planContext(world().provider))).rejects.toMatchObject({
      reason: 'no-vip',
      userMessage: `NIC ${nic.nicId} has no virtual IP bound, so there is nothing to unbind.`,
    });
  });

  it('refuses a NIC the account does not have', async () => {
    const nicId = world().fixture.unknown.eipId;

    await expect(vipUnbindWorkflow.plan({ action: 'vip-unbind', nicId }, planContext(world().provider))).rejects.toMatchObject({
      reason: 'target-not-found',
      userMessage: `There is no NIC ${nicId} in account ${world().provider.account.name} (huawei cn-north-4). Check the NIC id.`,
    });
  });

  it('calls nothing when the virtual IP was removed after the plan', async () => {
    const vip = vipOf();

    const { result } = await planAndExecute(world().provider, { action: 'vip-unbind', nicId: vip.nicId }, async () => {
      await planAndExecute(world().provider, { action: 'vip-unbind', nicId: vip.nicId });
    });

    expect(result.ok).toBe(false);
    expect(result.summary).toBe(`State changed since the plan, so nothing was changed: NIC ${vip.nicId} now carries no virtual IP. Review the new state and request again.`);
    expect(world().writes('vip')).toBe(1);
  });
});

describe.each(workflowWorlds.filter((factory) => !factory.supports.vip))('NIC virtual IPs on $name', (factory) => {
  const world = withWorld(factory);

  it('refuses a virtual-IP request on a cloud without NIC virtual IPs, naming the cloud that has them', async () => {
    await expect(vipUnbindWorkflow.plan({ action: 'vip-unbind', nicId: world().fixture.web1.nic.nicId }, planContext(world().provider))).rejects.toMatchObject({
      reason: 'vip-unsupported',
      userMessage: expect.stringContaining('they exist on Huawei Cloud ECS only'),
    });
  });
});
