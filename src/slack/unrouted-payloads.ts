import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { z } from 'zod';
import { ephemeralReply } from './ephemeral-reply.js';
import type { ListenerDeps } from './listener-deps.js';

/** Bolt routes a click by its first action's action_id alone (reference/slack.md §3.2). */
const routableActions = z.tuple([z.looseObject({ action_id: z.string() })], z.unknown());

/** The payloads eipbot has listeners for: slash commands, button clicks, and the Events API, which Bolt acks itself. */
const routed = z.union([
  z.looseObject({ command: z.string() }),
  z.looseObject({ type: z.literal('block_actions'), actions: routableActions }),
  z.looseObject({ type: z.literal('event_callback') }),
]);

const answerable = z.looseObject({ user: z.looseObject({ id: z.string().min(1) }), channel: z.looseObject({ id: z.string() }).nullish() });

/**
 * Acknowledges what no listener would: a click payload without an action id, and
 * interactions eipbot never asks for (shortcuts, modals, menus). Without an ack Bolt
 * answers 404 after 3 seconds and Slack shows the user an error (reference/slack.md §3.2).
 */
export function unroutedPayloads(deps: ListenerDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    if (routed.safeParse(args.body).success) {
      await args.next();
      return;
    }
    if ('ack' in args && typeof args.ack === 'function') await args.ack();
    const type = z.looseObject({ type: z.string() }).safeParse(args.body);
    deps.logger.warn({ type: type.success ? type.data.type : undefined }, 'acknowledged a Slack payload eipbot has no use for');
    const who = answerable.safeParse(args.body);
    if (!who.success) return;
    await ephemeralReply({
      respond: 'respond' in args ? args.respond : undefined,
      client: args.client,
      channel: who.data.channel?.id,
      user: who.data.user.id,
      logger: deps.logger,
    })(':warning: eipbot cannot act on this; use /eip help to see what it can do.');
  };
}
