import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBot, type SlackTuning } from '../app/create-bot.js';
import { SLACK_EVENTS_PATH } from '../app/http-server.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { Secret } from '../config/secret.js';
import { createLogger, type Logger } from '../logger.js';
import type { ProviderTuning } from '../providers/provider-registry.js';
import { openStore } from '../store/open-store.js';
import type { CloudInventory, InventoryAccount } from './console/cloud-inventory.js';
import { startConsole } from './console/console-server.js';
import { startHuaweiSimulator, type HuaweiSimulator } from './huawei/huawei-simulator.js';
import { sandboxBanner } from './sandbox-banner.js';
import { sandboxClouds } from './sandbox-clouds.js';
import { writeSandboxConfig } from './sandbox-config.js';
import { newSandboxCredentials } from './sandbox-credentials.js';
import { SANDBOX_CHANNELS, SANDBOX_CONSOLE_CHANNELS, SANDBOX_PEOPLE, SANDBOX_USER_GROUP, SANDBOX_USERS } from './sandbox-slack.js';
import { sandboxSuggestions } from './sandbox-suggestions.js';
import { huaweiInventory, tencentInventory } from './simulator-inventory.js';
import { SlackWebApiFake } from './slack/web-api-fake.js';
import { startTencentSimulator, type TencentSimulator } from './tencent/tencent-simulator.js';

/**
 * The whole product on one machine without any account: four cloud simulators (one per
 * API), the Slack Web API fake, the bot in HTTP mode wired to them through a real
 * `eipbot.yml`, and the console that plays Slack in a browser.
 *
 * The store is SQLite in a fresh temporary directory, removed on stop: the simulators
 * and the Slack fake start from their seeds every time, so requests, cards and audit
 * records kept from an earlier run would describe a world that no longer exists
 * (pending requests whose cards are gone, plans that do not match the reseeded clouds).
 */

export interface SandboxOptions {
  /** The console's port; 0 (default) picks a free one. `npm run sandbox` asks for 3000. */
  port?: number;
  /** The bot's own port; 0 (default) picks a free one. */
  botPort?: number;
  /** Where the bot logs; default JSON lines at `warn` on stdout. */
  logger?: Logger;
  clock?: Clock;
  /** How long the simulators keep a change transient; defaults are theirs (about a second, visible in the console). */
  simulatorDelays?: { bindMs?: number; unbindMs?: number; createMs?: number };
  providers?: ProviderTuning;
  slack?: SlackTuning;
  /** How long the bot has to acknowledge a command or click (Slack: 3000 ms). */
  ackTimeoutMs?: number;
}

