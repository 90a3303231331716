import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildV3Request } from '../../../src/providers/tencent/v3-request.js';
import { defaultTencentSeed } from '../../../src/sandbox/tencent/default-tencent-seed.js';
import { loadTencentSeed, parseTencentSeed } from '../../../src/sandbox/tencent/tencent-seed.js';
import { startTencentSimulator, type TencentSimulator } from '../../../src/sandbox/tencent/tencent-simulator.js';
import { callLegacy, callV3 } from './tencent-sim-client.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/tencent/${name}`, import.meta.url));

let simulator: TencentSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function describeWith(sim: TencentSimulator, secretId: string, secretKey: string, body: unknown) {
  const request = buildV3Request({
    endpoint: sim.url,
    action: 'DescribeAddresses',
    region: 'ap-shanghai',
    secretId,
    secretKey,
    timestamp: Math.floor(Date.now() / 1000),
    body: JSON.stringify(body),
  });
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
  return ((await response.json()) as { Response: Record<string, unknown> }).Response;
}

describe('Tencent simulator seeds', () => {
  it('starts from a YAML seed file: its keys, instances, dangling ENI (BIND_ENI) and quota', async () => {
    simulator = await startTencentSimulator({ seed: fixture('seed.yml') });
    const answer = await describeWith(simulator, 'AKIDfixtureYaml000000000000000000000', 'fixtureYamlSecretKey000000000000', {});
    expect(answer.AddressSet).toEqual([
      expect.objectContaining({ AddressId: 'eip-yaml0001', AddressName: 'from-yaml', AddressStatus: 'BIND', InstanceId: 'ins-yaml0001', Bandwidth: 3 }),
      expect.objectContaining({ AddressId: 'eip-yaml0002', AddressStatus: 'BIND_ENI', InstanceId: null, NetworkInterfaceId: 'eni-float001' }),
    ]);
    expect(simulator.state.region).toBe('ap-shanghai');
    expect(simulator.state.quota().totalEip).toEqual({ limit: 3, current: 2 });
  });

  it('starts from a JSON seed file, with the defaults filled in', async () => {
    simulator = await startTencentSimulator({ seed: fixture('seed.json') });
    const answer = await describeWith(simulator, 'AKIDfixtureJson000000000000000000000', 'fixtureJsonSecretKey000000000000', {});
    expect(answer.AddressSet).toEqual([expect.objectContaining({ AddressId: 'eip-json0001', AddressStatus: 'UNBIND', Bandwidth: 1 })]);
    expect(simulator.state.quota().dailyPublicIpAssign.limit).toBe(10);
  });

  it('names every problem of a malformed seed with its path', async () => {
    const error = await loadTencentSeed(fixture('seed-malformed.yml')).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('credentials: at least one SecretId/SecretKey pair is needed');
    expect(message).toContain('instances.0.instanceId: must look like ins-1a2b3c4d');
    expect(message).toContain('addresses.0.addressIp: must be an IPv4 address');
    expect(message).toContain('aprovers');
  });

  it('checks the relations a seed describes: one primary ENI and IP, bindings to existing IPs', () => {
    const seed = {
      credentials: [{ secretId: 'a', secretKey: 'b' }],
      instances: [
        {
          instanceId: 'ins-two00001',
          enis: [
            { networkInterfaceId: 'eni-two00001', primary: true, privateIps: [{ address: '10.0.0.1', primary: true }] },
            { networkInterfaceId: 'eni-two00002', primary: true, privateIps: [{ address: '10.0.0.2' }] },
          ],
        },
      ],
      addresses: [
        { addressId: 'eip-bad00001', addressIp: '203.0.113.9', boundTo: { networkInterfaceId: 'eni-two00001', privateIpAddress: '10.0.0.77' } },
        { addressId: 'eip-bad00001', addressIp: '203.0.113.9' },
      ],
    };
    expect(() => parseTencentSeed(seed)).toThrow(
      /instances\.0\.enis: exactly one ENI must be primary[\s\S]*instances\.0\.enis\.1\.privateIps: exactly one private IP must be primary[\s\S]*addresses\.0\.boundTo: eni-two00001 has no private IP 10\.0\.0\.77[\s\S]*addresses\.1\.addressId: eip-bad00001 appears twice/,
    );
  });

  it('refuses an empty seed file and one that is not YAML, saying which file', async () => {
    await expect(loadTencentSeed(fixture('seed-empty.yml'))).rejects.toThrow(/seed-empty\.yml/);
    await expect(loadTencentSeed(fixture('seed-not-yaml.yml'))).rejects.toThrow(/seed-not-yaml\.yml is neither JSON nor YAML/);
  });

  it('gives the sandbox one default world that API 3.0 and legacy accounts see alike', async () => {
    simulator = await startTencentSimulator({ seed: defaultTencentSeed });
    const v3 = (await callV3(simulator, 'DescribeAddresses', {})).AddressSet as { AddressId: string; AddressStatus: string }[];
    const legacy = ((await callLegacy(simulator, 'DescribeEip', {})).data as { eipSet: { eipId: string; status: number }[] }).eipSet;
    expect(v3.map((a) => [a.AddressId, a.AddressStatus])).toEqual([
      ['eip-web00001', 'BIND'],
      ['eip-web00002', 'BIND'],
      ['eip-spare001', 'UNBIND'],
      ['eip-spare002', 'UNBIND'],
    ]);
    expect(legacy.map((e) => [e.eipId, e.status])).toEqual([
      ['eip-web00001', 2],
      ['eip-web00002', 2],
      ['eip-spare001', 4],
      ['eip-spare002', 4],
    ]);
    expect(simulator.state.networkInterfaces().filter((eni) => eni.instanceId === 'ins-web00002')).toHaveLength(2);
  });
});
