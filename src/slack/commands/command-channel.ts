import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { RequestChannel } from '../../requests/policy.js';
import type { CommandBody } from './command-body.js';

/**
 * What some slash-command payloads carry instead of a private channel's name; incident
 * name patterns (`^inc-`) need the real one, from `conversations.info` (scopes
 * channels:read and groups:read in manifest.yml).
 */
const PLACEHOLDER_NAMES = new Set(['privategroup']);

const conversationInfo = z.looseObject({ channel: z.looseObject({ name: z.string().min(1) }) });

/** The channel a command came from, as the engine's policy sees it. */
export async function commandChannel(body: CommandBody, client: webApi.WebClient, logger: Logger): Promise<RequestChannel> {
  const name = body.channel_name;
  if (name !== undefined && name !== '' && !PLACEHOLDER_NAMES.has(name)) return { id: body.channel_id, name };
  try {
    return { id: body.channel_id, name: conversationInfo.parse(await client.conversations.info({ channel: body.channel_id })).channel.name };
  } catch (error) {
    // Without a name only the policy's channel ids can mark the channel as an incident channel.
    logger.warn({ err: error, channel: body.channel_id }, 'could not read the channel name from Slack');
    return { id: body.channel_id };
  }
}
