import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TencentFault } from '../../src/sandbox/tencent/tencent-faults.js';
import type { ActionArgs } from '../../src/workflows/workflow.js';
import { auditedCalls, FaultWorld, type Outcome } from './fault-world.js';

/** The sandbox clouds' EIPs the matrix changes (src/sandbox/huawei/default-seed.ts, src/sandbox/tencent/default-tencent-seed.ts). */
const HW = {
  bound: { id: 'f6318bef-6508-4ea5-a48f-6152b6b1a8fb', address: '203.0.113.162' },
  free: { id: '2ec9b78d-9368-46f3-8f29-d1a95622a568', port: '02c72193-efec-42fb-853b-c33f2b802467' },
};
const TC = { bound: 'eip-web00001', spare: 'eip-spare001', server: 'ins-db000001' };

const HW_UNBIND: ActionArgs = { action: 'unbind', ref: { kind: 'eip', eip: HW.bound.address } };
const HW_BIND: ActionArgs = { action: 'bind', eip: HW.free.id, target: { kind: 'nic', nicId: HW.free.port } };
const TC_UNBIND: ActionArgs = { action: 'unbind', ref: { kind: 'eip', eip: TC.bound } };
const TC_BIND: ActionArgs = { action: 'bind', eip: TC.spare, target: { kind: 'server', serverId: TC.server } };

let world: FaultWorld;
beforeEach(async () => {
  world = await FaultWorld.start();
});
afterEach(async () => {
  await world.close();
});

type CallOutcome = 'ok' | 'error' | 'throttled';

interface Expectation {
  status: 'succeeded' | 'failed';
  /** Every write attempt the cloud received, in order, as the audit trail must record it. */
  writes: CallOutcome[];
  /** What the card's thread or the final result must say. */
  names: RegExp;
}

/** Reads of the EIP or its task: what a write may only be repeated after, when its failure left the outcome unknown. */
const READS = /^(GET |Describe)/;

async function expectOutcome(outcome: Outcome, expected: Expectation, writesAtCloud: number, writeOperation: string): Promise<void> {
  expect(await world.audit.verify()).toMatchObject({ ok: true });
  expect(outcome.request.status).toBe(expected.status);
  expect(outcome.trail.map((record) => record.type)).toContain(expected.status);
  expect(outcome.shown).toMatch(expected.names);
  expect(writesAtCloud).toBe(expected.writes.length);
  expect(auditedCalls(outcome.trail, writeOperation).map((call) => call.outcome)).toEqual(expected.writes);
  // A write that failed without a clear answer is repeated only after the state was read again (SPEC §1);
  // a throttled one was refused before any work and may simply be sent again.
  const calls = outcome.trail.filter((record) => record.type === 'provider-call').map((record) => record.data as { operation: string; outcome: CallOutcome });
  const writes = calls.flatMap((call, index) => (call.operation === writeOperation ? [index] : []));
  for (const [previous, next] of writes.slice(0, -1).map((index, i) => [index, writes[i + 1] as number])) {
    if (calls[previous as number]?.outcome !== 'error') continue;
    expect(calls.slice((previous as number) + 1, next).some((call) => READS.test(call.operation))).toBe(true);
  }
}

describe('Huawei (EIP v3) faults during an approved change', () => {
  const write = { unbind: 'POST disassociate-instance', bind: 'POST associate-instance' };
  const cases: [string, ActionArgs, 'unbind' | 'bind', (world: FaultWorld) => void, Expectation][] = [
    ['HTTP 500 on the unbind', HW_UNBIND, 'unbind', (w) => w.huawei.faults.inject({ operation: write.unbind, response: { status: 500 } }), { status: 'succeeded', writes: ['error', 'ok'], names: /HTTP 500/ }],
    ['HTTP 503 on the unbind', HW_UNBIND, 'unbind', (w) => w.huawei.faults.inject({ operation: write.unbind, response: { status: 503 } }), { status: 'succeeded', writes: ['error', 'ok'], names: /HTTP 503/ }],
    ['429 APIG.0308 on the unbind', HW_UNBIND, 'unbind', (w) => w.huawei.faults.inject({ operation: write.unbind, response: { status: 429 } }), { status: 'succeeded', writes: ['throttled', 'ok'], names: /throttled/ }],
    ['a connection reset before the unbind was applied', HW_UNBIND, 'unbind', (w) => w.huawei.faults.inject({ operation: write.unbind, response: 'reset' }), { status: 'succeeded', writes: ['error', 'ok'], names: /reset/ }],
    ['a connection reset after the unbind was applied', HW_UNBIND, 'unbind', (w) => w.huawei.faults.inject({ operation: write.unbind, response: 'reset', afterApplying: true }), { status: 'succeeded', writes: ['error'], names: /reset/ }],
    ['no answer to an unbind that was applied', HW_UNBIND, 'unbind', (w) => w.huawei.faults.inject({ operation: write.unbind, response: 'hang', afterApplying: true }), { status: 'succeeded', writes: ['error'], names: /timeout|no answer/ }],
    ['HTTP 500 on every unbind', HW_UNBIND, 'unbind', (w) => w.huawei.faults.inject({ operation: write.unbind, response: { status: 500 }, times: 20 }), { status: 'failed', writes: ['error', 'error', 'error', 'error', 'error'], names: /HTTP 500/ }],
    ['an unbind stuck in PENDING_UPDATE', HW_UNBIND, 'unbind', (w) => w.huawei.faults.stickNextChange(HW.bound.id), { status: 'failed', writes: ['ok'], names: /PENDING_UPDATE/ }],
    ['an unbind that ends in ERROR', HW_UNBIND, 'unbind', (w) => w.huawei.faults.errorNextChange(HW.bound.id), { status: 'failed', writes: ['ok'], names: /\bERROR\b/ }],
    ['HTTP 500 on a read of the EIP', HW_UNBIND, 'unbind', (w) => w.huawei.faults.inject({ operation: 'GET eip/publicip', response: { status: 500 }, times: 1 }), { status: 'succeeded', writes: ['ok'], names: /HTTP 500/ }],
    ['a bind that ends in BIND_ERROR', HW_BIND, 'bind', (w) => w.huawei.faults.failNextBind(HW.free.id), { status: 'failed', writes: ['ok'], names: /BIND_ERROR/ }],
  ];
  it.each(cases)('%s: ends in a final state that names it, repeats only safely, audits every attempt', async (_name, args, kind, inject, expected) => {
    const outcome = await world.run('hw', args, () => inject(world));
    await expectOutcome(outcome, expected, world.huawei.stats.count(write[kind]), write[kind]);
  });
});

