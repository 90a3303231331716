import { describe, expect, it } from 'vitest';
import { formatSdkDate, parseSdkDate, signSdkHmacSha256 } from '../../../src/providers/huawei/signer.js';

/** reference/huawei.md §2.3: produced by the official AKSKSigner (huaweicloud-sdk-core 3.1.211). */
const AK = 'HPUAEXAMPLEAK0000001';
const SK = 'ExampleSecretKey0000000000000000000000001';
const PROJECT = '0123456789abcdef0123456789abcdef';
const SIGNED_HEADERS = { 'content-type': 'application/json', 'X-Project-Id': PROJECT, 'X-Sdk-Date': '20250101T120000Z' };

describe('SDK-HMAC-SHA256 signer', () => {
  it('signs vector A (bind EIP v1) with the canonical request, string to sign and signature of the official SDK', () => {
    const signature = signSdkHmacSha256(
      {
        method: 'PUT',
        url: `https://vpc.eu-de.otc.t-systems.com/v1/${PROJECT}/publicips/2ec9b78d-9368-46f3-8f29-d1a95622a568`,
        headers: SIGNED_HEADERS,
        body: '{"publicip":{"port_id":"a135e9b8-1630-40d2-a6c5-eb534a61efbe"}}',
      },
      AK,
      SK,
    );
    expect(signature.canonicalRequest).toBe(
      [
        'PUT',
        `/v1/${PROJECT}/publicips/2ec9b78d-9368-46f3-8f29-d1a95622a568/`,
        '',
        'content-type:application/json',
        'host:vpc.eu-de.otc.t-systems.com',
        `x-project-id:${PROJECT}`,
        'x-sdk-date:20250101T120000Z',
        '',
        'content-type;host;x-project-id;x-sdk-date',
        '00fb1b1257e4924c12a4248c30cbb7c3cdcc57de466befe47e5464f792956986',
      ].join('\n'),
    );
    expect(signature.stringToSign).toBe(
      ['SDK-HMAC-SHA256', '20250101T120000Z', '4e48672ef7eb292c9bf94622e314fd46e3f2671d000ee93d5435c3fdafd67bdf'].join('\n'),
    );
    expect(signature.authorization).toBe(
      'SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, ' +
        'Signature=e233cafa53a519acfcf109dd05a7ce9cb6f00bf0fdfd2e0e44c5ad7a30f81448',
    );
    expect(signature.host).toBe('vpc.eu-de.otc.t-systems.com');
  });

  it('signs vector B (GET ports with a query and no body)', () => {
    const signature = signSdkHmacSha256(
      {
        method: 'GET',
        url: `https://vpc.cn-north-4.myhuaweicloud.com/v1/${PROJECT}/ports`,
        query: { device_id: 'ea61f836-b52f-41bf-9d06-685644001d6f', limit: 10 },
        headers: SIGNED_HEADERS,
        body: '',
      },
      AK,
      SK,
    );
    expect(signature.canonicalRequest.split('\n')[2]).toBe('device_id=ea61f836-b52f-41bf-9d06-685644001d6f&limit=10');
    expect(signature.canonicalRequest.split('\n').at(-1)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(signature.stringToSign.split('\n')[2]).toBe('6f969b762f0562d6f877ed3fca129b01ca2598db94c69087970bfea2a7ddae87');
    expect(signature.authorization).toBe(
      'SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, ' +
        'Signature=26c9e6ddd57110770d4af076c4203aa373b461d386d6108ef66b8ae83fc3310c',
    );
  });

  it("reproduces vector C, the example published in Huawei's API Signing Guide", () => {
    const signature = signSdkHmacSha256(
      {
        method: 'GET',
        url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
        query: { limit: '2', marker: '13551d6b-755d-4757-b956-536f674975c0' },
        headers: { 'content-type': 'application/json', 'X-Sdk-Date': '20191115T033655Z' },
        body: '',
      },
      'QTWAOYTTINDUT2QVKYUC',
      'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
    );
    expect(signature.stringToSign.split('\n')[2]).toBe('b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
    expect(signature.authorization).toBe(
      'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, ' +
        'Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    );
  });

  it('matches the wire capture of the official SDK unbinding a NIC virtual IP (seed 003)', () => {
    const signature = signSdkHmacSha256(
      {
        method: 'PUT',
        url: `https://ecs.eu-de.otc.t-systems.com/v1/${PROJECT}/cloudservers/nics/d32019d3-bc6e-4319-9c1d-6722fc136a23`,
        headers: SIGNED_HEADERS,
        body: '{"nic":{"subnet_id":"","ip_address":""}}',
      },
      AK,
      SK,
    );
    expect(signature.authorization).toBe(
      'SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, ' +
        'Signature=7518a04652d27279e3fc7e6f323381ea4bbc8388d436cedff26fe01fa67ee09a',
    );
  });

  it('matches the wire capture of the official SDK listing a server’s ports (seed 001)', () => {
    const signature = signSdkHmacSha256(
      {
        method: 'GET',
        url: `https://vpc.eu-de.otc.t-systems.com/v1/${PROJECT}/ports`,
        query: { device_id: 'ea61f836-b52f-41bf-9d06-685644001d6f' },
        headers: SIGNED_HEADERS,
        body: '',
      },
      AK,
      SK,
    );
    expect(signature.authorization).toBe(
      'SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, ' +
        'Signature=acbc6011cf03ce00253e56aff6893daaca899c65a585c05b98e7639640c51910',
    );
  });

  it('signs the host with its port when the endpoint is not on the default port, and one pair per repeated query value', () => {
    const signature = signSdkHmacSha256(
      {
        method: 'GET',
        url: `http://127.0.0.1:8443/v1/${PROJECT}/publicips`,
        query: { port_id: ['b-port', 'a-port'], limit: 5 },
        headers: { 'X-Sdk-Date': '20250101T120000Z' },
        body: '',
      },
      AK,
      SK,
    );
    const lines = signature.canonicalRequest.split('\n');
    expect(lines[1]).toBe(`/v1/${PROJECT}/publicips/`);
    expect(lines[2]).toBe('limit=5&port_id=a-port&port_id=b-port');
    expect(lines[3]).toBe('host:127.0.0.1:8443');
    expect(signature.host).toBe('127.0.0.1:8443');
  });

  it('percent-encodes path segments and query values as RFC 3986 with upper-case hex', () => {
    const signature = signSdkHmacSha256(
      {
        method: 'GET',
        url: 'https://vpc.example.com/v1/p/ports/a b',
        query: { name: 'x y/ü*' },
        headers: { 'X-Sdk-Date': '20250101T120000Z' },
        body: '',
      },
      AK,
      SK,
    );
    const lines = signature.canonicalRequest.split('\n');
    expect(lines[1]).toBe('/v1/p/ports/a%2520b/');
    expect(lines[2]).toBe('name=x%20y%2F%C3%BC%2A');
  });

  it('writes and reads X-Sdk-Date in the basic ISO-8601 form, refusing impossible dates', () => {
    expect(formatSdkDate(Date.UTC(2025, 0, 1, 12, 0, 0, 999))).toBe('20250101T120000Z');
    expect(parseSdkDate('20250101T120000Z')).toBe(Date.UTC(2025, 0, 1, 12));
    expect(parseSdkDate('20251340T120000Z')).toBeUndefined();
    expect(parseSdkDate('2025-01-01T12:00:00Z')).toBeUndefined();
  });
});
