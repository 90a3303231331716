import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBot, type Bot, type CreateBotOptions } from '../../src/app/create-bot.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { configSchema, type Config } from '../../src/config/schema.js';
import { Secret } from '../../src/config/secret.js';
import { startHuaweiSimulator, type HuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import { findButton, SlackRequestSigner, type BotResponse } from '../../src/sandbox/slack/signed-request.js';
import type { FakeMessage } from '../../src/sandbox/slack/slack-workspace.js';
import { SlackWebApiFake, type RecordedCall } from '../../src/sandbox/slack/web-api-fake.js';
import { startTencentSimulator, type TencentSimulator } from '../../src/sandbox/tencent/tencent-simulator.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { keptLogs, type KeptLogs } from './kept-logs.js';
import { sandboxHuaweiAccount, sandboxTencentAccount } from './sandbox-accounts.js';

export const BOT_TOKEN = 'xoxb-test-harness-bot-token';
export const SIGNING_SECRET = 'harness-signing-secret-0123456789';

/** The people of the test workspace. */
export const PEOPLE = {
  requester: { id: 'U0RITA001', name: 'rita' },
  approver: { id: 'U0ALICE01', name: 'alice' },
  secondApprover: { id: 'U0AARON01', name: 'aaron' },
  /** An approver only through the S0NETOPS1 user group. */
  groupApprover: { id: 'U0NINA001', name: 'nina' },
  outsider: { id: 'U0OSCAR01', name: 'oscar' },
} as const;

export const CHANNELS = {
  ops: { id: 'C0OPS0001', name: 'ops' },
  incident: { id: 'G0INC0042', name: 'inc-42-db-down' },
  audit: { id: 'C0AUDIT01', name: 'eip-audit' },
} as const;

export type Person = (typeof PEOPLE)[keyof typeof PEOPLE];
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** The sandbox Huawei project's EIPs (src/sandbox/huawei/default-seed.ts). */
export const HW = {
  /** Bound to app-1's primary port. */
  bound: { id: 'f6318bef-6508-4ea5-a48f-6152b6b1a8fb', address: '203.0.113.162', port: 'a135e9b8-1630-40d2-a6c5-eb534a61efbe' },
  appServer: '5d0f8a3c-1b7e-4c2a-9f61-2a9c3e8b7d41',
  /** Unbound; web-1's port is free. */
  free: { id: '2ec9b78d-9368-46f3-8f29-d1a95622a568', address: '203.0.113.12' },
  webServer: 'ea61f836-b52f-41bf-9d06-685644001d6f',
  standbyServer: 'c3d5e7f9-1a2b-4c3d-9e4f-5a6b7c8d9e0f',
} as const;

/** The sandbox Tencent account's world (src/sandbox/tencent/default-tencent-seed.ts). */
export const TC = {
  web1: { id: 'eip-web00001', address: '203.0.113.10', instance: 'ins-web00001', eni: 'eni-web00001' },
  spare: { id: 'eip-spare001', address: '203.0.113.20' },
  web2: 'ins-web00002',
} as const;

export interface HarnessOptions {
  policy?: Record<string, unknown>;
  /** More accounts for eipbot.yml beside hw-prod and tc-prod (as written in the file), given the simulators' URLs. */
  accounts?: (urls: { huawei: string; tencent: string }) => Record<string, unknown>;
  clock?: Clock;
  /** Bolt-side overrides (e.g. a longer card wait). */
  bot?: Partial<Pick<CreateBotOptions, 'slack' | 'providers' | 'sweepIntervalMs'>>;
  huaweiDelayMs?: number;
}

/** A clock that runs with real time but can be moved forward, for expiry. */
export function shiftableClock(): Clock & { shift(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
    shift: (ms) => {
      offset += ms;
    },
  };
}

/** eipbot.yml for the harness: a Huawei v3 and a Tencent v3 account, both on their simulators. */
export function harnessConfig(hwUrl: string, tcUrl: string, policy: Record<string, unknown> = {}, accounts: Record<string, unknown> = {}): Config {
  return configSchema.parse({
    defaultAccount: 'hw-prod',
    audit: { channel: CHANNELS.audit.id },
    execution: { waitTimeout: '10s', leaseTtl: '5s' },
    policy: {
      approvers: [PEOPLE.approver.id, PEOPLE.secondApprover.id, 'S0NETOPS1'],
      incident: { namePattern: '^inc-', approvals: 1, allowSelfApproval: true },
      ...policy,
    },
    accounts: {
      'hw-prod': sandboxHuaweiAccount(hwUrl),
      'tc-prod': sandboxTencentAccount(tcUrl),
      ...accounts,
    },
  });
}

export interface SlashResult {
  response: BotResponse;
  /** The ack's body, parsed when it is JSON. */
  ack: { text?: string; response_type?: string } | undefined;
  responseUrlId: string;
}

/**
 * The whole bot over real HTTP: a Slack Web API fake, the Huawei and Tencent simulators,
 * a SQLite store in a temp dir, and the bot built by `createBot` in HTTP mode, driven by
 * signed requests exactly as Slack sends them.
 */
export class SlackBotHarness {
  private constructor(
    readonly fake: SlackWebApiFake,
    readonly huawei: HuaweiSimulator,
    readonly tencent: TencentSimulator,
    readonly store: Store,
    readonly bot: Bot,
    readonly signer: SlackRequestSigner,
    readonly config: Config,
    /** Everything the bot logged, at debug level. */
    readonly logs: KeptLogs,
    private readonly dir: string,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<SlackBotHarness> {
    const delay = options.huaweiDelayMs ?? 15;
    const fake = await SlackWebApiFake.start({
      botToken: Secret.of(BOT_TOKEN),
      channels: Object.values(CHANNELS).map((channel) => ({ ...channel, isPrivate: channel.id.startsWith('G') })),
      users: Object.values(PEOPLE).map((person) => ({ id: person.id, name: person.name, realName: person.name, isBot: false })),
      userGroups: [{ id: 'S0NETOPS1', handle: 'netops', users: [PEOPLE.groupApprover.id] }],
    });
    const huawei = await startHuaweiSimulator({ delays: { bindMs: delay, unbindMs: delay, createMs: delay } });
    const tencent = await startTencentSimulator({ delays: { bindMs: 15, unbindMs: 15, createMs: 15 }, rateLimits: { perAction: false } });
    const dir = await mkdtemp(join(tmpdir(), 'eipbot-slack-'));
    const store = await openStore(`sqlite://${join(dir, 'eipbot.sqlite')}`);
    const config = harnessConfig(huawei.url, tencent.url, options.policy, options.accounts?.({ huawei: huawei.url, tencent: tencent.url }));
    const logs = keptLogs();
    const bot = await createBot({
      environment: { slack: { mode: 'http', botToken: Secret.of(BOT_TOKEN), signingSecret: Secret.of(SIGNING_SECRET), apiUrl: fake.apiUrl }, port: 0 },
      host: '127.0.0.1',
      config,
      store,
      logger: logs.logger,
      clock: options.clock,
      providers: { poll: { minDelayMs: 5, maxDelayMs: 20 }, retry: { baseMs: 5, capMs: 20 }, httpTimeoutMs: 2_000, ...options.bot?.providers },
      slack: { progressFlushMs: 20, queue: { transientBackoffMs: 10 }, ...options.bot?.slack },
      sweepIntervalMs: options.bot?.sweepIntervalMs ?? 50,
    });
    await bot.start();
    const signer = new SlackRequestSigner({ signingSecret: Secret.of(SIGNING_SECRET), team: { id: fake.team.id, domain: fake.team.domain } });
    return new SlackBotHarness(fake, huawei, tencent, store, bot, signer, config, logs, dir);
  }

  get eventsUrl(): string {
    return `${this.bot.url}/slack/events`;
  }

  /** Types `/eip <text>` as `user` in `channel`; resolves with the bot's HTTP answer (the ack). */
  async command(text: string, user: Person = PEOPLE.requester, channel: { id: string; name: string } = CHANNELS.ops): Promise<SlashResult> {
    const responseUrl = this.fake.createResponseUrl({ channel: channel.id, user: user.id });
    const response = await this.signer.post(this.eventsUrl, this.signer.slashCommand({ text, user, channel, responseUrl }));
    const ack = response.contentType.startsWith('application/json') ? (JSON.parse(response.body) as SlashResult['ack']) : undefined;
    return { response, ack, responseUrlId: responseUrl.slice(responseUrl.lastIndexOf('/') + 1) };
  }

  /** Clicks the button `actionId` on a message the bot posted, as `user`. */
  async click(message: FakeMessage, actionId: string, user: Person): Promise<BotResponse> {
    const action = findButton(message.blocks, actionId);
    if (action === undefined) throw new Error(`the message ${message.ts} has no ${actionId} button`);
    const channel = Object.values(CHANNELS).find((candidate) => candidate.id === message.channel) ?? { id: message.channel, name: 'unknown' };
    const responseUrl = this.fake.createResponseUrl({ channel: channel.id, user: user.id, source: { ts: message.ts, ephemeral: false } });
    return this.signer.post(
      this.eventsUrl,
      this.signer.blockAction({
        user,
        channel,
        message: { ts: message.ts, text: message.text, blocks: message.blocks, user: message.user, botId: message.botId },
        responseUrl,
        action,
      }),
    );
  }

  /** The card of a request: the top-level bot message whose text starts with (or carries) its id. */
  async card(requestId: string): Promise<FakeMessage> {
    const call = await this.fake.waitForCall((candidate) => candidate.method === 'chat.postMessage' && isCardCall(candidate, requestId));
    const found = this.fake.workspace.messages(String(call.args.channel)).find((message) => isCardText(message.text, requestId));
    if (found === undefined) throw new Error(`no card for ${requestId}`);
    return found;
  }

  /** The id of the first card posted after call number `afterSeq`. */
  async nextRequestId(afterSeq = 0): Promise<string> {
    const call = await this.fake.waitForCall((candidate) => candidate.seq > afterSeq && candidate.method === 'chat.postMessage' && isCardCall(candidate));
    return requestIdIn(String(call.args.text));
  }

  /** The latest state of a message. */
  message(message: FakeMessage): FakeMessage {
    return this.fake.workspace.message(message.channel, message.ts) as FakeMessage;
  }

  /** Ephemeral messages one person has seen, oldest first. */
  ephemeralTexts(user: Person): string[] {
    return this.fake.workspace.ephemerals({ user: user.id }).map((message) => message.text);
  }

  /** Waits for the next ephemeral reply to `user` whose text matches. */
  async ephemeral(user: Person, pattern: RegExp): Promise<string> {
    const call = await this.fake.waitForCall(
      (candidate) =>
        (candidate.method === 'response_url' || candidate.method === 'chat.postEphemeral') &&
        candidate.outcome === 'ok' &&
        pattern.test(String(candidate.args.text ?? '')) &&
        this.fake.workspace.ephemerals({ user: user.id }).some((message) => message.text === candidate.args.text),
    );
    return String(call.args.text);
  }

  /** Resolves once every execution, notification and audit record started so far is done. */
  async settled(): Promise<void> {
    await this.bot.service.settled();
  }

  /** Web API calls of interest, in order, as `method channel` (+ `thread` for replies). */
  slackWrites(sinceSeq = 0): string[] {
    return this.fake
      .calls()
      .filter((call) => call.seq > sinceSeq && ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url'].includes(call.method))
      .map((call) => `${call.method}${call.args.thread_ts === undefined ? '' : ' thread'}${call.args.channel === undefined ? '' : ` ${String(call.args.channel)}`}`);
  }

  async close(): Promise<void> {
    await this.bot.stop();
    // A test may have closed the store already, to see the bot report it.
    await this.store.close().catch(() => undefined);
    await Promise.all([this.fake.close(), this.huawei.close(), this.tencent.close()]);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** `R-7K2F9Q` in a text. */
export function requestIdIn(text: string): string {
  const match = /R-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}/.exec(text);
  if (match === null) throw new Error(`no request id in "${text}"`);
  return match[0];
}

/** A card's fallback text: `R-7K2F9Q: unbind 203.0.113.10 on hw-prod (pending)`. */
function isCardText(text: string, requestId?: string): boolean {
  return /^(?:🚨 INCIDENT )?R-\w{6}: .* \((?:pending|approved|executing|succeeded|failed|rejected|cancelled|expired)\)$/.test(text) && (requestId === undefined || text.includes(requestId));
}

function isCardCall(call: RecordedCall, requestId?: string): boolean {
  return call.outcome === 'ok' && call.args.thread_ts === undefined && isCardText(String(call.args.text ?? ''), requestId);
}
