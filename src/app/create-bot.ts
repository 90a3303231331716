import { App, HTTPReceiver, webApi } from '@slack/bolt';
import { openAuditLog } from '../audit/open-audit-log.js';
import { systemClock, type Clock } from '../clock.js';
import type { BotEnvironment } from '../config/environment.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../logger.js';
import { Metrics } from '../metrics.js';
import { ProviderRegistry, type ProviderTuning } from '../providers/provider-registry.js';
import { ChangeRequestService } from '../requests/change-request-service.js';
import { createRequestIdGenerator, type RequestIdGenerator } from '../requests/request-id.js';
import type { AccountLabel } from '../slack/blocks/request-card.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { InflightListeners } from '../slack/inflight-listeners.js';
import { registerListeners } from '../slack/register-listeners.js';
import { rejectFutureTimestamps } from '../slack/request-freshness.js';
import { rejectMalformedBodies } from '../slack/slack-body-guard.js';
import { SlackNotifier } from '../slack/slack-notifier.js';
import { slackUserGroupResolver } from '../slack/slack-user-groups.js';
import type { Store } from '../store/store.js';
import { workflowFor } from '../workflows/registry.js';
import { startBotHttpServer, SLACK_EVENTS_PATH, type BotHttpServer } from './http-server.js';
import { providerEipReader } from './provider-eip-reader.js';
import { Readiness } from './readiness.js';
import { slackIdentity } from './slack-identity.js';

/** Slack-side timings; the defaults suit production, tests shorten them. */
export interface SlackTuning {
  /** How long progress lines gather before they are written to a card's thread (default 2 s). */
  progressFlushMs?: number;
  /** The notifier's per-channel queue: 429 waits and transient retries. */
  queue?: { maxRateLimitWaits?: number; transientRetries?: number; transientBackoffMs?: number };
  /** How long a change command waits for its card before answering the requester (default 30 s). */
  cardWaitMs?: number;
}

export interface CreateBotOptions {
  environment: Pick<BotEnvironment, 'slack' | 'port'>;
  config: Config;
  store: Store;
  logger: Logger;
  clock?: Clock;
  metrics?: Metrics;
  ids?: RequestIdGenerator;
  /** Interface to listen on; every interface by default. */
  host?: string;
  /** This replica's name on execution leases. */
  ownerId?: string;
  sweepIntervalMs?: number;
  providers?: ProviderTuning;
  slack?: SlackTuning;
}

export interface Bot {
  readonly app: App;
  readonly service: ChangeRequestService;
  readonly metrics: Metrics;
  /** `http://host:port` of the health routes (and `/slack/events` in HTTP mode); empty until started. */
  readonly url: string;
  start(): Promise<void>;
  /** Stops taking requests, lets listeners and executions in flight finish, flushes Slack and the audit. */
  stop(): Promise<void>;
}

/**
 * Interactive Web API calls (ephemeral answers, user groups, readiness) retry a little
 * and time out: the WebClient's default retries for about 30 minutes (reference §5.3,
 * §8 item 8), which would keep a click busy long after anyone cares.
 */
const INTERACTIVE_RETRY = { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 };
const WEB_API_TIMEOUT_MS = 10_000;
/** How long a stop waits for listeners still answering (their executions are waited for separately). */
const LISTENER_DRAIN_MS = 10_000;

function accountLabels(config: Config): Record<string, AccountLabel> {
  return Object.fromEntries(
    Object.entries(config.accounts).map(([name, account]) => [name, { provider: account.provider, api: account.api, region: account.region }]),
  );
}

/**
 * The composition root (CONVENTIONS: main.ts only wires): from the environment, the
 * config and an open store it builds the providers, the audit log, the change-request
 * engine, the Slack notifier and the Bolt app with its listeners, and the HTTP routes.
 * It checks the bot token with `auth.test` first, so a wrong token stops the start with
 * a clear message, and Bolt then never needs to call it again.
 */
