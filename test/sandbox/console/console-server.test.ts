import { request as httpRequest } from 'node:http';
import { isValidSlackRequest, verifySlackRequest, webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import { startConsole, type ConsoleServer } from '../../../src/sandbox/console/console-server.js';
import type { ConsoleNote } from '../../../src/sandbox/console/console-view.js';
import { SlackWebApiFake } from '../../../src/sandbox/slack/web-api-fake.js';
import { silentSlackLogger } from '../slack/silent-slack-logger.js';
import { startCardBot, type CardBot } from './card-bot.js';
import { ConsoleEvents } from './console-events.js';
import { RecordingBot, type RecordedRequest } from './recording-bot.js';

const SIGNING_SECRET = 'sandbox-signing-secret-for-console-tests';
const BOT_TOKEN = 'xoxb-console-test-token';
const APP_ID = 'A0SANDBOX1';
const RITA = 'U0RITA001';
const ALICE = 'U0ALICE01';
const OPS = 'C0OPS0001';
const INCIDENT = 'C0INC0042';

let fake: SlackWebApiFake;
let bot: RecordingBot;
let console_: ConsoleServer | undefined;
let cardBot: CardBot | undefined;
let events: ConsoleEvents | undefined;
let slackClient: webApi.WebClient;

beforeEach(async () => {
  fake = await SlackWebApiFake.start({
    botToken: Secret.of(BOT_TOKEN),
    channels: [
      { id: OPS, name: 'ops', isPrivate: false },
      { id: INCIDENT, name: 'inc-42-web', isPrivate: false },
    ],
    users: [
      { id: RITA, name: 'rita', realName: 'Rita Requester', isBot: false },
      { id: ALICE, name: 'alice', realName: 'Alice Approver', isBot: false },
    ],
    userGroups: [{ id: 'S0NETOPS1', handle: 'netops', users: [ALICE] }],
  });
  bot = await RecordingBot.start();
  slackClient = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: silentSlackLogger });
});

afterEach(async () => {
  events?.close();
  events = undefined;
  await console_?.close();
  console_ = undefined;
  await cardBot?.close();
  cardBot = undefined;
  await bot.close();
  await fake.close();
});

async function openConsole(options: { eventsUrl?: string; ackTimeoutMs?: number } = {}): Promise<ConsoleServer> {
  console_ = await startConsole({
    slack: fake,
    botEventsUrl: options.eventsUrl ?? bot.eventsUrl,
    signingSecret: Secret.of(SIGNING_SECRET),
    apiAppId: APP_ID,
    people: [
      { id: RITA, role: 'requester' },
      { id: ALICE, role: 'approver' },
    ],
    channels: [{ id: OPS, note: 'normal channel' }, { id: INCIDENT, note: 'incident channel' }],
    suggestions: [{ label: 'help', command: '/eip help' }],
    ...(options.ackTimeoutMs === undefined ? {} : { ackTimeoutMs: options.ackTimeoutMs }),
  });
  return console_;
}

