import { afterEach, describe, expect, it } from 'vitest';
import type { EipProvider, ProviderEvent } from '../../../src/providers/provider.js';
import { isProviderError, type ProviderError } from '../../../src/providers/provider-error.js';
import type { TencentFault } from '../../../src/sandbox/tencent/tencent-faults.js';
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

let simulator: TencentSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function setup(api: 'v3' | 'legacy', options: { manual?: boolean } = {}) {
  const clock = manualClock();
  simulator = await startFastSimulator(options.manual ? { clock } : {});
  const events: ProviderEvent[] = [];
  const provider = fastProvider(simulator, api, {
    httpTimeoutMs: 250,
    onEvent: (event) => {
      events.push(event);
      // With a manual simulator clock, a transient status ends only once the provider has seen it.
      if (options.manual && event.type === 'wait' && !event.done) clock.advance(FAST_DELAYS.bindMs);
    },
  });
  return { sim: simulator, provider, events, clock };
}

const calls = (events: ProviderEvent[], operation: string) =>
  events.filter((e): e is Extract<ProviderEvent, { type: 'call' }> => e.type === 'call' && e.operation === operation);

const READ = { v3: 'DescribeAddresses', legacy: 'DescribeEip' } as const;
const BIND = { v3: 'AssociateAddress', legacy: 'EipBindInstance' } as const;
const UNBIND = { v3: 'DisassociateAddress', legacy: 'EipUnBindInstance' } as const;

async function bindSpare(provider: EipProvider) {
  const target = await provider.resolveTarget({ kind: 'server', serverId: 'ins-db000001' });
  const receipt = await provider.bind('eip-spare001', target);
  return { target, receipt, bound: await provider.waitUntilBound('eip-spare001', target, receipt, { waitTimeoutMs: 5_000 }) };
}

