import { bindNewWorkflow } from './bind-new.js';
import { bindWorkflow } from './bind.js';
import { isolateWorkflow } from './isolate.js';
import { moveWorkflow } from './move.js';
import { restoreWorkflow } from './restore.js';
import { unbindWorkflow } from './unbind.js';
import { vipBindWorkflow } from './vip-bind.js';
import { vipUnbindWorkflow } from './vip-unbind.js';
import type { Action, ActionArgs, Workflow } from './workflow.js';

type WorkflowOf<A extends Action> = Workflow<Extract<ActionArgs, { action: A }>>;

const workflows: { [A in Action]: WorkflowOf<A> } = {
  bind: bindWorkflow,
  'bind-new': bindNewWorkflow,
  unbind: unbindWorkflow,
  move: moveWorkflow,
  isolate: isolateWorkflow,
  'vip-unbind': vipUnbindWorkflow,
  restore: restoreWorkflow,
  'vip-bind': vipBindWorkflow,
};

/**
 * The workflow that carries out an action. Callers hold the action's arguments as the
 * `ActionArgs` union; each workflow narrows them by its own `action`, which the
 * registry guarantees matches.
 */
export function workflowFor(action: Action): Workflow {
  return workflows[action] as unknown as Workflow;
}
