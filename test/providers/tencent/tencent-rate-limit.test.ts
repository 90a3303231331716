import { afterEach, describe, expect, it } from 'vitest';
import { createTencentProvider } from '../../../src/providers/tencent/tencent-provider.js';
import { SANDBOX_TENCENT_SECRET_ID, SANDBOX_TENCENT_SECRET_KEY } from '../../../src/sandbox/tencent/default-tencent-seed.js';
import type { TencentSeedInput } from '../../../src/sandbox/tencent/tencent-seed.js';
import type { TencentSimulator } from '../../../src/sandbox/tencent/tencent-simulator.js';
import { FAST_POLL, FAST_RETRY, fastProvider, startFastSimulator, tencentAccount } from './tencent-test-kit.js';

/** Twelve servers, each with a bound EIP: more unbinds at once than Tencent's 10 per second allow. */
const BURST = 12;
const crowd: TencentSeedInput = {
  credentials: [{ secretId: SANDBOX_TENCENT_SECRET_ID, secretKey: SANDBOX_TENCENT_SECRET_KEY }],
  instances: Array.from({ length: BURST }, (_, i) => ({
    instanceId: `ins-crowd${String(i).padStart(3, '0')}`,
    enis: [{ networkInterfaceId: `eni-crowd${String(i).padStart(3, '0')}`, primary: true, privateIps: [{ address: `10.2.0.${i + 1}`, primary: true }] }],
  })),
  addresses: Array.from({ length: BURST }, (_, i) => ({
    addressId: `eip-crowd${String(i).padStart(3, '0')}`,
    addressIp: `203.0.113.${100 + i}`,
    boundTo: { networkInterfaceId: `eni-crowd${String(i).padStart(3, '0')}`, privateIpAddress: `10.2.0.${i + 1}` },
  })),
};

let simulator: TencentSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

describe.each(['v3', 'legacy'] as const)('Tencent client-side rate limiting (%s)', (api) => {
  it('spaces a burst of concurrent unbinds and reads so that Tencent throttles none of them', async () => {
    simulator = await startFastSimulator({ seed: crowd });
    const provider = fastProvider(simulator, api);
    const ids = crowd.addresses!.map((address) => address.addressId);
    await Promise.all([
      ...ids.map((eipId) => provider.unbind({ eipId })),
      ...ids.flatMap((eipId) => [provider.describeEip(eipId), provider.describeEip(eipId)]),
    ]);
    expect(simulator.stats.throttled()).toBe(0);
    const unbind = api === 'v3' ? 'DisassociateAddress' : 'EipUnBindInstance';
    expect(simulator.stats.calls(unbind)).toBe(BURST);
    expect(simulator.stats.calls(api === 'v3' ? 'DescribeAddresses' : 'DescribeEip')).toBe(BURST * 3);
  });
});

describe('Tencent account-wide rate limit', () => {
  it('keeps all actions of an account together under its rateLimit from eipbot.yml', async () => {
    simulator = await startFastSimulator({ rateLimits: { perAction: false, accountTotal: 5 } });
    const provider = createTencentProvider({
      name: 'tc',
      account: tencentAccount(simulator.url, 'v3', { rateLimit: 4 }),
      poll: FAST_POLL,
      retry: FAST_RETRY,
    });
    await Promise.all([
      ...Array.from({ length: 4 }, () => provider.describeEip('eip-web00001')),
      ...Array.from({ length: 4 }, () => provider.resolveTarget({ kind: 'server', serverId: 'ins-web00001' })),
    ]);
    expect(simulator.stats.calls()).toBe(8);
    expect(simulator.stats.throttled()).toBe(0);
  });
});
