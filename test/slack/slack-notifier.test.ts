import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { Secret } from '../../src/config/secret.js';
import type { ChangeRequest } from '../../src/requests/change-request.js';
import { SlackWebApiFake } from '../../src/sandbox/slack/web-api-fake.js';
import { SlackNotifier } from '../../src/slack/slack-notifier.js';
import type { WorkflowEvent } from '../../src/workflows/workflow.js';
import { silentSlackLogger } from '../sandbox/slack/silent-slack-logger.js';
import { keptLogs } from '../support/kept-logs.js';
import { CREATED_AT, isolateChanges, pendingUnbind, succeededUnbind } from '../support/slack-requests.js';

const TOKEN = 'xoxb-notifier-test-token';
const OPS = 'C0OPS0001';
const AUDIT = 'C0AUDIT01';

let fake: SlackWebApiFake;
let saved: { requestId: string; card: { channel: string; ts: string } }[];
let logs: ReturnType<typeof keptLogs>;

function notifier(options: { auditChannel?: string; progressFlushMs?: number } = {}): SlackNotifier {
  const client = new webApi.WebClient(TOKEN, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: silentSlackLogger,
  });
  return new SlackNotifier({
    client,
    clock: systemClock,
    logger: logs.logger,
    accounts: { 'tc-prod': { provider: 'tencent', api: 'v3', region: 'ap-guangzhou' } },
    auditChannel: options.auditChannel,
    saveCard: async (requestId, card) => {
      saved.push({ requestId, card });
    },
    progressFlushMs: options.progressFlushMs ?? 10,
    queue: { transientBackoffMs: 5 },
  });
}

/** Posts the card and returns the request as the store would hold it afterwards. */
async function posted(slack: SlackNotifier, request: ChangeRequest = pendingUnbind()): Promise<ChangeRequest> {
  await slack.changed(request, 'requested');
  const card = saved.find((entry) => entry.requestId === request.id)?.card;
  if (card === undefined) throw new Error('the card was not saved');
  return { ...request, card };
}

function waitEvent(status: string, done: boolean): WorkflowEvent {
  return { type: 'provider', step: 'unbind 203.0.113.10', event: { type: 'wait', what: 'eip-web00001', status, elapsedMs: 10, done } };
}

beforeEach(async () => {
  saved = [];
  logs = keptLogs();
  fake = await SlackWebApiFake.start({
    botToken: Secret.of(TOKEN),
    channels: [
      { id: OPS, name: 'ops', isPrivate: false },
      { id: AUDIT, name: 'eip-audit', isPrivate: false },
    ],
  });
});

afterEach(async () => {
  await fake.close();
});