async function api(server: ConsoleServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function verifies(request: RecordedRequest, secret = SIGNING_SECRET): boolean {
  return isValidSlackRequest({
    signingSecret: secret,
    body: request.body,
    headers: {
      'x-slack-signature': String(request.headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
    },
  });
}

const cardBlocks = [
  { type: 'section', text: { type: 'mrkdwn', text: '*R-7K2F9Q* unbind 203.0.113.10' } },
  { type: 'context', elements: [{ type: 'mrkdwn', text: 'requested by <@U0RITA001>' }] },
  {
    type: 'actions',
    block_id: 'decision',
    elements: [
      { type: 'button', action_id: 'eip_approve', style: 'primary', value: 'R-7K2F9Q', text: { type: 'plain_text', text: 'Approve' } },
      { type: 'button', action_id: 'eip_reject', style: 'danger', value: 'R-7K2F9Q', text: { type: 'plain_text', text: 'Reject' } },
    ],
  },
];

describe('the console sends slash commands as Slack does', () => {
  it('posts /eip as Slack’s signed form, every field in Slack’s order, with &, < and > escaped in the text', async () => {
    const server = await openConsole();
    await api(server, '/api/compose', { user: RITA, channel: OPS, text: '/eip unbind 203.0.113.10 --reason "a & b <c>"' });

    const request = bot.only();
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(() =>
      verifySlackRequest({
        signingSecret: SIGNING_SECRET,
        body: request.body,
        headers: {
          'x-slack-signature': String(request.headers['x-slack-signature']),
          'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
        },
      }),
    ).not.toThrow();
    expect(verifies(request, 'another-secret')).toBe(false);

    const fields = [...new URLSearchParams(request.body)];
    expect(fields.map(([name]) => name)).toEqual([
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'command',
      'text',
      'response_url',
      'trigger_id',
      'api_app_id',
      'is_enterprise_install',
    ]);
    const form = Object.fromEntries(fields);
    expect(form).toEqual({
      token: expect.any(String),
      team_id: fake.team.id,
      team_domain: fake.team.domain,
      channel_id: OPS,
      channel_name: 'ops',
      user_id: RITA,
      user_name: 'rita',
      command: '/eip',
      text: 'unbind 203.0.113.10 --reason "a &amp; b &lt;c&gt;"',
      response_url: expect.stringMatching(new RegExp(`^${fake.url}/response/[A-Za-z0-9]+$`)),
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]{32}$/),
      api_app_id: APP_ID,
      is_enterprise_install: 'false',
    });
  });

  it('shows the bot’s acknowledgement as an ephemeral reply that only the person who ran the command sees', async () => {
    bot.answer = { status: 200, body: 'Planning unbind of 203.0.113.10…' };
    const server = await openConsole();
    const answer = await api(server, '/api/compose', { user: RITA, channel: OPS, text: '/eip unbind 203.0.113.10' });

    expect(answer).toEqual({ status: 200, body: { kind: 'command', result: { delivered: true, status: 200, reply: { text: 'Planning unbind of 203.0.113.10…' } } } });
    expect(fake.workspace.ephemerals({ user: RITA }).map((message) => message.text)).toEqual(['Planning unbind of 203.0.113.10…']);
    expect(fake.workspace.ephemerals({ user: ALICE })).toEqual([]);
    expect(fake.workspace.messages(OPS)).toEqual([]);
    expect(server.client.notes()).toEqual([
      expect.objectContaining({ channel: OPS, user: RITA, kind: 'command', text: '/eip unbind 203.0.113.10' }),
    ]);
  });

  it('shows an in_channel acknowledgement to everyone, after the command as the person typed it', async () => {
    bot.answer = { status: 200, contentType: 'application/json', body: JSON.stringify({ response_type: 'in_channel', text: 'Usage: /eip …' }) };
    const server = await openConsole();
    await api(server, '/api/compose', { user: RITA, channel: OPS, text: '/eip help' });

    expect(fake.workspace.messages(OPS).map((message) => [message.user, message.text])).toEqual([
      [RITA, '/eip help'],
      [fake.bot.userId, 'Usage: /eip …'],
    ]);
  });

  it('gives the bot a response_url on the fake that replies to the person who ran the command', async () => {
    const server = await openConsole();
    await api(server, '/api/compose', { user: RITA, channel: OPS, text: '/eip show 203.0.113.10' });
    const responseUrl = new URLSearchParams(bot.only().body).get('response_url') ?? '';

    const reply = await fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '203.0.113.10 is bound to web-1' }) });

    expect(reply.status).toBe(200);
    expect(fake.workspace.ephemerals({ user: RITA, channel: OPS }).map((message) => message.text)).toEqual(['203.0.113.10 is bound to web-1']);
  });

  it('tells the person Slack’s error when the bot refuses the request, is too slow, or cannot be reached', async () => {
    const slackbotNotes = (server: ConsoleServer) =>
      server.client.notes().filter((note: ConsoleNote) => note.kind === 'slackbot').map((note) => [note.text, note.detail]);

    bot.answer = { status: 401 };
    const refusing = await openConsole({ ackTimeoutMs: 300 });
    await api(refusing, '/api/compose', { user: RITA, channel: OPS, text: '/eip help' });
    expect(slackbotNotes(refusing)).toEqual([['/eip failed with the error "http_client_error"', 'eipbot answered HTTP 401']]);
    await refusing.close();

    bot.answer = 'never';
    const slow = await openConsole({ ackTimeoutMs: 300 });
    await api(slow, '/api/compose', { user: RITA, channel: OPS, text: '/eip help' });
    expect(slackbotNotes(slow)).toEqual([['/eip failed with the error "operation_timeout"', 'eipbot did not answer within 300 ms']]);
    await slow.close();

    const unreachableUrl = bot.eventsUrl;
    await bot.close();
    const unreachable = await openConsole({ eventsUrl: unreachableUrl, ackTimeoutMs: 300 });
    await api(unreachable, '/api/compose', { user: RITA, channel: OPS, text: '/eip help' });
    expect(slackbotNotes(unreachable)).toEqual([
      ['/eip failed with the error "dispatch_failed"', expect.stringContaining(`eipbot could not be reached at ${unreachableUrl}`)],
    ]);
  });

  it('answers an unknown command and a command typed in a thread in Slack’s own words, sending nothing to the bot', async () => {
    const server = await openConsole();
    const card = await slackClient.chat.postMessage({ channel: OPS, text: 'card' });

    const unknown = await api(server, '/api/compose', { user: RITA, channel: OPS, text: '/eipp unbind 1.2.3.4' });
    const inThread = await api(server, '/api/compose', { user: RITA, channel: OPS, threadTs: card.ts, text: '/eip help' });

    expect(unknown.body).toMatchObject({
      kind: 'refused',
      note: { kind: 'slackbot', text: '/eipp is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.' },
    });
    expect(inThread.body).toMatchObject({ kind: 'refused', note: { kind: 'slackbot', threadTs: card.ts, text: '/eip is not supported in threads. Sorry!' } });
    expect(bot.requests).toEqual([]);
  });

  it('posts a plain message as the person, escaped as Slack stores it, in the channel or in a thread', async () => {
    const server = await openConsole();
    const card = await slackClient.chat.postMessage({ channel: OPS, text: 'card' });

    await api(server, '/api/compose', { user: ALICE, channel: OPS, text: 'looking at <this> & that' });
    await api(server, '/api/compose', { user: ALICE, channel: OPS, threadTs: card.ts, text: 'on it' });

    expect(fake.workspace.messages(OPS).map((message) => [message.user, message.text])).toEqual([
      [fake.bot.userId, 'card'],
      [ALICE, 'looking at &lt;this&gt; &amp; that'],
    ]);
    expect(fake.workspace.thread(OPS, card.ts as string).map((message) => [message.user, message.text])).toEqual([[ALICE, 'on it']]);
    expect(bot.requests).toEqual([]);
  });
});

