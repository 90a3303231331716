import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/app/create-bot.js';
import { Secret } from '../../src/config/secret.js';
import { startHuaweiSimulator, type HuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import { SlackWebApiFake } from '../../src/sandbox/slack/web-api-fake.js';
import { startTencentSimulator, type TencentSimulator } from '../../src/sandbox/tencent/tencent-simulator.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { BOT_TOKEN, CHANNELS, harnessConfig, HW, PEOPLE } from '../support/slack-bot-harness.js';
import { keptLogs } from '../support/kept-logs.js';
import { SocketModeSlack } from '../support/slack-socket-mode.js';

let dir: string;
let store: Store;
let fake: SlackWebApiFake;
let socketSlack: SocketModeSlack;
let huawei: HuaweiSimulator;
let tencent: TencentSimulator;
let bot: Bot;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eipbot-socket-'));
  store = await openStore(`sqlite://${join(dir, 'eipbot.sqlite')}`);
  fake = await SlackWebApiFake.start({
    botToken: Secret.of(BOT_TOKEN),
    channels: Object.values(CHANNELS).map((channel) => ({ ...channel, isPrivate: false })),
    users: Object.values(PEOPLE).map((person) => ({ id: person.id, name: person.name, realName: person.name, isBot: false })),
  });
  socketSlack = await SocketModeSlack.start(fake.apiUrl);
  huawei = await startHuaweiSimulator({ delays: { bindMs: 10, unbindMs: 10, createMs: 10 } });
  tencent = await startTencentSimulator();
  bot = await createBot({
    environment: { slack: { mode: 'socket', botToken: Secret.of(BOT_TOKEN), appToken: Secret.of('xapp-1-A0EIPBOT1-socket-test'), apiUrl: socketSlack.apiUrl }, port: 0 },
    host: '127.0.0.1',
    config: harnessConfig(huawei.url, tencent.url),
    store,
    logger: keptLogs().logger,
    providers: { poll: { minDelayMs: 5, maxDelayMs: 20 } },
  });
  await bot.start();
  await socketSlack.connected;
});

afterEach(async () => {
  await bot.stop();
  await store.close();
  await Promise.all([socketSlack.close(), fake.close(), huawei.close(), tencent.close()]);
  await rm(dir, { recursive: true, force: true });
});

function slashCommand(text: string): Record<string, unknown> {
  return {
    token: 'unused',
    team_id: fake.team.id,
    team_domain: fake.team.domain,
    channel_id: CHANNELS.ops.id,
    channel_name: CHANNELS.ops.name,
    user_id: PEOPLE.requester.id,
    user_name: PEOPLE.requester.name,
    command: '/eip',
    text,
    response_url: fake.createResponseUrl({ channel: CHANNELS.ops.id, user: PEOPLE.requester.id }),
    trigger_id: '1.2.3',
    api_app_id: 'A0EIPBOT1',
  };
}

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('connects over a WebSocket, acks commands on it, and still serves the health routes on PORT', async () => {
    expect(socketSlack.connectionOpens).toBe(1);
    expect(await (await fetch(`${bot.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${bot.url}/readyz`)).json()).toEqual({ store: 'ok', slack: 'ok' });
    expect((await fetch(`${bot.url}/slack/events`, { method: 'POST' })).status).toBe(404);

    const help = await socketSlack.send('slash_commands', slashCommand('help isolate'));
    expect(help.payload).toEqual({
      response_type: 'ephemeral',
      text: '```/eip isolate &lt;server&gt; [--account A] [--reason "…"] [--realloc-wan-ip]\n    unbind every EIP bound to a server (incident action). Example: /eip isolate ins-0a1b2c3d --reason "INC-42 compromised host"```',
    });
  });

  it('plans a change after the ack and posts its card through the Web API', async () => {
    const ack = await socketSlack.send('slash_commands', slashCommand(`unbind ${HW.bound.address} --reason "INC-42"`));
    expect(ack.payload).toEqual({});
    const note = await fake.waitForCall((call) => call.method === 'response_url');
    expect(note.args).toMatchObject({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: Planning: unbind 203.0.113.162 on hw-prod…' });
    const card = await fake.waitForCall((call) => call.method === 'chat.postMessage');
    expect(String(card.args.text)).toMatch(/^R-\w{6}: unbind 203\.0\.113\.162 on hw-prod \(pending\)$/);
  });
});
