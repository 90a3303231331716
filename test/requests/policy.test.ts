import { describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/clock.js';
import { ErrorCode } from '../../src/errors.js';
import { cacheUserGroups } from '../../src/requests/cached-user-group-resolver.js';
import {
  applyPolicy,
  checkMayApprove,
  checkMayCancel,
  checkMayReject,
  checkMayRequest,
  hasEnoughApprovals,
  PolicyRefusal,
  resolveAccount,
  type UserGroupResolver,
} from '../../src/requests/policy.js';
import { pendingRequest, requestsTestConfig } from '../support/requests-fixtures.js';

const groups: UserGroupResolver = async (group) => (group === 'S0NETOPS' ? ['U0NETOPS1', 'U0NETOPS2'] : []);
const ops = { id: 'C0OPS', name: 'ops' };

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<PolicyRefusal> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof PolicyRefusal) {
      expect(error.code).toBe(ErrorCode.Policy);
      return error;
    }
    throw error;
  }
  throw new Error('expected a PolicyRefusal');
}

describe('policy: who may request', () => {
  it('applies the global numbers in a normal channel', () => {
    const applied = applyPolicy(requestsTestConfig({ approvals: 2, ttl: '30m' }), 'hw-prod', ops);
    expect(applied).toMatchObject({ incident: false, approvals: 2, allowSelfApproval: false, ttlMs: 30 * 60_000 });
  });

  it('applies the incident numbers in a channel listed by id or matching the name pattern', () => {
    const config = requestsTestConfig({
      approvals: 2,
      incident: { channels: ['C0INCIDENT1'], namePattern: '^inc-', approvals: 1, allowSelfApproval: true, ttl: '5m' },
    });
    for (const channel of [{ id: 'C0INCIDENT1' }, { id: 'C0OTHER', name: 'inc-42-db' }]) {
      expect(applyPolicy(config, 'hw-prod', channel)).toMatchObject({ incident: true, approvals: 1, allowSelfApproval: true, ttlMs: 5 * 60_000 });
    }
    expect(applyPolicy(config, 'hw-prod', { id: 'C0OTHER', name: 'since-inc-42' }).incident).toBe(false);
  });

  it("lets an account's own policy override the global one", () => {
    const config = requestsTestConfig({ approvals: 1 });
    const account = config.accounts['hw-prod'];
    if (!account) throw new Error('fixture account missing');
    account.policy = { approvals: 3, approvers: ['U0DBA'] };
    expect(applyPolicy(config, 'hw-prod', ops)).toMatchObject({ approvals: 3, policy: { approvers: ['U0DBA'] } });
  });

  it('picks the default account, or refuses an unknown one naming the known ones', async () => {
    const config = requestsTestConfig();
    expect(resolveAccount(config, undefined)).toBe('hw-prod');
    expect(() => resolveAccount(config, 'hw-test')).toThrow(`There is no account "hw-test" in eipbot's configuration; use one of hw-prod.`);
  });

  it('refuses a request from a channel where /eip is not enabled and names where it is', async () => {
    const applied = applyPolicy(requestsTestConfig({ channels: ['C0NETOPS', 'C0PLATFORM'] }), 'hw-prod', ops);
    const error = await refusal(checkMayRequest({ applied, account: 'hw-prod', requester: 'U0REQUESTER', channel: ops, reason: 'x' }, groups));
    expect(error.userMessage).toBe('EIP changes for account hw-prod cannot be requested in this channel; use /eip in <#C0NETOPS>, <#C0PLATFORM>.');
  });

  it('accepts a request from an incident channel even when it is not among the normal channels', async () => {
    const channel = { id: 'C0ELSE', name: 'inc-7' };
    const applied = applyPolicy(requestsTestConfig({ channels: ['C0NETOPS'], incident: { namePattern: '^inc-' } }), 'hw-prod', channel);
    await expect(checkMayRequest({ applied, account: 'hw-prod', requester: 'U0REQUESTER', channel }, groups)).resolves.toBeUndefined();
  });

  it('refuses a requester who is not on the requesters list, and accepts members of a listed group', async () => {
    const applied = applyPolicy(requestsTestConfig({ requesters: ['U0ONCALL', 'S0NETOPS'] }), 'hw-prod', ops);
    const error = await refusal(checkMayRequest({ applied, account: 'hw-prod', requester: 'U0INTERN', channel: ops }, groups));
    expect(error.userMessage).toBe(
      'You are not on the list of people who may request EIP changes for account hw-prod; ask one of <@U0ONCALL>, <!subteam^S0NETOPS> to request it.',
    );
    await expect(checkMayRequest({ applied, account: 'hw-prod', requester: 'U0NETOPS2', channel: ops }, groups)).resolves.toBeUndefined();
  });

  it('requires a reason where the policy says so, and says how to give one', async () => {
    const applied = applyPolicy(requestsTestConfig({ requireReason: true }), 'hw-prod', ops);
    for (const reason of [undefined, '   ']) {
      const error = await refusal(checkMayRequest({ applied, account: 'hw-prod', requester: 'U0REQUESTER', channel: ops, reason }, groups));
      expect(error.userMessage).toBe(
        'A reason is required for EIP changes on account hw-prod here; add --reason "…" (for example --reason "INC-42 compromised host") to the command.',
      );
    }
  });

  it('refuses a request nobody could ever approve', async () => {
    const applied = applyPolicy(requestsTestConfig({ approvers: ['U0REQUESTER'] }), 'hw-prod', ops);
    const error = await refusal(checkMayRequest({ applied, account: 'hw-prod', requester: 'U0REQUESTER', channel: ops }, groups));
    expect(error.userMessage).toBe(
      'Nobody could approve this request: account hw-prod has no approvers other than you; ask an eipbot admin to set policy.approvers.',
    );
  });
});

