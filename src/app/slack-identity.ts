import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { ConfigError, EipbotError } from '../errors.js';
import { classifySlackFailure } from '../slack/slack-api-failure.js';

/** Slack answered, but not with the bot's identity, or could not be reached: the start cannot go on. */
export class SlackUnavailableError extends EipbotError {
  constructor(userMessage: string, options: { cause?: unknown } = {}) {
    super('eipbot_slack_unavailable', userMessage, options);
  }
}

export interface SlackIdentity {
  botId: string;
  botUserId: string;
  team?: string;
}

const authTestSchema = z.looseObject({ user_id: z.string().min(1), bot_id: z.string().min(1), team: z.string().optional() });

/** Slack's answers that mean the token itself is wrong (docs.slack.dev/reference/methods/auth.test#errors). */
const TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

/**
 * The bot's own ids, from `auth.test`. A refused token is a setting problem (exit 2,
 * named after its variable); an unreachable Slack is an outage (the start fails and may
 * be retried by whatever runs the bot).
 */
export async function slackIdentity(client: webApi.WebClient, apiUrl: string): Promise<SlackIdentity> {
  let answer: unknown;
  try {
    answer = await client.auth.test();
  } catch (error) {
    const failure = classifySlackFailure(error);
    if (failure.kind === 'permanent' && TOKEN_ERRORS.has(failure.reason)) {
      throw new ConfigError(
        [
          {
            path: 'SLACK_BOT_TOKEN',
            message: `Slack refused the bot token (${failure.reason}); copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions, and reinstall the app if it was revoked`,
          },
        ],
        { cause: error },
      );
    }
    throw new SlackUnavailableError(`eipbot could not check its bot token with Slack at ${apiUrl} (${failure.reason}); check the network and SLACK_API_URL.`, {
      cause: error,
    });
  }
  const parsed = authTestSchema.safeParse(answer);
  if (!parsed.success) {
    throw new SlackUnavailableError(`Slack at ${apiUrl} answered auth.test without the bot's user and bot ids; is SLACK_API_URL the Slack Web API?`);
  }
  return { botId: parsed.data.bot_id, botUserId: parsed.data.user_id, ...(parsed.data.team === undefined ? {} : { team: parsed.data.team }) };
}
