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