describe('policy: who may approve, reject and cancel', () => {
  const policy = applyPolicy(requestsTestConfig({ approvers: ['U0APPROVER1', 'S0NETOPS'] }), 'hw-prod', ops).policy;

  it('refuses an approval from the requester and tells them whom to ask', async () => {
    const request = pendingRequest({ requester: 'U0APPROVER1' });
    const error = await refusal(checkMayApprove(request, 'U0APPROVER1', policy, groups));
    expect(error.userMessage).toBe('You requested R-7K2F9Q, so your approval does not count; ask one of <!subteam^S0NETOPS>.');
    const fromOther = await refusal(checkMayApprove(pendingRequest(), 'U0REQUESTER', policy, groups));
    expect(fromOther.userMessage).toBe('You requested R-7K2F9Q, so your approval does not count; ask one of <@U0APPROVER1>, <!subteam^S0NETOPS>.');
  });

  it("counts the requester's approval where self-approval applied at request time", async () => {
    const request = pendingRequest({ requester: 'U0APPROVER1', policy: { approvals: 1, allowSelfApproval: true, ttlMs: 300_000 } });
    await expect(checkMayApprove(request, 'U0APPROVER1', policy, groups)).resolves.toBeUndefined();
  });

  it('refuses an approval from someone who is not an approver', async () => {
    const error = await refusal(checkMayApprove(pendingRequest(), 'U0BYSTANDER', policy, groups));
    expect(error.userMessage).toBe('You are not an approver for account hw-prod, so you cannot approve R-7K2F9Q; ask one of <@U0APPROVER1>, <!subteam^S0NETOPS>.');
  });

  it('names the requester among those to ask where self-approval lets their approval count', async () => {
    const request = pendingRequest({ requester: 'U0APPROVER1', policy: { approvals: 1, allowSelfApproval: true, ttlMs: 300_000 } });
    const error = await refusal(checkMayApprove(request, 'U0BYSTANDER', policy, groups));
    expect(error.userMessage).toBe('You are not an approver for account hw-prod, so you cannot approve R-7K2F9Q; ask one of <@U0APPROVER1>, <!subteam^S0NETOPS>.');
    const normal = await refusal(checkMayApprove(pendingRequest({ requester: 'U0APPROVER1' }), 'U0BYSTANDER', policy, groups));
    expect(normal.userMessage).toBe('You are not an approver for account hw-prod, so you cannot approve R-7K2F9Q; ask one of <!subteam^S0NETOPS>.');
  });

  it('accepts an approval from a member of an approver user group', async () => {
    await expect(checkMayApprove(pendingRequest(), 'U0NETOPS2', policy, groups)).resolves.toBeUndefined();
  });

  it('tells an approver who clicks twice how many approvals are still missing', async () => {
    const request = pendingRequest({ policy: { approvals: 3, allowSelfApproval: false, ttlMs: 900_000 }, approvals: [{ user: 'U0NETOPS1', at: 1 }] });
    const error = await refusal(checkMayApprove(request, 'U0NETOPS1', policy, groups));
    expect(error.userMessage).toBe('You already approved R-7K2F9Q; it needs 2 more approvals from another approver: ask one of <@U0APPROVER1>, <!subteam^S0NETOPS>.');
  });

  it('says so when the members of an approver group cannot be read, instead of refusing silently', async () => {
    const failing: UserGroupResolver = async () => {
      throw new Error('ratelimited');
    };
    const error = await refusal(checkMayApprove(pendingRequest(), 'U0NETOPS2', policy, failing));
    expect(error.userMessage).toBe(
      'eipbot could not read the members of <!subteam^S0NETOPS> from Slack, so it cannot tell whether you may do this; try again in a minute.',
    );
  });

  it('needs N distinct approvals before a request counts as approved', () => {
    const twoNeeded = { approvals: 2, allowSelfApproval: false, ttlMs: 900_000 };
    expect(hasEnoughApprovals(pendingRequest({ policy: twoNeeded, approvals: [{ user: 'U0NETOPS1', at: 1 }] }))).toBe(false);
    expect(
      hasEnoughApprovals(pendingRequest({ policy: twoNeeded, approvals: [{ user: 'U0NETOPS1', at: 1 }, { user: 'U0APPROVER1', at: 2 }] })),
    ).toBe(true);
  });

  it('refuses a rejection from a non-approver, pointing the requester to cancel', async () => {
    expect((await refusal(checkMayReject(pendingRequest(), 'U0BYSTANDER', policy, groups))).userMessage).toBe(
      'You are not an approver for account hw-prod, so you cannot reject R-7K2F9Q; ask one of <@U0APPROVER1>, <!subteam^S0NETOPS>.',
    );
    expect((await refusal(checkMayReject(pendingRequest(), 'U0REQUESTER', policy, groups))).userMessage).toBe(
      'You are not an approver for account hw-prod, so you cannot reject R-7K2F9Q; as its requester you can cancel it with /eip cancel R-7K2F9Q.',
    );
    await expect(checkMayReject(pendingRequest(), 'U0NETOPS1', policy, groups)).resolves.toBeUndefined();
  });

  it('lets only the requester cancel', async () => {
    expect((await refusal(() => checkMayCancel(pendingRequest(), 'U0APPROVER1'))).userMessage).toBe(
      'Only <@U0REQUESTER>, who requested R-7K2F9Q, can cancel it; an approver can Reject it instead.',
    );
    expect(() => checkMayCancel(pendingRequest(), 'U0REQUESTER')).not.toThrow();
  });
});

describe('user-group cache', () => {
  it('asks Slack once for a group within a minute, and again after', async () => {
    let now = 0;
    const clock: Clock = { now: () => now, sleep: systemClock.sleep };
    const calls: string[] = [];
    const cached = cacheUserGroups(async (group) => {
      calls.push(group);
      return ['U1'];
    }, clock);
    await Promise.all([cached('S1'), cached('S1'), cached('S1')]);
    now = 59_000;
    await cached('S1');
    expect(calls).toEqual(['S1']);
    now = 60_001;
    await cached('S1');
    expect(calls).toEqual(['S1', 'S1']);
  });

  it('does not keep a failed lookup, so the next click tries again', async () => {
    let fail = true;
    const cached = cacheUserGroups(async () => {
      if (fail) throw new Error('Slack unreachable');
      return ['U1'];
    }, systemClock);
    await expect(cached('S1')).rejects.toThrow('Slack unreachable');
    fail = false;
    await expect(cached('S1')).resolves.toEqual(['U1']);
  });
});
