/**
 * The outside world of a benchmarked bot, in a process of its own: a Huawei simulator
 * (the sandbox's seed), optionally a Tencent one, and the Slack Web API
 * fake with the sandbox's workspace. The bench asks it for response URLs, cards, final
 * results and counts over IPC; those are kept in small indexes as Slack calls arrive,
 * because the fake's own `calls()` copies its whole history on every question.
 *
 * Options: BENCH_WORLD, JSON of `worldOptionsSchema` (bench/support/world.ts).
 */
import { Secret } from '../../src/config/secret.js';
import { startHuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import { SANDBOX_CHANNELS, SANDBOX_USER_GROUP, SANDBOX_USERS } from '../../src/sandbox/sandbox-slack.js';
import type { FakeMessage } from '../../src/sandbox/slack/slack-workspace.js';
import { SlackWebApiFake } from '../../src/sandbox/slack/web-api-fake.js';
import { startTencentSimulator } from '../../src/sandbox/tencent/tencent-simulator.js';
import { serveRpc } from '../support/rpc.js';
import { cardTextPattern, finalResultPattern, responseUrlRequest, sinceRequest, worldOptionsSchema, type WorldCard } from '../support/world.js';

/** Entries in the order they happened, each stamped with the Slack call sequence number it came with. */
class Since<T> {
  readonly #entries: { seq: number; value: T }[] = [];

  add(seq: number, value: T): void {
    this.#entries.push({ seq, value });
  }

  /** Values that came after `seq`, oldest first. */
  after(seq: number): T[] {
    let from = this.#entries.length;
    while (from > 0 && (this.#entries[from - 1] as { seq: number }).seq > seq) from -= 1;
    return this.#entries.slice(from).map((entry) => entry.value);
  }
}

await serveRpc(async () => {
  const options = worldOptionsSchema.parse(JSON.parse(process.env.BENCH_WORLD ?? '{}'));
  const huawei = await startHuaweiSimulator({ delays: options.huaweiDelays });
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

  let lastSeq = 0;
  const okCalls = new Map<string, Since<true>>();
  const cards = new Since<string>();
  const latestCard = new Map<string, FakeMessage>();
  const finals = new Since<[string, string]>();
  slack.subscribe((event) => {
    if (event.type === 'call') {
      lastSeq = event.call.seq;
      if (event.call.outcome !== 'ok') return;
      const calls = okCalls.get(event.call.method) ?? new Since<true>();
      calls.add(event.call.seq, true);
      okCalls.set(event.call.method, calls);
      return;
    }
    if (event.type !== 'message' || event.message.threadTs !== undefined || event.change === 'deleted') return;
    const { message } = event;
    // A message is posted just before the fake records the call that posted it.
    const seq = lastSeq + 1;
    const card = cardTextPattern.exec(message.text)?.[1];
    if (card !== undefined) {
      if (event.change === 'posted') cards.add(seq, card);
      latestCard.set(card, message);
      return;
    }
    const final = finalResultPattern.exec(message.text);
    if (final !== null && event.change === 'posted' && message.channel !== SANDBOX_CHANNELS.audit.id) finals.add(seq, [final[1] ?? '', final[2] ?? '']);
  });

  return {
    ready: { huaweiUrl: huawei.url, tencentUrl: tencent?.url, slackApiUrl: slack.apiUrl, team: { id: slack.team.id, domain: slack.team.domain } },
    handlers: {
      responseUrls: (params) => {
        const { count, channel, user } = responseUrlRequest.parse(params);
        return Array.from({ length: count }, () => slack.createResponseUrl({ channel, user }));
      },
      seq: () => lastSeq,
      /** Successful calls of one method after a sequence number. */
      count: (params) => {
        const { seq, method } = sinceRequest.parse(params);
        return okCalls.get(method ?? '')?.after(seq).length ?? 0;
      },
      /** Cards (top-level bot messages naming a request) posted after a sequence number, as they look now. */
      cards: (params) => {
        const { seq } = sinceRequest.parse(params);
        return cards.after(seq).map((requestId): WorldCard => {
          const message = latestCard.get(requestId) as FakeMessage;
          return { requestId, channel: message.channel, ts: message.ts, text: message.text, blocks: message.blocks ?? [], user: message.user, botId: message.botId };
        });
      },
      /** `[request id, status]` of each final result posted in a request's channel after a sequence number. */
      finished: (params) => finals.after(sinceRequest.parse(params).seq),
      tencentCalls: () => ({ byAction: tencent?.stats.byAction() ?? {}, authFailures: tencent?.stats.authFailures() ?? 0 }),
      huaweiCalls: () => {
        const byOperation: Record<string, number> = {};
        for (const call of huawei.stats.calls) byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1;
        return { total: huawei.stats.calls.length, byOperation, tokenRequests: huawei.stats.tokenRequests };
      },
    },
    close: async () => {
      await tencent?.close();
      await slack.close();
      await huawei.close();
    },
  };
});
