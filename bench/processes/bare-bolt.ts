/**
 * The baseline of the ack benchmark: a Bolt app in HTTP mode whose one listener only
 * acks every slash command, on the same Bolt, receiver and Node as eipbot. It checks
 * its token against the same Slack fake on start, as any Bolt app does.
 *
 * Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serveRpc } from '../support/rpc.js';

await serveRpc(async () => {
  const signingSecret = process.env.SLACK_SIGNING_SECRET ?? '';
  const receiver = new HTTPReceiver({ signingSecret, endpoints: ['/slack/events'] });
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  });
  app.command(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return { ready: { url: `http://127.0.0.1:${port}` }, handlers: {}, close: () => app.stop().then(() => undefined) };
});
