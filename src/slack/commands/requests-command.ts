import { openRequestsMessage } from '../blocks/open-requests.js';
import type { EphemeralReply } from '../ephemeral-reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import type { CommandBody } from './command-body.js';

/** `/eip requests`: the change requests still open in this channel. */
export async function requestsCommand(body: CommandBody, deps: ListenerDeps, reply: EphemeralReply): Promise<void> {
  await reply(openRequestsMessage(await deps.service.listOpen(body.channel_id)));
}
