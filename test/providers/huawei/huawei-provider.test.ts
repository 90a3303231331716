import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import { HuaweiOperation } from '../../../src/providers/huawei/huawei-operations.js';
import { ProviderError } from '../../../src/providers/provider-error.js';
import { IAM_USER, SECRET_KEY, huaweiAccount, seedIds, startHuaweiTestbed, type HuaweiTestbed } from './huawei-testbed.js';

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('Huawei provider', () => {
  let bed: HuaweiTestbed;

  beforeEach(async () => {
    bed = await startHuaweiTestbed();
  });

  afterEach(async () => {
    await bed.close();
  });

  describe('reading', () => {
    it.each(['v1', 'v3'] as const)('describes an EIP by its public address with the NIC, private IP and server it is bound to (%s)', async (api) => {
      const eip = await bed.provider('aksk', api).describeEip(seedIds.boundEipAddress);

      expect(eip).toMatchObject({
        id: seedIds.boundEip,
        address: seedIds.boundEipAddress,
        status: 'bound',
        providerStatus: 'ACTIVE',
        bandwidthMbps: 7,
        binding: { nicId: seedIds.app1PrimaryPort, privateIp: '192.168.1.131', serverId: seedIds.app1 },
      });
    });

    it('describes an EIP by id', async () => {
      const eip = await bed.provider('aksk', 'v1').describeEip(seedIds.freeEip);
      expect(eip).toMatchObject({ id: seedIds.freeEip, address: seedIds.freeEipAddress, status: 'unbound', providerStatus: 'DOWN' });
      expect(eip.binding).toBeUndefined();
    });

    it('says plainly when no EIP has that address or id', async () => {
      const provider = bed.provider('aksk', 'v1');

      const byAddress = await rejection(provider.describeEip('198.18.0.1'));
      expect(byAddress.kind).toBe('not_found');
      expect(byAddress.userMessage).toContain('no EIP with address 198.18.0.1');

      const byId = await rejection(provider.describeEip('00000000-0000-4000-8000-000000000000'));
      expect(byId).toMatchObject({ kind: 'not_found', providerCode: 'VPC.0504', httpStatus: 404 });
      expect(byId.requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(byId.userMessage).toContain('has no such EIP');
    });

    it('lists the EIPs bound to any NIC of a server', async () => {
      const eips = await bed.provider('aksk', 'v1').listEips({ serverId: seedIds.app1 });

      expect(eips.map((eip) => [eip.id, eip.binding?.nicId, eip.binding?.serverId]).sort()).toEqual(
        [
          [seedIds.boundEip, seedIds.app1PrimaryPort, seedIds.app1],
          [seedIds.secondBoundEip, seedIds.app1SecondPort, seedIds.app1],
        ].sort(),
      );
    });

    it('lists every EIP of the account with the servers they are bound to', async () => {
      const eips = await bed.provider('token', 'v3').listEips({});

      expect(eips).toHaveLength(4);
      expect(eips.find((eip) => eip.id === seedIds.secondBoundEip)?.binding?.serverId).toBe(seedIds.app1);
      expect(eips.find((eip) => eip.id === seedIds.freeEip)?.binding).toBeUndefined();
    });

    it('refuses to list EIPs of a server that does not exist rather than saying it has none', async () => {
      const error = await rejection(bed.provider('aksk', 'v1').listEips({ serverId: '99999999-9999-4999-8999-999999999999' }));
      expect(error).toMatchObject({ kind: 'not_found', providerCode: 'Ecs.0114' });
      expect(error.userMessage).toContain('no such ECS server');
    });

    it('finds an EIP by address and by server where the cloud ignores list filters, as OTC does', async () => {
      await bed.close();
      bed = await startHuaweiTestbed({ ignoreEipListFilters: true });
      const provider = bed.provider('aksk', 'v1');

      expect((await provider.describeEip(seedIds.freeEipAddress)).id).toBe(seedIds.freeEip);
      expect((await provider.listEips({ serverId: seedIds.app1 })).map((eip) => eip.id).sort()).toEqual(
        [seedIds.boundEip, seedIds.secondBoundEip].sort(),
      );
      expect(await provider.listEips({ serverId: seedIds.standby1 })).toEqual([]);
    });

    it('finds the EIP a create named after the request', async () => {
      const provider = bed.provider('aksk', 'v1');
      const created = await provider.createEip({ name: 'eipbot-R-NAMED2', bandwidthMbps: 3 });

      expect((await provider.findEipByName('eipbot-R-NAMED2'))?.id).toBe(created.id);
      expect(await provider.findEipByName('eipbot-R-ABSENT')).toBeUndefined();
    });
  });

  describe('bind targets', () => {
    it("binds to a server's primary NIC when it has several", async () => {
      const target = await bed.provider('aksk', 'v1').resolveTarget({ kind: 'server', serverId: seedIds.app1 });
      expect(target).toMatchObject({ nicId: seedIds.app1PrimaryPort, privateIp: '192.168.1.131', serverId: seedIds.app1 });
    });

    it('accepts an explicit port:<id> and finds its server', async () => {
      const ref = { kind: 'nic', nicId: seedIds.app1SecondPort } as const;
      const target = await bed.provider('aksk', 'v1').resolveTarget(ref);
      expect(target).toEqual({ ref, nicId: seedIds.app1SecondPort, privateIp: '192.168.2.31', serverId: seedIds.app1 });
    });

    it('says which port does not exist, and which private IPs a port really has', async () => {
      const provider = bed.provider('aksk', 'v1');
      const missing = await rejection(provider.resolveTarget({ kind: 'nic', nicId: '11111111-1111-4111-8111-111111111111' }));
      expect(missing.kind).toBe('not_found');
      expect(missing.userMessage).toContain('no port 11111111-1111-4111-8111-111111111111');

      const wrongIp = await rejection(provider.resolveTarget({ kind: 'nic', nicId: seedIds.web1Port, privateIp: '10.9.9.9' }));
      expect(wrongIp.kind).toBe('invalid');
      expect(wrongIp.userMessage).toContain('192.168.0.75');
    });

    it('refuses a server that does not exist', async () => {
      const error = await rejection(
        bed.provider('aksk', 'v1').resolveTarget({ kind: 'server', serverId: '99999999-9999-4999-8999-999999999999' }),
      );
      expect(error).toMatchObject({ kind: 'not_found', providerCode: 'Ecs.0114' });
    });
  });

  describe('writes', () => {
    it('sends no write when the EIP is already bound to the target, and says so', async () => {
      const provider = bed.provider('aksk', 'v1');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.app1 });

      const receipt = await provider.bind(seedIds.boundEip, target);

      expect(receipt).toEqual({ operation: HuaweiOperation.updateEipV1, alreadyDone: true });
      expect(bed.sim.stats.count(HuaweiOperation.updateEipV1)).toBe(0);
    });

    it('refuses to bind an EIP that is bound elsewhere, naming where, without writing', async () => {
      const provider = bed.provider('aksk', 'v3');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });

      const error = await rejection(provider.bind(seedIds.boundEip, target));

      expect(error.kind).toBe('conflict');
      expect(error.userMessage).toContain(`port ${seedIds.app1PrimaryPort}`);
      expect(error.userMessage).toContain('/eip move');
      expect(bed.sim.stats.count(HuaweiOperation.associateV3)).toBe(0);
    });

    it('maps a port that already has an EIP to a conflict the user can act on', async () => {
      const provider = bed.provider('aksk', 'v1');
      const target = await provider.resolveTarget({ kind: 'nic', nicId: seedIds.app1SecondPort });

      const error = await rejection(provider.bind(seedIds.freeEip, target));

      expect(error).toMatchObject({ kind: 'conflict', providerCode: 'VPC.0511', httpStatus: 409 });
      expect(error.userMessage).toContain('already has an EIP bound');
      expect(bed.sim.stats.count(HuaweiOperation.updateEipV1)).toBe(1);
    });

    it.each(['v1', 'v3'] as const)('sends no write when unbinding an EIP that is not bound (%s)', async (api) => {
      const receipt = await bed.provider('aksk', api).unbind({ eipId: seedIds.freeEip });

      expect(receipt.alreadyDone).toBe(true);
      expect(bed.sim.stats.count(HuaweiOperation.updateEipV1) + bed.sim.stats.count(HuaweiOperation.disassociateV3)).toBe(0);
    });

    it('unbinds by NIC and private IP', async () => {
      const provider = bed.provider('aksk', 'v1');
      const receipt = await provider.unbind({ nicId: seedIds.app1SecondPort, privateIp: '192.168.2.31' });
      await provider.waitUntilUnbound(seedIds.secondBoundEip, receipt);

      expect(bed.sim.state.eipOnPort(seedIds.app1SecondPort)).toBeUndefined();
    });

    it('treats v3 EIP.7902 on disassociate as already unbound when someone else unbound it first', async () => {
      const provider = bed.provider('aksk', 'v3');
      bed.sim.faults.inject({ operation: HuaweiOperation.disassociateV3, response: { status: 409, code: 'EIP.7902' } });

      const receipt = await provider.unbind({ eipId: seedIds.boundEip });

      expect(receipt.operation).toBe(HuaweiOperation.disassociateV3);
      expect(bed.sim.stats.count(HuaweiOperation.disassociateV3)).toBe(1);
    });

    it('waits for a change already in flight before deciding what to write', async () => {
      bed.sim.state.bindEip(bed.sim.state.projectId, seedIds.freeEip, seedIds.web1Port);
      const provider = bed.provider('aksk', 'v1');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });

      const receipt = await provider.bind(seedIds.freeEip, target);

      expect(receipt.alreadyDone).toBe(true);
      expect(bed.sim.stats.count(HuaweiOperation.updateEipV1)).toBe(0);
    });
  });

  describe('waiting', () => {
    it('waits through the transient statuses and reports every poll', async () => {
      const provider = bed.provider('aksk', 'v1');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });

      const receipt = await provider.bind(seedIds.freeEip, target);
      await provider.waitUntilBound(seedIds.freeEip, target, receipt);

      const polls = bed.events.flatMap((event) => (event.type === 'wait' ? [event] : []));
      expect(polls.map((poll) => [poll.status, poll.done])).toEqual([
        ['PENDING_UPDATE', false],
        ['BINDING', false],
        ['ACTIVE', true],
      ]);
      expect(polls[0]?.what).toBe(`EIP ${seedIds.freeEip} to be bound to port ${seedIds.web1Port}`);
    });

    it('gives up after the wait timeout and names the last status it saw', async () => {
      const provider = bed.provider('aksk', 'v1');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });
      bed.sim.faults.stickNextChange(seedIds.freeEip);

      const receipt = await provider.bind(seedIds.freeEip, target);
      const error = await rejection(provider.waitUntilBound(seedIds.freeEip, target, receipt, { waitTimeoutMs: 80 }));

      expect(error).toMatchObject({ kind: 'timeout', lastStatus: 'BINDING', code: 'eipbot_wait_timeout' });
      expect(error.userMessage).toContain('the last status seen was BINDING');
    });

    it('fails at once when the bind ends in BIND_ERROR', async () => {
      const provider = bed.provider('token', 'v3');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });
      bed.sim.faults.failNextBind(seedIds.freeEip);

      const receipt = await provider.bind(seedIds.freeEip, target);
      const error = await rejection(provider.waitUntilBound(seedIds.freeEip, target, receipt, { waitTimeoutMs: 60_000 }));

      expect(error).toMatchObject({ kind: 'failed', lastStatus: 'BIND_ERROR' });
      expect(error.userMessage).toContain('BIND_ERROR');
    });

    it('fails at once when the unbind ends in ERROR', async () => {
      const provider = bed.provider('aksk', 'v1');
      bed.sim.faults.errorNextChange(seedIds.boundEip);

      const receipt = await provider.unbind({ eipId: seedIds.boundEip });
      const error = await rejection(provider.waitUntilUnbound(seedIds.boundEip, receipt, { waitTimeoutMs: 60_000 }));

      expect(error).toMatchObject({ kind: 'failed', lastStatus: 'ERROR' });
    });

    it('fails when someone binds the EIP to another port while eipbot waits', async () => {
      const provider = bed.provider('aksk', 'v1');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });
      const receipt = await provider.bind(seedIds.freeEip, target);
      let meddled = false;

      const error = await rejection(
        provider.waitUntilBound(seedIds.freeEip, target, receipt, {
          waitTimeoutMs: 60_000,
          onEvent: (event) => {
            if (event.type === 'wait' && !meddled) {
              meddled = true;
              bed.sim.state.forceEipPort(seedIds.freeEip, seedIds.standby1Port);
            }
          },
        }),
      );

      expect(error.kind).toBe('conflict');
      expect(error.userMessage).toContain(`another port (${seedIds.standby1Port})`);
    });

    it('settles an EIP caught mid-change, for reconciling an interrupted execution', async () => {
      const provider = bed.provider('aksk', 'v1');
      bed.sim.state.unbindEip(bed.sim.state.projectId, seedIds.boundEip);

      const settled = await provider.waitUntilSettled(seedIds.boundEip, undefined);

      expect(settled).toMatchObject({ status: 'unbound', providerStatus: 'DOWN' });
    });
  });

  describe('secrets', () => {
    it('keeps keys out of errors: the access key only masked, the secret key nowhere', async () => {
      const account = huaweiAccount(bed.sim.url, 'aksk', 'v1', {
        auth: { type: 'aksk', accessKey: Secret.maskedId('HPUAUNKNOWNAK0000009'), secretKey: Secret.of(SECRET_KEY) },
      });

      const error = await rejection(bed.provider('aksk', 'v1', { account }).describeEip(seedIds.freeEip));

      expect(error.kind).toBe('auth');
      const everything = inspect(error, { depth: 20 });
      expect(everything).toContain('ak HPUA…');
      expect(everything).not.toContain('HPUAUNKNOWNAK0000009');
      expect(everything).not.toContain(SECRET_KEY);
    });

    it('keeps the IAM token and password out of a failed call and its cause', async () => {
      const provider = bed.provider('token', 'v1', { httpTimeoutMs: 100, retry: { maxAttempts: 1 } });
      await provider.describeEip(seedIds.freeEip);
      bed.sim.faults.inject({ operation: HuaweiOperation.showEipV1, response: 'hang' });

      const error = await rejection(provider.describeEip(seedIds.freeEip));

      expect(error.kind).toBe('unavailable');
      const everything = inspect(error, { depth: 20 });
      expect(everything).not.toMatch(/MIIsim/);
      expect(everything).not.toContain(IAM_USER.password);
    });
  });
});
