import { z } from 'zod';

/** What the console page POSTs; parsed before anything reads it. */

const slackId = z.string().regex(/^[A-Z0-9]{2,32}$/, { error: 'must be a Slack id' });
const slackTs = z.string().regex(/^\d{1,12}\.\d{6}$/, { error: 'must be a Slack message ts' });

/** Something typed in a composer: a slash command, or a plain message. */
export const composeRequestSchema = z.strictObject({
  user: slackId,
  channel: slackId,
  /** Set when typed in a thread's reply box. */
  threadTs: slackTs.optional(),
  text: z.string().trim().min(1, { error: 'type a message or /eip …' }).max(12_000, { error: 'is longer than Slack allows' }),
});

export type ComposeRequest = z.output<typeof composeRequestSchema>;

/** A click on a button of a message, named by its place in the message (`2:0`, `3:accessory`). */
export const clickRequestSchema = z.strictObject({
  user: slackId,
  channel: slackId,
  ts: slackTs,
  ephemeral: z.boolean(),
  button: z.string().regex(/^\d{1,2}:(?:\d{1,2}|accessory)$/, { error: 'must name a button as block:element' }),
});

export type ClickRequest = z.output<typeof clickRequestSchema>;
