import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type SlashCommand as BoltSlashCommand, type BlockButtonAction } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/clock.js';
import { Secret } from '../../../src/config/secret.js';
import { findButton, SlackRequestSigner, slackSignature } from '../../../src/sandbox/slack/signed-request.js';
import { SlackWebApiFake } from '../../../src/sandbox/slack/web-api-fake.js';
import { silentSlackLogger } from './silent-slack-logger.js';

const fixedClock = (ms: number): Clock => ({ now: () => ms, sleep: async () => {} });

describe('Slack request signing', () => {
  // reference/slack.md §1.2: Slack's worked example from docs.slack.dev/authentication/verifying-requests-from-slack.
  const example = {
    secret: '8f742231b10e8888abcd99yyyzzz85a5',
    timestamp: '1531420618',
    body:
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
      '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
  };

  it('reproduces Slack’s signing test vector byte for byte', () => {
    expect(slackSignature(example.secret, example.timestamp, example.body)).toBe(example.signature);
  });

  it('builds the very body of Slack’s example from its fields, and signs it with Slack’s signature', () => {
    const signer = new SlackRequestSigner({
      signingSecret: Secret.of(example.secret),
      clock: fixedClock(Number(example.timestamp) * 1000),
      team: { id: 'T1DC2JH3J', domain: 'testteamnow' },
      verificationToken: 'xyzz0WbapA4vBCDEFasx0q6G',
    });
    const request = signer.slashCommand({
      command: '/webhook-collect',
      text: '',
      channel: { id: 'G8PSS9T3V', name: 'foobar' },
      user: { id: 'U2CERLKJA', name: 'roadrunner' },
      responseUrl: 'https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
      triggerId: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    });
    expect(request).toEqual({
      body: example.body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': example.timestamp,
        'x-slack-signature': example.signature,
      },
    });
  });
});

