import { listMessage } from '../blocks/eip-state.js';
import type { EphemeralReply } from '../ephemeral-reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import type { SlashCommand } from '../slash-command.js';
import { commandChannel, type CommandBody } from './command-body.js';

/** `/eip list [--server <id>]`: the account's EIPs, or those bound to one server, to the asker only. */
export async function listCommand(
  command: Extract<SlashCommand, { kind: 'list' }>,
  body: CommandBody,
  deps: ListenerDeps,
  reply: EphemeralReply,
): Promise<void> {
  const { account, eips } = await deps.reader.list({ account: command.account, serverId: command.serverId, channel: commandChannel(body) });
  await reply(listMessage(account, deps.accounts[account], eips, command.serverId));
}