describe('Tencent (API 3.0) faults during an approved change', () => {
  const write = { unbind: 'DisassociateAddress', bind: 'AssociateAddress' };
  /**
   * The fault meets the write unless another action is named last. API 3.0 reports a
   * server's trouble inside an HTTP 200 (InternalError), and its gateway's only HTTP
   * failure in the simulator is a 500: the 503 case is Huawei's.
   */
  const cases: [string, ActionArgs, 'unbind' | 'bind', TencentFault, number, Expectation, string?][] = [
    ['HTTP 500 on the unbind', TC_UNBIND, 'unbind', { type: 'http-500' }, 1, { status: 'succeeded', writes: ['error', 'ok'], names: /HTTP 500/ }],
    ['InternalError on the unbind', TC_UNBIND, 'unbind', { type: 'error', code: 'InternalError' }, 1, { status: 'succeeded', writes: ['error', 'ok'], names: /InternalError/ }],
    ['RequestLimitExceeded on the unbind', TC_UNBIND, 'unbind', { type: 'error', code: 'RequestLimitExceeded' }, 1, { status: 'succeeded', writes: ['throttled', 'ok'], names: /throttled/ }],
    ['a connection reset before the unbind was applied', TC_UNBIND, 'unbind', { type: 'reset' }, 1, { status: 'succeeded', writes: ['error', 'ok'], names: /reset/ }],
    ['a connection reset after the unbind was applied', TC_UNBIND, 'unbind', { type: 'reset', afterApply: true }, 1, { status: 'succeeded', writes: ['error'], names: /reset/ }],
    ['no answer to an unbind that was applied', TC_UNBIND, 'unbind', { type: 'hang', afterApply: true }, 1, { status: 'succeeded', writes: ['error'], names: /no answer/ }],
    ['HTTP 500 on every unbind', TC_UNBIND, 'unbind', { type: 'http-500' }, 20, { status: 'failed', writes: ['error', 'error', 'error', 'error'], names: /HTTP 500/ }],
    ['an unbind whose task stays RUNNING', TC_UNBIND, 'unbind', { type: 'stuck-task' }, 1, { status: 'failed', writes: ['ok'], names: /RUNNING|UNBINDING/ }],
    ['an unbind whose task ends FAILED', TC_UNBIND, 'unbind', { type: 'failed-task' }, 1, { status: 'failed', writes: ['ok'], names: /FAILED/ }],
    ['HTTP 500 on a read of the unbind task', TC_UNBIND, 'unbind', { type: 'http-500' }, 1, { status: 'succeeded', writes: ['ok'], names: /HTTP 500/ }, 'DescribeTaskResult'],
    ['a bind whose task ends FAILED', TC_BIND, 'bind', { type: 'failed-task' }, 1, { status: 'failed', writes: ['ok'], names: /FAILED/ }],
  ];
  it.each(cases)('%s: ends in a final state that names it, repeats only safely, audits every attempt', async (_name, args, kind, fault, times, expected, action) => {
    const outcome = await world.run('tc', args, () => world.tencent.faults.inject(action ?? write[kind], fault, times));
    await expectOutcome(outcome, expected, world.tencent.stats.calls(write[kind]), write[kind]);
  });
});