describe('SlackNotifier', () => {
  it('posts the card as a channel message, records where, and redraws it in place on each change', async () => {
    const slack = notifier();
    const request = await posted(slack);
    expect(saved).toEqual([{ requestId: 'R-7K2F9Q', card: { channel: OPS, ts: expect.any(String) } }]);
    expect(await slack.whenCardPosted('R-7K2F9Q', 1_000)).toEqual({ posted: true, card: request.card });

    await slack.changed({ ...request, status: 'rejected', rejection: { user: 'U0ALICE01', at: CREATED_AT + 1_000 } }, 'rejected');
    expect(fake.calls().map((call) => `${call.method} ${call.outcome}`)).toEqual(['chat.postMessage ok', 'chat.update ok']);
    const [card] = fake.workspace.messages(OPS);
    expect(card?.ts).toBe(request.card?.ts);
    expect(card?.text).toBe('R-7K2F9Q: unbind 203.0.113.10 on tc-prod (rejected)');
    expect(JSON.stringify(card?.blocks)).not.toContain('eip_approve');
  });

  it('waits out 429s with Retry-After on chat.update, and the update still lands', async () => {
    const slack = notifier();
    const request = await posted(slack);
    fake.failNext('chat.update', { kind: 'rate-limited', retryAfterSeconds: 0 }, 2);
    await slack.changed({ ...request, status: 'approved', approvals: [{ user: 'U0ALICE01', at: CREATED_AT }] }, 'approved');
    expect(fake.calls('chat.update').map((call) => call.outcome)).toEqual(['rate_limited', 'rate_limited', 'ok']);
    expect(fake.workspace.messages(OPS)[0]?.text).toBe('R-7K2F9Q: unbind 203.0.113.10 on tc-prod (approved)');
    expect(logs.lines().filter((line) => line.msg === 'Slack rate-limited a call; waiting as told, then sending it again')).toHaveLength(2);
  });

  it('keeps a rate-limited channel from holding up another channel', async () => {
    const slack = notifier({ auditChannel: AUDIT });
    const request = await posted(slack);
    fake.failNext('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 1 });
    const finished = slack.finished(succeededUnbind({ card: request.card }));
    await fake.waitForCall((call) => call.method === 'chat.postMessage' && call.args.channel === AUDIT);
    await finished;
    const posts = fake.calls('chat.postMessage').slice(1).map((call) => `${String(call.args.channel)} ${call.outcome}`);
    expect(posts).toEqual([`${OPS} rate_limited`, `${AUDIT} ok`, `${OPS} ok`]);
  });

  it('writes a burst of 300 progress lines as a few thread messages edited in place, every line kept in order', async () => {
    const slack = notifier({ progressFlushMs: 50 });
    const request = await posted(slack, pendingUnbind({ args: { action: 'isolate', serverId: 'ins-db000001' }, plan: { action: 'isolate', changes: isolateChanges(5), notes: [] } }));
    const before = fake.calls().length;
    for (let index = 0; index < 300; index += 1) {
      await slack.progress(request, { type: 'provider', step: `unbind 198.51.0.${index}`, event: { type: 'wait', what: `eip-${index}`, status: 'UNBINDING', elapsedMs: index, done: false } });
    }
    await slack.changed({ ...request, status: 'failed' }, 'failed');
    const writes = fake.calls().slice(before);
    const threadPosts = writes.filter((call) => call.method === 'chat.postMessage' && call.args.thread_ts === request.card?.ts);
    expect(threadPosts.length).toBeGreaterThan(1);
    expect(threadPosts.length).toBeLessThanOrEqual(8);
    expect(writes.filter((call) => call.method === 'chat.update').length).toBeLessThanOrEqual(threadPosts.length + 1);
    const thread = fake.workspace.thread(OPS, request.card?.ts as string).map((message) => message.text).join('\n').split('\n');
    expect(thread).toHaveLength(300);
    expect(thread[0]).toBe(':mag: unbind 198.51.0.0: eip-0 is UNBINDING after 0 ms');
    expect(thread[299]).toBe(':mag: unbind 198.51.0.299: eip-299 is UNBINDING after 299 ms');
    for (const message of fake.workspace.thread(OPS, request.card?.ts as string)) expect(message.text.length).toBeLessThanOrEqual(3_500);
  });

  it('flushes the thread before the card shows the outcome, and posts the result in the channel and the audit channel', async () => {
    const slack = notifier({ auditChannel: AUDIT, progressFlushMs: 60_000 });
    const request = await posted(slack);
    await slack.progress(request, waitEvent('UNBINDING', false));
    await slack.progress(request, waitEvent('UNBIND', true));
    const done = succeededUnbind({ card: request.card });
    await slack.changed(done, 'succeeded');
    await slack.finished(done);
    expect(fake.calls().slice(1).map((call) => `${call.method}${call.args.thread_ts === undefined ? '' : ' thread'} ${String(call.args.channel)}`)).toEqual([
      `chat.postMessage thread ${OPS}`,
      `chat.update ${OPS}`,
      `chat.postMessage ${OPS}`,
      `chat.postMessage ${AUDIT}`,
    ]);
    expect(fake.workspace.messages(AUDIT)[0]?.text).toBe('R-7K2F9Q succeeded: unbind 203.0.113.10');
    expect(JSON.stringify(fake.workspace.messages(AUDIT)[0]?.blocks)).toContain('in <#C0OPS0001>');
  });

  it('posts the result once when the audit channel is the request’s own channel', async () => {
    const slack = notifier({ auditChannel: OPS });
    const request = await posted(slack);
    await slack.finished(succeededUnbind({ card: request.card }));
    expect(fake.workspace.messages(OPS).map((message) => message.text)).toEqual([
      'R-7K2F9Q: unbind 203.0.113.10 on tc-prod (pending)',
      'R-7K2F9Q succeeded: unbind 203.0.113.10',
    ]);
  });

  it('never throws when Slack refuses, says why the card is missing, and logs it at error level', async () => {
    const slack = notifier();
    fake.failNext('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    await expect(slack.changed(pendingUnbind(), 'requested')).resolves.toBeUndefined();
    expect(await slack.whenCardPosted('R-7K2F9Q', 1_000)).toEqual({ posted: false, reason: 'not_in_channel' });
    expect(saved).toEqual([]);
    expect(logs.lines()).toContainEqual(expect.objectContaining({ level: 'error', reason: 'not_in_channel', requestId: 'R-7K2F9Q' }));
  });

  it('posts the card on the next change when the first post failed, so approvers still see it', async () => {
    const slack = notifier();
    fake.failNext('chat.postMessage', { kind: 'http-status', status: 500 }, 4);
    await slack.changed(pendingUnbind(), 'requested');
    expect(fake.workspace.messages(OPS)).toEqual([]);
    await slack.changed(pendingUnbind({ approvals: [{ user: 'U0ALICE01', at: CREATED_AT }], policy: { approvals: 2, allowSelfApproval: false, ttlMs: 900_000 } }), 'approval');
    expect(fake.workspace.messages(OPS).map((message) => message.text)).toEqual(['R-7K2F9Q: unbind 203.0.113.10 on tc-prod (pending)']);
    expect(saved).toHaveLength(1);
  });

  it('posts no card for a request that ended before its card could be posted', async () => {
    const slack = notifier();
    fake.failNext('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    await slack.changed(pendingUnbind(), 'requested');
    await slack.changed(pendingUnbind({ status: 'cancelled', cancellation: { user: 'U0RITA001', at: CREATED_AT + 5 } }), 'cancelled');
    expect(fake.calls().map((call) => `${call.method} ${call.outcome}`)).toEqual(['chat.postMessage not_in_channel']);
  });

  it('posts the card again when someone deleted it', async () => {
    const slack = notifier();
    const request = await posted(slack);
    fake.workspace.delete(OPS, request.card?.ts as string);
    await slack.changed({ ...request, status: 'cancelled', cancellation: { user: 'U0RITA001', at: CREATED_AT + 5 } }, 'cancelled');
    const cards = fake.workspace.messages(OPS);
    expect(cards.map((message) => message.text)).toEqual(['R-7K2F9Q: unbind 203.0.113.10 on tc-prod (cancelled)']);
    expect(saved.map((entry) => entry.card.ts)).toEqual([request.card?.ts, cards[0]?.ts]);
  });

  it('answers a card wait with nothing when the card takes longer than the wait', async () => {
    expect(await notifier().whenCardPosted('R-NNNNNN', 20)).toBeUndefined();
  });
});
