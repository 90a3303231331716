import { afterEach, describe, expect, it } from 'vitest';
import type { TencentSimulator } from '../../../src/sandbox/tencent/tencent-simulator.js';
import { startTencentSimulator } from '../../../src/sandbox/tencent/tencent-simulator.js';
import { defaultTencentSeed } from '../../../src/sandbox/tencent/default-tencent-seed.js';
import { manualClock } from '../../providers/tencent/tencent-test-kit.js';
import { callLegacy, callV3 } from './tencent-sim-client.js';

const DELAYS = { bindMs: 100, unbindMs: 100, createMs: 100 };
let simulator: TencentSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function start(options: Parameters<typeof startTencentSimulator>[0] = {}) {
  const clock = manualClock();
  simulator = await startTencentSimulator({ clock, delays: DELAYS, ...options });
  return { sim: simulator, clock };
}

describe('Tencent simulator: API 3.0 state machine', () => {
  it('binds through BINDING to BIND with a string TaskId, and DescribeTaskResult follows it with an integer TaskId', async () => {
    const { sim, clock } = await start();
    const bound = await callV3(sim, 'AssociateAddress', { AddressId: 'eip-spare001', InstanceId: 'ins-db000001' });
    expect(typeof bound.TaskId).toBe('string');
    expect(sim.state.address('eip-spare001')).toMatchObject({ status: 'BINDING', networkInterfaceId: 'eni-db000001', privateIpAddress: '10.0.3.10' });
    const taskId = Number(bound.TaskId);
    expect(await callV3(sim, 'DescribeTaskResult', { TaskId: taskId })).toMatchObject({ TaskId: taskId, Result: 'RUNNING' });
    clock.advance(100);
    expect(await callV3(sim, 'DescribeTaskResult', { TaskId: taskId })).toMatchObject({ Result: 'SUCCESS' });
    expect(sim.state.address('eip-spare001')).toMatchObject({ status: 'BIND', instanceId: 'ins-db000001' });
  });

  it('refuses a TaskId sent as a string, as the real DescribeTaskResult takes an integer', async () => {
    const { sim } = await start();
    const { TaskId } = await callV3(sim, 'AssociateAddress', { AddressId: 'eip-spare001', InstanceId: 'ins-db000001' });
    expect((await callV3(sim, 'DescribeTaskResult', { TaskId })).Error?.Code).toBe('InvalidParameter');
  });

  it('binding to the primary IP releases its normal public IP; binding to a dangling ENI gives BIND_ENI', async () => {
    const { sim, clock } = await start({
      seed: { ...defaultTencentSeed, enis: [{ networkInterfaceId: 'eni-float001', privateIps: [{ address: '10.0.9.9', primary: true }] }] },
    });
    await callV3(sim, 'AssociateAddress', { AddressId: 'eip-spare001', InstanceId: 'ins-db000001' });
    await callV3(sim, 'AssociateAddress', { AddressId: 'eip-spare002', NetworkInterfaceId: 'eni-float001', PrivateIpAddress: '10.0.9.9' });
    clock.advance(100);
    expect(sim.state.address('eip-spare002')?.status).toBe('BIND_ENI');
    const db = sim.state.networkInterfaces().find((eni) => eni.networkInterfaceId === 'eni-db000001');
    expect(db?.privateIps[0]).toMatchObject({ publicIp: '203.0.113.20', addressId: 'eip-spare001' });
  });

  it('unbinds through UNBINDING to UNBIND and clears the binding to null', async () => {
    const { sim, clock } = await start();
    await callV3(sim, 'DisassociateAddress', { AddressId: 'eip-web00001' });
    const during = (await callV3(sim, 'DescribeAddresses', { AddressIds: ['eip-web00001'] })).AddressSet as Record<string, unknown>[];
    expect(during[0]).toMatchObject({ AddressStatus: 'UNBINDING', NetworkInterfaceId: 'eni-web00001' });
    clock.advance(100);
    const after = (await callV3(sim, 'DescribeAddresses', { AddressIds: ['eip-web00001'] })).AddressSet as Record<string, unknown>[];
    expect(after[0]).toMatchObject({ AddressStatus: 'UNBIND', NetworkInterfaceId: null, PrivateAddressIp: null, InstanceId: null });
  });

  it('refuses writes in the wrong status, and any write while a task runs on the EIP', async () => {
    const { sim } = await start();
    expect((await callV3(sim, 'AssociateAddress', { AddressId: 'eip-web00001', InstanceId: 'ins-db000001' })).Error?.Code).toBe(
      'InvalidAddressIdStatus.NotPermit',
    );
    expect((await callV3(sim, 'DisassociateAddress', { AddressId: 'eip-spare001' })).Error?.Code).toBe('InvalidAddressIdStatus.NotPermit');
    await callV3(sim, 'DisassociateAddress', { AddressId: 'eip-web00001' });
    expect((await callV3(sim, 'DisassociateAddress', { AddressId: 'eip-web00001' })).Error?.Code).toBe('OperationDenied.MutexTaskRunning');
  });

  it.each([
    [{ AddressId: 'eip-XYZ', InstanceId: 'ins-db000001' }, 'InvalidParameterValue.AddressIdMalformed'],
    [{ AddressId: 'eip-nothere1', InstanceId: 'ins-db000001' }, 'InvalidAddressId.NotFound'],
    [{ AddressId: 'eip-spare001', InstanceId: 'ins-BAD' }, 'InvalidParameterValue.InstanceIdMalformed'],
    [{ AddressId: 'eip-spare001', InstanceId: 'ins-nothere1' }, 'InvalidInstanceId.NotFound'],
    [{ AddressId: 'eip-spare001', InstanceId: 'ins-web00001' }, 'InvalidInstanceId.AlreadyBindEip'],
    [{ AddressId: 'eip-spare001', NetworkInterfaceId: 'eni-web0002b' }, 'MissingParameter'],
    [{ AddressId: 'eip-spare001', NetworkInterfaceId: 'eni-web0002b', PrivateIpAddress: '10.9.9.9' }, 'InvalidNetworkInterfaceId.NotFound'],
    [{ AddressId: 'eip-spare001', NetworkInterfaceId: 'eni-web0002b', PrivateIpAddress: '10.0.2.11' }, 'InvalidPrivateIpAddress.AlreadyBindEip'],
    [{ AddressId: 'eip-spare001', InstanceId: 'ins-db000001', NetworkInterfaceId: 'eni-db000001' }, 'InvalidParameterConflict'],
    [{ AddressId: 'eip-spare001' }, 'InvalidParameterValue.MissingAssociateEntity'],
    [{ AddressId: 'eip-spare001', InstanceId: 'ins-db000001', Force: true }, 'UnknownParameter'],
  ])('AssociateAddress %j is refused with %s', async (body, code) => {
    const { sim } = await start();
    expect((await callV3(sim, 'AssociateAddress', body)).Error?.Code).toBe(code);
    expect(sim.state.address('eip-spare001')?.status).toBe('UNBIND');
  });

  it('answers an unknown but well-formed id with an empty AddressSet, and a malformed one with AddressIdMalformed', async () => {
    const { sim } = await start();
    expect(await callV3(sim, 'DescribeAddresses', { AddressIds: ['eip-nothere1'] })).toMatchObject({ TotalCount: 0, AddressSet: [] });
    expect((await callV3(sim, 'DescribeAddresses', { AddressIds: ['nope'] })).Error?.Code).toBe('InvalidParameterValue.AddressIdMalformed');
    expect((await callV3(sim, 'DescribeAddresses', { Filters: [{ Name: 'colour', Values: ['red'] }] })).Error?.Code).toBe(
      'InvalidParameter.InvalidFilter',
    );
    expect((await callV3(sim, 'DescribeAddresses', { Limit: 101 })).Error?.Code).toBe('InvalidParameterValue.LimitExceeded');
  });

  it('pages DescribeAddresses with Offset and Limit and filters by ENI and private IP', async () => {
    const { sim } = await start();
    const first = await callV3(sim, 'DescribeAddresses', { Offset: 0, Limit: 3 });
    const second = await callV3(sim, 'DescribeAddresses', { Offset: 3, Limit: 3 });
    expect(first.TotalCount).toBe(4);
    expect((first.AddressSet as unknown[]).length).toBe(3);
    expect((second.AddressSet as unknown[]).length).toBe(1);
    const onEni = await callV3(sim, 'DescribeAddresses', {
      Filters: [
        { Name: 'network-interface-id', Values: ['eni-web0002b'] },
        { Name: 'private-ip-address', Values: ['10.0.2.11'] },
      ],
    });
    expect((onEni.AddressSet as { AddressId: string }[]).map((a) => a.AddressId)).toEqual(['eip-web00002']);
  });

  it('lists an instance\'s ENIs with their private IPs and attachment', async () => {
    const { sim } = await start();
    const answer = await callV3(sim, 'DescribeNetworkInterfaces', { Filters: [{ Name: 'attachment.instance-id', Values: ['ins-web00002'] }] });
    expect(answer.TotalCount).toBe(2);
    expect(answer.NetworkInterfaceSet).toEqual([
      expect.objectContaining({ NetworkInterfaceId: 'eni-web00002', Primary: true, Attachment: expect.objectContaining({ InstanceId: 'ins-web00002' }) }),
      expect.objectContaining({
        NetworkInterfaceId: 'eni-web0002b',
        Primary: false,
        PrivateIpAddressSet: [
          expect.objectContaining({ PrivateIpAddress: '10.0.2.11', Primary: true, AddressId: 'eip-web00002' }),
          expect.objectContaining({ PrivateIpAddress: '10.0.2.12', Primary: false }),
        ],
      }),
    ]);
  });

  it('ReallocateNormalPublicIp gives the primary IP a normal public IP and spends DAILY_PUBLIC_IP_ASSIGN until it is used up', async () => {
    const { sim, clock } = await start({ seed: { ...defaultTencentSeed, quota: { dailyPublicIpAssign: 1 } } });
    await callV3(sim, 'DisassociateAddress', { AddressId: 'eip-web00001', ReallocateNormalPublicIp: true });
    clock.advance(100);
    const web = sim.state.networkInterfaces().find((eni) => eni.networkInterfaceId === 'eni-web00001');
    expect(web?.privateIps[0]?.publicIp).toMatch(/^(203\.0\.113|198\.51\.100)\.\d+$/);
    expect(sim.state.quota().dailyPublicIpAssign).toEqual({ limit: 1, current: 1 });
    await callV3(sim, 'AssociateAddress', { AddressId: 'eip-spare001', InstanceId: 'ins-web00001' });
    clock.advance(100);
    expect((await callV3(sim, 'DisassociateAddress', { AddressId: 'eip-spare001', ReallocateNormalPublicIp: true })).Error?.Code).toBe(
      'AddressQuotaLimitExceeded.DailyAllocate',
    );
    expect((await callV3(sim, 'DisassociateAddress', { AddressId: 'eip-web00002', ReallocateNormalPublicIp: true })).Error?.Code).toBe(
      'InvalidParameterValue.OnlySupportedForMasterNetworkCard',
    );
  });

  it('gives the daily quotas back the next (Beijing) day', async () => {
    const { sim, clock } = await start({ seed: { ...defaultTencentSeed, quota: { dailyEipApply: 1 } } });
    expect((await callV3(sim, 'AllocateAddresses', { AddressName: 'a' }, clock.now())).Error).toBeUndefined();
    expect((await callV3(sim, 'AllocateAddresses', { AddressName: 'b' }, clock.now())).Error?.Code).toBe('AddressQuotaLimitExceeded.DailyAllocate');
    clock.advance(24 * 3_600_000);
    expect((await callV3(sim, 'AllocateAddresses', { AddressName: 'b' }, clock.now())).Error).toBeUndefined();
    expect(sim.state.quota().dailyEipApply).toEqual({ limit: 1, current: 1 });
  });

  it('AllocateAddresses creates through CREATING, and a repeated ClientToken returns the first EIP instead of a second', async () => {
    const { sim, clock } = await start();
    const body = { AddressCount: 1, AddressName: 'eipbot-R-7K2F9Q', InternetMaxBandwidthOut: 7, ClientToken: 'eipbot-R-7K2F9Q' };
    const first = await callV3(sim, 'AllocateAddresses', body);
    const again = await callV3(sim, 'AllocateAddresses', body);
    expect(again.AddressSet).toEqual(first.AddressSet);
    expect(typeof first.TaskId).toBe('string');
    const [id] = first.AddressSet as [string];
    expect(sim.state.address(id)).toMatchObject({ status: 'CREATING', name: 'eipbot-R-7K2F9Q', bandwidthMbps: 7 });
    clock.advance(100);
    expect(sim.state.address(id)?.status).toBe('UNBIND');
    expect(sim.state.addresses()).toHaveLength(5);
  });

  it('refuses an allocation over TOTAL_EIP_QUOTA', async () => {
    const { sim } = await start({ seed: { ...defaultTencentSeed, quota: { totalEip: 4 } } });
    expect((await callV3(sim, 'AllocateAddresses', { AddressName: 'x' })).Error?.Code).toBe('AddressQuotaLimitExceeded');
  });
});

