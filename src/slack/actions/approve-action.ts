import { code } from '../blocks/mrkdwn.js';
import type { ListenerDeps } from '../listener-deps.js';
import { clickListener } from './click-listener.js';
import { rememberCard } from './remember-card.js';

/**
 * Approve: the engine checks the approver (by user id or user group), counts the
 * approval atomically and, with the last one needed, starts the execution. The card
 * shows the approval; a partial one is also confirmed to the approver.
 */
export function approveListener(deps: ListenerDeps) {
  return clickListener(deps, async (click, reply) => {
    await rememberCard(deps, click);
    const request = await deps.service.approve(click.requestId, click.user);
    if (request.status === 'pending') {
      await reply(
        `:ballot_box_with_check: Your approval of ${code(request.id)} is counted: ${request.approvals.length} of ${request.policy.approvals}. It runs once another approver approves.`,
      );
    }
  });
}
