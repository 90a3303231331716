import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HuaweiOperation } from '../../../src/providers/huawei/huawei-operations.js';
import type { ProviderEvent } from '../../../src/providers/provider.js';
import { seedIds, startHuaweiTestbed, type AuthType, type HuaweiTestbed } from './huawei-testbed.js';

function waitStatuses(events: readonly ProviderEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'wait' ? [event.status] : []));
}

/** The four seed pages, end to end over HTTP against the simulator, with both kinds of authentication. */
describe.each<AuthType>(['aksk', 'token'])('seed flows with %s auth', (auth) => {
  let bed: HuaweiTestbed;

  beforeEach(async () => {
    bed = await startHuaweiTestbed();
  });

  afterEach(async () => {
    await bed.close();
  });

  it('binds a new EIP to a server as seed 001 does: primary port, create, bind, wait for ACTIVE', async () => {
    const provider = bed.provider(auth, 'v1');

    const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });
    expect(target).toMatchObject({ nicId: seedIds.web1Port, privateIp: '192.168.0.75', serverId: seedIds.web1 });

    const created = await provider.createEip({ name: 'eipbot-R-7K2F9Q', bandwidthMbps: 5 });
    expect(created).toMatchObject({ status: 'unbound', providerStatus: 'DOWN', name: 'eipbot-R-7K2F9Q', bandwidthMbps: 5 });

    const receipt = await provider.bind(created.id, target);
    expect(receipt.alreadyDone).toBeUndefined();
    expect(receipt.requestId).toMatch(/^[0-9a-f]{32}$/);
    const bound = await provider.waitUntilBound(created.id, target, receipt);

    expect(bound).toMatchObject({
      id: created.id,
      status: 'bound',
      providerStatus: 'ACTIVE',
      binding: { nicId: seedIds.web1Port, privateIp: '192.168.0.75', serverId: seedIds.web1 },
    });
    expect(bed.sim.stats.count(HuaweiOperation.listPorts)).toBe(1);
    expect(bed.sim.stats.count(HuaweiOperation.createEip)).toBe(1);
    expect(bed.sim.stats.count(HuaweiOperation.updateEipV1)).toBe(1);
    expect(waitStatuses(bed.events)).toEqual(['PENDING_CREATE', 'NOTIFYING', 'DOWN', 'PENDING_UPDATE', 'BINDING', 'ACTIVE']);
  });

  it('unbinds an EIP as seed 000 does and waits for DOWN, not trusting the ACTIVE in the PUT answer', async () => {
    const provider = bed.provider(auth, 'v1');

    const receipt = await provider.unbind({ eipId: seedIds.boundEip });
    const unbound = await provider.waitUntilUnbound(seedIds.boundEip, receipt);

    expect(unbound).toMatchObject({ status: 'unbound', providerStatus: 'DOWN' });
    expect(unbound.binding).toBeUndefined();
    expect(bed.sim.stats.count(HuaweiOperation.updateEipV1)).toBe(1);
    expect(waitStatuses(bed.events)).toEqual(['PENDING_UPDATE', 'PENDING_UPDATE', 'DOWN']);
    expect(bed.sim.state.eips().find((eip) => eip.id === seedIds.boundEip)).toMatchObject({ status: 'DOWN', portId: undefined });
  });

  it('unbinds with EIP v3 disassociate-instance as seed 002 does', async () => {
    const provider = bed.provider(auth, 'v3');

    const before = await provider.describeEip(seedIds.boundEip);
    expect(before.binding).toMatchObject({ nicId: seedIds.app1PrimaryPort, serverId: seedIds.app1 });
    const receipt = await provider.unbind({ eipId: seedIds.boundEip });
    expect(receipt.operation).toBe(HuaweiOperation.disassociateV3);
    const unbound = await provider.waitUntilUnbound(seedIds.boundEip, receipt);

    expect(unbound).toMatchObject({ status: 'unbound', providerStatus: 'DOWN' });
    expect(bed.sim.stats.count(HuaweiOperation.disassociateV3)).toBe(1);
    expect(bed.sim.stats.count(HuaweiOperation.updateEipV1)).toBe(0);
  });

  it('binds with EIP v3 associate-instance and waits for ACTIVE on the target port', async () => {
    const provider = bed.provider(auth, 'v3');
    const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.standby1 });

    const receipt = await provider.bind(seedIds.freeEip, target);
    const bound = await provider.waitUntilBound(seedIds.freeEip, target, receipt);

    expect(bound.binding).toMatchObject({ nicId: seedIds.standby1Port, serverId: seedIds.standby1, privateIp: '192.168.0.90' });
    expect(bed.sim.stats.count(HuaweiOperation.associateV3)).toBe(1);
  });

  it("unbinds the virtual IP of an ECS NIC as seed 003 does, and can put it back", async () => {
    const provider = bed.provider(auth, 'v1');
    const vips = provider.nicVips;
    if (!vips) throw new Error('the Huawei provider must offer NIC virtual IPs');

    const before = await vips.describe(seedIds.db1Nic);
    expect(before).toEqual({
      nicId: seedIds.db1Nic,
      serverId: seedIds.db1,
      vips: [{ address: '192.168.0.7', subnetId: seedIds.db1Network }],
    });

    const receipt = await vips.unbind(seedIds.db1Nic);
    expect(receipt.operation).toBe(HuaweiOperation.updateNicVip);
    expect((await vips.waitUntil(seedIds.db1Nic, [])).vips).toEqual([]);

    await vips.bind(seedIds.db1Nic, before.vips[0]!);
    expect((await vips.waitUntil(seedIds.db1Nic, ['192.168.0.7'])).vips).toEqual(before.vips);
    expect(bed.sim.stats.count(HuaweiOperation.updateNicVip)).toBe(2);
  });
});