describe('the console sends clicks as Slack does', () => {
  it('posts a click as the signed block_actions payload of the message exactly as the fake holds it', async () => {
    const server = await openConsole();
    const card = await slackClient.chat.postMessage({ channel: OPS, text: 'Change request R-7K2F9Q', blocks: cardBlocks });

    const answer = await api(server, '/api/click', { user: ALICE, channel: OPS, ts: card.ts, ephemeral: false, button: '2:0' });

    expect(answer).toEqual({ status: 200, body: { delivered: true, status: 200 } });
    const request = bot.only();
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(verifies(request)).toBe(true);
    const form = [...new URLSearchParams(request.body)];
    expect(form.map(([name]) => name)).toEqual(['payload']);
    const payload = JSON.parse(form[0]?.[1] ?? '') as Record<string, unknown>;
    expect(payload).toEqual({
      type: 'block_actions',
      user: { id: ALICE, username: 'alice', name: 'alice', team_id: fake.team.id },
      api_app_id: APP_ID,
      token: expect.any(String),
      container: { type: 'message', message_ts: card.ts, channel_id: OPS, is_ephemeral: false },
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]{32}$/),
      team: { id: fake.team.id, domain: fake.team.domain },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: OPS, name: 'ops' },
      message: {
        type: 'message',
        text: 'Change request R-7K2F9Q',
        ts: card.ts,
        user: fake.bot.userId,
        bot_id: fake.bot.botId,
        blocks: cardBlocks,
        team: fake.team.id,
      },
      state: { values: {} },
      response_url: expect.stringMatching(new RegExp(`^${fake.url}/response/[A-Za-z0-9]+$`)),
      actions: [
        {
          type: 'button',
          action_id: 'eip_approve',
          block_id: 'decision',
          value: 'R-7K2F9Q',
          text: { type: 'plain_text', text: 'Approve', emoji: true },
          style: 'primary',
          action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
        },
      ],
    });

    const responseUrl = payload.response_url as string;
    await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'R-7K2F9Q approved by alice' }),
    });
    expect(fake.workspace.message(OPS, card.ts as string)).toMatchObject({ text: 'R-7K2F9Q approved by alice' });
  });

  it('sends a click on an ephemeral message without the message, as Slack does', async () => {
    const server = await openConsole();
    const note = await slackClient.chat.postEphemeral({ channel: OPS, user: RITA, text: 'undo?', blocks: cardBlocks });

    await api(server, '/api/click', { user: RITA, channel: OPS, ts: note.message_ts, ephemeral: true, button: '2:1' });

    const payload = JSON.parse(new URLSearchParams(bot.only().body).get('payload') ?? '') as Record<string, unknown>;
    expect(payload.container).toEqual({ type: 'message', message_ts: note.message_ts, channel_id: OPS, is_ephemeral: true });
    expect(payload).not.toHaveProperty('message');
    expect(payload.actions).toEqual([expect.objectContaining({ action_id: 'eip_reject', value: 'R-7K2F9Q' })]);
  });

  it('refuses a click on someone else’s ephemeral message or where there is no button, and sends nothing', async () => {
    const server = await openConsole();
    const note = await slackClient.chat.postEphemeral({ channel: OPS, user: RITA, text: 'for rita', blocks: cardBlocks });
    const card = await slackClient.chat.postMessage({ channel: OPS, text: 'card', blocks: cardBlocks });

    const othersEphemeral = await api(server, '/api/click', { user: ALICE, channel: OPS, ts: note.message_ts, ephemeral: true, button: '2:0' });
    const noButton = await api(server, '/api/click', { user: ALICE, channel: OPS, ts: card.ts, ephemeral: false, button: '0:0' });

    expect(othersEphemeral).toEqual({ status: 404, body: { error: 'That message is no longer there.' } });
    expect(noButton).toEqual({ status: 400, body: { error: 'The message has no button at 0:0.' } });
    expect(bot.requests).toEqual([]);
  });

  it('tells the clicker when the bot did not acknowledge the click', async () => {
    bot.answer = { status: 404 };
    const server = await openConsole();
    const card = await slackClient.chat.postMessage({ channel: OPS, text: 'card', blocks: cardBlocks });

    await api(server, '/api/click', { user: ALICE, channel: OPS, ts: card.ts, ephemeral: false, button: '2:0' });

    expect(server.client.notes()).toEqual([
      expect.objectContaining({ user: ALICE, kind: 'slackbot', text: 'Your click on “Approve” did not go through: http_client_error', detail: 'eipbot answered HTTP 404' }),
    ]);
  });
});

