import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App } from '@slack/bolt';
import { silentSlackLogger } from '../slack/silent-slack-logger.js';

/**
 * A small Bolt app in HTTP mode that behaves like a change-request bot, so the console
 * can be tested against a real Bolt receiver (signature check, ack, respond) without the
 * product: `/eip <anything>` is acknowledged with a note and answered with a card
 * carrying Approve (with a confirm dialog) and Reject; Approve updates the card in
 * place and writes in its thread; Reject answers the clicker ephemerally.
 */

export interface CardBot {
  eventsUrl: string;
  close(): Promise<void>;
}

export async function startCardBot(options: { signingSecret: string; botToken: string; slackApiUrl: string }): Promise<CardBot> {
  const app = new App({
    token: options.botToken,
    signingSecret: options.signingSecret,
    botId: 'B0EIPBOT1',
    botUserId: 'U0EIPBOT1',
    logger: silentSlackLogger,
    clientOptions: { slackApiUrl: options.slackApiUrl, retryConfig: { retries: 0 } },
  });

  app.command('/eip', async ({ ack, command, client }) => {
    await ack(`Planning ${command.text}…`);
    await client.chat.postMessage({
      channel: command.channel_id,
      text: `Change request R-TEST01: ${command.text}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Change request R-TEST01' } },
        { type: 'section', text: { type: 'mrkdwn', text: `*${command.text}* requested by <@${command.user_id}>` } },
        {
          type: 'actions',
          block_id: 'decision',
          elements: [
            {
              type: 'button',
              action_id: 'eip_approve',
              style: 'primary',
              value: 'R-TEST01',
              text: { type: 'plain_text', text: 'Approve' },
              confirm: {
                title: { type: 'plain_text', text: 'Approve R-TEST01?' },
                text: { type: 'mrkdwn', text: `Run *${command.text}*?` },
                confirm: { type: 'plain_text', text: 'Approve' },
                deny: { type: 'plain_text', text: 'Cancel' },
              },
            },
            { type: 'button', action_id: 'eip_reject', style: 'danger', value: 'R-TEST01', text: { type: 'plain_text', text: 'Reject' } },
          ],
        },
      ],
    });
  });

  app.action('eip_approve', async ({ ack, body, client }) => {
    await ack();
    const channel = body.channel?.id ?? '';
    const ts = (body as { message?: { ts: string } }).message?.ts ?? '';
    await client.chat.update({
      channel,
      ts,
      text: 'R-TEST01 approved',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: *Approved* by <@${body.user.id}>` } }],
    });
    await client.chat.postMessage({ channel, thread_ts: ts, text: 'Unbinding… done.' });
  });

  app.action('eip_reject', async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: false, text: 'Only an approver can reject R-TEST01.' });
  });

  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    close: async () => {
      await app.stop();
    },
  };
}
