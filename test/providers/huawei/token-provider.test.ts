import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../../src/clock.js';
import { Secret } from '../../../src/config/secret.js';
import { HuaweiHttpClient, createHuaweiTransport } from '../../../src/providers/huawei/http-client.js';
import { HuaweiOperation } from '../../../src/providers/huawei/huawei-operations.js';
import { HuaweiTokenProvider } from '../../../src/providers/huawei/token-provider.js';
import { ProviderError } from '../../../src/providers/provider-error.js';
import { forkWorkers } from '../../support/fork-workers.js';
import { redisUnderOwnPrefix } from '../../support/redis-prefix.js';
import { IAM_USER, PROJECT_ID, huaweiAccount, seedIds, startHuaweiTestbed, type HuaweiTestbed } from './huawei-testbed.js';

const TOKEN_REPLICA = fileURLToPath(new URL('../../fixtures/huawei/token-replica.ts', import.meta.url));

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('IAM token auth', () => {
  let bed: HuaweiTestbed;

  beforeEach(async () => {
    bed = await startHuaweiTestbed();
  });

  afterEach(async () => {
    await bed.close();
  });

  it('asks IAM for one token for 100 concurrent calls', async () => {
    const provider = bed.provider('token', 'v1');

    const eips = await Promise.all(Array.from({ length: 100 }, () => provider.describeEip(seedIds.freeEip)));

    expect(eips).toHaveLength(100);
    expect(bed.sim.stats.tokenRequests).toBe(1);
  });

  it('lets another replica on the same store use the cached token instead of asking IAM again', async () => {
    await bed.provider('token', 'v1').describeEip(seedIds.freeEip);
    await bed.provider('token', 'v3').describeEip(seedIds.boundEip);

    expect(bed.sim.stats.tokenRequests).toBe(1);
  });

  it('renews a revoked token exactly once, however many calls it failed', async () => {
    const provider = bed.provider('token', 'v1');
    await provider.describeEip(seedIds.freeEip);
    bed.sim.faults.revokeTokens();

    const eips = await Promise.all(Array.from({ length: 20 }, () => provider.describeEip(seedIds.boundEip)));

    expect(eips.every((eip) => eip.id === seedIds.boundEip)).toBe(true);
    expect(bed.sim.stats.tokenRequests).toBe(2);
    const refused = bed.sim.stats.calls.filter((call) => call.operation === HuaweiOperation.showEipV1 && call.outcome === 401);
    expect(refused.length).toBeGreaterThan(0);
  });

  it('renews an expired token once and goes on', async () => {
    const provider = bed.provider('token', 'v3');
    await provider.describeEip(seedIds.freeEip);
    bed.sim.faults.expireTokens();

    const eip = await provider.describeEip(seedIds.freeEip);

    expect(eip.id).toBe(seedIds.freeEip);
    expect(bed.sim.stats.tokenRequests).toBe(2);
  });

  it('does not loop when a fresh token is refused too: one renewal, then an auth error', async () => {
    const provider = bed.provider('token', 'v1');
    bed.sim.faults.inject({ operation: HuaweiOperation.showEipV1, response: { status: 401, code: 'APIG.0301' }, times: 5 });

    const error = await rejection(provider.describeEip(seedIds.freeEip));

    expect(error).toMatchObject({ kind: 'auth', providerCode: 'APIG.0301', httpStatus: 401 });
    expect(bed.sim.stats.count(HuaweiOperation.showEipV1)).toBe(2);
    expect(bed.sim.stats.tokenRequests).toBe(2);
  });

  it('reports a wrong IAM password as an auth error without asking again', async () => {
    const provider = bed.provider('token', 'v1', {
      account: huaweiAccount(bed.sim.url, 'token', 'v1', {
        auth: { type: 'token', domain: IAM_USER.domain, user: IAM_USER.user, password: Secret.of('not-the-password') },
      }),
    });

    const error = await rejection(provider.describeEip(seedIds.freeEip));

    expect(error).toMatchObject({ kind: 'auth', httpStatus: 401, operation: HuaweiOperation.issueToken });
    expect(error.userMessage).toContain('rejected the credentials');
    expect(error.userMessage).not.toContain('not-the-password');
    expect(bed.sim.stats.tokenRequests).toBe(1);
  });

  it('scopes the token by project id when the account names one', async () => {
    const provider = bed.provider('token', 'v1', {
      account: huaweiAccount(bed.sim.url, 'token', 'v1', { projectId: PROJECT_ID }),
    });

    expect((await provider.describeEip(seedIds.freeEip)).id).toBe(seedIds.freeEip);
  });

  it('keeps the password out of the store', async () => {
    await bed.provider('token', 'v1').describeEip(seedIds.freeEip);
    await bed.store.close();

    const files = await readdir(bed.storeDir);
    const contents = await Promise.all(files.map((file) => readFile(`${bed.storeDir}/${file}`)));
    expect(contents.some((bytes) => bytes.includes('MIIsim'))).toBe(true);
    expect(contents.some((bytes) => bytes.includes(IAM_USER.password))).toBe(false);
  });
});

