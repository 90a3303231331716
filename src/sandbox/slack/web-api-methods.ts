import { z } from 'zod';
import { SlackMethodError, type FakeMessage, type SlackWorkspace } from './slack-workspace.js';

/**
 * The Web API methods eipbot calls, answered the way Slack answers them (field names
 * and error codes from docs.slack.dev/reference/methods/<method>). Arguments arrive
 * as form fields (strings), with `blocks` already decoded from its JSON string.
 */

export interface MethodContext {
  workspace: SlackWorkspace;
  team: { id: string; domain: string; name: string };
  bot: { userId: string; botId: string; name: string };
}

type MethodResult = Record<string, unknown>;
type MethodHandler = (args: Record<string, unknown>, context: MethodContext) => MethodResult;

/** chat.postMessage truncates above 40,000 characters; chat.update refuses above 4,000 (reference/slack.md §4). */
const POST_TEXT_LIMIT = 40_000;
const UPDATE_TEXT_LIMIT = 4_000;

function parseArgs<T extends z.ZodType>(schema: T, args: Record<string, unknown>): z.output<T> {
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw new SlackMethodError('invalid_arguments');
  return parsed.data;
}

const blocks = z.array(z.unknown()).optional();

/** A message as the Web API returns it. */
export function slackMessageJson(message: FakeMessage, teamId: string): Record<string, unknown> {
  return {
    type: 'message',
    text: message.text,
    user: message.user,
    ts: message.ts,
    team: teamId,
    ...(message.botId === undefined ? {} : { bot_id: message.botId }),
    ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
    ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
    ...(message.editedTs === undefined ? {} : { edited: { user: message.user, ts: message.editedTs } }),
  };
}

const postMessageArgs = z.looseObject({
  channel: z.string().default(''),
  text: z.string().optional(),
  blocks,
  thread_ts: z.string().optional(),
});

const updateArgs = z.looseObject({
  channel: z.string().default(''),
  ts: z.string().default(''),
  text: z.string().optional(),
  blocks,
});

const postEphemeralArgs = z.looseObject({
  channel: z.string().default(''),
  user: z.string().default(''),
  text: z.string().optional(),
  blocks,
  thread_ts: z.string().optional(),
});

export const WEB_API_METHODS: Record<string, MethodHandler> = {
  'auth.test': (_args, { team, bot }) => ({
    url: `https://${team.domain}.slack.com/`,
    team: team.name,
    user: bot.name,
    team_id: team.id,
    user_id: bot.userId,
    bot_id: bot.botId,
    is_enterprise_install: false,
  }),

  'chat.postMessage': (args, { workspace, team }) => {
    const { channel, text, blocks: content, thread_ts } = parseArgs(postMessageArgs, args);
    if (text === undefined && content === undefined) throw new SlackMethodError('no_text');
    const message = workspace.post(
      channel,
      { text: (text ?? '').slice(0, POST_TEXT_LIMIT), ...(content === undefined ? {} : { blocks: content }) },
      thread_ts === undefined ? {} : { threadTs: thread_ts },
    );
    return { channel: message.channel, ts: message.ts, message: slackMessageJson(message, team.id) };
  },

  'chat.update': (args, { workspace, team }) => {
    const { channel, ts, text, blocks: content } = parseArgs(updateArgs, args);
    if (text !== undefined && text.length > UPDATE_TEXT_LIMIT) throw new SlackMethodError('msg_too_long');
    const message = workspace.update(channel, ts, {
      ...(text === undefined ? {} : { text }),
      ...(content === undefined ? {} : { blocks: content }),
    });
    return { channel: message.channel, ts: message.ts, text: message.text, message: slackMessageJson(message, team.id) };
  },

  'chat.postEphemeral': (args, { workspace }) => {
    const { channel, user, text, blocks: content, thread_ts } = parseArgs(postEphemeralArgs, args);
    if (text === undefined && content === undefined) throw new SlackMethodError('no_text');
    const message = workspace.postEphemeral(channel, user, { text: text ?? '', ...(content === undefined ? {} : { blocks: content }) }, thread_ts);
    return { message_ts: message.ts };
  },

  'usergroups.users.list': (args, { workspace }) => {
    const { usergroup } = parseArgs(z.looseObject({ usergroup: z.string().default('') }), args);
    return { users: workspace.userGroup(usergroup).users };
  },

  'users.info': (args, { workspace, team }) => {
    const { user: id } = parseArgs(z.looseObject({ user: z.string().default('') }), args);
    const user = workspace.user(id);
    return {
      user: {
        id: user.id,
        team_id: team.id,
        name: user.name,
        real_name: user.realName,
        deleted: false,
        is_bot: user.isBot,
        profile: { real_name: user.realName, display_name: user.name },
      },
    };
  },

  'conversations.info': (args, { workspace }) => {
    const { channel: id } = parseArgs(z.looseObject({ channel: z.string().default('') }), args);
    const channel = workspace.channel(id);
    if (channel.id !== id) throw new SlackMethodError('channel_not_found');
    return {
      channel: {
        id: channel.id,
        name: channel.name,
        is_channel: !channel.isPrivate,
        is_group: channel.isPrivate,
        is_private: channel.isPrivate,
        is_archived: false,
        is_member: true,
      },
    };
  },
};
