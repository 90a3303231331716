import { z } from 'zod';
import { KNOWN_ACTION_IDS } from '../action-ids.js';
import { escapeMrkdwn } from '../blocks/mrkdwn.js';
import { ephemeralReply } from '../ephemeral-reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import type { ClickListenerArgs } from './click-payload.js';

/**
 * Every action_id that is not one of eipbot's buttons. Without a listener Bolt never
 * acks, and after 3 seconds Slack shows the clicker an error (reference/slack.md §3.2, §8
 * item 7); this one matches only unknown ids, so no click is acknowledged twice.
 */
export const UNKNOWN_ACTION_ID = new RegExp(`^(?!(?:${KNOWN_ACTION_IDS.join('|')})$)`);

const unknownClick = z.looseObject({
  user: z.looseObject({ id: z.string().min(1) }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string().optional() })).optional(),
  channel: z.looseObject({ id: z.string() }).nullish(),
});

export function unknownActionListener(deps: ListenerDeps) {
  return async ({ ack, body, respond, client }: ClickListenerArgs): Promise<void> => {
    await ack();
    const parsed = unknownClick.safeParse(body);
    const user = parsed.success ? parsed.data.user?.id : undefined;
    const actionId = parsed.success ? parsed.data.actions?.[0]?.action_id : undefined;
    deps.logger.warn({ actionId, user }, 'a click on a button eipbot does not know');
    if (user === undefined) return;
    await ephemeralReply({ respond, client, channel: parsed.success ? parsed.data.channel?.id : undefined, user, logger: deps.logger })(
      `:warning: eipbot does not know this button${actionId === undefined ? '' : ` (${escapeMrkdwn(actionId)})`}; it may be from an older version. Use /eip requests to see the open requests.`,
    );
  };
}
