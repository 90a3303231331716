import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { SlackMessage } from './blocks/block-builders.js';
import { slackFailureReason } from './slack-api-failure.js';

/** Sends a message only the person who typed the command or clicked the button sees. */
export type EphemeralReply = (message: string | SlackMessage) => Promise<void>;

export interface EphemeralReplyTarget {
  /** Bolt's respond(): the interaction's response_url (5 uses in 30 minutes, reference/slack.md §2.4). */
  respond?: RespondFn;
  /** For chat.postEphemeral when the response_url is missing, used up or expired. */
  client: webApi.WebClient;
  channel?: string;
  user: string;
  logger: Logger;
}

/**
 * An ephemeral reply through the response_url, which works even in channels the bot
 * has not joined; `replace_original: false` keeps a click's reply from overwriting the
 * card it came from. If that fails, chat.postEphemeral; if that fails too, the log.
 */
export function ephemeralReply(target: EphemeralReplyTarget): EphemeralReply {
  return async (message) => {
    const content = typeof message === 'string' ? { text: message } : { text: message.text, blocks: message.blocks };
    if (target.respond !== undefined) {
      try {
        await target.respond({ response_type: 'ephemeral', replace_original: false, ...content });
        return;
      } catch (error) {
        target.logger.warn({ err: error, user: target.user }, 'could not answer through the response_url; trying chat.postEphemeral');
      }
    }
    if (target.channel === undefined) {
      target.logger.error({ user: target.user }, 'could not tell the user: no response_url and no channel');
      return;
    }
    try {
      await target.client.chat.postEphemeral({ channel: target.channel, user: target.user, ...content });
    } catch (error) {
      target.logger.error({ err: error, user: target.user, reason: slackFailureReason(error) }, 'could not send an ephemeral reply in Slack');
    }
  };
}