describe('signed requests against a real Bolt app', () => {
  const signingSecret = Secret.of('sandbox-signing-secret-0123456789');
  const botToken = Secret.of('xoxb-signed-request-test');
  const alice = { id: 'U0ALICE01', name: 'alice' };
  const ops = { id: 'C0OPS0001', name: 'ops' };

  let fake: SlackWebApiFake;
  let app: App;
  let eventsUrl: string;
  let commands: BoltSlashCommand[];
  let clicks: BlockButtonAction[];

  beforeEach(async () => {
    commands = [];
    clicks = [];
    fake = await SlackWebApiFake.start({
      botToken,
      channels: [{ ...ops, isPrivate: false }],
      users: [{ ...alice, realName: 'Alice', isBot: false }],
    });
    app = new App({
      token: botToken.reveal(),
      signingSecret: signingSecret.reveal(),
      botId: fake.bot.botId,
      botUserId: fake.bot.userId,
      logger: silentSlackLogger,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/eip', async ({ ack, command, respond }) => {
      await ack();
      commands.push(command);
      await respond({ text: `read: ${command.text}` });
    });
    app.action<BlockButtonAction>('eip_approve', async ({ ack, body, respond }) => {
      await ack();
      clicks.push(body);
      await respond({ replace_original: true, text: `approved by <@${body.user.id}>` });
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterEach(async () => {
    await app.stop();
    await fake.close();
  });

  it('delivers a slash command that Bolt accepts, with every field Slack sends and the text intact', async () => {
    const signer = new SlackRequestSigner({ signingSecret, team: fake.team, apiAppId: 'A0EIPBOT1' });
    const text = 'unbind 203.0.113.10 --reason "R&D outage, 50% loss + rising"';
    const responseUrl = fake.createResponseUrl({ channel: ops.id, user: alice.id });
    const answer = await signer.post(eventsUrl, signer.slashCommand({ text, user: alice, channel: ops, responseUrl }));
    expect(answer.status).toBe(200);
    await fake.waitForCall((call) => call.method === 'response_url');
    expect(commands).toEqual([
      {
        token: 'sandbox-verification-token',
        team_id: fake.team.id,
        team_domain: fake.team.domain,
        channel_id: ops.id,
        channel_name: ops.name,
        user_id: alice.id,
        user_name: alice.name,
        command: '/eip',
        text,
        response_url: responseUrl,
        trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]{32}$/),
        api_app_id: 'A0EIPBOT1',
        is_enterprise_install: 'false',
      },
    ]);
    expect(fake.workspace.ephemerals({ user: alice.id }).map((message) => message.text)).toEqual([`read: ${text}`]);
  });

  it('delivers a button click that Bolt routes to the action, and its response_url replaces the card', async () => {
    const client = app.client;
    const card = await client.chat.postMessage({
      channel: ops.id,
      text: 'Change request R-7K2F9Q',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*R-7K2F9Q* unbind 203.0.113.10' } },
        {
          type: 'actions',
          block_id: 'eip_decision',
          elements: [
            { type: 'button', action_id: 'eip_approve', value: 'R-7K2F9Q', style: 'primary', text: { type: 'plain_text', text: 'Approve' } },
            { type: 'button', action_id: 'eip_reject', value: 'R-7K2F9Q', style: 'danger', text: { type: 'plain_text', text: 'Reject' } },
          ],
        },
      ],
    });
    const message = fake.workspace.message(ops.id, card.ts as string);
    if (message === undefined) throw new Error('the card was not posted');
    const action = findButton(message.blocks, 'eip_approve', 'R-7K2F9Q');
    expect(action).toEqual({ actionId: 'eip_approve', blockId: 'eip_decision', value: 'R-7K2F9Q', text: 'Approve', style: 'primary' });
    if (action === undefined) return;

    const signer = new SlackRequestSigner({ signingSecret, team: fake.team });
    const responseUrl = fake.createResponseUrl({ channel: ops.id, user: alice.id, source: { ts: message.ts, ephemeral: false } });
    const answer = await signer.post(eventsUrl, signer.blockAction({ user: alice, channel: ops, message, responseUrl, action }));
    expect(answer.status).toBe(200);
    await fake.waitForCall((call) => call.method === 'response_url');

    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({
      type: 'block_actions',
      user: { id: alice.id },
      channel: { id: ops.id },
      container: { type: 'message', message_ts: message.ts, channel_id: ops.id, is_ephemeral: false },
      message: { ts: message.ts, blocks: message.blocks },
      actions: [{ type: 'button', action_id: 'eip_approve', block_id: 'eip_decision', value: 'R-7K2F9Q' }],
    });
    expect(fake.workspace.message(ops.id, message.ts)).toMatchObject({ text: `approved by <@${alice.id}>` });
  });

  it('is refused by Bolt with 401 when signed with another secret, and reaches no listener', async () => {
    const forger = new SlackRequestSigner({ signingSecret: Secret.of('not-the-signing-secret'), team: fake.team });
    const responseUrl = fake.createResponseUrl({ channel: ops.id, user: alice.id });
    const answer = await forger.post(eventsUrl, forger.slashCommand({ text: 'help', user: alice, channel: ops, responseUrl }));
    expect(answer.status).toBe(401);
    expect(commands).toEqual([]);
  });

  it('is refused by Bolt with 401 when its timestamp is six minutes old', async () => {
    const late = new SlackRequestSigner({ signingSecret, team: fake.team, clock: fixedClock(Date.now() - 6 * 60_000) });
    const responseUrl = fake.createResponseUrl({ channel: ops.id, user: alice.id });
    const answer = await late.post(eventsUrl, late.slashCommand({ text: 'help', user: alice, channel: ops, responseUrl }));
    expect(answer.status).toBe(401);
    expect(commands).toEqual([]);
  });

  it('leaves the message out of a click on an ephemeral message, as Slack does', async () => {
    const signer = new SlackRequestSigner({ signingSecret, team: fake.team });
    const ephemeral = fake.workspace.postEphemeral(ops.id, alice.id, {
      text: 'confirm?',
      blocks: [{ type: 'actions', block_id: 'b', elements: [{ type: 'button', action_id: 'eip_approve', text: { type: 'plain_text', text: 'Yes' } }] }],
    });
    const action = findButton(ephemeral.blocks, 'eip_approve');
    if (action === undefined) throw new Error('no button');
    const responseUrl = fake.createResponseUrl({ channel: ops.id, user: alice.id, source: { ts: ephemeral.ts, ephemeral: true } });
    const request = signer.blockAction({ user: alice, channel: ops, message: ephemeral, isEphemeral: true, responseUrl, action });
    expect((await signer.post(eventsUrl, request)).status).toBe(200);
    await fake.waitForCall((call) => call.method === 'response_url');
    expect(clicks[0]?.message).toBeUndefined();
    expect(clicks[0]?.container).toMatchObject({ is_ephemeral: true, message_ts: ephemeral.ts });
    expect(fake.workspace.ephemerals({ user: alice.id })).toEqual([expect.objectContaining({ text: `approved by <@${alice.id}>`, replacements: 1 })]);
  });
});
