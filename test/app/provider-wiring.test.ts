import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { configSchema, type Config } from '../../src/config/schema.js';
import { Metrics } from '../../src/metrics.js';
import { ProviderRegistry } from '../../src/providers/provider-registry.js';
import { startHuaweiSimulator, type HuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import { SANDBOX_TENCENT_SECRET_ID, SANDBOX_TENCENT_SECRET_KEY } from '../../src/sandbox/tencent/default-tencent-seed.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { keptLogs } from '../support/kept-logs.js';

let dir: string;
let store: Store;
let huawei: HuaweiSimulator;
let config: Config;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eipbot-registry-'));
  store = await openStore(`sqlite://${join(dir, 'eipbot.sqlite')}`);
  huawei = await startHuaweiSimulator();
  config = configSchema.parse({
    accounts: {
      'hw-token': {
        provider: 'huawei',
        api: 'v1',
        region: 'cn-north-4',
        projectId: '0123456789abcdef0123456789abcdef',
        auth: { type: 'token', domain: 'acme', user: 'eipbot', password: 'sandbox-password' },
        endpoints: { vpc: huawei.url, ecs: huawei.url, iam: huawei.url },
      },
      'tc-prod': {
        provider: 'tencent',
        region: 'ap-guangzhou',
        auth: { secretId: SANDBOX_TENCENT_SECRET_ID, secretKey: SANDBOX_TENCENT_SECRET_KEY },
      },
    },
  });
});

afterEach(async () => {
  await store.close();
  await huawei.close();
  await rm(dir, { recursive: true, force: true });
});

function registry(metrics?: Metrics): ProviderRegistry {
  return new ProviderRegistry({ config, store, clock: systemClock, logger: keptLogs().logger, metrics });
}

describe('the provider registry', () => {
  it('builds one provider per account, named and typed as configured', () => {
    const providers = registry();
    expect(providers.names()).toEqual(['hw-token', 'tc-prod']);
    expect(providers.get('hw-token').account).toEqual({ name: 'hw-token', provider: 'huawei', api: 'v1', region: 'cn-north-4' });
    expect(providers.get('tc-prod').account).toEqual({ name: 'tc-prod', provider: 'tencent', api: 'v3', region: 'ap-guangzhou' });
  });

  it('names the accounts there are when asked for another', () => {
    expect(() => registry().get('hw-staging')).toThrow('There is no account "hw-staging" in eipbot\'s configuration; use one of hw-token, tc-prod.');
  });

  it('shares one Huawei IAM token through the store between replicas, instead of one per process', async () => {
    const first = registry();
    const second = registry();
    await first.get('hw-token').describeEip('203.0.113.162');
    await second.get('hw-token').describeEip('203.0.113.12');
    expect(huawei.stats.tokenRequests).toBe(1);
  });

  it('feeds every provider call into the metrics', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    await registry(metrics).get('hw-token').describeEip('203.0.113.162');
    const text = (await metrics.render()).body;
    expect(text).toMatch(/eipbot_provider_call_duration_seconds_count\{provider="huawei",operation="POST auth\/tokens",outcome="ok"\} 1/);
    expect(text).toMatch(/eipbot_provider_call_duration_seconds_count\{provider="huawei",operation="GET publicips",outcome="ok"\} 1/);
  });
});
