import { code } from '../blocks/mrkdwn.js';
import type { EphemeralReply } from '../ephemeral-reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import type { SlashCommand } from '../slash-command.js';
import type { CommandBody } from './command-body.js';

/** `/eip cancel <id>`: the requester withdraws a pending request; the card shows it at once. */
export async function cancelCommand(
  command: Extract<SlashCommand, { kind: 'cancel' }>,
  body: CommandBody,
  deps: ListenerDeps,
  reply: EphemeralReply,
): Promise<void> {
  const request = await deps.service.cancel(command.requestId, body.user_id);
  await reply(`:wastebasket: Cancelled ${code(request.id)}; nothing was changed.`);
}
