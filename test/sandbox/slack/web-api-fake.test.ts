import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/clock.js';
import { Secret } from '../../../src/config/secret.js';
import { SlackWebApiFake, type SlackFakeEvent } from '../../../src/sandbox/slack/web-api-fake.js';
import { silentSlackLogger } from './silent-slack-logger.js';

const TOKEN = 'xoxb-test-fake-token';

/** A clock the test moves by hand: ts values and response_url expiry follow it. */
function manualClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, sleep: async () => {}, advance: (ms) => (now += ms) };
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const approveButton = {
  type: 'actions',
  block_id: 'decision',
  elements: [{ type: 'button', action_id: 'eip_approve', value: 'R-7K2F9Q', style: 'primary', text: { type: 'plain_text', text: 'Approve' } }],
};

let fake: SlackWebApiFake;
let clock: ReturnType<typeof manualClock>;
let client: webApi.WebClient;

beforeEach(async () => {
  clock = manualClock();
  fake = await SlackWebApiFake.start({
    botToken: Secret.of(TOKEN),
    clock,
    channels: [
      { id: 'C0OPS0001', name: 'ops', isPrivate: false },
      { id: 'G0INC0042', name: 'inc-42-db-down', isPrivate: true },
    ],
    users: [
      { id: 'U0ALICE01', name: 'alice', realName: 'Alice Approver', isBot: false },
      { id: 'U0BOB0001', name: 'bob', realName: 'Bob Requester', isBot: false },
    ],
    userGroups: [{ id: 'S0NETOPS1', handle: 'netops', users: ['U0ALICE01'] }],
  });
  client = new webApi.WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: silentSlackLogger });
});

afterEach(async () => {
  await fake.close();
});

