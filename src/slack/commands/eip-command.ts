import type { AllMiddlewareArgs, RespondArguments, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { resolveAccount } from '../../requests/policy.js';
import { actionPhrase } from '../blocks/action-phrase.js';
import { escapeMrkdwn } from '../blocks/mrkdwn.js';
import { ephemeralReply, type EphemeralReply } from '../ephemeral-reply.js';
import { errorReply } from '../error-reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import { parseCommand } from '../parse-command.js';
import { cancelCommand } from './cancel-command.js';
import { changeCommand } from './change-command.js';
import { commandBodySchema } from './command-body.js';
import { commandChannel } from './command-channel.js';
import { helpReply } from './help-command.js';
import { listCommand } from './list-command.js';
import { requestsCommand } from './requests-command.js';
import { showCommand } from './show-command.js';
import { PostAckQueue } from '../post-ack-queue.js';

/** Commands whose post-ack work runs at once; more wait (bench/RESULTS.md §1 for the effect on acks in a burst). */
const POST_ACK_CONCURRENCY = 2;

export type CommandListenerArgs = Pick<SlackCommandMiddlewareArgs, 'command' | 'ack' | 'respond'> & Pick<AllMiddlewareArgs, 'client'>;

function ephemeral(text: string): RespondArguments {
  return { response_type: 'ephemeral', text };
}

/** The account a command is for, or the reason it has none, decided without I/O so the ack can say it. */
function accountFor(deps: ListenerDeps, named: string | undefined): { account: string } | { refusal: string } {
  try {
    return { account: resolveAccount(deps.config, named) };
  } catch (error) {
    return { refusal: errorReply(error, deps.logger, { account: named }) };
  }
}

/**
 * `/eip …` (SPEC §2). Slack waits 3 seconds for the ack and never sends the command
 * again (reference/slack.md §2.3), so the ack comes first and carries only what is known
 * without I/O: help, or a malformed command with its usage, or an unknown account; a
 * valid command is acked empty. Everything else — the "Planning…" note, reading the
 * cloud or the store — happens after the ack, in the post-ack queue, and its answer goes
 * to the response_url; a change request's card goes to the channel.
 */
export function eipCommandListener(deps: ListenerDeps) {
  const queue = new PostAckQueue(POST_ACK_CONCURRENCY);
  return async ({ command, ack, respond, client }: CommandListenerArgs): Promise<void> => {
    const body = commandBodySchema.safeParse(command);
    if (!body.success) {
      deps.logger.warn({ issues: body.error.issues.length }, 'a slash command arrived without the fields Slack always sends');
      await ack(ephemeral(':warning: eipbot could not read this command from Slack (fields were missing). Try again; if it keeps happening, tell an eipbot admin.'));
      return;
    }
    const parsed = parseCommand(body.data.text);
    if (!parsed.ok) {
      await ack(ephemeral(`:warning: ${escapeMrkdwn(parsed.error)}\nUsage:\n\`\`\`${escapeMrkdwn(parsed.usage)}\`\`\``));
      return;
    }
    const reply = ephemeralReply({ respond, client, channel: body.data.channel_id, user: body.data.user_id, logger: deps.logger });
    const context = { user: body.data.user_id, channel: body.data.channel_id, command: parsed.command.kind };
    const after = async (work: (send: EphemeralReply) => Promise<void>) => {
      try {
        await queue.run(() => work(reply));
      } catch (error) {
        await reply(errorReply(error, deps.logger, context));
      }
    };
    const cmd = parsed.command;
    switch (cmd.kind) {
      case 'help':
        await ack(ephemeral(helpReply(cmd.verb)));
        return;
      case 'requests':
        await ack();
        await after((send) => requestsCommand(body.data, deps, send));
        return;
      case 'cancel':
        await ack();
        await after((send) => cancelCommand(cmd, body.data, deps, send));
        return;
      case 'show':
      case 'list': {
        const chosen = accountFor(deps, cmd.account);
        if ('refusal' in chosen) {
          await ack(ephemeral(chosen.refusal));
          return;
        }
        await ack();
        const withAccount = { ...cmd, account: chosen.account };
        await after(async (send) => {
          const channel = await commandChannel(body.data, client, deps.logger);
          await (withAccount.kind === 'show' ? showCommand(withAccount, channel, deps, send) : listCommand(withAccount, channel, deps, send));
        });
        return;
      }
      case 'change': {
        const chosen = accountFor(deps, cmd.account);
        if ('refusal' in chosen) {
          await ack(ephemeral(chosen.refusal));
          return;
        }
        await ack();
        await after(async (send) => {
          await send(`:hourglass_flowing_sand: Planning: ${escapeMrkdwn(actionPhrase(cmd.args))} on ${escapeMrkdwn(chosen.account)}…`);
          return changeCommand(
            { args: cmd.args, account: chosen.account, reason: cmd.reason },
            body.data.user_id,
            await commandChannel(body.data, client, deps.logger),
            deps,
            send,
          );
        });
        return;
      }
    }
  };
}
