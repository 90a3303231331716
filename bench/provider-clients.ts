import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import { systemClock } from '../src/clock.js';
import { Secret } from '../src/config/secret.js';
import { HuaweiHttpClient, createHuaweiTransport } from '../src/providers/huawei/http-client.js';
import { HuaweiPortsClient } from '../src/providers/huawei/ports-client.js';
import { akSkAuth } from '../src/providers/huawei/request-auth.js';
import { ActionRateLimiter } from '../src/providers/tencent/action-rate-limiter.js';
import { CallPipeline } from '../src/providers/tencent/call-pipeline.js';
import { TencentV3Client } from '../src/providers/tencent/client-v3.js';
import { defaultHuaweiSeed } from '../src/sandbox/huawei/default-seed.js';
import { SANDBOX_TENCENT_SECRET_ID, SANDBOX_TENCENT_SECRET_KEY } from '../src/sandbox/tencent/default-tencent-seed.js';
import { measuredOn, table, type Bench } from './support/bench.js';
import { Resources } from './support/resources.js';
import { describeRatio, spread, type Spread } from './support/stats.js';
import { World } from './support/world.js';

// The official SDKs are CommonJS; require() gives exactly what their .d.ts files describe.
const require = createRequire(import.meta.url);
const tencentVpc = require('tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_client.js') as typeof import('tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_client.js');
const huaweiCore = require('@huaweicloud/huaweicloud-sdk-core') as typeof import('@huaweicloud/huaweicloud-sdk-core');
const huaweiVpc = require('@huaweicloud/huaweicloud-sdk-vpc/v2/public-api.js') as typeof import('@huaweicloud/huaweicloud-sdk-vpc/v2/public-api.js');

const CALLS = Number(process.env.BENCH_CLIENT_CALLS ?? 2_000);
const ROUNDS = 10;
const CONCURRENCIES = [1, 16] as const;
const REGION = 'ap-guangzhou';
/** app-1 of the sandbox's Huawei project: two ports. */
const HUAWEI_SERVER = '5d0f8a3c-1b7e-4c2a-9f61-2a9c3e8b7d41';

/**
 * eipbot's per-action limiter caps DescribeAddresses at 18/s, Tencent's documented 20/s
 * less 10% (src/providers/tencent/action-rate-limiter.ts); the SDK has no limiter. For
 * the client's own cost both run unthrottled, against a simulator without limits.
 */
class NoRateLimit extends ActionRateLimiter {
  override async acquire(): Promise<void> {}
}

/**
 * Real Tencent endpoints are on port 443 and the SDK signs the host name without a port
 * (tencentcloud-sdk-nodejs common/sign.js: `host:${urlObj.hostname}`) while sending the
 * port in the Host header, so it can only pass a signature check on a default port. The
 * SDK is given its documented `httpProfile.agent` option: an agent whose connections go
 * to the simulator's loopback port, so it talks to `http://vpc.tencentcloudapi.com/`
 * exactly as it would to the real service, and the simulator checks what it signed.
 */
class LoopbackAgent extends http.Agent {
  readonly #port: number;

  constructor(port: number) {
    super({ keepAlive: true });
    this.#port = port;
  }

  override createConnection(): net.Socket {
    return net.createConnection({ host: '127.0.0.1', port: this.#port });
  }
}

interface Contender {
  name: string;
  call: () => Promise<unknown>;
}

/** Runs `calls` calls with `concurrency` in flight; calls per second. */
async function throughput(contender: Contender, calls: number, concurrency: number): Promise<number> {
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < calls) {
        started += 1;
        await contender.call();
      }
    }),
  );
  return calls / ((performance.now() - begin) / 1000);
}

interface Comparison {
  concurrency: number;
  eipbot: Spread;
  sdk: Spread;
  ratio: Spread;
}

/** A/B interleaved: each round runs both (alternating who goes first) with CALLS/ROUNDS calls. */
async function compare(eipbot: Contender, sdk: Contender, concurrency: number): Promise<Comparison> {
  const perRound = Math.ceil(CALLS / ROUNDS);
  await throughput(eipbot, 100, concurrency);
  await throughput(sdk, 100, concurrency);
  const rates = { eipbot: [] as number[], sdk: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? (['eipbot', 'sdk'] as const) : (['sdk', 'eipbot'] as const);
    for (const which of order) rates[which].push(await throughput(which === 'eipbot' ? eipbot : sdk, perRound, concurrency));
  }
  return {
    concurrency,
    eipbot: spread(rates.eipbot),
    sdk: spread(rates.sdk),
    ratio: spread(rates.eipbot.map((rate, i) => rate / (rates.sdk[i] ?? Number.NaN))),
  };
}

