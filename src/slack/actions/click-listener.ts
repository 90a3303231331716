import { escapeMrkdwn } from '../blocks/mrkdwn.js';
import { ephemeralReply, type EphemeralReply } from '../ephemeral-reply.js';
import { errorReply } from '../error-reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import { readClick, type Click, type ClickListenerArgs } from './click-payload.js';

/**
 * The shape every button listener shares: ack at once (before the store or Slack is
 * touched), read the click, let the engine decide, and answer a refusal (not an
 * approver, the requester, already decided, expired) to the clicker alone. The engine's
 * atomic transitions make a second click, or a click on another replica, harmless.
 */
export function clickListener(deps: ListenerDeps, act: (click: Click, reply: EphemeralReply) => Promise<void>) {
  return async ({ ack, body, respond, client }: ClickListenerArgs): Promise<void> => {
    await ack();
    const read = readClick(body);
    if (!read.ok) {
      deps.logger.warn({ problem: read.problem, user: read.user }, 'a button click could not be read');
      if (read.user !== undefined) {
        await ephemeralReply({ respond, client, channel: read.channel, user: read.user, logger: deps.logger })(
          `:warning: eipbot could not act on this button: ${escapeMrkdwn(read.problem)}. Use /eip requests to see the open requests.`,
        );
      }
      return;
    }
    const { click } = read;
    const reply = ephemeralReply({ respond, client, channel: click.channel, user: click.user, logger: deps.logger });
    try {
      await act(click, reply);
    } catch (error) {
      await reply(errorReply(error, deps.logger, { user: click.user, requestId: click.requestId, action: click.actionId }));
    }
  };
}
