import { systemClock } from '../../src/clock.js';
import type { EipProvider } from '../../src/providers/provider.js';
import { expect } from 'vitest';
import { workflowFor } from '../../src/workflows/registry.js';
import type { WorkflowWorld, WriteCount } from './workflow-world.js';
import type {
  ActionArgs,
  ExecutionContext,
  ExecutionResult,
  JournalEntry,
  Plan,
  PlanContext,
  ReconcileOutcome,
  WorkflowEvent,
} from '../../src/workflows/workflow.js';

/** What an execution reported along the way, as the engine would persist and show it. */
export interface Recorded {
  events: WorkflowEvent[];
  journal: JournalEntry[];
}

export const REQUEST_ID = 'R-7K2F9Q';

export function planContext(provider: EipProvider, requestId = REQUEST_ID): PlanContext {
  return { provider, requestId };
}

export function executionContext(provider: EipProvider, recorded: Recorded, requestId = REQUEST_ID, waitTimeoutMs = 2_000): ExecutionContext {
  return {
    provider,
    clock: systemClock,
    requestId,
    waitTimeoutMs,
    onEvent: (event) => recorded.events.push(event),
    journal: async (entry) => {
      recorded.journal.push(entry);
    },
  };
}

/** Plans and executes a request the way the engine does, keeping everything it reported. */
export async function planAndExecute(
  provider: EipProvider,
  args: ActionArgs,
  between?: (plan: Plan) => Promise<void>,
  waitTimeoutMs?: number,
): Promise<{ plan: Plan; result: ExecutionResult; recorded: Recorded }> {
  const workflow = workflowFor(args.action);
  const plan = await workflow.plan(args, planContext(provider));
  await between?.(plan);
  const recorded: Recorded = { events: [], journal: [] };
  const result = await workflow.execute(args, plan, executionContext(provider, recorded, REQUEST_ID, waitTimeoutMs));
  return { plan, result, recorded };
}

export async function reconcile(provider: EipProvider, args: ActionArgs, plan: Plan, journal: readonly JournalEntry[]): Promise<ReconcileOutcome> {
  return workflowFor(args.action).reconcile(args, plan, journal, executionContext(provider, { events: [], journal: [] }));
}

/** The provider calls of an execution, as `step: operation` lines. */
export function providerCalls(recorded: Recorded): string[] {
  return recorded.events.flatMap((event) => (event.type === 'provider' && event.event.type === 'call' ? [`${event.step}: ${event.event.operation}`] : []));
}

/** The replica executing a request dies at a journal entry: the entry is not persisted and nothing after it runs. */
export class ReplicaDied extends Error {}

/**
 * Executes a request the way a replica does until it dies at the first journal entry
 * `dies` matches (that entry is lost with it). Returns the journal as persisted, for
 * the replica that takes over.
 */
export async function executeUntilDeath(
  provider: EipProvider,
  args: ActionArgs,
  plan: Plan,
  dies: (entry: JournalEntry) => boolean,
): Promise<JournalEntry[]> {
  const recorded: Recorded = { events: [], journal: [] };
  const context = executionContext(provider, recorded);
  const persisted: JournalEntry[] = [];
  let dead = false;
  context.journal = async (entry) => {
    if (dead || dies(entry)) {
      dead = true;
      throw new ReplicaDied(`died at ${entry.step} ${entry.phase}`);
    }
    persisted.push(entry);
  };
  await expectDeath(workflowFor(args.action).execute(args, plan, context));
  return persisted;
}

async function expectDeath(execution: Promise<unknown>): Promise<void> {
  try {
    await execution;
  } catch (error) {
    if (error instanceof ReplicaDied) return;
    throw error;
  }
  throw new Error('the execution finished before the replica was meant to die');
}

const WRITES: WriteCount[] = ['binding', 'create', 'vip'];

/**
 * Plans a request, executes it until the replica dies at the journal entry `dies`
 * matches, then lets another replica reconcile it, and proves the reconcile wrote nothing.
 */
export async function interruptAndReconcile(world: WorkflowWorld, args: ActionArgs, dies: (entry: JournalEntry) => boolean): Promise<ReconcileOutcome> {
  const plan = await workflowFor(args.action).plan(args, planContext(world.provider));
  const journal = await executeUntilDeath(world.provider, args, plan, dies);
  const before = WRITES.map((kind) => world.writes(kind));
  const outcome = await reconcile(world.provider, args, plan, journal);
  expect(WRITES.map((kind) => world.writes(kind))).toEqual(before);
  return outcome;
}