describe('the console’s event stream', () => {
  it('starts with a snapshot, then delivers posts, thread replies, updates, ephemerals, notes and API calls as they happen', async () => {
    const early = await slackClient.chat.postMessage({ channel: OPS, text: 'before the page opened' });
    const server = await openConsole();
    events = await ConsoleEvents.open(server.url);

    expect(events.snapshot).toEqual({
      messages: [expect.objectContaining({ ts: early.ts, text: 'before the page opened', html: 'before the page opened' })],
      ephemerals: [],
      notes: [],
      calls: [expect.objectContaining({ method: 'chat.postMessage', outcome: 'ok' })],
    });

    const card = await slackClient.chat.postMessage({ channel: OPS, text: 'card', blocks: cardBlocks });
    await slackClient.chat.postMessage({ channel: OPS, thread_ts: card.ts as string, text: 'step 1 *done*' });
    await slackClient.chat.update({ channel: OPS, ts: card.ts as string, text: 'approved', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Approved*' } }] });
    await slackClient.chat.postEphemeral({ channel: OPS, user: RITA, text: 'only for rita' });
    await api(server, '/api/compose', { user: RITA, channel: OPS, text: '/nope' });

    const posted = await events.next((event) => event.type === 'message' && event.change === 'posted' && event.message.ts === card.ts);
    expect(posted).toMatchObject({ message: { channel: OPS, blocks: cardBlocks, html: expect.stringContaining('data-button="2:0"') } });
    const reply = await events.next((event) => event.type === 'message' && event.message.threadTs === card.ts);
    expect(reply).toMatchObject({ change: 'posted', message: { html: 'step 1 <strong>done</strong>' } });
    const updated = await events.next((event) => event.type === 'message' && event.change === 'updated');
    expect(updated).toMatchObject({
      message: {
        ts: card.ts,
        editedTs: expect.any(String),
        html: '<div class="bk-section"><div class="bk-section-body"><div class="bk-section-text"><strong>Approved</strong></div></div></div>',
      },
    });
    const ephemeral = await events.next((event) => event.type === 'ephemeral');
    expect(ephemeral).toMatchObject({ change: 'posted', message: { user: RITA, text: 'only for rita', html: 'only for rita' } });
    const note = await events.next((event) => event.type === 'note');
    expect(note).toMatchObject({ note: { user: RITA, kind: 'slackbot', text: expect.stringContaining('/nope is not a valid command') } });
    const calls = events.events.flatMap((event) => (event.type === 'call' ? [event.call.method] : []));
    expect(calls).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.update', 'chat.postEphemeral']);
  });

  it('carries a real Bolt app’s whole exchange: command, card, confirmed approval, card updated in place, thread reply', async () => {
    cardBot = await startCardBot({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, slackApiUrl: fake.apiUrl });
    const server = await openConsole({ eventsUrl: cardBot.eventsUrl });
    events = await ConsoleEvents.open(server.url);

    await api(server, '/api/compose', { user: RITA, channel: OPS, text: '/eip unbind 203.0.113.10 --reason "<b>hi</b>"' });
    const ack = await events.next((event) => event.type === 'ephemeral');
    expect(ack).toMatchObject({ message: { user: RITA, text: 'Planning unbind 203.0.113.10 --reason "&lt;b&gt;hi&lt;/b&gt;"…' } });
    const card = await events.next((event) => event.type === 'message' && event.change === 'posted');
    const cardTs = card.type === 'message' ? card.message.ts : '';
    expect(card).toMatchObject({ message: { html: expect.stringContaining('&lt;b&gt;hi&lt;/b&gt;') } });
    expect(card).toMatchObject({ message: { html: expect.stringContaining('<dialog class="bk-confirm">') } });

    await api(server, '/api/click', { user: ALICE, channel: OPS, ts: cardTs, ephemeral: false, button: '2:0' });

    const updated = await events.next((event) => event.type === 'message' && event.change === 'updated');
    expect(updated).toMatchObject({
      message: { ts: cardTs, html: '<div class="bk-section"><div class="bk-section-body"><div class="bk-section-text">✅ <strong>Approved</strong> by <span class="mention mention-user">@alice</span></div></div></div>' },
    });
    const reply = await events.next((event) => event.type === 'message' && event.message.threadTs === cardTs);
    expect(reply).toMatchObject({ message: { text: 'Unbinding… done.' } });
  });
});

describe('the console page and its guard', () => {
  it('serves the page, its script and its style under a policy that allows no inline script and nothing from elsewhere', async () => {
    const server = await openConsole();
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('<script type="module" src="/console.js"></script>');
    expect((await fetch(new URL('/console.js', server.url))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(new URL('/console.css', server.url))).status).toBe(200);
    expect((await fetch(new URL('/nothing-here', server.url))).status).toBe(404);
  });

  it('describes the workspace: who one can act as, with their role, and the channels with their notes', async () => {
    const server = await openConsole();
    const directory = (await (await fetch(new URL('/api/workspace', server.url))).json()) as Record<string, unknown>;
    expect(directory).toMatchObject({
      team: fake.team,
      bot: fake.bot,
      people: [
        { id: RITA, name: 'rita', realName: 'Rita Requester', role: 'requester' },
        { id: ALICE, name: 'alice', realName: 'Alice Approver', role: 'approver' },
      ],
      channels: [
        { id: OPS, name: 'ops', note: 'normal channel' },
        { id: INCIDENT, name: 'inc-42-web', note: 'incident channel' },
      ],
      suggestions: [{ label: 'help', command: '/eip help' }],
      hasInventory: false,
    });
  });

  it('refuses a command from another site’s page, a request under another host name, and a body that is not JSON', async () => {
    const server = await openConsole();
    const command = { user: RITA, channel: OPS, text: '/eip help' };

    const foreign = await api(server, '/api/compose', command, { origin: 'http://evil.example' });
    const notJson = await fetch(new URL('/api/compose', server.url), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(command) });
    const rebound = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(server.url);
      const request = httpRequest({ host: '127.0.0.1', port, path: '/api/workspace', headers: { host: `attacker.example:${port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });

    expect(foreign.status).toBe(403);
    expect(notJson.status).toBe(415);
    expect(rebound).toBe(403);
    expect(bot.requests).toEqual([]);
  });

  it('refuses a compose or click that does not name a person, a channel and a message properly', async () => {
    const server = await openConsole();
    const noOne = await api(server, '/api/compose', { user: 'U0NOBODY1', channel: OPS, text: '/eip help' });
    const badTs = await api(server, '/api/click', { user: RITA, channel: OPS, ts: 'yesterday', ephemeral: false, button: '0:0' });
    expect(noOne).toEqual({ status: 404, body: { error: 'There is no person U0NOBODY1 in the sandbox workspace.' } });
    expect(badTs).toEqual({ status: 400, body: { error: 'ts: must be a Slack message ts' } });
  });
});
