import { announceRequest } from '../announce-request.js';
import type { EphemeralReply } from '../ephemeral-reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import type { RequestableAction } from '../slash-command.js';
import type { RequestChannel } from '../../requests/policy.js';

/**
 * bind, unbind, move, isolate, vip unbind: the engine checks the policy, plans against
 * the live cloud and stores the request; the notifier posts its card in the channel,
 * where approvers see it; the requester hears where it stands.
 */
export async function changeCommand(
  input: { args: RequestableAction; account: string; reason?: string },
  requester: string,
  channel: RequestChannel,
  deps: ListenerDeps,
  reply: EphemeralReply,
): Promise<void> {
  const request = await deps.service.request({
    args: input.args,
    account: input.account,
    reason: input.reason,
    requester,
    channel,
  });
  await announceRequest(request, requester, deps, reply);
}
