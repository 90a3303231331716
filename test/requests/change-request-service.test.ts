import { afterEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/clock.js';
import { ErrorCode, type CodedError } from '../../src/errors.js';
import { Metrics } from '../../src/metrics.js';
import type { ChangeRequest } from '../../src/requests/change-request.js';
import type { NewChangeRequest } from '../../src/requests/change-request-service.js';
import { PolicyRefusal } from '../../src/requests/policy.js';
import { IllegalTransitionError } from '../../src/requests/state-machine.js';
import { slackTime } from '../../src/requests/slack-time.js';
import type { HuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import { createEngine, engineConfig, providerWrites, SEED, startTestSimulator, type EngineConfigOptions, type RecordingNotifier } from '../support/requests-engine.js';
import { keptLogs } from '../support/kept-logs.js';
import { sqliteHarness, type StoreHarness } from '../support/store-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A clock the test moves forward; real time passes underneath it. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => Date.now() + offset, sleep: systemClock.sleep, advance: (ms) => (offset += ms) };
}

interface Setup {
  sim: HuaweiSimulator;
  harness: StoreHarness;
  engine: ReturnType<typeof createEngine>;
  notifier: RecordingNotifier;
  lines: () => Record<string, unknown>[];
}

async function setup(options: EngineConfigOptions & { clock?: Clock; metrics?: Metrics } = {}): Promise<Setup> {
  const sim = await startTestSimulator();
  cleanups.push(() => sim.close());
  const harness = await sqliteHarness();
  cleanups.push(() => harness.dispose());
  const store = await harness.open();
  const { logger, lines } = keptLogs();
  const engine = createEngine({ store, config: engineConfig(sim.url, options), clock: options.clock, logger, metrics: options.metrics });
  cleanups.push(() => engine.service.stop());
  return { sim, harness, engine, notifier: engine.notifier, lines };
}

const ops = { id: 'C0OPS', name: 'ops' };

function unbindBound(overrides: Partial<NewChangeRequest> = {}): NewChangeRequest {
  return {
    args: { action: 'unbind', ref: { kind: 'eip', eip: SEED.boundEip.address } },
    reason: 'INC-42 compromised host',
    requester: 'U0REQUESTER',
    channel: ops,
    ...overrides,
  };
}

async function refused(promise: Promise<unknown>): Promise<CodedError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error as CodedError,
  );
  if (outcome === undefined) throw new Error('expected a refusal');
  return outcome;
}

function boundPort(sim: HuaweiSimulator, eipId: string): string | undefined {
  return sim.state.eips().find((eip) => eip.id === eipId)?.portId;
}

async function trailTypes(engine: Setup['engine'], id: string): Promise<string[]> {
  return (await engine.audit.trail(id)).map((record) => record.type);
}

