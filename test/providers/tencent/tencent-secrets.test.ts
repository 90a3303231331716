import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import type { ProviderEvent } from '../../../src/providers/provider.js';
import { SANDBOX_TENCENT_SECRET_ID, SANDBOX_TENCENT_SECRET_KEY } from '../../../src/sandbox/tencent/default-tencent-seed.js';
import type { TencentSimulator } from '../../../src/sandbox/tencent/tencent-simulator.js';
import { fastProvider, startFastSimulator } from './tencent-test-kit.js';

let simulator: TencentSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

/** SPEC §5: no secret key, signature or unmasked SecretId in logs, errors or events. */
function expectNoSecrets(text: string): void {
  expect(text).not.toContain(SANDBOX_TENCENT_SECRET_KEY);
  expect(text).not.toContain(SANDBOX_TENCENT_SECRET_ID);
  expect(text).not.toMatch(/Signature=|TC3-HMAC-SHA256/);
}

describe.each(['v3', 'legacy'] as const)('Tencent provider keeps credentials out of what it reports (%s)', (api) => {
  it('an error after failed connections, with its whole cause chain, holds no key, SecretId or signature', async () => {
    simulator = await startFastSimulator();
    simulator.faults.inject(api === 'v3' ? 'DescribeAddresses' : 'DescribeEip', { type: 'reset' }, 10);
    const error = await fastProvider(simulator, api).describeEip('eip-web00001').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expectNoSecrets(inspect(error, { depth: 20 }));
    expectNoSecrets(JSON.stringify(error));
  });

  it('debug logs and events of a whole bind hold no key, SecretId or signature', async () => {
    simulator = await startFastSimulator();
    simulator.faults.inject(api === 'v3' ? 'AssociateAddress' : 'EipBindInstance', { type: 'http-500' });
    const lines: string[] = [];
    const events: ProviderEvent[] = [];
    const provider = fastProvider(simulator, api, {
      events,
      logger: createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } }),
    });
    const target = await provider.resolveTarget({ kind: 'server', serverId: 'ins-db000001' });
    await provider.waitUntilBound('eip-spare001', target, await provider.bind('eip-spare001', target), { waitTimeoutMs: 5_000 });
    expect(lines.length).toBeGreaterThan(3);
    expectNoSecrets(lines.join('\n'));
    expectNoSecrets(JSON.stringify(events));
  });
});
