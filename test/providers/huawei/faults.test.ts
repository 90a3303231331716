import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/clock.js';
import { HuaweiOperation } from '../../../src/providers/huawei/huawei-operations.js';
import type { ProviderEvent } from '../../../src/providers/provider.js';
import { ProviderError } from '../../../src/providers/provider-error.js';
import { huaweiAccount, seedIds, startHuaweiTestbed, type HuaweiTestbed } from './huawei-testbed.js';

const { showEipV1, updateEipV1, createEip, listEipsV1, associateV3, showEipV3, updateNicVip, showPort, listPorts } = HuaweiOperation;

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

function calls(events: readonly ProviderEvent[], operation: string) {
  return events.flatMap((event) => (event.type === 'call' && event.operation === operation ? [event] : []));
}

/** Each injected fault ends in a successful retry or a clear typed error, and the call counts show what was repeated. */
describe('Huawei provider under faults', () => {
  let bed: HuaweiTestbed;

  beforeEach(async () => {
    bed = await startHuaweiTestbed();
  });

  afterEach(async () => {
    await bed.close();
  });

  describe('reads are retried with backoff', () => {
    it('retries a read that failed with 500 and reports each failed attempt', async () => {
      bed.sim.faults.inject({ operation: showEipV1, response: { status: 500 }, times: 2 });

      const eip = await bed.provider('aksk', 'v1').describeEip(seedIds.freeEip);

      expect(eip.id).toBe(seedIds.freeEip);
      expect(bed.sim.stats.count(showEipV1)).toBe(3);
      expect(calls(bed.events, showEipV1).map((call) => [call.outcome, call.httpStatus, call.code, call.willRetry])).toEqual([
        ['error', 500, 'VPC.0514', true],
        ['error', 500, 'VPC.0514', true],
        ['ok', 200, undefined, undefined],
      ]);
    });

    it('retries a read whose connection was reset', async () => {
      bed.sim.faults.inject({ operation: listPorts, response: 'reset' });

      const target = await bed.provider('aksk', 'v1').resolveTarget({ kind: 'server', serverId: seedIds.web1 });

      expect(target.nicId).toBe(seedIds.web1Port);
      expect(bed.sim.stats.calls.filter((call) => call.operation === listPorts).map((call) => call.outcome)).toEqual(['reset', 200]);
    });

    it('retries a read that got no answer before the HTTP timeout', async () => {
      bed.sim.faults.inject({ operation: showEipV3, response: 'hang' });

      const eip = await bed.provider('aksk', 'v3', { httpTimeoutMs: 150 }).describeEip(seedIds.boundEip);

      expect(eip.status).toBe('bound');
      expect(calls(bed.events, showEipV3)[0]).toMatchObject({ outcome: 'error', code: 'timeout', willRetry: true });
    });

    it('gives up after the last attempt with a typed error that says the outcome is unknown', async () => {
      bed.sim.faults.inject({ operation: showEipV1, response: { status: 503 }, times: 10 });

      const error = await rejection(bed.provider('aksk', 'v1').describeEip(seedIds.freeEip));

      expect(error).toMatchObject({ kind: 'unavailable', httpStatus: 503, operation: showEipV1 });
      expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(error.userMessage).toContain('internal error');
      expect(bed.sim.stats.count(showEipV1)).toBe(4);
    });

    it('does not retry a refusal that will not change (404)', async () => {
      await rejection(bed.provider('aksk', 'v1').describeEip('00000000-0000-4000-8000-000000000000'));
      expect(bed.sim.stats.count(showEipV1)).toBe(1);
    });
  });

  describe('writes are repeated only after a re-read shows they did not take effect', () => {
    it('re-reads after a 500 that happened before the change, then binds again', async () => {
      const provider = bed.provider('aksk', 'v1');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });
      bed.sim.stats.reset();
      bed.sim.faults.inject({ operation: updateEipV1, response: { status: 500 } });

      const receipt = await provider.bind(seedIds.freeEip, target);
      await provider.waitUntilBound(seedIds.freeEip, target, receipt);

      expect(bed.sim.stats.sequence().slice(0, 4)).toEqual([showEipV1, updateEipV1, showEipV1, updateEipV1]);
      expect(bed.sim.stats.count(updateEipV1)).toBe(2);
      expect(bed.sim.state.eipOnPort(seedIds.web1Port)?.id).toBe(seedIds.freeEip);
    });

    it('does not bind again when the connection broke after the change was made', async () => {
      const provider = bed.provider('aksk', 'v1');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });
      bed.sim.stats.reset();
      bed.sim.faults.inject({ operation: updateEipV1, response: 'reset', afterApplying: true });

      const receipt = await provider.bind(seedIds.freeEip, target);
      const bound = await provider.waitUntilBound(seedIds.freeEip, target, receipt);

      expect(bound.binding?.nicId).toBe(seedIds.web1Port);
      expect(bed.sim.stats.count(updateEipV1)).toBe(1);
      expect(bed.sim.stats.sequence().slice(0, 3)).toEqual([showEipV1, updateEipV1, showEipV1]);
    });

    it('does not unbind again when the answer timed out after the change was made (v3)', async () => {
      const provider = bed.provider('token', 'v3', { httpTimeoutMs: 150 });
      bed.sim.faults.inject({ operation: HuaweiOperation.disassociateV3, response: 'hang', afterApplying: true });

      const receipt = await provider.unbind({ eipId: seedIds.boundEip });
      await provider.waitUntilUnbound(seedIds.boundEip, receipt);

      expect(bed.sim.stats.count(HuaweiOperation.disassociateV3)).toBe(1);
      expect(bed.sim.state.eipOnPort(seedIds.app1PrimaryPort)).toBeUndefined();
    });

    it('re-reads when the EIP is busy (409 VPC.0512) and writes once it is free', async () => {
      const provider = bed.provider('aksk', 'v3');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });
      bed.sim.faults.inject({ operation: associateV3, response: { status: 409, code: 'VPC.0512' } });

      const receipt = await provider.bind(seedIds.freeEip, target);
      await provider.waitUntilBound(seedIds.freeEip, target, receipt);

      expect(bed.sim.stats.count(associateV3)).toBe(2);
    });

    it('stops with a conflict when the re-read shows someone bound the EIP elsewhere meanwhile', async () => {
      const provider = bed.provider('aksk', 'v1');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });
      bed.sim.faults.inject({ operation: updateEipV1, response: { status: 502 } });

      const error = await rejection(
        provider.bind(seedIds.freeEip, target, {
          onEvent: (event) => {
            if (event.type === 'call' && event.operation === updateEipV1 && event.httpStatus === 502) {
              bed.sim.state.forceEipPort(seedIds.freeEip, seedIds.standby1Port);
            }
          },
        }),
      );

      expect(error.kind).toBe('conflict');
      expect(error.userMessage).toContain(`port ${seedIds.standby1Port}`);
      expect(bed.sim.stats.count(updateEipV1)).toBe(1);
    });

    it('retries a write the gateway throttled (429 APIG.0308): nothing was done', async () => {
      const provider = bed.provider('aksk', 'v1');
      const target = await provider.resolveTarget({ kind: 'server', serverId: seedIds.web1 });
      bed.sim.faults.inject({ operation: updateEipV1, response: { status: 429 } });

      await provider.waitUntilBound(seedIds.freeEip, target, await provider.bind(seedIds.freeEip, target));

      expect(calls(bed.events, updateEipV1).map((call) => call.outcome)).toEqual(['throttled', 'ok']);
      expect(calls(bed.events, updateEipV1)[0]?.code).toBe('APIG.0308');
    });

    it('repeats a NIC virtual-IP unbind only after seeing the VIP still there', async () => {
      const vips = bed.provider('aksk', 'v1').nicVips!;
      bed.sim.faults.inject({ operation: updateNicVip, response: { status: 500 } });
      bed.sim.faults.inject({ operation: updateNicVip, response: 'reset', afterApplying: true });

      await vips.unbind(seedIds.db1Nic);

      expect(bed.sim.stats.count(updateNicVip)).toBe(2);
      expect(bed.sim.stats.sequence()).toEqual([showPort, updateNicVip, showPort, updateNicVip, showPort]);
      expect((await vips.describe(seedIds.db1Nic)).vips).toEqual([]);
    });
  });

  describe('creating is never repeated', () => {
    it('finds the EIP it created when the connection broke after the create', async () => {
      const provider = bed.provider('aksk', 'v1');
      bed.sim.faults.inject({ operation: createEip, response: 'reset', afterApplying: true });

      const eip = await provider.createEip({ name: 'eipbot-R-RESET2', bandwidthMbps: 5 });

      expect(eip).toMatchObject({ name: 'eipbot-R-RESET2', status: 'unbound' });
      expect(bed.sim.stats.count(createEip)).toBe(1);
      expect(bed.sim.state.eips().filter((candidate) => candidate.alias === 'eipbot-R-RESET2')).toHaveLength(1);
    });

    it('finds the EIP it created when the create answer timed out', async () => {
      const provider = bed.provider('token', 'v3', { httpTimeoutMs: 150 });
      bed.sim.faults.inject({ operation: createEip, response: 'hang', afterApplying: true });

      const eip = await provider.createEip({ name: 'eipbot-R-HANG22', bandwidthMbps: 8 });

      expect(eip).toMatchObject({ name: 'eipbot-R-HANG22', bandwidthMbps: 8, status: 'unbound' });
      expect(bed.sim.stats.count(createEip)).toBe(1);
    });

    it('reports that nothing was created when the create failed and no EIP has its name', async () => {
      const provider = bed.provider('aksk', 'v1');
      bed.sim.faults.inject({ operation: createEip, response: { status: 500 } });

      const error = await rejection(provider.createEip({ name: 'eipbot-R-FAIL22', bandwidthMbps: 5 }));

      expect(error).toMatchObject({ kind: 'unavailable', operation: createEip, httpStatus: 500 });
      expect(error.userMessage).toContain('none was created');
      expect(bed.sim.stats.count(createEip)).toBe(1);
      expect(bed.sim.stats.count(listEipsV1)).toBeGreaterThan(0);
      expect(bed.sim.state.eips()).toHaveLength(4);
    });

    it('reports a full EIP quota as such, without retrying', async () => {
      bed.sim.state.eipQuota = 4;

      const error = await rejection(bed.provider('aksk', 'v1').createEip({ name: 'eipbot-R-QUOTA2', bandwidthMbps: 5 }));

      expect(error).toMatchObject({ kind: 'quota', providerCode: 'VPC.0521', httpStatus: 409 });
      expect(error.userMessage).toContain('quota');
      expect(bed.sim.stats.count(createEip)).toBe(1);
    });
  });

  describe('rate limits', () => {
    it('spaces calls to the account rate limit so the cloud never throttles them', async () => {
      // Throttling counts requests per second of real time.
      await bed.close();
      bed = await startHuaweiTestbed({ clock: systemClock, rateLimitPerSecond: 10 });
      const provider = bed.provider('aksk', 'v1', { account: { ...huaweiAccount(bed.sim.url, 'aksk', 'v1'), rateLimit: 8 } });

      // Twelve at once would exceed the cloud's ten per second without the account's limit.
      await Promise.all(Array.from({ length: 12 }, () => provider.describeEip(seedIds.freeEip)));

      expect(bed.sim.stats.calls.map((call) => call.outcome).filter((outcome) => outcome !== 200)).toEqual([]);
    });

    it('surfaces persistent throttling as a throttled error telling the user to wait', async () => {
      bed.sim.faults.inject({ operation: showEipV1, response: { status: 429 }, times: 10 });

      const error = await rejection(bed.provider('aksk', 'v1').describeEip(seedIds.freeEip));

      expect(error).toMatchObject({ kind: 'throttled', providerCode: 'APIG.0308', httpStatus: 429 });
      expect(error.userMessage).toContain('throttling');
    });
  });
});
