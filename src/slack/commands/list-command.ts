import { listMessage } from '../blocks/eip-state.js';
import type { EphemeralReply } from '../ephemeral-reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import type { SlashCommand } from '../slash-command.js';
import type { RequestChannel } from '../../requests/policy.js';

/** `/eip list [--server <id>]`: the account's EIPs, or those bound to one server, to the asker only. */
export async function listCommand(
  command: Extract<SlashCommand, { kind: 'list' }>,
  channel: RequestChannel,
  deps: ListenerDeps,
  reply: EphemeralReply,
): Promise<void> {
  const { account, eips } = await deps.reader.list({ account: command.account, serverId: command.serverId, channel });
  await reply(listMessage(account, deps.accounts[account], eips, command.serverId));
}