describe('Tencent simulator: legacy v2 actions', () => {
  it('walks EipBindInstance through status 1 to 2 and EipUnBindInstance by ENI + private IP through 3 to 4', async () => {
    const { sim, clock } = await start();
    expect(await callLegacy(sim, 'EipBindInstance', { eipId: 'eip-spare001', unInstanceId: 'ins-db000001' })).toMatchObject({ code: 0 });
    const eip = async (id: string) => ((await callLegacy(sim, 'DescribeEip', { 'eipIds.0': id })).data as { eipSet: Record<string, unknown>[] }).eipSet[0];
    expect(await eip('eip-spare001')).toMatchObject({ status: 1, unInstanceId: 'ins-db000001', networkInterfaceId: 'eni-db000001' });
    clock.advance(100);
    expect((await eip('eip-spare001'))?.status).toBe(2);
    const unbind = await callLegacy(sim, 'EipUnBindInstance', {
      networkInterfaceId: 'eni-web0002b',
      privateIpAddress: '10.0.2.11',
      allocWanIp: 0,
      unBindPrivateIpWithEip: 1,
    });
    expect(unbind.code).toBe(0);
    expect((await eip('eip-web00002'))?.status).toBe(3);
    clock.advance(100);
    expect(await eip('eip-web00002')).toMatchObject({ status: 4, networkInterfaceId: '', privateIpAddress: '' });
  });

  it('answers refusals with the common numeric code and the precise code in codeDesc', async () => {
    const { sim } = await start();
    expect(await callLegacy(sim, 'EipBindInstance', { eipId: 'eip-nothere1', unInstanceId: 'ins-db000001' })).toMatchObject({
      code: 5000,
      codeDesc: 'InvalidAddressId.NotFound',
    });
    expect(await callLegacy(sim, 'EipBindInstance', { eipId: 'eip-web00001', unInstanceId: 'ins-db000001' })).toMatchObject({
      code: 5100,
      codeDesc: 'InvalidAddressIdStatus.NotPermit',
    });
    expect((await callLegacy(sim, 'EipUnBindInstance', { eipId: 'eip-web00001', allocWanIp: 2 })).code).toBe(4000);
    expect((await callLegacy(sim, 'EipUnBindInstance', { allocWanIp: 0 })).code).toBe(4000);
    expect((await callLegacy(sim, 'DescribeEip', { 'eipIds.0': 'bad' })).code).toBe(4000);
  });

  it('describes ENIs in the VPC module shape, with [] for an ENI attached to nothing', async () => {
    const { sim } = await start({
      seed: { ...defaultTencentSeed, enis: [{ networkInterfaceId: 'eni-float001', privateIps: [{ address: '10.0.9.9', primary: true }] }] },
    });
    const answer = await callLegacy(sim, 'DescribeNetworkInterfaces', { networkInterfaceId: 'eni-float001' });
    expect(answer.data).toMatchObject({ totalNum: 1, data: [{ networkInterfaceId: 'eni-float001', instanceSet: [] }] });
  });
});

