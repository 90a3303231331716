import { showMessage } from '../blocks/eip-state.js';
import type { EphemeralReply } from '../ephemeral-reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import type { SlashCommand } from '../slash-command.js';
import type { RequestChannel } from '../../requests/policy.js';

/** `/eip show <eip>`: the EIP's live state, to the asker only. */
export async function showCommand(
  command: Extract<SlashCommand, { kind: 'show' }>,
  channel: RequestChannel,
  deps: ListenerDeps,
  reply: EphemeralReply,
): Promise<void> {
  const { account, eip } = await deps.reader.show({ account: command.account, eip: command.eip, channel });
  await reply(showMessage(account, deps.accounts[account], eip));
}
