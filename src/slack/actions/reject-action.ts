import type { ListenerDeps } from '../listener-deps.js';
import { clickListener } from './click-listener.js';
import { rememberCard } from './remember-card.js';

/** Reject: one approver's rejection ends the request (SPEC §3); the card says who rejected it. */
export function rejectListener(deps: ListenerDeps) {
  return clickListener(deps, async (click) => {
    await rememberCard(deps, click);
    await deps.service.reject(click.requestId, click.user);
  });
}