describe('SlackWebApiFake: the Web API', () => {
  it('answers auth.test with the bot and team a real workspace would report', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({ ok: true, user_id: fake.bot.userId, bot_id: fake.bot.botId, team_id: fake.team.id });
  });

  it('refuses a wrong token with invalid_auth and records the attempt without the token', async () => {
    const intruder = new webApi.WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: silentSlackLogger });
    await expect(intruder.chat.postMessage({ channel: 'C0OPS0001', text: 'hi' })).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_auth' },
    });
    expect(fake.workspace.messages('C0OPS0001')).toEqual([]);
    const [call] = fake.calls();
    expect(call).toMatchObject({ method: 'chat.postMessage', outcome: 'invalid_auth' });
    expect(JSON.stringify(call)).not.toContain('xoxb-');
  });

  it('posts a message with blocks, returns its ts, and keeps the blocks exactly as sent', async () => {
    const blocks = [section('*R-7K2F9Q* unbind 203.0.113.10'), approveButton];
    const posted = await client.chat.postMessage({ channel: 'C0OPS0001', text: 'Change request R-7K2F9Q', blocks });
    expect(posted).toMatchObject({ ok: true, channel: 'C0OPS0001', ts: expect.stringMatching(/^\d{10}\.\d{6}$/) });
    expect(fake.workspace.messages('C0OPS0001')).toEqual([
      {
        channel: 'C0OPS0001',
        ts: posted.ts,
        user: fake.bot.userId,
        botId: fake.bot.botId,
        text: 'Change request R-7K2F9Q',
        blocks,
        deleted: false,
      },
    ]);
    expect(fake.calls('chat.postMessage')).toEqual([
      expect.objectContaining({ seq: 1, at: clock.now(), outcome: 'ok', args: expect.objectContaining({ channel: 'C0OPS0001', blocks }) }),
    ]);
  });

  it('posts by channel name as well as by id, and says channel_not_found for an unknown one', async () => {
    await client.chat.postMessage({ channel: '#ops', text: 'by name' });
    expect(fake.workspace.messages('C0OPS0001').map((message) => message.text)).toEqual(['by name']);
    await expect(client.chat.postMessage({ channel: 'C0NOWHERE', text: 'lost' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });

  it('threads replies under their parent and refuses a reply to a reply', async () => {
    const card = await client.chat.postMessage({ channel: 'C0OPS0001', text: 'card' });
    const first = await client.chat.postMessage({ channel: 'C0OPS0001', text: 'unbinding…', thread_ts: card.ts as string });
    await client.chat.postMessage({ channel: 'C0OPS0001', text: 'unbound', thread_ts: card.ts as string });
    expect(fake.workspace.thread('C0OPS0001', card.ts as string).map((message) => message.text)).toEqual(['unbinding…', 'unbound']);
    expect(fake.workspace.messages('C0OPS0001').map((message) => message.text)).toEqual(['card']);
    await expect(client.chat.postMessage({ channel: 'C0OPS0001', text: 'nested', thread_ts: first.ts as string })).rejects.toMatchObject({
      data: { error: 'invalid_thread_ts' },
    });
  });

  it('updates only the bot’s own messages; text alone drops the blocks; unknown ts is message_not_found', async () => {
    const card = await client.chat.postMessage({ channel: 'C0OPS0001', text: 'pending', blocks: [section('pending'), approveButton] });
    clock.advance(1000);
    await client.chat.update({ channel: 'C0OPS0001', ts: card.ts as string, text: 'approved', blocks: [section('approved by alice')] });
    expect(fake.workspace.message('C0OPS0001', card.ts as string)).toMatchObject({
      text: 'approved',
      blocks: [section('approved by alice')],
      editedTs: expect.any(String),
    });
    await client.chat.update({ channel: 'C0OPS0001', ts: card.ts as string, text: 'done' });
    expect(fake.workspace.message('C0OPS0001', card.ts as string)?.blocks).toBeUndefined();

    await expect(client.chat.update({ channel: 'C0OPS0001', ts: '1.000001', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    const typed = fake.workspace.post('C0OPS0001', { text: 'a person wrote this' }, { as: 'U0BOB0001' });
    await expect(client.chat.update({ channel: 'C0OPS0001', ts: typed.ts, text: 'hijack' })).rejects.toMatchObject({
      data: { error: 'cant_update_message' },
    });
  });

  it('refuses a chat.update longer than 4,000 characters with msg_too_long', async () => {
    const card = await client.chat.postMessage({ channel: 'C0OPS0001', text: 'card' });
    await expect(client.chat.update({ channel: 'C0OPS0001', ts: card.ts as string, text: 'x'.repeat(4001) })).rejects.toMatchObject({
      data: { error: 'msg_too_long' },
    });
  });

  it('keeps ephemeral messages per user, invisible in the channel', async () => {
    const result = await client.chat.postEphemeral({ channel: 'C0OPS0001', user: 'U0BOB0001', text: 'only you can see this' });
    expect(result.message_ts).toEqual(expect.any(String));
    expect(fake.workspace.ephemerals({ user: 'U0BOB0001' })).toEqual([
      expect.objectContaining({ channel: 'C0OPS0001', user: 'U0BOB0001', text: 'only you can see this', ts: result.message_ts }),
    ]);
    expect(fake.workspace.ephemerals({ user: 'U0ALICE01' })).toEqual([]);
    expect(fake.workspace.messages('C0OPS0001')).toEqual([]);
    await expect(client.chat.postEphemeral({ channel: 'C0OPS0001', user: 'U0NOBODY1', text: 'x' })).rejects.toMatchObject({
      data: { error: 'user_not_in_channel' },
    });
  });

  it('answers usergroups.users.list, users.info and conversations.info from the workspace', async () => {
    expect(await client.usergroups.users.list({ usergroup: 'S0NETOPS1' })).toMatchObject({ ok: true, users: ['U0ALICE01'] });
    await expect(client.usergroups.users.list({ usergroup: 'S0UNKNOWN' })).rejects.toMatchObject({ data: { error: 'no_such_subteam' } });
    expect(await client.users.info({ user: 'U0ALICE01' })).toMatchObject({ user: { id: 'U0ALICE01', name: 'alice', real_name: 'Alice Approver' } });
    await expect(client.users.info({ user: 'U0GHOST01' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    expect(await client.conversations.info({ channel: 'G0INC0042' })).toMatchObject({
      channel: { id: 'G0INC0042', name: 'inc-42-db-down', is_private: true },
    });
    await expect(client.conversations.info({ channel: 'C0NOWHERE' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
  });

  it('answers unknown_method for a method it does not serve', async () => {
    await expect(client.apiCall('chat.scheduleMessage', { channel: 'C0OPS0001', text: 'later' })).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
  });

  it('answers 429 with Retry-After as told, and the client retries after it and succeeds', async () => {
    fake.failNext('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 0 }, 2);
    const patient = new webApi.WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
      logger: silentSlackLogger,
    });
    const result = await patient.chat.postMessage({ channel: 'C0OPS0001', text: 'final result' });
    expect(result.ok).toBe(true);
    expect(fake.calls('chat.postMessage').map((call) => call.outcome)).toEqual(['rate_limited', 'rate_limited', 'ok']);
    expect(fake.workspace.messages('C0OPS0001').map((message) => message.text)).toEqual(['final result']);
  });

  it('sends the Retry-After header a rate-limited caller must honour', async () => {
    fake.failNext('chat.update', { kind: 'rate-limited', retryAfterSeconds: 7 });
    const response = await fetch(`${fake.apiUrl}chat.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=C0OPS0001&ts=1.2',
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it('answers {ok:false, error} as told, once, then normally', async () => {
    fake.failNext('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    await expect(client.chat.postMessage({ channel: 'C0OPS0001', text: 'first' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    await expect(client.chat.postMessage({ channel: 'C0OPS0001', text: 'second' })).resolves.toMatchObject({ ok: true });
    expect(fake.workspace.messages('C0OPS0001').map((message) => message.text)).toEqual(['second']);
  });

  it('refuses a 51-block message with invalid_blocks, as Slack does, and posts nothing', async () => {
    const blocks = Array.from({ length: 51 }, (_, index) => section(`line ${index}`));
    await expect(client.chat.postMessage({ channel: 'C0OPS0001', text: 'too big', blocks })).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_blocks', errors: ['must be less than 51 items [json-pointer:/blocks]'] },
    });
    expect(fake.workspace.messages('C0OPS0001')).toEqual([]);
    expect(fake.calls('chat.postMessage')[0]?.outcome).toBe('invalid_blocks');
  });

  it('refuses over-long section text and button values in chat.update too', async () => {
    const card = await client.chat.postMessage({ channel: 'C0OPS0001', text: 'card' });
    const blocks = [
      section('x'.repeat(3001)),
      { type: 'actions', elements: [{ ...approveButton.elements[0], value: 'v'.repeat(2001) }] },
    ];
    await expect(client.chat.update({ channel: 'C0OPS0001', ts: card.ts as string, text: 'card', blocks })).rejects.toMatchObject({
      data: {
        error: 'invalid_blocks',
        errors: [
          'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
          'must be less than 2001 characters [json-pointer:/blocks/1/elements/0/value]',
        ],
      },
    });
  });

  it('streams every post, update and ephemeral message to subscribers, in order', async () => {
    const events: SlackFakeEvent[] = [];
    fake.subscribe((event) => events.push(event));
    const card = await client.chat.postMessage({ channel: 'C0OPS0001', text: 'card' });
    await client.chat.update({ channel: 'C0OPS0001', ts: card.ts as string, text: 'card, approved' });
    await client.chat.postEphemeral({ channel: 'C0OPS0001', user: 'U0BOB0001', text: 'noted' });
    expect(events.map((event) => (event.type === 'call' ? `call ${event.call.method}` : `${event.type} ${event.change} ${event.message.text}`))).toEqual([
      'message posted card',
      'call chat.postMessage',
      'message updated card, approved',
      'call chat.update',
      'ephemeral posted noted',
      'call chat.postEphemeral',
    ]);
  });

  it('lets a test wait for a call that has not happened yet', async () => {
    const waiting = fake.waitForCall((call) => call.method === 'chat.postMessage' && call.args.text === 'later');
    await client.chat.postMessage({ channel: 'C0OPS0001', text: 'sooner' });
    await client.chat.postMessage({ channel: 'C0OPS0001', text: 'later' });
    await expect(waiting).resolves.toMatchObject({ seq: 2, args: { text: 'later' } });
  });
});

describe('SlackWebApiFake: response_url', () => {
  async function respond(url: string, payload: unknown): Promise<Response> {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  }

  it('posts an ephemeral reply by default and an in-channel one when asked', async () => {
    const url = fake.createResponseUrl({ channel: 'C0OPS0001', user: 'U0BOB0001' });
    expect((await respond(url, { text: 'Request R-7K2F9Q posted' })).status).toBe(200);
    expect((await respond(url, { text: 'for everyone', response_type: 'in_channel' })).status).toBe(200);
    expect(fake.workspace.ephemerals({ user: 'U0BOB0001' }).map((message) => message.text)).toEqual(['Request R-7K2F9Q posted']);
    expect(fake.workspace.messages('C0OPS0001').map((message) => message.text)).toEqual(['for everyone']);
    expect(fake.calls('response_url').map((call) => call.outcome)).toEqual(['ok', 'ok']);
  });

  it('replaces the clicked message with replace_original, and deletes it with delete_original', async () => {
    const card = await client.chat.postMessage({ channel: 'C0OPS0001', text: 'card', blocks: [section('pending'), approveButton] });
    const click = { channel: 'C0OPS0001', user: 'U0ALICE01', source: { ts: card.ts as string, ephemeral: false } };
    await respond(fake.createResponseUrl(click), { replace_original: true, text: 'approved' });
    expect(fake.workspace.message('C0OPS0001', card.ts as string)).toMatchObject({ text: 'approved', deleted: false });
    expect(fake.workspace.message('C0OPS0001', card.ts as string)?.blocks).toBeUndefined();

    await respond(fake.createResponseUrl(click), { delete_original: true });
    expect(fake.workspace.messages('C0OPS0001')).toEqual([]);
  });

  it('replaces the clicked message when an in_channel reply does not say replace_original: false', async () => {
    const card = await client.chat.postMessage({ channel: 'C0OPS0001', text: 'card' });
    const click = { channel: 'C0OPS0001', user: 'U0ALICE01', source: { ts: card.ts as string, ephemeral: false } };
    await respond(fake.createResponseUrl(click), { response_type: 'in_channel', text: 'overwritten' });
    await respond(fake.createResponseUrl(click), { response_type: 'in_channel', replace_original: false, text: 'a new message' });
    expect(fake.workspace.messages('C0OPS0001').map((message) => message.text)).toEqual(['overwritten', 'a new message']);
  });

  it('keeps a replaced ephemeral message ephemeral, even when asked for in_channel', async () => {
    const url = fake.createResponseUrl({ channel: 'C0OPS0001', user: 'U0BOB0001' });
    await respond(url, { text: 'working…' });
    await respond(url, { replace_original: true, response_type: 'in_channel', text: 'done' });
    expect(fake.workspace.ephemerals({ user: 'U0BOB0001' })).toEqual([expect.objectContaining({ text: 'done', replacements: 1 })]);
    expect(fake.workspace.messages('C0OPS0001')).toEqual([]);
  });

  it('works five times, then answers 404 used_url', async () => {
    const url = fake.createResponseUrl({ channel: 'C0OPS0001', user: 'U0BOB0001' });
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i += 1) statuses.push((await respond(url, { text: `reply ${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(fake.calls('response_url').at(-1)?.outcome).toBe('used_url');
    expect(fake.workspace.ephemerals({ user: 'U0BOB0001' })).toHaveLength(5);
  });

  it('expires after 30 minutes', async () => {
    const url = fake.createResponseUrl({ channel: 'C0OPS0001', user: 'U0BOB0001' });
    clock.advance(30 * 60_000 + 1);
    const response = await respond(url, { text: 'too late' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error: 'expired_url' });
  });

  it('refuses a reply that breaks Block Kit limits with 400 invalid_blocks', async () => {
    const url = fake.createResponseUrl({ channel: 'C0OPS0001', user: 'U0BOB0001' });
    const response = await respond(url, { text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] });
    expect(response.status).toBe(400);
    expect(fake.workspace.ephemerals()).toEqual([]);
  });
});