describe('Tencent simulator: throttling', () => {
  it('refuses calls of one action beyond its documented limit in one second with RequestLimitExceeded', async () => {
    const { sim } = await start();
    const answers = await Promise.all(Array.from({ length: 25 }, () => callV3(sim, 'DescribeAddresses', {})));
    expect(answers.filter((a) => a.Error?.Code === 'RequestLimitExceeded')).toHaveLength(5);
    expect(answers.find((a) => a.Error)?.Error?.Message).toContain('exceeds the frequency limit `20`');
    expect(sim.stats.throttled('DescribeAddresses')).toBe(5);
    expect(sim.stats.calls('DescribeAddresses')).toBe(25);
  });

  it('counts each action on its own, and a per-account total across actions when configured', async () => {
    const { sim } = await start({ rateLimits: { perAction: false, accountTotal: 5 } });
    const answers = await Promise.all([
      ...Array.from({ length: 3 }, () => callV3(sim, 'DescribeAddresses', {})),
      ...Array.from({ length: 3 }, () => callV3(sim, 'DescribeNetworkInterfaces', {})),
    ]);
    expect(answers.filter((a) => a.Error?.Code === 'RequestLimitExceeded')).toHaveLength(1);
  });

  it('throttles the legacy API with code 4400', async () => {
    const { sim } = await start();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => callLegacy(sim, 'EipUnBindInstance', { eipId: `eip-nothere${i % 10}` })));
    expect(answers.filter((a) => a.code === 4400)).toHaveLength(2);
  });

  it('starts counting again in the next second', async () => {
    const { sim, clock } = await start();
    await Promise.all(Array.from({ length: 20 }, () => callV3(sim, 'DescribeAddresses', {})));
    clock.advance(1000);
    expect((await callV3(sim, 'DescribeAddresses', {})).Error).toBeUndefined();
  });
});

