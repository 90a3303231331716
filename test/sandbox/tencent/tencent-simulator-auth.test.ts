import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/clock.js';
import { isProviderError } from '../../../src/providers/provider-error.js';
import { buildLegacyRequest } from '../../../src/providers/tencent/legacy-request.js';
import { signLegacy } from '../../../src/providers/tencent/signer-legacy.js';
import { signTc3 } from '../../../src/providers/tencent/signer-tc3.js';
import { createTencentProvider } from '../../../src/providers/tencent/tencent-provider.js';
import { buildV3Request } from '../../../src/providers/tencent/v3-request.js';
import { SANDBOX_TENCENT_SECRET_ID as ID, SANDBOX_TENCENT_SECRET_KEY as KEY } from '../../../src/sandbox/tencent/default-tencent-seed.js';
import type { TencentSimulator } from '../../../src/sandbox/tencent/tencent-simulator.js';
import { FAST_POLL, FAST_RETRY, startFastSimulator, tencentAccount } from '../../providers/tencent/tencent-test-kit.js';

let simulator: TencentSimulator;
beforeAll(async () => {
  simulator = await startFastSimulator();
});
afterAll(async () => {
  await simulator.close();
});
beforeEach(() => simulator.stats.reset());

const now = () => Math.floor(Date.now() / 1000);

async function sendV3(request: { url: string; method: string; headers: Record<string, string>; body?: string }) {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  return { status: response.status, json: (await response.json()) as { Response: { Error?: { Code: string }; RequestId?: string } & Record<string, unknown> } };
}

function v3(overrides: { secretId?: string; secretKey?: string; timestamp?: number; body?: string; action?: string } = {}) {
  return buildV3Request({
    endpoint: simulator.url,
    action: overrides.action ?? 'DescribeAddresses',
    region: 'ap-guangzhou',
    secretId: overrides.secretId ?? ID,
    secretKey: overrides.secretKey ?? KEY,
    timestamp: overrides.timestamp ?? now(),
    body: overrides.body ?? '{"AddressIds":["eip-web00001"]}',
  });
}

async function sendLegacy(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  return (await response.json()) as { code: number; codeDesc?: string; message?: string };
}

function legacy(overrides: { secretKey?: string; secretId?: string; timestamp?: number; nonce?: number } = {}) {
  return buildLegacyRequest({
    endpoint: simulator.url,
    action: 'DescribeEip',
    region: 'ap-guangzhou',
    secretId: overrides.secretId ?? ID,
    secretKey: overrides.secretKey ?? KEY,
    timestamp: overrides.timestamp ?? now(),
    nonce: overrides.nonce ?? Math.floor(Math.random() * 1e9) + 1,
    params: { 'eipIds.0': 'eip-web00001' },
  });
}