describe('change request engine', () => {
  it('posts a pending request with the live plan and puts it on record', async () => {
    const { engine, notifier, sim } = await setup();
    const request = await engine.service.request(unbindBound());
    expect(request).toMatchObject({
      status: 'pending',
      account: 'hw-prod',
      requester: 'U0REQUESTER',
      incident: false,
      policy: { approvals: 1, allowSelfApproval: false, ttlMs: 15 * 60_000 },
      plan: { changes: [{ eipId: SEED.boundEip.id, address: SEED.boundEip.address, before: { nicId: SEED.boundEip.port } }] },
    });
    expect(request.id).toMatch(/^R-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
    expect(await engine.service.get(request.id)).toEqual(request);
    const [requested] = await engine.audit.trail(request.id);
    expect(requested).toMatchObject({ type: 'requested', actor: 'U0REQUESTER', data: { account: 'hw-prod', reason: 'INC-42 compromised host' } });
    await engine.service.settled();
    expect(notifier.changes).toEqual([{ id: request.id, what: 'requested', status: 'pending' }]);
    expect(providerWrites(sim)).toBe(0);
  });

  it('carries out an approved unbind once, confirms it, and records every step', async () => {
    const { engine, notifier, sim } = await setup();
    const request = await engine.service.request(unbindBound());
    const approved = await engine.service.approve(request.id, 'U0APPROVER1');
    expect(approved.status).toBe('approved');
    await engine.service.settled();
    const done = (await engine.service.get(request.id)) as ChangeRequest;
    expect(done.status).toBe('succeeded');
    expect(done.result?.summary).toContain(`Unbound ${SEED.boundEip.address}`);
    expect(done.journal.map((entry) => entry.phase)).toEqual(['before-write', 'after-write', 'confirmed']);
    expect(boundPort(sim, SEED.boundEip.id)).toBeUndefined();
    expect(providerWrites(sim)).toBe(1);

    const trail = await engine.audit.trail(request.id);
    const types = trail.map((record) => record.type);
    expect(types.slice(0, 3)).toEqual(['requested', 'approved', 'executing']);
    expect(types.at(-1)).toBe('succeeded');
    expect(types.filter((type) => type === 'step').length).toBe(done.result?.steps.length);
    const write = trail.find((record) => record.type === 'provider-call' && record.data?.operation === 'POST disassociate-instance');
    expect(write?.data).toMatchObject({ outcome: 'ok', providerRequestId: expect.any(String), durationMs: expect.any(Number) });
    expect(trail.find((record) => record.type === 'approved')?.actor).toBe('U0APPROVER1');
    expect(await engine.audit.verify()).toEqual({ ok: true, records: trail.length });

    expect(notifier.changes.map((change) => change.what)).toEqual(['requested', 'approved', 'executing', 'succeeded']);
    expect(notifier.finishedRequests.map((finished) => finished.status)).toEqual(['succeeded']);
    expect(notifier.progressEvents.some(({ event }) => event.type === 'step')).toBe(true);
    expect(await engine.service.listOpen('C0OPS')).toEqual([]);
  });

  it('calls nothing and fails with "state changed" when the binding changed between plan and approval', async () => {
    const { engine, notifier, sim } = await setup();
    const request = await engine.service.request(unbindBound());
    sim.state.forceEipPort(SEED.boundEip.id, SEED.freeEip.port);
    await engine.service.approve(request.id, 'U0APPROVER1');
    await engine.service.settled();
    const done = await engine.service.get(request.id);
    expect(done?.status).toBe('failed');
    expect(done?.result?.summary).toMatch(/^State changed since the plan, so nothing was changed: /);
    expect(providerWrites(sim)).toBe(0);
    expect(boundPort(sim, SEED.boundEip.id)).toBe(SEED.freeEip.port);
    expect((await engine.audit.trail(request.id)).at(-1)).toMatchObject({ type: 'failed', actor: 'eipbot' });
    expect(notifier.finishedRequests.map((finished) => finished.status)).toEqual(['failed']);
  });

  it('marks a request expired once its TTL has passed, on record and on the card, and refuses approvals after', async () => {
    const clock = movableClock();
    const { engine, notifier, sim } = await setup({ clock });
    const request = await engine.service.request(unbindBound());
    clock.advance(15 * 60_000 + 1);
    await engine.service.sweep();
    const expired = await engine.service.get(request.id);
    expect(expired?.status).toBe('expired');
    expect(await trailTypes(engine, request.id)).toEqual(['requested', 'expired']);
    expect((await engine.audit.trail(request.id))[1]?.actor).toBe('eipbot');
    await engine.service.settled();
    expect(notifier.changes.map((change) => change.what)).toEqual(['requested', 'expired']);
    const error = await refused(engine.service.approve(request.id, 'U0APPROVER1'));
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error.userMessage).toBe(
      `${request.id} expired at ${slackTime(expired?.transitions.expired as number)} without enough approvals; request the change again if it is still needed.`,
    );
    expect(await engine.service.listOpen('C0OPS')).toEqual([]);
    expect(providerWrites(sim)).toBe(0);
  });

  it('refuses an approval that arrives after the TTL even before the sweeper has run, and marks the request expired', async () => {
    const clock = movableClock();
    const { engine, sim } = await setup({ clock });
    const request = await engine.service.request(unbindBound());
    clock.advance(15 * 60_000);
    const error = await refused(engine.service.approve(request.id, 'U0APPROVER1'));
    expect(error.code).toBe(ErrorCode.IllegalTransition);
    expect(error.userMessage).toMatch(new RegExp(`^${request.id} expired at <!date\\^\\d+\\^\\{time\\}\\|\\d\\d:\\d\\d UTC> without enough approvals`));
    expect((await engine.service.get(request.id))?.status).toBe('expired');
    await engine.service.sweep();
    expect(await trailTypes(engine, request.id)).toEqual(['requested', 'expired']);
    expect(providerWrites(sim)).toBe(0);
  });

  it.each([
    ['a rejection', (engine: ReturnType<typeof createEngine>, id: string) => engine.service.reject(id, 'U0APPROVER1')],
    ['a cancellation', (engine: ReturnType<typeof createEngine>, id: string) => engine.service.cancel(id, 'U0REQUESTER')],
  ])('answers %s that arrives after the TTL with "expired", not as if it had ended the request', async (_what, click) => {
    const clock = movableClock();
    const { engine } = await setup({ clock });
    const request = await engine.service.request(unbindBound());
    clock.advance(15 * 60_000);
    const error = await refused(click(engine, request.id));
    expect(error.code).toBe(ErrorCode.IllegalTransition);
    expect(error.userMessage).toMatch(new RegExp(`^${request.id} expired at <!date\\^\\d+\\^\\{time\\}\\|\\d\\d:\\d\\d UTC> without enough approvals`));
    expect((await engine.service.get(request.id))?.status).toBe('expired');
    expect(await trailTypes(engine, request.id)).toEqual(['requested', 'expired']);
  });

  it('ends a request on one rejection from an approver, even when more approvals were needed', async () => {
    const { engine, notifier, sim } = await setup({ policy: { approvals: 2 } });
    const request = await engine.service.request(unbindBound());
    await engine.service.approve(request.id, 'U0APPROVER1');
    const rejected = await engine.service.reject(request.id, 'U0NET03', 'wrong server');
    expect(rejected.status).toBe('rejected');
    expect(rejected.rejection).toEqual({ user: 'U0NET03', at: expect.any(Number), reason: 'wrong server' });
    const late = await refused(engine.service.approve(request.id, 'U0APPROVER2'));
    expect(late.userMessage).toBe(`${request.id} was rejected by <@U0NET03> at ${slackTime(rejected.rejection?.at as number)}: "wrong server".`);
    expect(await trailTypes(engine, request.id)).toEqual(['requested', 'approved', 'rejected']);
    expect((await engine.audit.trail(request.id))[2]).toMatchObject({ actor: 'U0NET03', data: { reason: 'wrong server' } });
    await engine.service.settled();
    expect(notifier.changes.map((change) => change.what)).toEqual(['requested', 'approval', 'rejected']);
    expect(providerWrites(sim)).toBe(0);
  });

  it('refuses a rejection from someone who is not an approver', async () => {
    const { engine } = await setup();
    const request = await engine.service.request(unbindBound());
    const error = await refused(engine.service.reject(request.id, 'U0BYSTANDER'));
    expect(error).toBeInstanceOf(PolicyRefusal);
    expect(error.userMessage).toBe(
      `You are not an approver for account hw-prod, so you cannot reject ${request.id}; ask one of <@U0APPROVER1>, <@U0APPROVER2>, <!subteam^S0NETOPS>.`,
    );
    expect((await engine.service.get(request.id))?.status).toBe('pending');
  });

  it('lets the requester cancel a pending request, and nobody else', async () => {
    const { engine, notifier } = await setup();
    const request = await engine.service.request(unbindBound());
    const error = await refused(engine.service.cancel(request.id, 'U0APPROVER1'));
    expect(error).toBeInstanceOf(PolicyRefusal);
    expect(error.userMessage).toBe(`Only <@U0REQUESTER>, who requested ${request.id}, can cancel it; an approver can Reject it instead.`);
    const cancelled = await engine.service.cancel(request.id, 'U0REQUESTER');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { user: 'U0REQUESTER' } });
    expect(await trailTypes(engine, request.id)).toEqual(['requested', 'cancelled']);
    await engine.service.settled();
    expect(notifier.changes.map((change) => change.what)).toEqual(['requested', 'cancelled']);
    expect(await engine.service.listOpen('C0OPS')).toEqual([]);
  });

  it('refuses an approval from the requester and tells them whom to ask', async () => {
    const { engine } = await setup();
    const request = await engine.service.request(unbindBound({ requester: 'U0APPROVER1' }));
    const error = await refused(engine.service.approve(request.id, 'U0APPROVER1'));
    expect(error).toBeInstanceOf(PolicyRefusal);
    expect(error.code).toBe(ErrorCode.Policy);
    expect(error.userMessage).toBe(`You requested ${request.id}, so your approval does not count; ask one of <@U0APPROVER2>, <!subteam^S0NETOPS>.`);
    expect(await engine.service.get(request.id)).toMatchObject({ status: 'pending', approvals: [] });
    expect(await trailTypes(engine, request.id)).toEqual(['requested']);
  });

  it("counts the requester's own approval in an incident channel where self-approval is allowed", async () => {
    const { engine, sim } = await setup({ policy: { approvals: 2, incident: { namePattern: '^inc-', approvals: 1, allowSelfApproval: true } } });
    const request = await engine.service.request(unbindBound({ requester: 'U0APPROVER1', channel: { id: 'C0INC42', name: 'inc-42-db' } }));
    expect(request).toMatchObject({ incident: true, policy: { approvals: 1, allowSelfApproval: true } });
    await engine.service.approve(request.id, 'U0APPROVER1');
    await engine.service.settled();
    expect(await engine.service.get(request.id)).toMatchObject({ status: 'succeeded', approvals: [{ user: 'U0APPROVER1' }] });
    expect(providerWrites(sim)).toBe(1);
  });

  it('refuses an approval from someone who is not an approver', async () => {
    const { engine } = await setup();
    const request = await engine.service.request(unbindBound());
    const error = await refused(engine.service.approve(request.id, 'U0BYSTANDER'));
    expect(error.userMessage).toBe(
      `You are not an approver for account hw-prod, so you cannot approve ${request.id}; ask one of <@U0APPROVER1>, <@U0APPROVER2>, <!subteam^S0NETOPS>.`,
    );
    expect((await engine.service.get(request.id))?.approvals).toEqual([]);
  });

  it('waits for two distinct approvals from group members before executing (2 of N)', async () => {
    const { engine, notifier, sim } = await setup({ policy: { approvals: 2 } });
    const request = await engine.service.request(unbindBound());
    const first = await engine.service.approve(request.id, 'U0NET01');
    expect(first).toMatchObject({ status: 'pending', approvals: [{ user: 'U0NET01' }] });
    const again = await refused(engine.service.approve(request.id, 'U0NET01'));
    expect(again.userMessage).toBe(
      `You already approved ${request.id}; it needs 1 more approval from another approver: ask one of <@U0APPROVER1>, <@U0APPROVER2>, <!subteam^S0NETOPS>.`,
    );
    await engine.service.settled();
    expect(providerWrites(sim)).toBe(0);
    const second = await engine.service.approve(request.id, 'U0NET02');
    expect(second.status).toBe('approved');
    await engine.service.settled();
    expect(await engine.service.get(request.id)).toMatchObject({ status: 'succeeded', approvals: [{ user: 'U0NET01' }, { user: 'U0NET02' }] });
    expect(notifier.changes.map((change) => change.what)).toEqual(['requested', 'approval', 'approved', 'executing', 'succeeded']);
    const approvals = (await engine.audit.trail(request.id)).filter((record) => record.type === 'approved');
    expect(approvals.map((record) => [record.actor, record.data?.complete])).toEqual([
      ['U0NET01', false],
      ['U0NET02', true],
    ]);
  });

  it('refuses a request without a reason where one is required, and stores nothing', async () => {
    const { engine, sim } = await setup({ policy: { requireReason: true } });
    const error = await refused(engine.service.request(unbindBound({ reason: undefined })));
    expect(error).toBeInstanceOf(PolicyRefusal);
    expect(error.userMessage).toBe(
      'A reason is required for EIP changes on account hw-prod here; add --reason "…" (for example --reason "INC-42 compromised host") to the command.',
    );
    expect(await engine.service.listOpen('C0OPS')).toEqual([]);
    expect(await engine.audit.verify()).toEqual({ ok: true, records: 0 });
    expect(sim.stats.calls).toEqual([]);
  });

  it('refuses requests from channels where /eip is not enabled', async () => {
    const { engine } = await setup({ policy: { channels: ['C0NETOPS'] } });
    const error = await refused(engine.service.request(unbindBound()));
    expect(error.userMessage).toBe('EIP changes for account hw-prod cannot be requested in this channel; use /eip in <#C0NETOPS>.');
    await expect(engine.service.request(unbindBound({ channel: { id: 'C0NETOPS', name: 'netops' } }))).resolves.toMatchObject({ status: 'pending' });
  });

  it('refuses requests from people who are not on the requesters list', async () => {
    const { engine } = await setup({ policy: { requesters: ['U0ONCALL', 'S0NETOPS'] } });
    const error = await refused(engine.service.request(unbindBound({ requester: 'U0INTERN' })));
    expect(error.userMessage).toBe(
      'You are not on the list of people who may request EIP changes for account hw-prod; ask one of <@U0ONCALL>, <!subteam^S0NETOPS> to request it.',
    );
    await expect(engine.service.request(unbindBound({ requester: 'U0NET07' }))).resolves.toMatchObject({ requester: 'U0NET07' });
  });

  it('refuses an impossible request at planning time and stores nothing', async () => {
    const { engine } = await setup();
    const error = await refused(engine.service.request(unbindBound({ args: { action: 'unbind', ref: { kind: 'eip', eip: SEED.freeEip.address } } })));
    expect(error.userMessage).toBe(`${SEED.freeEip.address} is not bound to anything, so there is nothing to unbind.`);
    expect(await engine.service.listOpen('C0OPS')).toEqual([]);
  });

  it('refuses to cancel a request that already ran, saying who approved it and how it ended', async () => {
    const { engine } = await setup();
    const request = await engine.service.request(unbindBound());
    await engine.service.approve(request.id, 'U0APPROVER2');
    await engine.service.settled();
    const done = (await engine.service.get(request.id)) as ChangeRequest;
    const error = await refused(engine.service.cancel(request.id, 'U0REQUESTER'));
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error.userMessage).toBe(
      `${request.id} was already approved by <@U0APPROVER2> at ${slackTime(done.transitions.approved as number)} and succeeded at ${slackTime(done.transitions.succeeded as number)}.`,
    );
    const reject = await refused(engine.service.reject(request.id, 'U0APPROVER1'));
    expect(reject).toBeInstanceOf(IllegalTransitionError);
  });

  it('says a request id does not exist', async () => {
    const { engine } = await setup();
    const error = await refused(engine.service.approve('R-ZZZZZZ', 'U0APPROVER1'));
    expect(error.code).toBe(ErrorCode.NotFound);
    expect(error.userMessage).toBe('There is no change request R-ZZZZZZ; check the id (finished requests are kept for 30 days).');
  });

  it('offers one Undo of a succeeded request, itself approval-gated, that restores the binding', async () => {
    const { engine, sim } = await setup();
    const request = await engine.service.request(unbindBound());
    await engine.service.approve(request.id, 'U0APPROVER1');
    await engine.service.settled();
    const undo = await engine.service.undo(request.id, 'U0NET05');
    expect(undo).toMatchObject({
      status: 'pending',
      undoOf: request.id,
      requester: 'U0NET05',
      reason: `Undo of ${request.id}: INC-42 compromised host`,
      args: { action: 'bind', eip: SEED.boundEip.id },
    });
    const twice = await refused(engine.service.undo(request.id, 'U0NET06'));
    expect(twice.userMessage).toBe(`${request.id} already has an Undo request, ${undo.id} (pending); approve or cancel that one.`);
    expect((await engine.service.get(request.id))?.undoneBy?.id).toBe(undo.id);
    await engine.service.approve(undo.id, 'U0APPROVER1');
    await engine.service.settled();
    expect((await engine.service.get(undo.id))?.status).toBe('succeeded');
    expect(boundPort(sim, SEED.boundEip.id)).toBe(SEED.boundEip.port);
    const after = await refused(engine.service.undo(request.id, 'U0NET06'));
    expect(after.userMessage).toBe(`${request.id} was already undone by ${undo.id}.`);
  });

  it('allows a new Undo once the previous Undo request was cancelled', async () => {
    const { engine } = await setup();
    const request = await engine.service.request(unbindBound());
    await engine.service.approve(request.id, 'U0APPROVER1');
    await engine.service.settled();
    const first = await engine.service.undo(request.id, 'U0NET05');
    await engine.service.cancel(first.id, 'U0NET05');
    const second = await engine.service.undo(request.id, 'U0NET06');
    expect(second.id).not.toBe(first.id);
    expect((await engine.service.get(request.id))?.undoneBy?.id).toBe(second.id);
  });

  it('refuses to undo a request that did not succeed', async () => {
    const { engine } = await setup();
    const request = await engine.service.request(unbindBound());
    const error = await refused(engine.service.undo(request.id, 'U0REQUESTER'));
    expect(error.userMessage).toBe(`Only a succeeded request can be undone; ${request.id} is pending.`);
  });

  it('finishes the execution and keeps the full audit trail when every Slack notification fails', async () => {
    const { engine, notifier, sim, lines } = await setup();
    notifier.failing = true;
    const request = await engine.service.request(unbindBound());
    await engine.service.approve(request.id, 'U0APPROVER1');
    await engine.service.settled();
    expect((await engine.service.get(request.id))?.status).toBe('succeeded');
    expect(providerWrites(sim)).toBe(1);
    expect((await trailTypes(engine, request.id)).at(-1)).toBe('succeeded');
    expect(notifier.finishedRequests).toHaveLength(1);
    expect(lines().filter((line) => line.msg === 'could not notify Slack about a change request').length).toBeGreaterThanOrEqual(4);
  });

  it("lists a channel's open requests, oldest first, leaving out other channels and expired ones", async () => {
    const clock = movableClock();
    const { engine } = await setup({ clock });
    const old = await engine.service.request(unbindBound());
    clock.advance(14 * 60_000);
    const recent = await engine.service.request(unbindBound({ args: { action: 'unbind', ref: { kind: 'eip', eip: SEED.secondEip.address } } }));
    await engine.service.request(unbindBound({ channel: { id: 'C0ELSE', name: 'else' } }));
    expect((await engine.service.listOpen('C0OPS')).map((request) => request.id)).toEqual([old.id, recent.id]);
    clock.advance(2 * 60_000);
    expect((await engine.service.listOpen('C0OPS')).map((request) => request.id)).toEqual([recent.id]);
  });

  it('remembers where the Slack layer posted the card', async () => {
    const { engine } = await setup();
    const request = await engine.service.request(unbindBound());
    await engine.service.setCard(request.id, { channel: 'C0OPS', ts: '1700000000.000200' });
    expect((await engine.service.get(request.id))?.card).toEqual({ channel: 'C0OPS', ts: '1700000000.000200' });
  });

  it('counts approvals and finished requests by action and status for /metrics', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const { engine } = await setup({ metrics });
    const done = await engine.service.request(unbindBound());
    await refused(engine.service.approve(done.id, 'U0REQUESTER'));
    await engine.service.approve(done.id, 'U0APPROVER1');
    await engine.service.settled();
    const rejected = await engine.service.request(unbindBound({ args: { action: 'unbind', ref: { kind: 'eip', eip: SEED.secondEip.address } } }));
    await engine.service.reject(rejected.id, 'U0APPROVER2');
    const { body } = await metrics.render();
    expect(body).toContain('eipbot_requests_total{action="unbind",status="succeeded"} 1');
    expect(body).toContain('eipbot_requests_total{action="unbind",status="rejected"} 1');
    expect(body).toContain('eipbot_approvals_total{outcome="counted"} 1');
    expect(body).toContain('eipbot_approvals_total{outcome="refused"} 1');
    expect(body).toContain('eipbot_approvals_total{outcome="rejected"} 1');
    expect(body).toContain('eipbot_approval_to_done_seconds_count{action="unbind",status="succeeded"} 1');
  });
});