describe('Tencent simulator: injected faults', () => {
  it('answers HTTP 500 before the action, or after carrying it out', async () => {
    const { sim } = await start();
    sim.faults.inject('DisassociateAddress', { type: 'http-500' });
    sim.faults.inject('DisassociateAddress', { type: 'http-500', afterApply: true });
    await expect(callV3(sim, 'DisassociateAddress', { AddressId: 'eip-web00001' })).rejects.toThrow();
    expect(sim.state.address('eip-web00001')?.status).toBe('BIND');
    await expect(callV3(sim, 'DisassociateAddress', { AddressId: 'eip-web00001' })).rejects.toThrow();
    expect(sim.state.address('eip-web00001')?.status).toBe('UNBINDING');
    expect(sim.stats.byAction()).toEqual({ DisassociateAddress: 2 });
    expect(sim.faults.pending()).toEqual({});
  });

  it('resets the connection, after carrying out the action when asked', async () => {
    const { sim } = await start();
    sim.faults.inject('AssociateAddress', { type: 'reset', afterApply: true });
    await expect(callV3(sim, 'AssociateAddress', { AddressId: 'eip-spare001', InstanceId: 'ins-db000001' })).rejects.toThrow();
    expect(sim.state.address('eip-spare001')?.status).toBe('BINDING');
  });

  it('hangs without an answer until the client gives up', async () => {
    const { sim } = await start();
    sim.faults.inject('DescribeAddresses', { type: 'hang' });
    await expect(callV3(sim, 'DescribeAddresses', {}, Date.now(), AbortSignal.timeout(100))).rejects.toThrow(/abort|timeout/i);
    expect(sim.stats.calls('DescribeAddresses')).toBe(1);
  });

  it('forgets faults not yet met when cleared', async () => {
    const { sim } = await start();
    sim.faults.inject('DescribeAddresses', { type: 'http-500' }, 3);
    expect(sim.faults.pending()).toEqual({ DescribeAddresses: 3 });
    sim.faults.clear();
    expect((await callV3(sim, 'DescribeAddresses', {})).Error).toBeUndefined();
  });

  it('answers an injected Tencent error, in the legacy envelope too', async () => {
    const { sim } = await start();
    sim.faults.inject('DescribeAddresses', { type: 'error', code: 'InternalError' });
    sim.faults.inject('EipBindInstance', { type: 'wrong-status' });
    expect((await callV3(sim, 'DescribeAddresses', {})).Error?.Code).toBe('InternalError');
    expect(await callLegacy(sim, 'EipBindInstance', { eipId: 'eip-spare001', unInstanceId: 'ins-db000001' })).toMatchObject({
      code: 5100,
      codeDesc: 'InvalidAddressIdStatus.NotPermit',
    });
    expect(sim.state.address('eip-spare001')?.status).toBe('UNBIND');
  });

  it('keeps a stuck task RUNNING and the EIP in BINDING, refusing other writes meanwhile', async () => {
    const { sim, clock } = await start();
    sim.faults.inject('AssociateAddress', { type: 'stuck-task' });
    const { TaskId } = await callV3(sim, 'AssociateAddress', { AddressId: 'eip-spare001', InstanceId: 'ins-db000001' });
    clock.advance(60_000);
    expect(sim.state.task(Number(TaskId))?.result).toBe('RUNNING');
    expect(sim.state.address('eip-spare001')?.status).toBe('BINDING');
    expect((await callV3(sim, 'DisassociateAddress', { AddressId: 'eip-spare001' })).Error?.Code).toBe('OperationDenied.MutexTaskRunning');
  });

  it('ends a failed task FAILED with the EIP back where it was', async () => {
    const { sim, clock } = await start();
    sim.faults.inject('DisassociateAddress', { type: 'failed-task' });
    const { TaskId } = await callV3(sim, 'DisassociateAddress', { AddressId: 'eip-web00001' });
    expect(sim.state.address('eip-web00001')?.status).toBe('UNBINDING');
    clock.advance(100);
    expect(await callV3(sim, 'DescribeTaskResult', { TaskId: Number(TaskId) })).toMatchObject({ Result: 'FAILED' });
    expect(sim.state.address('eip-web00001')).toMatchObject({ status: 'BIND', networkInterfaceId: 'eni-web00001' });
  });
});
