import type { App } from '@slack/bolt';
import { ActionId } from './action-ids.js';
import { approveListener } from './actions/approve-action.js';
import { cancelListener } from './actions/cancel-action.js';
import { rejectListener } from './actions/reject-action.js';
import { undoListener } from './actions/undo-action.js';
import { UNKNOWN_ACTION_ID, unknownActionListener } from './actions/unknown-action.js';
import { eipCommandListener } from './commands/eip-command.js';
import type { InflightListeners } from './inflight-listeners.js';
import type { ListenerDeps } from './listener-deps.js';
import { unroutedPayloads } from './unrouted-payloads.js';

/**
 * Wires eipbot's listeners into a Bolt app: the app file only wires (CONVENTIONS). Each
 * button has exactly one listener, unknown ones included, and payloads no listener
 * takes are acked by a middleware, so every interaction is acked exactly once.
 * The app has one slash command (manifest.yml); whatever name a workspace gave it, it
 * is `/eip`.
 */
export function registerListeners(app: App, deps: ListenerDeps, inflight: InflightListeners): void {
  app.use(inflight.middleware);
  app.use(unroutedPayloads(deps));
  app.command(/.*/, eipCommandListener(deps));
  app.action(ActionId.approve, approveListener(deps));
  app.action(ActionId.reject, rejectListener(deps));
  app.action(ActionId.cancel, cancelListener(deps));
  app.action(ActionId.undo, undoListener(deps));
  app.action(UNKNOWN_ACTION_ID, unknownActionListener(deps));
  app.error(async (error) => {
    deps.logger.error({ err: error }, 'a Slack listener failed');
  });
}
