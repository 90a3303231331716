import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { createHuaweiProvider } from '../../src/providers/huawei/huawei-provider.js';
import { defaultHuaweiSeed } from '../../src/sandbox/huawei/default-seed.js';
import { startHuaweiSimulator, type HuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import { isolateWorkflow } from '../../src/workflows/isolate.js';
import { sandboxHuaweiAccount } from '../support/sandbox-accounts.js';
import { executionContext, planAndExecute, planContext } from '../support/workflow-harness.js';

const SERVER = '0badc0de-0000-4000-8000-000000000001';
const EIPS = 30;

/** A server with `count` NICs, each with an EIP bound. */
function compromisedServer(count: number) {
  const nics = Array.from({ length: count }, (_, index) => ({
    id: `0badc0de-0000-4000-8000-${String(index + 100).padStart(12, '0')}`,
    networkId: '4779ab1c-7c1a-44b1-a02e-93dfc361b32d',
    subnetId: '213cb9d0-3122-2ac1-1a29-91ffc1231a12',
    privateIp: `192.168.7.${index + 10}`,
  }));
  return {
    ...defaultHuaweiSeed,
    servers: [{ id: SERVER, name: 'web-compromised', nics }],
    eips: nics.map((nic, index) => ({ id: `0badc0de-0000-4000-8000-${String(index + 500).padStart(12, '0')}`, address: `198.51.100.${index + 1}`, boundTo: nic.id })),
  };
}

let sim: HuaweiSimulator | undefined;
afterEach(async () => {
  await sim?.close();
});

function huaweiProvider(url: string) {
  const account = configSchema.parse({ accounts: { hw: sandboxHuaweiAccount(url) } }).accounts.hw;
  if (account?.provider !== 'huawei') throw new Error('the test account is not a Huawei one');
  return createHuaweiProvider({ name: 'hw', account, poll: { minDelayMs: 20, maxDelayMs: 50 }, retry: { baseMs: 5, capMs: 20 } });
}

describe('isolate of a server with many EIPs', () => {
  it('has a dozen unbinds under way at once, never more, so a rate-limited account is kept busy without one isolate taking it over', async () => {
    sim = await startHuaweiSimulator({ seed: compromisedServer(EIPS), delays: { bindMs: 300, unbindMs: 300, createMs: 300 } });
    const provider = huaweiProvider(sim.url);
    let mostAtOnce = 0;
    const watch = setInterval(() => {
      const changing = sim?.state.eips().filter((eip) => eip.status === 'PENDING_UPDATE').length ?? 0;
      mostAtOnce = Math.max(mostAtOnce, changing);
    }, 5);
    try {
      const { result } = await planAndExecute(provider, { action: 'isolate', serverId: SERVER }, undefined, 10_000);
      expect(result.ok).toBe(true);
    } finally {
      clearInterval(watch);
    }
    expect(sim.state.eips().filter((eip) => eip.portId !== undefined)).toEqual([]);
    expect(mostAtOnce).toBe(12);
  });

  it('runs its dozen unbinds on one abort signal without Node warning of a listener leak', async () => {
    sim = await startHuaweiSimulator({ seed: compromisedServer(EIPS), delays: { bindMs: 100, unbindMs: 100, createMs: 100 } });
    const provider = huaweiProvider(sim.url);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const args = { action: 'isolate' as const, serverId: SERVER };
      const plan = await isolateWorkflow.plan(args, planContext(provider));
      const abort = new AbortController();
      const result = await isolateWorkflow.execute(args, plan, { ...executionContext(provider, { events: [], journal: [] }, 'R-7K2F9Q', 10_000), signal: abort.signal });
      expect(result.ok).toBe(true);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