/** A clock the test moves by hand, for expiry. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.now();
  return {
    now: () => now,
    sleep: systemClock.sleep,
    advance: (ms) => {
      now += ms;
    },
  };
}

describe('IAM token renewal ahead of expiry', () => {
  let bed: HuaweiTestbed;

  beforeEach(async () => {
    bed = await startHuaweiTestbed({ clock: systemClock, tokenTtlMs: 2 * 3_600_000 });
  });

  afterEach(async () => {
    await bed.close();
  });

  function tokenProvider(clock: Clock): HuaweiTokenProvider {
    const iam = new HuaweiHttpClient({
      accountName: 'hw-token',
      endpoints: { vpc: bed.sim.url, ecs: bed.sim.url, iam: bed.sim.url },
      transport: createHuaweiTransport(2_000),
      clock,
      random: Math.random,
      retry: { baseMs: 1, capMs: 5, maxAttempts: 3 },
    });
    return new HuaweiTokenProvider({
      accountName: 'hw-token',
      iamEndpoint: bed.sim.url,
      domain: IAM_USER.domain,
      user: IAM_USER.user,
      password: Secret.of(IAM_USER.password),
      scope: { name: bed.sim.state.projectName },
      iam,
      store: bed.store.namespace('huawei-tokens'),
      clock,
      refreshAheadMs: 60 * 60_000,
    });
  }

  it('reuses the token while it is fresh and renews it once less than an hour is left', async () => {
    const clock = manualClock();
    const tokens = tokenProvider(clock);

    const first = await tokens.get();
    clock.advance(30 * 60_000);
    expect((await tokens.get()).token).toBe(first.token);
    expect(bed.sim.stats.tokenRequests).toBe(1);

    clock.advance(40 * 60_000);
    const renewed = await tokens.get();

    expect(renewed.token).not.toBe(first.token);
    expect(renewed.projectId).toBe(PROJECT_ID);
    expect(bed.sim.stats.tokenRequests).toBe(2);
  });

  it('keeps using the current token when renewal fails while it is still valid', async () => {
    const clock = manualClock();
    const tokens = tokenProvider(clock);
    const first = await tokens.get();
    clock.advance(70 * 60_000);
    bed.sim.faults.inject({ operation: HuaweiOperation.issueToken, response: { status: 503 }, times: 10 });

    expect((await tokens.get()).token).toBe(first.token);
    expect(bed.sim.stats.tokenRequests).toBe(4);
  });
});

describe('IAM token shared between processes', () => {
  let bed: HuaweiTestbed;
  const redis = redisUnderOwnPrefix('test');

  beforeEach(async () => {
    bed = await startHuaweiTestbed();
  });

  afterEach(async () => {
    await bed.close();
    await redis.remove();
  });

  it('two bot processes sharing Redis cause one token request', async () => {
    const completed = await forkWorkers(TOKEN_REPLICA, [
      [bed.sim.url, redis.url, '25'],
      [bed.sim.url, redis.url, '25'],
    ]);

    expect(completed).toEqual([25, 25]);
    expect(bed.sim.stats.tokenRequests).toBe(1);
    expect(bed.sim.stats.count(HuaweiOperation.showEipV1)).toBe(50);
  });
});
