import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLegacyRequest } from '../../../src/providers/tencent/legacy-request.js';
import { buildV3Request } from '../../../src/providers/tencent/v3-request.js';

// The SDK is CommonJS with `exports.default = Sign`; require() gives exactly what its .d.ts describes.
const require = createRequire(import.meta.url);
const { default: Sign } = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js') as typeof import('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js');
const { AbstractClient } = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/abstract_client.js') as typeof import('tencentcloud-sdk-nodejs-common/tencentcloud/common/abstract_client.js');

const SECRET_ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE';
const SECRET_KEY = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
const ENDPOINT = 'https://vpc.tencentcloudapi.com';

/**
 * What the official SDK's TC3 signer says about the request eipbot builds. `bytes`
 * hands it the exact body; otherwise it serialises the parsed body itself, as it does
 * for its own requests (json-bigint, which escapes a few invisible characters such as
 * U+2028 that JSON.stringify leaves raw — both are valid JSON, and each signature covers
 * the bytes its client sends).
 */
function sdkAuthorization(request: { body?: string; headers: Record<string, string> }, bytes = false): string {
  const body = request.body ?? '{}';
  return Sign.sign3({
    method: 'POST',
    url: `${ENDPOINT}/`,
    payload: bytes ? Buffer.from(body, 'utf8') : (JSON.parse(body) as unknown),
    timestamp: Number(request.headers['X-TC-Timestamp']),
    service: 'vpc',
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    multipart: false,
    boundary: '',
    headers: { 'Content-Type': request.headers['Content-Type']! },
  });
}

const build = (action: string, body: string, timestamp = 1551113065) =>
  buildV3Request({ endpoint: ENDPOINT, action, region: 'ap-guangzhou', secretId: SECRET_ID, secretKey: SECRET_KEY, timestamp, body });

describe('requests eipbot signs, checked by the official Tencent Cloud SDK signer', () => {
  it.each([
    ['DisassociateAddress', '{"AddressId":"eip-ek0cdz1g"}'],
    ['DisassociateAddress', '{"AddressId":"eip-ek0cdz1g","ReallocateNormalPublicIp":true}'],
    ['AssociateAddress', '{"AddressId":"eip-ek0cdz1g","InstanceId":"ins-1bmpb9tu"}'],
    ['AssociateAddress', '{"AddressId":"eip-ek0cdz1g","NetworkInterfaceId":"eni-jyhoxx61","PrivateIpAddress":"10.0.0.120"}'],
    ['DescribeAddresses', '{"Filters":[{"Name":"address-ip","Values":["203.0.113.10"]}],"Offset":0,"Limit":100}'],
    ['DescribeTaskResult', '{"TaskId":50121411}'],
    ['AllocateAddresses', '{"AddressCount":1,"AddressName":"eipbot-R-7K2F9Q","InternetMaxBandwidthOut":5,"ClientToken":"eipbot-R-7K2F9Q"}'],
    ['AllocateAddresses', '{"AddressCount":1,"AddressName":"未命名-web","InternetMaxBandwidthOut":5}'],
    ['DescribeNetworkInterfaces', '{"Filters":[{"Name":"attachment.instance-id","Values":["ins-1bmpb9tu"]}],"Offset":0,"Limit":100}'],
  ])('%s %s gets the same Authorization from both signers', (action, body) => {
    const request = build(action, body);
    expect(request.headers.Authorization).toBe(sdkAuthorization(request));
  });

  it('reproduces the derived DisassociateAddress vector through the request builder', () => {
    expect(build('DisassociateAddress', '{"AddressId":"eip-ek0cdz1g"}').headers.Authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/vpc/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=c870d3bd44b8fc4397b0ad55a399f3903a2dda3ddab3140bce6a3d33c9935e8f',
    );
  });

  it('agrees with the SDK on the exact bytes sent, for any EIP name and bandwidth, including non-ASCII names', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1_500_000_000, max: 2_000_000_000 }), (name, bandwidth, timestamp) => {
        const request = build('AllocateAddresses', JSON.stringify({ AddressCount: 1, AddressName: name, InternetMaxBandwidthOut: bandwidth }), timestamp);
        expect(request.headers.Authorization).toBe(sdkAuthorization(request, true));
      }),
      { numRuns: 300 },
    );
  });

  it('signs the credential scope for service vpc even when the endpoint is a loopback override', () => {
    const request = buildV3Request({
      endpoint: 'http://127.0.0.1:8443',
      action: 'DescribeAddresses',
      region: 'ap-guangzhou',
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      timestamp: 1551113065,
      body: '{}',
    });
    expect(request.headers.Authorization).toContain('/2019-02-25/vpc/tc3_request');
    expect(request.headers.Host).toBe('127.0.0.1:8443');
    expect(request.url).toBe('http://127.0.0.1:8443/');
  });

  it('signs a legacy EipUnBindInstance exactly as the SDK v1 signer does', () => {
    const request = buildLegacyRequest({
      endpoint: 'https://eip.api.qcloud.com',
      action: 'EipUnBindInstance',
      region: 'gz',
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3Cozk1qA',
      timestamp: 1465185768,
      nonce: 11886,
      params: { eipId: 'eip-mksy14ay', allocWanIp: 0 },
    });
    const query = Object.fromEntries(new URL(request.url).searchParams);
    expect(query.Signature).toBe('Cvgd89pzHgKE1ceo30WVVMg/79gCml9MmC4rS+D1cb4=');
    const { Signature: signature, ...params } = query;
    const sdk = new AbstractClient('eip.api.qcloud.com', '2017-03-12', {
      credential: { secretId: params.SecretId, secretKey: 'Gu5t9xGARNpq86cd98joQYCN3Cozk1qA' },
      region: 'gz',
      profile: { signMethod: 'HmacSHA256', httpProfile: { reqMethod: 'GET' } },
    });
    sdk.path = '/v2/index.php';
    const signString = (sdk as unknown as { formatSignString(params: Record<string, string>): string }).formatSignString(params);
    expect(Sign.sign('Gu5t9xGARNpq86cd98joQYCN3Cozk1qA', signString, 'HmacSHA256')).toBe(signature);
  });

  it('signs the legacy host with its port and the path actually called under an endpoint override', () => {
    const request = buildLegacyRequest({
      endpoint: 'http://127.0.0.1:8080/tencent/',
      action: 'DescribeEip',
      region: 'ap-guangzhou',
      secretId: 'AKIDx',
      secretKey: 'key',
      timestamp: 1465185768,
      nonce: 1,
      params: { 'eipIds.0': 'eip-mksy14ay' },
    });
    const url = new URL(request.url);
    expect(url.host).toBe('127.0.0.1:8080');
    expect(url.pathname).toBe('/tencent/v2/index.php');
    const { Signature: signature, ...params } = Object.fromEntries(url.searchParams);
    const expected = Sign.sign(
      'key',
      `GET127.0.0.1:8080/tencent/v2/index.php?${Object.keys(params)
        .sort()
        .map((key) => `${key}=${params[key]}`)
        .join('&')}`,
      'HmacSHA256',
    );
    expect(signature).toBe(expected);
  });
});
