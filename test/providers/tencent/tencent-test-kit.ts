import { configSchema, type TencentAccountConfig } from '../../../src/config/schema.js';
import type { ProviderEvent } from '../../../src/providers/provider.js';
import { createTencentProvider, type TencentProviderOptions } from '../../../src/providers/tencent/tencent-provider.js';
import { SANDBOX_TENCENT_SECRET_ID, SANDBOX_TENCENT_SECRET_KEY } from '../../../src/sandbox/tencent/default-tencent-seed.js';
import { startTencentSimulator, type TencentSimulator, type TencentSimulatorOptions } from '../../../src/sandbox/tencent/tencent-simulator.js';

/** Tiny delays and polls: the suites exercise transient statuses without waiting for them. */
export const FAST_DELAYS = { bindMs: 30, unbindMs: 30, createMs: 30 };
export const FAST_POLL = { minDelayMs: 5, maxDelayMs: 20 };
export const FAST_RETRY = { baseMs: 5, capMs: 20, maxAttempts: 4 };

/** A Tencent account as eipbot.yml would give it, parsed by the real config schema. */
export function tencentAccount(
  url: string,
  api: 'v3' | 'legacy',
  overrides: { secretId?: string; secretKey?: string; rateLimit?: number } = {},
): TencentAccountConfig {
  const config = configSchema.parse({
    accounts: {
      tc: {
        provider: 'tencent',
        api,
        region: 'ap-guangzhou',
        auth: { secretId: overrides.secretId ?? SANDBOX_TENCENT_SECRET_ID, secretKey: overrides.secretKey ?? SANDBOX_TENCENT_SECRET_KEY },
        endpoints: { vpc: url, eip: url },
        ...(overrides.rateLimit !== undefined && { rateLimit: overrides.rateLimit }),
      },
    },
  });
  const account = config.accounts.tc;
  if (account?.provider !== 'tencent') throw new Error('the test account did not parse as a Tencent account');
  return account;
}

export async function startFastSimulator(options: TencentSimulatorOptions = {}): Promise<TencentSimulator> {
  return startTencentSimulator({ delays: FAST_DELAYS, ...options });
}

export function fastProvider(
  simulator: TencentSimulator,
  api: 'v3' | 'legacy',
  options: Partial<TencentProviderOptions> & { events?: ProviderEvent[] } = {},
) {
  const { events, ...rest } = options;
  return createTencentProvider({
    name: 'tc',
    account: tencentAccount(simulator.url, api),
    poll: FAST_POLL,
    retry: FAST_RETRY,
    httpTimeoutMs: 2_000,
    ...(events && { onEvent: (event: ProviderEvent) => events.push(event) }),
    ...rest,
  });
}

/** A clock the test moves by hand: transient statuses end exactly when the test says. */
export function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    sleep: async () => undefined,
    advance(ms: number) {
      now += ms;
    },
  };
}
