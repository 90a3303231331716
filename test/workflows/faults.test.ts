import { describe, expect, it } from 'vitest';
import { planAndExecute } from '../support/workflow-harness.js';
import type { Fault } from '../support/workflow-world.js';
import { withWorld, workflowWorlds } from '../support/workflow-worlds.js';

/** Every class of failure a cloud can produce on a write, and what the result must say about it. */
const FAULTS: { fault: Fault; says: RegExp; times: number }[] = [
  { fault: 'server-error', says: /internal error|HTTP 5\d\d/, times: 10 },
  { fault: 'reset', says: /connection .*(broke|reset)/i, times: 10 },
  { fault: 'hang', says: /did not answer|timed out|no answer/i, times: 10 },
  { fault: 'refused', says: /already has an EIP|not in a status that allows/, times: 10 },
    // Tencent's legacy API has no tasks: a change that failed shows as the status it was before.
  { fault: 'change-fails', says: /as ERROR: the unbind failed|task \d+ \(\w+\) failed|last status seen was \d+ \(bound\)/, times: 1 },
  { fault: 'stuck', says: /last status seen was (task \d+ )?(PENDING_UPDATE|UNBINDING|RUNNING|3)\b/, times: 1 },
];

describe.each(workflowWorlds)('a failing cloud on $name', (factory) => {
  const world = withWorld(factory);

  it.each(FAULTS)('turns a write that meets "$fault" into a failed result that names it', async ({ fault, says, times }) => {
    const { eips } = world().fixture;
    // Call faults on every attempt, so the provider's safe retries cannot hide them; a status fault once.
    world().inject('unbind', fault, { times });

    const { result } = await planAndExecute(world().provider, { action: 'unbind', ref: { kind: 'eip', eip: eips.web1.id } }, undefined, 300);

    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(new RegExp(`^Could not unbind ${eips.web1.address.replaceAll('.', '\\.')}: `));
    expect(result.summary).toMatch(says);
    const failed = result.steps.find((step) => !step.ok);
    expect(failed?.label).toBe(`unbind ${eips.web1.address}`);
    expect(failed?.detail).toBeDefined();
    expect(result.summary).not.toMatch(/[{}]|<html|stack|at \w+ \(/);
    expect(result.undo).toBeUndefined();
  });
});
