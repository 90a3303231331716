import type { ListenerDeps } from '../listener-deps.js';
import type { Click } from './click-payload.js';

/**
 * Approve, Reject and Cancel only exist on a request's card, so the message clicked is
 * its card. The replica that posted it stores where it is just after posting; a click
 * that reaches another replica first found no card on the request and that replica's
 * notifier posted a second one, leaving the first showing "pending" for ever (two bot
 * processes on one Redis, test/hardening/two-replicas.test.ts). Storing the clicked
 * card first (a no-op when it is known) lets every replica update the one card.
 */
export async function rememberCard(deps: Pick<ListenerDeps, 'service'>, click: Click): Promise<void> {
  if (click.message !== undefined) await deps.service.setCard(click.requestId, click.message);
}
