import { setMaxListeners } from 'node:events';
import type { CallOptions, Eip, EipProvider } from '../providers/provider.js';
import { bindingDrift } from './binding-drift.js';
import { describeEipState } from './binding-text.js';
import { describeIfExists, unchangedResult } from './drift-check.js';
import { accountText } from './eip-lookup.js';
import { unbindStep } from './eip-write-steps.js';
import { ExecutionSteps } from './execution-steps.js';
import { mapConcurrently } from './map-concurrently.js';
import { PlanRefusal } from './plan-refusal.js';
import { planOptions, plannedBefore } from './plan-shape.js';
import { reconcileBindings } from './reconcile-bindings.js';
import { stateNow } from './state-now.js';
import type { ActionArgs, EipChange, Plan, Workflow } from './workflow.js';

type IsolateArgs = Extract<ActionArgs, { action: 'isolate' }>;

/**
 * Unbinds run side by side to cut a compromised server off quickly; the provider's
 * per-account rate limiter paces the actual calls. Each EIP spends about a second
 * waiting for the cloud between its calls (read, write, polls), so it takes about a
 * dozen in flight to keep a 20 requests/s account busy: with 4, an isolate of 100 EIPs
 * ran at 1.5x the time the rate limit allows; with 12, at 1.05x (bench/incident-isolate.ts).
 * The cap still keeps one isolate from queueing more than about half a second of the
 * limiter ahead of other requests on the account.
 */
const ISOLATE_CONCURRENCY = 12;
/**
 * Every unbind under way listens on the execution's abort signal while it waits for
 * the rate limiter, its HTTP call and its next poll; Node warns of a leak past 10
 * listeners on one signal, which a dozen unbinds pass without leaking anything.
 */
const SIGNAL_LISTENERS = ISOLATE_CONCURRENCY * 4;

/**
 * `/eip isolate <server>` (incident action): unbind every EIP bound to any NIC of the
 * server. At execution only the EIPs of the plan are touched; one bound meanwhile is
 * reported, not touched. Each EIP has its own outcome; the request fails if any EIP
 * failed. Undo binds each EIP back where it was.
 */
export const isolateWorkflow: Workflow<IsolateArgs> = {
  action: 'isolate',

  async plan(args, context) {
    const eips = await context.provider.listEips({ serverId: args.serverId }, planOptions(context));
    const bound = eips.filter((eip) => eip.status === 'bound' && eip.binding !== undefined);
    const unsettled = eips.filter((eip) => !bound.includes(eip));
    if (bound.length === 0) {
      const busy = unsettled.length === 0 ? '' : ` (${unsettled.map((eip) => `${eip.address} is ${describeEipState(eip)}`).join('; ')})`;
      throw new PlanRefusal(
        'nothing-bound',
        `Server ${args.serverId} has no EIP bound in account ${accountText(context.provider)}${busy}, so there is nothing to isolate. Check the server id with /eip list --server ${args.serverId}.`,
      );
    }
    const changes: EipChange[] = bound.map((eip) => ({
      eipId: eip.id,
      address: eip.address,
      before: eip.binding,
      providerStatus: eip.providerStatus,
      ...(eip.bandwidthMbps === undefined ? {} : { bandwidthMbps: eip.bandwidthMbps }),
    }));
    return {
      action: 'isolate',
      changes,
      notes: [
        `Unbinds ${count(bound.length)} from server ${args.serverId}: ${bound.map((eip) => eip.address).join(', ')}.`,
        ...unsettled.map((eip) => `${eip.address} is ${describeEipState(eip)} and is not included; request isolate again once it has settled.`),
        ...(args.reallocWanIp === true ? ['The server gets a normal (non-elastic) public IP after the unbind.'] : []),
      ],
    };
  },

  async execute(args, plan, context) {
    const { provider } = context;
    const steps = new ExecutionSteps(context);
    const check = await steps.read({
      label: 'check live state',
      run: (options) => liveState(provider, args.serverId, plan, options),
      problem: ({ drift }) => (drift.length === 0 ? undefined : drift.join('; ')),
      ok: 'The planned EIPs are still bound as planned.',
      failed: 'Could not read the live state, so nothing was changed',
    });
    if (!check.ok) return unchangedResult(steps, check);
    if (context.signal !== undefined) setMaxListeners(SIGNAL_LISTENERS, context.signal);
    const untouched = check.value.extras.length === 0
      ? ''
      : ` Not touched: ${check.value.extras.map((eip) => eip.address).join(', ')}, bound to the server after the plan; request /eip isolate ${args.serverId} again to cover ${check.value.extras.length === 1 ? 'it' : 'them'}.`;

    const results = await mapConcurrently(plan.changes, ISOLATE_CONCURRENCY, async (change) => {
      const result = await steps.write(unbindStep(provider, change, { eipId: change.eipId }, args.reallocWanIp));
      return { change, result, now: result.ok ? '' : await stateNow(provider, change.eipId, change.address, steps.readOptions) };
    });
    const failed = results.filter(({ result }) => !result.ok);
    if (failed.length === 0) {
      return {
        ok: true,
        summary: `Isolated server ${args.serverId}: unbound ${count(results.length)} (${plan.changes.map((change) => change.address).join(', ')}).${untouched}`,
        steps: steps.outcomes,
        undo: { action: 'restore', bindings: plan.changes.map((change) => ({ eipId: change.eipId, binding: plannedBefore(plan, change) })) },
      };
    }
    const done = results.filter(({ result }) => result.ok).map(({ change }) => change.address);
    return {
      ok: false,
      summary: `Isolation of server ${args.serverId} is incomplete: unbound ${results.length - failed.length} of ${count(results.length)}${
        done.length === 0 ? '' : ` (${done.join(', ')})`
      }. ${failed.map(({ result, now }) => `${result.outcome.message} ${now}`).join(' ')}${untouched}`,
      steps: steps.outcomes,
    };
  },

  reconcile(args, plan, journal, context) {
    return reconcileBindings(
      plan.changes.map((change) => ({ ...change, after: undefined })),
      journal,
      context,
      `server ${args.serverId} has none of its planned EIPs bound any more.`,
    );
  },
};

function count(n: number): string {
  return n === 1 ? '1 EIP' : `${n} EIPs`;
}

/**
 * The EIPs bound to the server now: every planned one must still be where the plan
 * found it; others (bound since) are reported and left alone. A planned EIP no
 * longer on the server is looked up to say where it went.
 */
async function liveState(
  provider: EipProvider,
  serverId: string,
  plan: Plan,
  options: CallOptions,
): Promise<{ drift: string[]; extras: Eip[] }> {
  const onServer = await provider.listEips({ serverId }, options);
  const drift = await Promise.all(
    plan.changes.map(async (change) => {
      const live = onServer.find((eip) => eip.id === change.eipId) ?? (await describeIfExists(provider, change.eipId, options));
      return live === undefined ? `${change.address} no longer exists in the account` : bindingDrift(plannedBefore(plan, change), live);
    }),
  );
  const extras = onServer.filter((eip) => eip.binding !== undefined && !plan.changes.some((change) => change.eipId === eip.id));
  return { drift: drift.filter((text): text is string => text !== undefined), extras };
}

