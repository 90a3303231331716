import { isProviderError } from '../providers/provider-error.js';
import type { CallOptions, Eip, EipProvider } from '../providers/provider.js';
import { describeBinding, describeEipState } from './binding-text.js';
import { bindingDrift } from './binding-drift.js';
import { resolveFreeTarget } from './bind-target.js';
import { accountText } from './eip-lookup.js';
import { PlanRefusal } from './plan-refusal.js';
import { checkBindings, unchangedResult } from './drift-check.js';
import { bindStep } from './eip-write-steps.js';
import { ExecutionSteps } from './execution-steps.js';
import { nicOf, planOptions, plannedCreate, plannedTarget } from './plan-shape.js';
import { lastReceipt, NOTHING_CHANGED, reconcileOptions } from './reconcile-bindings.js';
import { sentence } from './sentence.js';
import { stateNow } from './state-now.js';
import type { ActionArgs, ExecutionResult, Workflow } from './workflow.js';

type BindNewArgs = Extract<ActionArgs, { action: 'bind-new' }>;

/** Names the EIP after the request, which is also how an interrupted or ambiguous create is found again. */
export function createdEipName(requestId: string): string {
  return `eipbot-${requestId}`;
}

/**
 * `/eip bind new <target>` (seed 001): resolve the server's primary NIC, create a
 * pay-per-use EIP with dedicated bandwidth named after the request, bind it, wait.
 * An EIP that was created is always named in the result, even when a later step
 * failed, so nobody pays for an address they do not know about.
 */
export const bindNewWorkflow: Workflow<BindNewArgs> = {
  action: 'bind-new',

  async plan(args, context) {
    if (!context.provider.canCreateEips) {
      throw new PlanRefusal(
        'create-unsupported',
        `Account ${accountText(context.provider)} cannot create EIPs: its API has no call for it. Bind an existing EIP instead (/eip bind <eip> <target>), or use an account on an API that can create them.`,
      );
    }
    const { target, notes } = await resolveFreeTarget(context.provider, args.target, planOptions(context));
    const create = { name: createdEipName(context.requestId), bandwidthMbps: args.bandwidthMbps };
    return {
      action: 'bind-new',
      changes: [],
      target,
      create,
      notes: [
        `Creates a pay-per-use EIP named ${create.name} with ${create.bandwidthMbps} Mbit/s of dedicated bandwidth, then binds it to ${describeBinding(target)}.`,
        ...notes,
      ],
    };
  },

  async execute(_args, plan, context) {
    const target = plannedTarget(plan);
    const create = plannedCreate(plan);
    const { provider } = context;
    const steps = new ExecutionSteps(context);
    const check = await checkBindings(steps, context, [], [target]);
    if (!check.ok) return unchangedResult(steps, check);

    const created = await steps.write<Eip, Eip>({
      step: 'create',
      label: `create ${create.name}`,
      write: async (options) => {
        const eip = await provider.createEip(create, options);
        return { receipt: { operation: 'createEip' }, value: eip, eipId: eip.id };
      },
      confirm: async (written) => written.value,
      succeeded: (eip) => `Created EIP ${eip.address} (${eip.id}) with ${create.bandwidthMbps} Mbit/s.`,
      failed: `Could not create the EIP ${create.name}`,
    });
    if (!created.ok) return createFailed(provider, create.name, created.outcome.message, steps);

    const eip = created.value;
    const bound = await steps.write(bindStep(provider, { eipId: eip.id, address: eip.address }, target));
    if (!bound.ok) {
      const now = await stateNow(provider, eip.id, eip.address, steps.readOptions);
      return {
        ok: false,
        summary: `Created EIP ${eip.address} (${eip.id}), but it is not bound: ${bound.outcome.message} ${now} It stays allocated and billed: bind it with /eip bind ${eip.address} <target>, or release it in the cloud console.`,
        steps: steps.outcomes,
        createdEipId: eip.id,
      };
    }
    return {
      ok: true,
      summary: `Created EIP ${eip.address} (${eip.id}, ${create.bandwidthMbps} Mbit/s) and bound it to ${describeBinding(target)}.`,
      steps: steps.outcomes,
      createdEipId: eip.id,
      undo: { action: 'unbind', ref: { kind: 'eip', eip: eip.id } },
    };
  },

  async reconcile(_args, plan, journal, context) {
    const target = plannedTarget(plan);
    const create = plannedCreate(plan);
    const options = reconcileOptions(context);
    try {
      const found = await context.provider.findEipByName(create.name, options);
      if (found === undefined) return { status: 'failed', message: NOTHING_CHANGED };
      const live = await context.provider.waitUntilSettled(found.id, lastReceipt(journal, found.id), options);
      if (bindingDrift(nicOf(target), live) === undefined) {
        return {
          status: 'succeeded',
          message: `The change took effect before the interruption: EIP ${live.address} (${live.id}) was created and bound to ${describeBinding(target)}.`,
        };
      }
      return {
        status: 'failed',
        message: `Interrupted after creating EIP ${live.address} (${live.id}), which is now ${describeEipState(live)}. It stays allocated and billed: bind it with /eip bind ${live.address} <target>, or release it in the cloud console.`,
      };
    } catch (error) {
      if (!isProviderError(error)) throw error;
      return {
        status: 'failed',
        message: `Interrupted, and whether ${create.name} was created could not be confirmed: ${sentence(error.userMessage)} Look for an EIP named ${create.name} in the cloud console.`,
      };
    }
  },
};

/**
 * A create that failed may still have made an EIP (an ambiguous answer, or an EIP that
 * never left its creating status within the wait): look for it by name before saying so.
 */
async function createFailed(provider: EipProvider, name: string, failure: string, steps: ExecutionSteps): Promise<ExecutionResult> {
  const options: CallOptions = steps.readOptions;
  let leftover: Eip | undefined;
  try {
    leftover = await provider.findEipByName(name, options);
  } catch (error) {
    if (!isProviderError(error)) throw error;
    return {
      ok: false,
      summary: `${failure} Whether an EIP was created anyway could not be checked: ${sentence(error.userMessage)} Look for ${name} in the cloud console.`,
      steps: steps.outcomes,
    };
  }
  if (leftover === undefined) return { ok: false, summary: `${failure} No EIP was created; nothing changed.`, steps: steps.outcomes };
  return {
    ok: false,
    summary: `${failure} An EIP was created anyway: ${leftover.address} (${leftover.id}), now ${describeEipState(leftover)}. It stays allocated and billed: bind it with /eip bind ${leftover.address} <target>, or release it in the cloud console.`,
    steps: steps.outcomes,
    createdEipId: leftover.id,
  };
}
