import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../../src/clock.js';
import type { HuaweiAccountConfig } from '../../../src/config/schema.js';
import { Secret } from '../../../src/config/secret.js';
import { createHuaweiProvider, type HuaweiProviderOptions } from '../../../src/providers/huawei/huawei-provider.js';
import type { EipProvider, ProviderEvent } from '../../../src/providers/provider.js';
import { defaultHuaweiSeed } from '../../../src/sandbox/huawei/default-seed.js';
import { startHuaweiSimulator, type HuaweiSimulator, type HuaweiSimulatorOptions } from '../../../src/sandbox/huawei/huawei-simulator.js';
import { openStore } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/store/store.js';

export type AuthType = 'aksk' | 'token';

export const PROJECT_ID = defaultHuaweiSeed.projectId;
export const ACCESS_KEY = defaultHuaweiSeed.credentials.aksk[0]!.accessKey;
export const SECRET_KEY = defaultHuaweiSeed.credentials.aksk[0]!.secretKey;
export const IAM_USER = defaultHuaweiSeed.credentials.users[0]!;

/** Ids from the default seed, named by what they are in the seed pages. */
export const seedIds = {
  web1: 'ea61f836-b52f-41bf-9d06-685644001d6f',
  web1Port: '02c72193-efec-42fb-853b-c33f2b802467',
  app1: '5d0f8a3c-1b7e-4c2a-9f61-2a9c3e8b7d41',
  app1PrimaryPort: 'a135e9b8-1630-40d2-a6c5-eb534a61efbe',
  app1SecondPort: '8c4e2f1a-6d3b-4f7e-9a21-c5b8d0e3f472',
  db1: 'b7e1c9d2-4f3a-4b5c-8d6e-0f1a2b3c4d5e',
  db1Nic: 'd32019d3-bc6e-4319-9c1d-6722fc136a23',
  db1Network: '610a4af2-1d90-4d2b-8057-dc238b26febf',
  standby1: 'c3d5e7f9-1a2b-4c3d-9e4f-5a6b7c8d9e0f',
  standby1Port: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
  /** Seed 000's EIP, bound to app-1's primary NIC. */
  boundEip: 'f6318bef-6508-4ea5-a48f-6152b6b1a8fb',
  boundEipAddress: '203.0.113.162',
  /** Bound to app-1's second NIC. */
  secondBoundEip: '3f9a1c7e-5b2d-4e8f-a0c6-d4b2e8f1a3c5',
  /** Vector A's EIP, unbound. */
  freeEip: '2ec9b78d-9368-46f3-8f29-d1a95622a568',
  freeEipAddress: '203.0.113.12',
} as const;

/**
 * The simulator runs on its own clock, frozen until a provider reports a status poll,
 * which moves it on by `POLL_ADVANCE_MS`. With changes lasting `CHANGE_MS`, every
 * transient status is seen exactly once whatever the machine's speed: a bind shows
 * PENDING_UPDATE, then BINDING, then ACTIVE.
 */
export const CHANGE_MS = 600;
export const POLL_ADVANCE_MS = 400;

/** Provider timings small enough that a whole flow takes milliseconds of real time. */
export const FAST_PROVIDER = {
  retry: { baseMs: 2, capMs: 10, maxAttempts: 4 },
  poll: { minDelayMs: 3, maxDelayMs: 15 },
  httpTimeoutMs: 2_000,
} satisfies Partial<HuaweiProviderOptions>;

export function huaweiAccount(url: string, auth: AuthType, api: 'v1' | 'v3', extra: Partial<HuaweiAccountConfig> = {}): HuaweiAccountConfig {
  return {
    provider: 'huawei',
    api,
    region: defaultHuaweiSeed.projectName,
    ...(auth === 'aksk' && { projectId: PROJECT_ID }),
    auth:
      auth === 'aksk'
        ? { type: 'aksk', accessKey: Secret.maskedId(ACCESS_KEY), secretKey: Secret.of(SECRET_KEY) }
        : { type: 'token', domain: IAM_USER.domain, user: IAM_USER.user, password: Secret.of(IAM_USER.password) },
    endpoints: { vpc: url, ecs: url, iam: url },
    ...extra,
  };
}

/**
 * A running simulator, a real SQLite store for the token cache, and providers wired to
 * them; every event of every provider is collected in `events`.
 */
export interface HuaweiTestbed {
  sim: HuaweiSimulator;
  /** Moves the simulator's clock on. */
  advance(ms: number): void;
  store: Store;
  /** The temp dir holding the SQLite store's files. */
  storeDir: string;
  events: ProviderEvent[];
  provider(auth: AuthType, api: 'v1' | 'v3', options?: Partial<HuaweiProviderOptions>): EipProvider;
  close(): Promise<void>;
}

export async function startHuaweiTestbed(simulator: HuaweiSimulatorOptions = {}): Promise<HuaweiTestbed> {
  const frozenAt = Date.now();
  let offset = 0;
  const simClock: Clock = { now: () => frozenAt + offset, sleep: systemClock.sleep };
  const advance = (ms: number) => {
    offset += ms;
  };
  const sim = await startHuaweiSimulator({
    clock: simClock,
    delays: { bindMs: CHANGE_MS, unbindMs: CHANGE_MS, createMs: CHANGE_MS },
    ...simulator,
  });
  const dir = await mkdtemp(join(tmpdir(), 'eipbot-huawei-'));
  const store = await openStore(`sqlite://${join(dir, 'eipbot.sqlite')}`);
  const events: ProviderEvent[] = [];
  return {
    sim,
    advance,
    store,
    storeDir: dir,
    events,
    provider: (auth, api, options = {}) =>
      createHuaweiProvider({
        name: `hw-${auth}-${api}`,
        account: huaweiAccount(sim.url, auth, api),
        tokens: store.namespace('huawei-tokens'),
        onEvent: (event) => {
          events.push(event);
          if (event.type === 'wait' && !event.done) advance(POLL_ADVANCE_MS);
        },
        ...FAST_PROVIDER,
        ...options,
      }),
    close: async () => {
      await sim.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