/**
 * Benchmark 2: eipbot's own API clients against the official Node SDKs on the same
 * simulator (a process of its own), same calls, same concurrency, same keep-alive.
 */
export const providerClientsBench: Bench = {
  name: 'clients',
  title: 'Provider client overhead: eipbot vs the official SDKs',
  async run(say) {
    const resources = new Resources();
    try {
      const world = resources.add(
        await World.start({ botToken: 'xoxb-bench-clients', huaweiDelays: { bindMs: 0, unbindMs: 0, createMs: 0 }, tencent: { unlimited: true } }),
        (w) => w.close(),
      );
      const tencentUrl = world.urls.tencentUrl ?? '';
      const pipeline = new CallPipeline({
        account: 'tc-bench',
        region: REGION,
        clock: systemClock,
        random: Math.random,
        retry: { baseMs: 200, capMs: 5_000, maxAttempts: 4 },
        httpTimeoutMs: 30_000,
        limiter: new NoRateLimit(systemClock),
      });
      const ours = new TencentV3Client(pipeline, {
        endpoint: tencentUrl,
        region: REGION,
        secretId: Secret.maskedId(SANDBOX_TENCENT_SECRET_ID),
        secretKey: Secret.of(SANDBOX_TENCENT_SECRET_KEY),
        clock: systemClock,
      });
      const agent = resources.add(new LoopbackAgent(Number(new URL(tencentUrl).port)), (a) => a.destroy());
      const theirs = new tencentVpc.Client({
        credential: { secretId: SANDBOX_TENCENT_SECRET_ID, secretKey: SANDBOX_TENCENT_SECRET_KEY },
        region: REGION,
        profile: { httpProfile: { endpoint: 'vpc.tencentcloudapi.com', protocol: 'http://', agent } },
      });
      const tencent = {
        eipbot: { name: 'eipbot TencentV3Client.describeAddresses', call: () => ours.describeAddresses({}) },
        sdk: { name: 'tencentcloud-sdk-nodejs vpc Client.DescribeAddresses', call: () => theirs.DescribeAddresses({ Offset: 0, Limit: 100 }) },
      };

      const [aksk] = defaultHuaweiSeed.credentials.aksk;
      const accessKey = aksk?.accessKey ?? '';
      const secretKey = aksk?.secretKey ?? '';
      const url = world.urls.huaweiUrl;
      const ports = new HuaweiPortsClient(
        new HuaweiHttpClient({
          accountName: 'hw-bench',
          endpoints: { vpc: url, ecs: url, iam: url },
          auth: akSkAuth(Secret.maskedId(accessKey), Secret.of(secretKey), defaultHuaweiSeed.projectId, systemClock),
          transport: createHuaweiTransport(20_000),
          clock: systemClock,
          random: Math.random,
          retry: { baseMs: 1_000, capMs: 20_000, maxAttempts: 5 },
        }),
      );
      const credentials = new huaweiCore.BasicCredentials().withAk(accessKey).withSk(secretKey).withProjectId(defaultHuaweiSeed.projectId);
      const huaweiSdk = huaweiVpc.VpcClient.newBuilder().withCredential(credentials).withEndpoint(url).build();
      const huawei = {
        eipbot: { name: 'eipbot HuaweiPortsClient.listByDevice', call: () => ports.listByDevice(HUAWEI_SERVER, {}) },
        sdk: { name: '@huaweicloud/huaweicloud-sdk-vpc VpcClient.listPorts', call: () => huaweiSdk.listPorts(new huaweiVpc.ListPortsRequest().withDeviceId(HUAWEI_SERVER)) },
      };

      // Both sides must get real answers: a signature the simulator refuses would make a fast failure.
      const [a, b] = [(await tencent.eipbot.call()) as unknown[], (await tencent.sdk.call()) as { AddressSet?: unknown[] }];
      if (a.length === 0 || a.length !== b.AddressSet?.length) throw new Error('the Tencent clients did not read the same addresses');
      const [c, d] = [(await huawei.eipbot.call()) as unknown[], (await huawei.sdk.call()) as { ports?: unknown[] }];
      if (c.length === 0 || c.length !== d.ports?.length) throw new Error('the Huawei clients did not read the same ports');

      const results: { cloud: string; eipbot: string; sdk: string; comparison: Comparison }[] = [];
      for (const [cloud, pair] of [
        ['Tencent', tencent],
        ['Huawei', huawei],
      ] as const) {
        for (const concurrency of CONCURRENCIES) {
          const comparison = await compare(pair.eipbot, pair.sdk, concurrency);
          results.push({ cloud, eipbot: pair.eipbot.name, sdk: pair.sdk.name, comparison });
          say(`${cloud}, concurrency ${concurrency}: eipbot ${comparison.eipbot.median.toFixed(0)}/s, SDK ${comparison.sdk.median.toFixed(0)}/s, ratio ${describeRatio(comparison.ratio)}`);
        }
      }
      const calls = await world.tencentCalls();
      if (calls.authFailures > 0) throw new Error(`the Tencent simulator refused ${calls.authFailures} signatures`);
      const huaweiCalls = await world.huaweiCalls();
      const refused = Object.entries(huaweiCalls.byOperation).filter(([operation]) => !operation.startsWith('GET ports'));
      if (refused.length > 0) throw new Error(`the Huawei simulator received unexpected calls: ${JSON.stringify(refused)}`);
      return report(results, calls.byAction.DescribeAddresses ?? 0, huaweiCalls.byOperation['GET ports'] ?? 0);
    } finally {
      await resources.close();
    }
  },
};