export async function createBot(options: CreateBotOptions): Promise<Bot> {
  const { environment, config, store, logger } = options;
  const { slack } = environment;
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? new Metrics();
  const bolt = boltLogger(logger);
  const token = slack.botToken.reveal();
  const clientOptions = { slackApiUrl: slack.apiUrl, logger: bolt, retryConfig: INTERACTIVE_RETRY, timeout: WEB_API_TIMEOUT_MS };
  const interactive = new webApi.WebClient(token, clientOptions);
  const identity = await slackIdentity(interactive, slack.apiUrl);

  const notifierClient = new webApi.WebClient(token, {
    ...clientOptions,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const accounts = accountLabels(config);
  const providers = new ProviderRegistry({ config, store, clock, logger, metrics, tuning: options.providers });
  let service: ChangeRequestService | undefined;
  const notifier = new SlackNotifier({
    client: notifierClient,
    clock,
    logger: logger.child({ component: 'slack-notifier' }),
    accounts,
    auditChannel: config.audit.channel,
    saveCard: async (requestId, card) => {
      await service?.setCard(requestId, card);
    },
    progressFlushMs: options.slack?.progressFlushMs,
    queue: options.slack?.queue,
  });
  service = new ChangeRequestService({
    store,
    audit: openAuditLog({ store, file: config.audit.file, clock }),
    config,
    providers: (account) => providers.get(account),
    workflows: workflowFor,
    groups: slackUserGroupResolver(interactive),
    clock,
    ids: options.ids ?? createRequestIdGenerator(),
    logger: logger.child({ component: 'requests' }),
    notifier,
    ownerId: options.ownerId,
    metrics,
    sweepIntervalMs: options.sweepIntervalMs,
  });

  // Bolt's defaults add two middlewares to every event that eipbot has no use for: an
  // in-memory conversation store (per process, so wrong with replicas anyway, and it
  // builds an Error for every event of an unknown conversation) and ignoreSelf, which only
  // filters Events API messages. Dropping them is a third of Bolt's work before the ack
  // (bench/ack-latency.ts).
  const common = { token, botId: identity.botId, botUserId: identity.botUserId, logger: bolt, clientOptions, convoStore: false as const, ignoreSelf: false };
  const receiver =
    slack.mode === 'http' ? new HTTPReceiver({ signingSecret: slack.signingSecret.reveal(), endpoints: [SLACK_EVENTS_PATH], logger: bolt }) : undefined;
  const app =
    slack.mode === 'http'
      ? new App({ ...common, receiver })
      : new App({ ...common, socketMode: true, appToken: slack.appToken.reveal() });
  const inflight = new InflightListeners();
  registerListeners(
    app,
    { service, reader: providerEipReader(config, providers), notifier, config, accounts, logger: logger.child({ component: 'slack' }), cardWaitMs: options.slack?.cardWaitMs },
    inflight,
  );
  const readiness = new Readiness({ store, slack: () => interactive.auth.test(), clock });

  let server: BotHttpServer | undefined;
  const engine = service;
  return {
    app,
    service: engine,
    metrics,
    get url() {
      return server?.url ?? '';
    },
    async start() {
      server = await startBotHttpServer({
        port: environment.port,
        host: options.host,
        readiness,
        metrics,
        logger,
        // HTTP mode: Bolt's receiver answers /slack/events on this server; its own start() would open a second port.
        ...(receiver === undefined ? {} : { slackEvents: rejectFutureTimestamps(rejectMalformedBodies(receiver.requestListener, logger), clock, logger) }),
      });
      if (slack.mode === 'socket') await app.start();
      engine.start();
      logger.info({ mode: slack.mode, url: server.url, team: identity.team, bot: identity.botUserId }, 'eipbot is ready');
    },
    async stop() {
      await server?.close();
      if (slack.mode === 'socket') await app.stop();
      await inflight.idle(clock, LISTENER_DRAIN_MS);
      await engine.stop();
      await notifier.idle();
      logger.info('eipbot stopped');
    },
  };
}
