import { describe, expect, it } from 'vitest';
import { moveWorkflow } from '../../src/workflows/move.js';
import { planAndExecute, planContext } from '../support/workflow-harness.js';
import { withWorld, workflowWorlds } from '../support/workflow-worlds.js';

describe.each(workflowWorlds)('move on $name', (factory) => {
  const world = withWorld(factory);

  it('unbinds, waits, binds to the target, and offers to move it back', async () => {
    const { web1, web2, eips } = world().fixture;

    const { plan, result, recorded } = await planAndExecute(world().provider, { action: 'move', eip: eips.web1.address, target: { kind: 'server', serverId: web2.serverId } });

    expect(plan.changes).toMatchObject([{ eipId: eips.web1.id, before: { nicId: web1.nic.nicId }, after: { nicId: web2.primary.nicId } }]);
    expect(result.ok).toBe(true);
    expect(result.summary).toBe(
      `Moved ${eips.web1.address} from NIC ${web1.nic.nicId} (${web1.nic.privateIp}) of server ${web1.serverId} to NIC ${web2.primary.nicId} (${web2.primary.privateIp}) of server ${web2.serverId}.`,
    );
    expect(result.undo).toEqual({ action: 'move', eip: eips.web1.id, target: { kind: 'nic', nicId: web1.nic.nicId, privateIp: web1.nic.privateIp } });
    expect(await world().bindingOf(eips.web1.id)).toMatchObject({ nicId: web2.primary.nicId });
    expect(recorded.journal.map((entry) => `${entry.step} ${entry.phase}`)).toEqual([
      'unbind before-write',
      'unbind after-write',
      'unbind confirmed',
      'bind before-write',
      'bind after-write',
      'bind confirmed',
    ]);
  });

  it('puts the EIP back where it was when the bind to the target fails, and reports both', async () => {
    const { web1, web2, eips } = world().fixture;
    world().inject('bind', 'change-fails', { eipId: eips.web1.id });

    // A legacy Tencent bind that failed shows only as the status it had before: the wait runs out.
    const { result } = await planAndExecute(world().provider, { action: 'move', eip: eips.web1.id, target: { kind: 'server', serverId: web2.serverId } }, undefined, 300);

    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(new RegExp(`^Could not move ${eips.web1.address.replaceAll('.', '\\.')}\\. Could not bind .* It was put back on NIC ${web1.nic.nicId}`));
    const steps = result.steps.map((step) => [step.label.split(' ')[0], step.ok]);
    expect(steps.slice(0, 4)).toEqual([
      ['check', true],
      ['unbind', true],
      ['bind', false],
      ['check', true],
    ]);
    // Where a failed bind leaves the EIP attached to the target (Huawei BIND_ERROR), it is released first.
    expect(steps.slice(4)).toEqual(world().provider.account.provider === 'huawei' ? [['release', true], ['restore', true]] : [['restore', true]]);
    expect(await world().bindingOf(eips.web1.id)).toMatchObject({ nicId: web1.nic.nicId });
    expect(result.undo).toBeUndefined();
  });

  it('reports both failures when putting the EIP back fails too, and says where it is now', async () => {
    const { web2, eips } = world().fixture;
    world().inject('bind', 'change-fails', { eipId: eips.web1.id, times: 2 });

    // A legacy Tencent bind that failed shows only as the status it had before: the wait runs out.
    const { result } = await planAndExecute(world().provider, { action: 'move', eip: eips.web1.id, target: { kind: 'server', serverId: web2.serverId } }, undefined, 300);

    expect(result.ok).toBe(false);
    expect(result.summary).toContain(`Could not bind ${eips.web1.address}`);
    expect(result.summary).toContain(`Could not put ${eips.web1.address} back on`);
    expect(result.summary).toMatch(new RegExp(`${eips.web1.address.replaceAll('.', '\\.')} is now (unbound|in error status)`));
    expect(result.steps.filter((step) => !step.ok).map((step) => step.label.split(' ')[0])).toEqual(['bind', 'restore']);
  });

  it('refuses to move an EIP to the NIC it is already on', async () => {
    const { web1, eips } = world().fixture;

    await expect(
      moveWorkflow.plan({ action: 'move', eip: eips.web1.id, target: { kind: 'server', serverId: web1.serverId } }, planContext(world().provider)),
    ).rejects.toMatchObject({ reason: 'same-target' });
  });

  it('refuses to move an EIP that is not bound, pointing to bind', async () => {
    const { web2, eips } = world().fixture;

    await expect(
      moveWorkflow.plan({ action: 'move', eip: eips.free1.id, target: { kind: 'server', serverId: web2.serverId } }, planContext(world().provider)),
    ).rejects.toMatchObject({ reason: 'eip-unbound', userMessage: expect.stringContaining(`/eip bind ${eips.free1.address} <target>`) });
  });

  it('calls nothing when the EIP was moved elsewhere after the plan', async () => {
    const { web2, eips } = world().fixture;

    const { result } = await planAndExecute(world().provider, { action: 'move', eip: eips.web1.id, target: { kind: 'server', serverId: web2.serverId } }, async () => {
      await world().unbindElsewhere(eips.web1.id);
      await world().bindElsewhere(eips.web1.id, web2.secondary);
    });

    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/^State changed since the plan, so nothing was changed: /);
    expect(result.summary).toContain(`is now bound to NIC ${web2.secondary.nicId}`);
    expect(world().writes('binding')).toBe(0);
    expect(world().writes('binding')).toBe(0);
  });
});