describe('Tencent simulator: API 3.0 signatures', () => {
  it('accepts a request eipbot signed and answers with a RequestId', async () => {
    const { status, json } = await sendV3(v3());
    expect(status).toBe(200);
    expect(json.Response.Error).toBeUndefined();
    expect(json.Response.TotalCount).toBe(1);
    expect(json.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a request signed with the wrong SecretKey with AuthFailure.SignatureFailure over HTTP 200', async () => {
    const { status, json } = await sendV3(v3({ secretKey: 'not-the-key' }));
    expect(status).toBe(200);
    expect(json.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect(simulator.stats.authFailures()).toBe(1);
    expect(simulator.stats.calls('DescribeAddresses')).toBe(0);
  });

  it('refuses a timestamp more than five minutes old, or ahead, with AuthFailure.SignatureExpire', async () => {
    expect((await sendV3(v3({ timestamp: now() - 301 }))).json.Response.Error?.Code).toBe('AuthFailure.SignatureExpire');
    expect((await sendV3(v3({ timestamp: now() + 400 }))).json.Response.Error?.Code).toBe('AuthFailure.SignatureExpire');
    expect((await sendV3(v3({ timestamp: now() - 200 }))).json.Response.Error).toBeUndefined();
  });

  it('refuses an unknown SecretId with AuthFailure.SecretIdNotFound', async () => {
    expect((await sendV3(v3({ secretId: 'AKIDunknown' }))).json.Response.Error?.Code).toBe('AuthFailure.SecretIdNotFound');
  });

  it('refuses a body changed after signing', async () => {
    const request = v3();
    const { json } = await sendV3({ ...request, body: '{"AddressIds":["eip-web00002"]}' });
    expect(json.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('accepts the newer form that also signs x-tc-action, and refuses a list without host', async () => {
    const timestamp = now();
    const body = '{}';
    const base = v3({ body, timestamp });
    const host = new URL(simulator.url).host;
    const withAction = signTc3({
      secretId: ID,
      secretKey: KEY,
      service: 'vpc',
      method: 'POST',
      signedHeaders: { 'content-type': 'application/json', host, 'x-tc-action': 'DescribeAddresses' },
      payload: body,
      timestamp,
    });
    expect((await sendV3({ ...base, headers: { ...base.headers, Authorization: withAction.authorization } })).json.Response.Error).toBeUndefined();
    const withoutHost = signTc3({
      secretId: ID,
      secretKey: KEY,
      service: 'vpc',
      method: 'POST',
      signedHeaders: { 'content-type': 'application/json' },
      payload: body,
      timestamp,
    });
    const refused = await sendV3({ ...base, headers: { ...base.headers, Authorization: withoutHost.authorization } });
    expect(refused.json.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('refuses a credential scope for another service than vpc', async () => {
    const timestamp = now();
    const base = v3({ body: '{}', timestamp });
    const cvm = signTc3({
      secretId: ID,
      secretKey: KEY,
      service: 'cvm',
      method: 'POST',
      signedHeaders: { 'content-type': 'application/json', host: new URL(simulator.url).host },
      payload: '{}',
      timestamp,
    });
    expect((await sendV3({ ...base, headers: { ...base.headers, Authorization: cvm.authorization } })).json.Response.Error?.Code).toBe(
      'AuthFailure.SignatureFailure',
    );
  });

  it('refuses a missing Authorization, a wrong version and an unknown action with their codes', async () => {
    const base = v3();
    const { Authorization: _dropped, ...unsigned } = base.headers;
    expect((await sendV3({ ...base, headers: unsigned })).json.Response.Error?.Code).toBe('AuthFailure.InvalidAuthorization');
    expect((await sendV3({ ...base, headers: { ...base.headers, 'X-TC-Version': '2020-01-01' } })).json.Response.Error?.Code).toBe('NoSuchVersion');
    expect((await sendV3(v3({ action: 'DeleteEverything' }))).json.Response.Error?.Code).toBe('InvalidAction');
  });
});

describe('Tencent simulator: legacy v2 signatures', () => {
  it('accepts a GET eipbot signed with HmacSHA256', async () => {
    const answer = await sendLegacy(legacy().url);
    expect(answer.code).toBe(0);
    expect(simulator.stats.calls('DescribeEip')).toBe(1);
  });

  it('refuses a wrong SecretKey with the 4100 AuthFailure body', async () => {
    expect(await sendLegacy(legacy({ secretKey: 'wrong' }).url)).toMatchObject({ code: 4100, codeDesc: 'AuthFailure' });
  });

  it('refuses an unknown SecretId with 4104', async () => {
    expect((await sendLegacy(legacy({ secretId: 'AKIDnobody' }).url)).code).toBe(4104);
  });

  it('refuses a timestamp beyond the replay window, and a reused nonce, with 4500', async () => {
    expect((await sendLegacy(legacy({ timestamp: now() - 3 * 3600 }).url)).code).toBe(4500);
    const once = legacy({ nonce: 424242 }).url;
    expect((await sendLegacy(once)).code).toBe(0);
    expect((await sendLegacy(once)).code).toBe(4500);
  });

  it('accepts a POST form signed with the POST prefix, and refuses one signed as GET', async () => {
    const host = new URL(simulator.url).host;
    const params: Record<string, string | number> = {
      Action: 'DescribeEip',
      Region: 'ap-guangzhou',
      Timestamp: now(),
      Nonce: 777001,
      SecretId: ID,
      SignatureMethod: 'HmacSHA256',
      'eipIds.0': 'eip-web00001',
    };
    const post = (method: 'GET' | 'POST', nonce: number) => {
      const signed = { ...params, Nonce: nonce };
      const { signature } = signLegacy({ method, host, path: '/v2/index.php', params: signed, secretKey: KEY, algorithm: 'HmacSHA256' });
      return sendLegacy(`${simulator.url}/v2/index.php`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(Object.entries({ ...signed, Signature: signature }).map(([k, v]): [string, string] => [k, String(v)])).toString(),
      });
    };
    expect((await post('POST', 777001)).code).toBe(0);
    expect((await post('GET', 777002)).code).toBe(4100);
  });

  it('verifies HmacSHA1 when SignatureMethod says HmacSHA1', async () => {
    const host = new URL(simulator.url).host;
    const params = { Action: 'DescribeEip', Region: 'ap-guangzhou', Timestamp: now(), Nonce: 99, SecretId: ID, SignatureMethod: 'HmacSHA1' };
    const { signature } = signLegacy({ method: 'GET', host, path: '/v2/index.php', params, secretKey: KEY, algorithm: 'HmacSHA1' });
    const query = new URLSearchParams(Object.entries({ ...params, Signature: signature }).map(([k, v]): [string, string] => [k, String(v)]));
    expect((await sendLegacy(`${simulator.url}/v2/index.php?${query}`)).code).toBe(0);
  });
});

describe('Tencent provider against signature refusals', () => {
  for (const api of ['v3', 'legacy'] as const) {
    it(`${api}: a wrong SecretKey is an auth error that names the key, and is not retried`, async () => {
      const provider = createTencentProvider({
        name: 'tc',
        account: tencentAccount(simulator.url, api, { secretKey: 'definitely-wrong' }),
        poll: FAST_POLL,
        retry: FAST_RETRY,
      });
      const error = await provider.describeEip('eip-web00001').catch((e: unknown) => e);
      expect(isProviderError(error) && error.kind).toBe('auth');
      expect(isProviderError(error) && error.userMessage).toContain('auth.secretKey');
      expect(simulator.stats.authFailures()).toBe(1);
    });
  }

  it('a clock ten minutes behind is refused, and the message says to check the clock of the eipbot host', async () => {
    const slowClock = { now: () => Date.now() - 10 * 60_000, sleep: systemClock.sleep };
    const provider = createTencentProvider({ name: 'tc', account: tencentAccount(simulator.url, 'v3'), clock: slowClock, poll: FAST_POLL, retry: FAST_RETRY });
    const error = await provider.describeEip('eip-web00001').catch((e: unknown) => e);
    expect(isProviderError(error) && error.providerCode).toBe('AuthFailure.SignatureExpire');
    expect(isProviderError(error) && error.userMessage).toContain('check the clock of the eipbot host');
    expect(simulator.stats.authFailures()).toBe(1);
  });

  it('legacy: a clock three hours behind gets the replay refusal, which also says to check the clock', async () => {
    const slowClock = { now: () => Date.now() - 3 * 3600_000, sleep: systemClock.sleep };
    const provider = createTencentProvider({ name: 'tc', account: tencentAccount(simulator.url, 'legacy'), clock: slowClock, poll: FAST_POLL, retry: FAST_RETRY });
    const error = await provider.describeEip('eip-web00001').catch((e: unknown) => e);
    expect(isProviderError(error) && error.kind).toBe('auth');
    expect(isProviderError(error) && error.userMessage).toContain('check the clock of the eipbot host');
  });
});