function report(results: { cloud: string; eipbot: string; sdk: string; comparison: Comparison }[], tencentCalls: number, huaweiCalls: number) {
  const worst = Math.min(...results.map((result) => result.comparison.ratio.median));
  const met = worst >= 1;
  const line = results.map((result) => `${result.cloud} c=${result.comparison.concurrency} ${result.comparison.ratio.median.toFixed(2)}×`).join(', ');
  const verdict = `eipbot / SDK throughput: ${line}; goal ≥ 1.0× everywhere: ${met ? 'met' : 'MISSED'}`;
  const markdown = `## 2. Provider client overhead: eipbot vs the official SDKs

${measuredOn()}

${CALLS} calls per client and concurrency (1 and 16 in flight), against the same simulator in a
process of its own, split into ${ROUNDS} interleaved rounds (alternating which client goes first)
after 100 warm-up calls each; throughput is calls per second per round, the ratio is eipbot's
over the SDK's in the same round. The simulators counted ${tencentCalls} \`DescribeAddresses\` and
${huaweiCalls} \`GET /v1/{project_id}/ports\` calls and refused no signature: both sides signed
every call correctly (TC3-HMAC-SHA256; SDK-HMAC-SHA256) and parsed real answers.

- **Tencent** — ${results[0]?.eipbot ?? ''} (TC3 signing, keep-alive node:http, zod-parsed envelope and
  address set, error mapping; the per-action rate limiter is bypassed, see below) vs
  ${results[0]?.sdk ?? ''} (tencentcloud-sdk-nodejs, node-fetch). The SDK signs the host name
  without the port but sends the port in the Host header, so it cannot pass a signature check on a
  loopback port; it is given its documented \`httpProfile.agent\` option, a keep-alive agent that
  connects \`http://vpc.tencentcloudapi.com/\` to the simulator's port, and signs and sends exactly
  what it would to the real service. eipbot normally paces DescribeAddresses at 18/s (Tencent's
  documented 20/s, less 10%); that limiter is a pass-through here and the simulator's limits are off.
- **Huawei** — ${results[2]?.eipbot ?? ''} vs ${results[2]?.sdk ?? ''}
  (\`ListPortsRequest().withDeviceId(…)\`, AK/SK signing, the endpoint given with \`withEndpoint\`,
  which accepts \`http://\`): the SDK covers this call and talks to the simulator as is.

${table(
  ['cloud', 'in flight', 'eipbot calls/s (median, IQR)', 'SDK calls/s (median, IQR)', 'ratio eipbot / SDK'],
  results.map(({ cloud, comparison }) => [
    cloud,
    String(comparison.concurrency),
    `${comparison.eipbot.median.toFixed(0)} (${comparison.eipbot.q1.toFixed(0)}–${comparison.eipbot.q3.toFixed(0)})`,
    `${comparison.sdk.median.toFixed(0)} (${comparison.sdk.q1.toFixed(0)}–${comparison.sdk.q3.toFixed(0)})`,
    describeRatio(comparison.ratio),
  ]),
)}

Goal: ≥ 1.0× — **${met ? 'met' : 'missed'}** (lowest median ratio ${worst.toFixed(2)}×).
`;
  return { markdown, verdict };
}