describe.each(['v3', 'legacy'] as const)('Tencent provider under injected faults (%s)', (api) => {
  it.each<[string, TencentFault]>([
    ['an HTTP 500', { type: 'http-500' }],
    ['a connection reset', { type: 'reset' }],
    ['no answer at all', { type: 'hang' }],
    ['InternalError', { type: 'error', code: 'InternalError' }],
    ['RequestLimitExceeded', { type: 'error', code: 'RequestLimitExceeded' }],
  ])('retries a read that met %s, and succeeds', async (_name, fault) => {
    const { sim, provider, events } = await setup(api);
    sim.faults.inject(READ[api], fault);
    expect((await provider.describeEip('eip-web00001')).status).toBe('bound');
    expect(sim.stats.calls(READ[api])).toBe(2);
    const [first, second] = calls(events, READ[api]);
    expect(first).toMatchObject({ attempt: 1, willRetry: true, outcome: fault.type === 'error' && fault.code === 'RequestLimitExceeded' ? 'throttled' : 'error' });
    expect(second).toMatchObject({ attempt: 2, outcome: 'ok' });
  });

  it('gives up on a read after the configured attempts with an "unavailable" error that says to try again', async () => {
    const { sim, provider } = await setup(api);
    sim.faults.inject(READ[api], { type: 'http-500' }, 10);
    const error = await failure(provider.describeEip('eip-web00001'));
    expect(error.kind).toBe('unavailable');
    expect(error.httpStatus).toBe(500);
    expect(error.userMessage).toContain('try again in a moment');
    expect(sim.stats.calls(READ[api])).toBe(4);
  });

  it('repeats a bind that failed before it was applied, after re-reading that nothing changed', async () => {
    const { sim, provider, events } = await setup(api);
    sim.faults.inject(BIND[api], { type: 'http-500' });
    await bindSpare(provider);
    expect(sim.stats.calls(BIND[api])).toBe(2);
    expect(sim.state.address('eip-spare001')).toMatchObject({ status: 'BIND', instanceId: 'ins-db000001' });
    const writes = calls(events, BIND[api]);
    expect(writes[0]).toMatchObject({ outcome: 'error', httpStatus: 500, willRetry: true });
    // The re-read came between the two writes.
    const order = events.filter((e) => e.type === 'call').map((e) => e.operation);
    expect(order.indexOf(READ[api], order.indexOf(BIND[api]))).toBeLessThan(order.lastIndexOf(BIND[api]));
  });

  it.each<[string, TencentFault]>([
    ['a connection reset', { type: 'reset', afterApply: true }],
    ['an HTTP 500', { type: 'http-500', afterApply: true }],
    ['no answer', { type: 'hang', afterApply: true }],
  ])('does not repeat a bind that took effect although the answer was %s', async (_name, fault) => {
    const { sim, provider } = await setup(api);
    sim.faults.inject(BIND[api], fault);
    const { bound } = await bindSpare(provider);
    expect(bound.binding).toMatchObject({ nicId: 'eni-db000001', privateIp: '10.0.3.10' });
    expect(sim.stats.calls(BIND[api])).toBe(1);
  });

  it('does not repeat an unbind that took effect although the connection was reset', async () => {
    const { sim, provider } = await setup(api);
    sim.faults.inject(UNBIND[api], { type: 'reset', afterApply: true });
    const receipt = await provider.unbind({ eipId: 'eip-web00001' });
    await provider.waitUntilUnbound('eip-web00001', receipt, { waitTimeoutMs: 5_000 });
    expect(sim.stats.calls(UNBIND[api])).toBe(1);
    expect(sim.state.address('eip-web00001')?.status).toBe('UNBIND');
  });

  it('repeats an unbind refused while another task ran, once the re-read shows it is still bound', async () => {
    const { sim, provider } = await setup(api);
    sim.faults.inject(UNBIND[api], { type: 'error', code: 'OperationDenied.MutexTaskRunning' });
    const receipt = await provider.unbind({ eipId: 'eip-web00001' });
    await provider.waitUntilUnbound('eip-web00001', receipt, { waitTimeoutMs: 5_000 });
    expect(sim.stats.calls(UNBIND[api])).toBe(2);
  });

  it('stops after the configured attempts when a write keeps failing, saying the outcome is unknown', async () => {
    const { sim, provider } = await setup(api);
    sim.faults.inject(UNBIND[api], { type: 'http-500' }, 10);
    const error = await failure(provider.unbind({ eipId: 'eip-web00001' }));
    expect(error.kind).toBe('unavailable');
    expect(error.ambiguous).toBe(true);
    expect(error.userMessage).toContain('whether the change was made is unknown');
    expect(sim.stats.calls(UNBIND[api])).toBe(4);
    expect(sim.state.address('eip-web00001')?.status).toBe('BIND');
  });

  it('fails a bind refused for the EIP\'s status at once, as a conflict, without repeating it', async () => {
    const { sim, provider } = await setup(api);
    sim.faults.inject(BIND[api], { type: 'wrong-status' });
    const target = await provider.resolveTarget({ kind: 'server', serverId: 'ins-db000001' });
    const error = await failure(provider.bind('eip-spare001', target));
    expect(error.kind).toBe('conflict');
    expect(error.userMessage).toContain('only an UNBIND EIP can be bound');
    expect(sim.stats.calls(BIND[api])).toBe(1);
    expect(sim.state.address('eip-spare001')?.status).toBe('UNBIND');
  });

  it('fails the wait when the bind is undone by the cloud, naming the status', async () => {
    const { sim, provider } = await setup(api, { manual: true });
    sim.faults.inject(BIND[api], { type: 'failed-task' });
    const target = await provider.resolveTarget({ kind: 'server', serverId: 'ins-db000001' });
    const receipt = await provider.bind('eip-spare001', target);
    const error = await failure(provider.waitUntilBound('eip-spare001', target, receipt, { waitTimeoutMs: 5_000 }));
    expect(error.kind).toBe('failed');
    if (api === 'v3') {
      expect(error.userMessage).toMatch(/task \d+ \(AssociateAddress\) failed: eip-spare001 was not bound to eni-db000001\/10\.0\.3\.10/);
      expect(error.lastStatus).toMatch(/^task \d+ FAILED$/);
    } else {
      expect(error.userMessage).toContain('went back to 4 (unbound)');
    }
    expect(sim.state.address('eip-spare001')?.status).toBe('UNBIND');
  });

  it('times out a wait that never ends and names the last status seen', async () => {
    const { sim, provider } = await setup(api);
    sim.faults.inject(BIND[api], { type: 'stuck-task' });
    const target = await provider.resolveTarget({ kind: 'server', serverId: 'ins-db000001' });
    const receipt = await provider.bind('eip-spare001', target);
    const error = await failure(provider.waitUntilBound('eip-spare001', target, receipt, { waitTimeoutMs: 150 }));
    expect(error.kind).toBe('timeout');
    const last = api === 'v3' ? /^task \d+ RUNNING$/ : /^1 \(binding\)$/;
    expect(error.lastStatus).toMatch(last);
    expect(error.userMessage).toContain('the last status seen was');
    expect(error.userMessage).toContain(error.lastStatus);
  });
});

