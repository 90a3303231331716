import type { ChangeRequest } from '../requests/change-request.js';
import { code, escapeMrkdwn } from './blocks/mrkdwn.js';
import type { EphemeralReply } from './ephemeral-reply.js';
import type { ListenerDeps } from './listener-deps.js';

const DEFAULT_CARD_WAIT_MS = 30_000;

/**
 * Tells the person who opened a request (a command, an Undo click) where it stands once
 * its card is in the channel. A card that could not be posted (the bot is not in the
 * channel) means nobody could approve the request, so it is withdrawn and they are told
 * how to fix it.
 */
export async function announceRequest(request: ChangeRequest, requester: string, deps: ListenerDeps, reply: EphemeralReply): Promise<void> {
  const id = code(request.id);
  const outcome = await deps.notifier.whenCardPosted(request.id, deps.cardWaitMs ?? DEFAULT_CARD_WAIT_MS);
  if (outcome === undefined) {
    await reply(`:hourglass_flowing_sand: ${id} is waiting for approval; Slack is slow to show its card, which will appear in <#${request.channel.id}>.`);
    return;
  }
  if (!outcome.posted) {
    await deps.service.cancel(request.id, requester);
    await reply(
      `:warning: eipbot could not post the card of ${id} in <#${request.channel.id}> (${escapeMrkdwn(outcome.reason)}), so nobody could approve it, and it withdrew the request. Invite eipbot with /invite @eipbot and try again.`,
    );
    return;
  }
  const needed = request.policy.approvals;
  await reply(
    `:white_check_mark: ${id} is waiting for approval (${needed} approval${needed === 1 ? '' : 's'} needed): its card is in <#${request.channel.id}>. Withdraw it with /eip cancel ${request.id}.`,
  );
}
