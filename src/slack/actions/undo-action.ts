import { announceRequest } from '../announce-request.js';
import type { ListenerDeps } from '../listener-deps.js';
import { clickListener } from './click-listener.js';

/**
 * Undo on a final result: a new change request that restores the previous binding,
 * approval-gated like any other, in the original request's channel. A second click
 * names the Undo already open instead of opening another.
 */
export function undoListener(deps: ListenerDeps) {
  return clickListener(deps, async (click, reply) => {
    const undo = await deps.service.undo(click.requestId, click.user);
    await announceRequest(undo, click.user, deps, reply);
  });
}
