/**
 * The outside world of a benchmarked bot, in a process of its own: a Huawei simulator
 * (default seed unless one is given) and the Slack Web API fake with the sandbox's
 * workspace. The bench asks it for response URLs, cards and counts over IPC.
 *
 * Options: BENCH_WORLD, JSON of `worldOptionsSchema` (bench/support/world.ts).
 */
import { Secret } from '../../src/config/secret.js';
import { startHuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import { SANDBOX_CHANNELS, SANDBOX_USER_GROUP, SANDBOX_USERS } from '../../src/sandbox/sandbox-slack.js';
import type { RecordedCall } from '../../src/sandbox/slack/web-api-fake.js';
import { SlackWebApiFake } from '../../src/sandbox/slack/web-api-fake.js';
import { startTencentSimulator } from '../../src/sandbox/tencent/tencent-simulator.js';
import { serveRpc } from '../support/rpc.js';
import { finalResultPattern, cardTextPattern, responseUrlRequest, sinceRequest, worldOptionsSchema, type WorldCard } from '../support/world.js';

await serveRpc(async () => {
  const options = worldOptionsSchema.parse(JSON.parse(process.env.BENCH_WORLD ?? '{}'));
  const huawei = await startHuaweiSimulator({
    ...(options.huaweiSeed === undefined ? {} : { seed: options.huaweiSeed as never }),
    delays: options.huaweiDelays,
    ...(options.huaweiRateLimit === undefined ? {} : { rateLimitPerSecond: options.huaweiRateLimit }),
  });
  const tencent =
    options.tencent === undefined
      ? undefined
      : await startTencentSimulator({ delays: { bindMs: 0, unbindMs: 0, createMs: 0 }, ...(options.tencent.unlimited ? { rateLimits: { perAction: false } } : {}) });
  const slack = await SlackWebApiFake.start({
    botToken: Secret.of(options.botToken),
    channels: Object.values(SANDBOX_CHANNELS),
    users: Object.values(SANDBOX_USERS),
    userGroups: [{ ...SANDBOX_USER_GROUP, users: [...SANDBOX_USER_GROUP.users] }],
  });
  const since = (seq: number, method: string): RecordedCall[] => slack.calls(method).filter((call) => call.seq > seq && call.outcome === 'ok');
  const topLevel = (seq: number, pattern: RegExp) =>
    since(seq, 'chat.postMessage').filter((call) => call.args.thread_ts === undefined && pattern.test(String(call.args.text ?? '')));

  return {
    ready: { huaweiUrl: huawei.url, tencentUrl: tencent?.url, slackApiUrl: slack.apiUrl, team: { id: slack.team.id, domain: slack.team.domain } },
    handlers: {
      responseUrls: (params) => {
        const { count, channel, user } = responseUrlRequest.parse(params);
        return Array.from({ length: count }, () => slack.createResponseUrl({ channel, user }));
      },
      seq: () => slack.calls().at(-1)?.seq ?? 0,
      /** Successful calls of one method after a sequence number. */
      count: (params) => {
        const { seq, method } = sinceRequest.parse(params);
        return since(seq, method ?? '').length;
      },
      /** Cards (top-level bot messages naming a request) posted after a sequence number, as they look now. */
      cards: (params) => {
        const { seq } = sinceRequest.parse(params);
        return topLevel(seq, cardTextPattern).map((call): WorldCard => {
          const channel = String(call.args.channel);
          const requestId = cardTextPattern.exec(String(call.args.text))?.[1] ?? '';
          const message = slack.workspace.messages(channel).find((candidate) => cardTextPattern.exec(candidate.text)?.[1] === requestId);
          if (message === undefined) throw new Error(`the card of ${requestId} is gone`);
          return { requestId, channel, ts: message.ts, text: message.text, blocks: message.blocks ?? [], user: message.user, botId: message.botId };
        });
      },
      /** Request ids whose final result was posted in their channel after a sequence number. */
      finished: (params) => {
        const { seq } = sinceRequest.parse(params);
        return topLevel(seq, finalResultPattern)
          .filter((call) => call.args.channel !== SANDBOX_CHANNELS.audit.id)
          .map((call) => finalResultPattern.exec(String(call.args.text))?.slice(1, 3) ?? []);
      },
      tencentCalls: () => ({ byAction: tencent?.stats.byAction() ?? {}, authFailures: tencent?.stats.authFailures() ?? 0 }),
      huaweiCalls: () => {
        const byOperation: Record<string, number> = {};
        let throttled = 0;
        for (const call of huawei.stats.calls) {
          byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1;
          if (call.outcome === 429) throttled += 1;
        }
        return { total: huawei.stats.calls.length, throttled, byOperation, tokenRequests: huawei.stats.tokenRequests };
      },
    },
    close: async () => {
      await tencent?.close();
      await slack.close();
      await huawei.close();
    },
  };
});
