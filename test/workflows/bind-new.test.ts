import { describe, expect, it } from 'vitest';
import { bindNewWorkflow } from '../../src/workflows/bind-new.js';
import { PlanRefusal } from '../../src/workflows/plan-refusal.js';
import { planAndExecute, planContext, REQUEST_ID } from '../support/workflow-harness.js';
import { withWorld, workflowWorlds } from '../support/workflow-worlds.js';

describe.each(workflowWorlds.filter((factory) => factory.supports.create))('bind new on $name', (factory) => {
  const world = withWorld(factory);

  it('creates an EIP named after the request and binds it to the primary NIC (seed 001)', async () => {
    const { web2 } = world().fixture;

    const { plan, result } = await planAndExecute(world().provider, { action: 'bind-new', target: { kind: 'server', serverId: web2.serverId }, bandwidthMbps: 10 });

    expect(plan.create).toEqual({ name: `eipbot-${REQUEST_ID}`, bandwidthMbps: 10 });
    expect(plan.target).toMatchObject({ nicId: web2.primary.nicId });
    expect(plan.notes[0]).toBe(
      `Creates a pay-per-use EIP named eipbot-${REQUEST_ID} with 10 Mbit/s of dedicated bandwidth, then binds it to NIC ${web2.primary.nicId} (${web2.primary.privateIp}) of server ${web2.serverId}.`,
    );
    expect(result.ok).toBe(true);
    const [created] = await world().eipIdsNamed(`eipbot-${REQUEST_ID}`);
    expect(result.createdEipId).toBe(created);
    expect(await world().bindingOf(created as string)).toMatchObject({ nicId: web2.primary.nicId });
    expect(result.undo).toEqual({ action: 'unbind', ref: { kind: 'eip', eip: created } });
    expect(result.steps.map((step) => step.label)).toEqual(['check live state', `create eipbot-${REQUEST_ID}`, expect.stringMatching(/^bind /)]);
  });

  it('names the created EIP when the bind fails after the create, and never creates twice', async () => {
    const { web2 } = world().fixture;
    world().inject('bind', 'change-fails');

    const { result } = await planAndExecute(world().provider, { action: 'bind-new', target: { kind: 'server', serverId: web2.serverId }, bandwidthMbps: 5 });

    const named = await world().eipIdsNamed(`eipbot-${REQUEST_ID}`);
    expect(named).toHaveLength(1);
    expect(world().writes('create')).toBe(1);
    expect(result.ok).toBe(false);
    expect(result.createdEipId).toBe(named[0]);
    expect(result.summary).toMatch(new RegExp(`^Created EIP \\S+ \\(${named[0]}\\), but it is not bound: Could not bind `));
    expect(result.summary).toContain('It stays allocated and billed');
    expect(result.undo).toBeUndefined();
  });

  it('calls nothing when the target NIC received an EIP after the plan', async () => {
    const { web2, eips } = world().fixture;

    const { result } = await planAndExecute(
      world().provider,
      { action: 'bind-new', target: { kind: 'server', serverId: web2.serverId }, bandwidthMbps: 5 },
      () => world().bindElsewhere(eips.free1.id, web2.primary),
    );

    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/^State changed since the plan/);
    expect(world().writes('create')).toBe(0);
  });
});

describe.each(workflowWorlds.filter((factory) => !factory.supports.create))('bind new on $name', (factory) => {
  const world = withWorld(factory);

  it('refuses the request when it is made, before an approver sees it, and says to bind an existing EIP', async () => {
    const { web2 } = world().fixture;

    const planning = bindNewWorkflow.plan({ action: 'bind-new', target: { kind: 'server', serverId: web2.serverId }, bandwidthMbps: 5 }, planContext(world().provider));

    await expect(planning).rejects.toBeInstanceOf(PlanRefusal);
    await expect(planning).rejects.toMatchObject({ reason: 'create-unsupported' });
    await expect(planning).rejects.toThrow(/cannot create EIPs.*Bind an existing EIP instead \(\/eip bind <eip> <target>\)/);
    expect(world().writes('binding')).toBe(0);
    expect(await world().eipIdsNamed('eipbot-R-7K2F9Q')).toEqual([]);
  });
});
