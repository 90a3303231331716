import type { ListenerDeps } from '../listener-deps.js';
import { clickListener } from './click-listener.js';
import { rememberCard } from './remember-card.js';

/** Cancel: anyone may click, only the requester's click counts (SPEC §3); others are told who can. */
export function cancelListener(deps: ListenerDeps) {
  return clickListener(deps, async (click) => {
    await rememberCard(deps, click);
    await deps.service.cancel(click.requestId, click.user);
  });
}