export interface SandboxSimulators {
  huaweiV1: HuaweiSimulator;
  huaweiV3: HuaweiSimulator;
  tencentV3: TencentSimulator;
  tencentLegacy: TencentSimulator;
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>/` */
  consoleUrl: string;
  /** The bot's base URL (`/slack/events`, `/healthz`, `/readyz`, `/metrics`). */
  botUrl: string;
  simulators: SandboxSimulators;
  slack: SlackWebApiFake;
  config: Config;
  /** The `eipbot.yml` the bot runs with. */
  configFile: string;
  /** The simulated clouds now, as the console's Cloud panel shows them. */
  inventory(): CloudInventory;
  /** What `npm run sandbox` prints on start. */
  banner: string;
  /** Stops the console, the bot (letting executions in flight finish), the store, the fake and the simulators; removes the data. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: 'warn', name: 'eipbot-sandbox' });
  const cleanups: (() => Promise<void>)[] = [];
  // Everything started is stopped, newest first, even when one part fails to stop.
  const stop = async () => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'parts of the sandbox failed to stop');
  };
  try {
    const credentials = newSandboxCredentials();
    const clouds = sandboxClouds(credentials);
    const delays = options.simulatorDelays ?? {};
    const started = async <T extends { close(): Promise<void> }>(thing: Promise<T>): Promise<T> => {
      const value = await thing;
      cleanups.push(() => value.close());
      return value;
    };
    const simulators: SandboxSimulators = {
      huaweiV1: await started(startHuaweiSimulator({ seed: clouds.huaweiV1, clock, host: HOST, delays })),
      huaweiV3: await started(startHuaweiSimulator({ seed: clouds.huaweiV3, clock, host: HOST, delays })),
      tencentV3: await started(startTencentSimulator({ seed: clouds.tencentV3, clock, host: HOST, delays })),
      tencentLegacy: await started(startTencentSimulator({ seed: clouds.tencentLegacy, clock, host: HOST, delays })),
    };
    const slack = await started(
      SlackWebApiFake.start({
        botToken: Secret.of(credentials.slack.botToken),
        clock,
        host: HOST,
        channels: Object.values(SANDBOX_CHANNELS),
        users: Object.values(SANDBOX_USERS),
        userGroups: [{ ...SANDBOX_USER_GROUP, users: [...SANDBOX_USER_GROUP.users] }],
      }),
    );

    const dataDir = await mkdtemp(join(tmpdir(), 'eipbot-sandbox-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const { config, file } = await writeSandboxConfig(
      dataDir,
      {
        huaweiV1: simulators.huaweiV1.url,
        huaweiV3: simulators.huaweiV3.url,
        tencentV3: simulators.tencentV3.url,
        tencentLegacy: simulators.tencentLegacy.url,
      },
      credentials,
    );
    const store = await openStore(config.store, { clock, logger });
    cleanups.push(() => store.close());

    const bot = await createBot({
      environment: {
        slack: {
          mode: 'http',
          botToken: Secret.of(credentials.slack.botToken),
          signingSecret: Secret.of(credentials.slack.signingSecret),
          apiUrl: slack.apiUrl,
        },
        port: options.botPort ?? 0,
      },
      config,
      store,
      logger,
      clock,
      host: HOST,
      ...(options.providers === undefined ? {} : { providers: options.providers }),
      ...(options.slack === undefined ? {} : { slack: options.slack }),
    });
    await bot.start();
    cleanups.push(() => bot.stop());

    const accounts = [
      { simulator: simulators.huaweiV1, name: 'hw-v1', auth: 'AK/SK' },
      { simulator: simulators.huaweiV3, name: 'hw-v3', auth: 'IAM token' },
      { simulator: simulators.tencentV3, name: 'tc-v3', auth: 'TC3-HMAC-SHA256' },
      { simulator: simulators.tencentLegacy, name: 'tc-legacy', auth: 'HmacSHA256 (v2)' },
    ] as const;
    const inventoryOf = (name: (typeof accounts)[number]['name']): InventoryAccount => {
      const account = config.accounts[name];
      if (account === undefined) throw new Error(`the sandbox config has no account ${name}`);
      const label = { name, provider: account.provider, api: account.api, region: account.region };
      return name.startsWith('hw-')
        ? huaweiInventory(label, name === 'hw-v1' ? simulators.huaweiV1 : simulators.huaweiV3)
        : tencentInventory(label, name === 'tc-v3' ? simulators.tencentV3 : simulators.tencentLegacy);
    };
    const inventory = (): CloudInventory => ({ accounts: accounts.map(({ name }) => inventoryOf(name)) });
    const suggestions = sandboxSuggestions(clouds);
    const botEventsUrl = `${bot.url}${SLACK_EVENTS_PATH}`;

    const consoleServer = await started(
      startConsole({
        slack,
        botEventsUrl,
        signingSecret: Secret.of(credentials.slack.signingSecret),
        people: SANDBOX_PEOPLE,
        channels: SANDBOX_CONSOLE_CHANNELS,
        suggestions,
        inventory,
        clock,
        logger,
        host: HOST,
        port: options.port ?? 0,
        ...(options.ackTimeoutMs === undefined ? {} : { ackTimeoutMs: options.ackTimeoutMs }),
      }),
    );

    return {
      consoleUrl: consoleServer.url,
      botUrl: bot.url,
      simulators,
      slack,
      config,
      configFile: file,
      inventory,
      banner: sandboxBanner({
        consoleUrl: consoleServer.url,
        botEventsUrl,
        configFile: file,
        accounts: accounts.map(({ simulator, name, auth }) => ({ inventory: inventoryOf(name), auth, url: simulator.url })),
        suggestions,
      }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
