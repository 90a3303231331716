import { z } from 'zod';

/**
 * The fields of a slash command eipbot relies on (reference/slack.md §2.2). Authorization
 * uses `user_id`, never the deprecated `user_name` or `token`. `channel_name` is what
 * incident name patterns match; Slack leaves it out of some payloads, so it is optional.
 */
export const commandBodySchema = z.looseObject({
  text: z.string(),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  channel_name: z.string().optional(),
  response_url: z.string().optional(),
});

export type CommandBody = z.output<typeof commandBodySchema>;

/** The channel as the engine's policy sees it. */
export function commandChannel(body: CommandBody): { id: string; name?: string } {
  return body.channel_name === undefined || body.channel_name === '' ? { id: body.channel_id } : { id: body.channel_id, name: body.channel_name };
}