describe('Tencent provider: create is never repeated blindly (v3)', () => {
  it('finds the EIP an ambiguously failed AllocateAddresses created, instead of creating a second one', async () => {
    const { sim, provider } = await setup('v3');
    sim.faults.inject('AllocateAddresses', { type: 'reset', afterApply: true });
    const created = await provider.createEip({ name: 'eipbot-R-7K2F9Q', bandwidthMbps: 5 }, { waitTimeoutMs: 5_000 });
    expect(created).toMatchObject({ name: 'eipbot-R-7K2F9Q', status: 'unbound' });
    expect(sim.stats.calls('AllocateAddresses')).toBe(1);
    expect(sim.state.addresses().filter((a) => a.name === 'eipbot-R-7K2F9Q')).toHaveLength(1);
  });

  it('after a timeout too', async () => {
    const { sim, provider } = await setup('v3');
    sim.faults.inject('AllocateAddresses', { type: 'hang', afterApply: true });
    await provider.createEip({ name: 'eipbot-R-7K2F9Q', bandwidthMbps: 5 }, { waitTimeoutMs: 5_000 });
    expect(sim.stats.calls('AllocateAddresses')).toBe(1);
    expect(sim.state.addresses()).toHaveLength(5);
  });

  it('repeats it only when the lookup found nothing, with the same idempotency token', async () => {
    const { sim, provider } = await setup('v3');
    sim.faults.inject('AllocateAddresses', { type: 'http-500' });
    await provider.createEip({ name: 'eipbot-R-7K2F9Q', bandwidthMbps: 5 }, { waitTimeoutMs: 5_000 });
    const sent = sim.stats.received('AllocateAddresses');
    expect(sent).toHaveLength(2);
    expect(sent[1]?.ClientToken).toBe(sent[0]?.ClientToken);
    expect(sim.state.addresses().filter((a) => a.name === 'eipbot-R-7K2F9Q')).toHaveLength(1);
    // The lookup by name came between the two calls.
    expect(sim.stats.received('DescribeAddresses').some((p) => JSON.stringify(p.Filters).includes('address-name'))).toBe(true);
  });

  it('fails with the refusal when Tencent says the delivery failed, without looking or repeating', async () => {
    const { sim, provider } = await setup('v3');
    sim.faults.inject('AllocateAddresses', { type: 'error', code: 'UnsupportedOperation.DeliveryFailed' });
    const error = await failure(provider.createEip({ name: 'eipbot-R-7K2F9Q', bandwidthMbps: 5 }));
    expect(error.kind).toBe('failed');
    expect(error.userMessage).toContain('none was created');
    expect(sim.stats.calls('AllocateAddresses')).toBe(1);
    expect(sim.stats.calls('DescribeAddresses')).toBe(0);
  });

  it('fails when the creation task fails, and leaves no EIP behind', async () => {
    const { sim, provider } = await setup('v3', { manual: true });
    sim.faults.inject('AllocateAddresses', { type: 'failed-task' });
    const error = await failure(provider.createEip({ name: 'eipbot-R-7K2F9Q', bandwidthMbps: 5 }, { waitTimeoutMs: 5_000 }));
    expect(error.kind).toBe('failed');
    expect(error.userMessage).toContain('(AllocateAddresses) failed');
    expect(sim.state.addresses()).toHaveLength(4);
  });
});

describe('Tencent provider: error reports', () => {
  it('reports the provider code and RequestId of a refused call in its event and error', async () => {
    const { sim, provider, events } = await setup('v3');
    sim.faults.inject('DisassociateAddress', { type: 'error', code: 'AuthFailure.UnauthorizedOperation' });
    const error = await failure(provider.unbind({ eipId: 'eip-web00001' }));
    expect(error).toMatchObject({ kind: 'auth', providerCode: 'AuthFailure.UnauthorizedOperation', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(error.userMessage).toContain('vpc:DisassociateAddress');
    expect(calls(events, 'DisassociateAddress')[0]).toMatchObject({
      outcome: 'error',
      code: 'AuthFailure.UnauthorizedOperation',
      requestId: error.requestId,
      willRetry: false,
    });
    expect(sim.stats.calls('DisassociateAddress')).toBe(1);
  });
});
