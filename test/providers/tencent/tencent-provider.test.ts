import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EipProvider, ProviderEvent } from '../../../src/providers/provider.js';
import { isProviderError, type ProviderError } from '../../../src/providers/provider-error.js';
import { legacyVpcEndpoint } from '../../../src/providers/tencent/tencent-provider.js';
import type { TencentSimulator } from '../../../src/sandbox/tencent/tencent-simulator.js';
import { FAST_DELAYS, fastProvider, manualClock, startFastSimulator } from './tencent-test-kit.js';

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

const WRITES = { v3: { bind: 'AssociateAddress', unbind: 'DisassociateAddress' }, legacy: { bind: 'EipBindInstance', unbind: 'EipUnBindInstance' } };

describe.each(['v3', 'legacy'] as const)('Tencent provider (%s)', (api) => {
  let simulator: TencentSimulator;
  let provider: EipProvider;
  let events: ProviderEvent[];
  beforeEach(async () => {
    simulator = await startFastSimulator();
    events = [];
    provider = fastProvider(simulator, api, { events });
  });
  afterEach(async () => {
    await simulator.close();
  });
  const writes = WRITES[api];

  it('describes an EIP by id and by public address, with its ENI, private IP, server, name and bandwidth', async () => {
    const byId = await provider.describeEip('eip-web00001');
    expect(byId).toEqual({
      id: 'eip-web00001',
      address: '203.0.113.10',
      status: 'bound',
      providerStatus: api === 'v3' ? 'BIND' : '2',
      binding: { nicId: 'eni-web00001', privateIp: '10.0.1.10', serverId: 'ins-web00001' },
      bandwidthMbps: 5,
      name: 'web-1',
    });
    expect(await provider.describeEip('203.0.113.20')).toMatchObject({ id: 'eip-spare001', status: 'unbound', providerStatus: api === 'v3' ? 'UNBIND' : '4' });
    expect(provider.account).toEqual({ name: 'tc', provider: 'tencent', api, region: 'ap-guangzhou' });
  });

  it('says an unknown EIP does not exist in the account and region, and refuses what is not an EIP id or address', async () => {
    const missing = await failure(provider.describeEip('eip-nothere1'));
    expect(missing.kind).toBe('not_found');
    expect(missing.userMessage).toContain('account tc (region ap-guangzhou)');
    expect((await failure(provider.describeEip('198.51.100.99'))).kind).toBe('not_found');
    expect((await failure(provider.describeEip('eip-NOPE'))).kind).toBe('invalid');
    expect((await failure(provider.describeEip('web-1'))).userMessage).toContain('neither a Tencent Cloud EIP id');
  });

  it('lists the EIPs bound to a server across all its ENIs, to one ENI + IP, and all of them', async () => {
    expect((await provider.listEips({ serverId: 'ins-web00002' })).map((e) => e.id)).toEqual(['eip-web00002']);
    expect((await provider.listEips({ nicId: 'eni-web0002b', privateIp: '10.0.2.11' })).map((e) => e.id)).toEqual(['eip-web00002']);
    expect((await provider.listEips({ nicId: 'eni-web0002b', privateIp: '10.0.2.12' })).map((e) => e.id)).toEqual([]);
    expect((await provider.listEips({})).map((e) => e.id)).toEqual(['eip-web00001', 'eip-web00002', 'eip-spare001', 'eip-spare002']);
    expect((await failure(provider.listEips({ serverId: 'ins-nothere1' }))).kind).toBe('not_found');
  });

  it('resolves a server to the primary IP of its primary ENI, naming its other ENIs', async () => {
    expect(await provider.resolveTarget({ kind: 'server', serverId: 'ins-web00002' })).toEqual({
      ref: { kind: 'server', serverId: 'ins-web00002' },
      nicId: 'eni-web00002',
      privateIp: '10.0.1.11',
      serverId: 'ins-web00002',
      otherNics: [{ nicId: 'eni-web0002b', privateIp: '10.0.2.11', serverId: 'ins-web00002' }],
    });
    expect((await failure(provider.resolveTarget({ kind: 'server', serverId: 'ins-nothere1' }))).kind).toBe('not_found');
  });

  it('resolves an ENI with a private IP, and says which IPs an ENI has when the one named is not among them', async () => {
    const ref = { kind: 'nic' as const, nicId: 'eni-web0002b', privateIp: '10.0.2.12' };
    expect(await provider.resolveTarget(ref)).toEqual({ ref, nicId: 'eni-web0002b', privateIp: '10.0.2.12', serverId: 'ins-web00002' });
    const wrongIp = await failure(provider.resolveTarget({ kind: 'nic', nicId: 'eni-web0002b', privateIp: '10.0.2.99' }));
    expect(wrongIp.kind).toBe('not_found');
    expect(wrongIp.userMessage).toContain('10.0.2.11, 10.0.2.12');
    expect((await failure(provider.resolveTarget({ kind: 'nic', nicId: 'eni-nothere1' }))).kind).toBe('not_found');
  });

  it('binds an EIP to a server and waits through the transient status until it is bound there', async () => {
    // The simulator's clock only moves when the provider has seen the transient status: no race with real time.
    await simulator.close();
    const clock = manualClock();
    simulator = await startFastSimulator({ clock });
    const seen: ProviderEvent[] = [];
    provider = fastProvider(simulator, api, {
      onEvent: (event) => {
        seen.push(event);
        if (event.type === 'wait' && !event.done) clock.advance(FAST_DELAYS.bindMs);
      },
    });
    const target = await provider.resolveTarget({ kind: 'server', serverId: 'ins-db000001' });
    const receipt = await provider.bind('eip-spare001', target);
    expect(receipt.operation).toBe(writes.bind);
    expect(api === 'v3' ? receipt.taskId : undefined).toEqual(api === 'v3' ? expect.stringMatching(/^\d+$/) : undefined);
    const bound = await provider.waitUntilBound('eip-spare001', target, receipt, { waitTimeoutMs: 5_000 });
    expect(bound).toMatchObject({ status: 'bound', binding: { nicId: 'eni-db000001', privateIp: '10.0.3.10', serverId: 'ins-db000001' } });
    expect(simulator.state.address('eip-spare001')).toMatchObject({ status: 'BIND', networkInterfaceId: 'eni-db000001', instanceId: 'ins-db000001' });
    expect(simulator.stats.calls(writes.bind)).toBe(1);
    const waits = seen.filter((e) => e.type === 'wait');
    expect(waits[0]).toMatchObject({ done: false, status: api === 'v3' ? 'RUNNING' : '1 (binding)' });
    expect(waits.at(-1)).toMatchObject({ done: true, status: api === 'v3' ? 'BIND' : '2 (bound)' });
    const write = seen.find((e) => e.type === 'call' && e.operation === writes.bind);
    expect(write).toMatchObject({ type: 'call', outcome: 'ok', attempt: 1, httpStatus: 200 });
    if (api === 'v3') expect(write).toMatchObject({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('binds to a secondary private IP of a secondary ENI', async () => {
    const target = await provider.resolveTarget({ kind: 'nic', nicId: 'eni-web0002b', privateIp: '10.0.2.12' });
    const receipt = await provider.bind('eip-spare002', target);
    await provider.waitUntilBound('eip-spare002', target, receipt, { waitTimeoutMs: 5_000 });
    expect(simulator.state.address('eip-spare002')).toMatchObject({ status: 'BIND', networkInterfaceId: 'eni-web0002b', privateIpAddress: '10.0.2.12' });
  });

  it('sends no write when the EIP is already bound to the target, and refuses one bound elsewhere', async () => {
    const here = await provider.resolveTarget({ kind: 'server', serverId: 'ins-web00001' });
    expect(await provider.bind('eip-web00001', here)).toEqual({ operation: writes.bind, alreadyDone: true });
    const elsewhere = await provider.resolveTarget({ kind: 'server', serverId: 'ins-db000001' });
    const conflict = await failure(provider.bind('eip-web00001', elsewhere));
    expect(conflict.kind).toBe('conflict');
    expect(conflict.userMessage).toContain('already bound to eni-web00001/10.0.1.10 (ins-web00001)');
    expect(simulator.stats.calls(writes.bind)).toBe(0);
  });

  it('unbinds an EIP by its id and waits until it is unbound', async () => {
    const receipt = await provider.unbind({ eipId: 'eip-web00001' });
    const unbound = await provider.waitUntilUnbound('eip-web00001', receipt, { waitTimeoutMs: 5_000 });
    expect(unbound).toMatchObject({ status: 'unbound' });
    expect(unbound.binding).toBeUndefined();
    expect(simulator.state.address('eip-web00001')).toMatchObject({ status: 'UNBIND' });
    expect(simulator.state.address('eip-web00001')?.networkInterfaceId).toBeUndefined();
  });

  it('unbinds the EIP on an ENI + private IP (seed 004), and says when nothing is bound there', async () => {
    const receipt = await provider.unbind({ nicId: 'eni-web0002b', privateIp: '10.0.2.11' });
    await provider.waitUntilUnbound('eip-web00002', receipt, { waitTimeoutMs: 5_000 });
    expect(simulator.state.address('eip-web00002')?.status).toBe('UNBIND');
    const [sent] = simulator.stats.received(writes.unbind);
    if (api === 'legacy') {
      expect(sent).toMatchObject({ networkInterfaceId: 'eni-web0002b', privateIpAddress: '10.0.2.11', allocWanIp: '0', unBindPrivateIpWithEip: '1' });
      expect(sent).not.toHaveProperty('eipId');
    } else {
      expect(sent).toEqual({ AddressId: 'eip-web00002' });
    }
    const nothing = await failure(provider.unbind({ nicId: 'eni-web0002b', privateIp: '10.0.2.12' }));
    expect(nothing.kind).toBe('not_found');
    expect(nothing.userMessage).toContain('No EIP is bound to eni-web0002b/10.0.2.12');
  });

  it('sends no write to unbind an EIP that is already unbound', async () => {
    expect(await provider.unbind({ eipId: 'eip-spare001' })).toEqual({ operation: writes.unbind, alreadyDone: true });
    expect(simulator.stats.calls(writes.unbind)).toBe(0);
  });

  it('gives the server a normal public IP after the unbind when asked (--realloc-wan-ip)', async () => {
    const receipt = await provider.unbind({ eipId: 'eip-web00001' }, { reallocWanIp: true });
    await provider.waitUntilUnbound('eip-web00001', receipt, { waitTimeoutMs: 5_000 });
    const [sent] = simulator.stats.received(writes.unbind);
    expect(sent).toMatchObject(api === 'v3' ? { ReallocateNormalPublicIp: true } : { allocWanIp: '1' });
    const eni = simulator.state.networkInterfaces().find((n) => n.networkInterfaceId === 'eni-web00001');
    expect(eni?.privateIps[0]?.publicIp).toBeDefined();
    expect(simulator.state.quota().dailyPublicIpAssign.current).toBe(1);
  });

  it('moves an EIP: unbind, wait, bind elsewhere, wait', async () => {
    const unbound = await provider.unbind({ eipId: 'eip-web00001' });
    await provider.waitUntilUnbound('eip-web00001', unbound, { waitTimeoutMs: 5_000 });
    const target = await provider.resolveTarget({ kind: 'server', serverId: 'ins-db000001' });
    await provider.waitUntilBound('eip-web00001', target, await provider.bind('eip-web00001', target), { waitTimeoutMs: 5_000 });
    expect(simulator.state.address('eip-web00001')).toMatchObject({ status: 'BIND', instanceId: 'ins-db000001' });
  });

  it('waits for an EIP caught in a transient status to settle, before deciding anything', async () => {
    const receipt = await provider.unbind({ eipId: 'eip-web00001' });
    expect(simulator.state.address('eip-web00001')?.status).toBe('UNBINDING');
    const settled = await provider.waitUntilSettled('eip-web00001', receipt, { waitTimeoutMs: 5_000 });
    expect(settled.status).toBe('unbound');
    const target = await provider.resolveTarget({ kind: 'server', serverId: 'ins-web00001' });
    const second = await provider.unbind({ eipId: 'eip-web00001' });
    expect(second.alreadyDone).toBe(true);
    const rebound = await provider.bind('eip-web00001', target);
    expect(rebound.alreadyDone).toBeUndefined();
  });
});

describe('Tencent legacy endpoints', () => {
  it('finds the legacy VPC module (ENIs) beside the EIP module, and keeps a single-address override as it is', () => {
    expect(legacyVpcEndpoint('https://eip.api.qcloud.com')).toBe('https://vpc.api.qcloud.com/');
    expect(legacyVpcEndpoint('http://127.0.0.1:9000')).toBe('http://127.0.0.1:9000/');
    expect(legacyVpcEndpoint('https://gateway.example.com/tencent')).toBe('https://gateway.example.com/tencent');
  });
});

describe('Tencent provider: creating EIPs', () => {
  let simulator: TencentSimulator;
  beforeEach(async () => {
    simulator = await startFastSimulator();
  });
  afterEach(async () => {
    await simulator.close();
  });

  it('v3: allocates a named EIP with its bandwidth and an idempotency token, waits until it exists, then binds it', async () => {
    const provider = fastProvider(simulator, 'v3');
    const created = await provider.createEip({ name: 'eipbot-R-7K2F9Q', bandwidthMbps: 8 }, { waitTimeoutMs: 5_000 });
    expect(created).toMatchObject({ status: 'unbound', name: 'eipbot-R-7K2F9Q', bandwidthMbps: 8, providerStatus: 'UNBIND' });
    expect(simulator.stats.received('AllocateAddresses')).toEqual([
      { AddressCount: 1, AddressName: 'eipbot-R-7K2F9Q', InternetMaxBandwidthOut: 8, ClientToken: 'eipbot-R-7K2F9Q' },
    ]);
    // The task was followed with an integer TaskId, as DescribeTaskResult requires.
    expect(simulator.stats.received('DescribeTaskResult').every((p) => Number.isInteger(p.TaskId))).toBe(true);
    expect(await provider.findEipByName('eipbot-R-7K2F9Q')).toMatchObject({ id: created.id });
    expect(await provider.findEipByName('eipbot-R-NOPE22')).toBeUndefined();
    const target = await provider.resolveTarget({ kind: 'server', serverId: 'ins-db000001' });
    await provider.waitUntilBound(created.id, target, await provider.bind(created.id, target), { waitTimeoutMs: 5_000 });
    expect(simulator.state.address(created.id)).toMatchObject({ status: 'BIND', instanceId: 'ins-db000001' });
  });

  it('legacy: refuses to create an EIP and says it needs API 3.0, without calling anything', async () => {
    const provider = fastProvider(simulator, 'legacy');
    const error = await failure(provider.createEip({ name: 'eipbot-R-7K2F9Q', bandwidthMbps: 5 }));
    expect(error.kind).toBe('unsupported');
    expect(error.userMessage).toContain('needs Tencent Cloud API 3.0');
    expect(simulator.stats.calls()).toBe(0);
  });

  it('v3: reports a quota refusal as a quota error naming the account and region', async () => {
    await simulator.close();
    const { defaultTencentSeed } = await import('../../../src/sandbox/tencent/default-tencent-seed.js');
    simulator = await startFastSimulator({ seed: { ...defaultTencentSeed, quota: { totalEip: 4 } } });
    const error = await failure(fastProvider(simulator, 'v3').createEip({ name: 'eipbot-R-7K2F9Q', bandwidthMbps: 5 }));
    expect(error.kind).toBe('quota');
    expect(error.providerCode).toBe('AddressQuotaLimitExceeded');
    expect(error.userMessage).toContain('Account tc has reached its EIP quota in region ap-guangzhou');
    expect(simulator.stats.calls('AllocateAddresses')).toBe(1);
  });
});
