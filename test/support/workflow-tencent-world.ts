import { randomBytes } from 'node:crypto';
import { configSchema } from '../../src/config/schema.js';
import type { NicBinding } from '../../src/providers/provider.js';
import { createTencentProvider } from '../../src/providers/tencent/tencent-provider.js';
import type { TencentFault } from '../../src/sandbox/tencent/tencent-faults.js';
import type { TencentSeedInput } from '../../src/sandbox/tencent/tencent-seed.js';
import { startTencentSimulator } from '../../src/sandbox/tencent/tencent-simulator.js';
import type { Fault, FaultTarget, Fixture, FixtureNic, WorkflowWorld, WriteCount } from './workflow-world.js';

const SECRET_ID = 'AKIDworkflowtest0000000000000000001';
const SECRET_KEY = 'workflowtestsecretkey0000000000001';

const DELAYS = { bindMs: 20, unbindMs: 20, createMs: 20 };
const PROVIDER_TIMINGS = { retry: { baseMs: 2, capMs: 10, maxAttempts: 3 }, poll: { minDelayMs: 3, maxDelayMs: 15 }, httpTimeoutMs: 500 };

/** Tencent ids are a prefix and 8 lowercase letters or digits. */
function tencentId(prefix: string): string {
  return `${prefix}-${randomBytes(8).toString('hex').slice(0, 8)}`;
}

/** The fixture topology as a Tencent region: CVM instances with ENIs (every instance has one), EIPs. */
function tencentTopology(): { seed: TencentSeedInput; fixture: Fixture } {
  const eni = (serverId: string, privateIp: string): FixtureNic => ({ nicId: tencentId('eni'), privateIp, serverId });
  const instance = (serverId: string, enis: FixtureNic[]) => ({
    instanceId: serverId,
    enis: enis.map((entry, index) => ({ networkInterfaceId: entry.nicId, primary: index === 0, privateIps: [{ address: entry.privateIp, primary: true }] })),
  });
  const web1Id = tencentId('ins');
  const web2Id = tencentId('ins');
  const db1Id = tencentId('ins');
  const web1 = { serverId: web1Id, nic: eni(web1Id, '10.0.1.10') };
  const web2 = { serverId: web2Id, primary: eni(web2Id, '10.0.2.10'), secondary: eni(web2Id, '10.0.2.20') };
  const db1 = { serverId: db1Id, nicA: eni(db1Id, '10.0.3.10'), nicB: eni(db1Id, '10.0.3.20') };
  const eip = (address: string) => ({ id: tencentId('eip'), address });
  const eips = { web1: eip('203.0.113.10'), dbA: eip('203.0.113.20'), dbB: eip('203.0.113.21'), free1: eip('203.0.113.30'), free2: eip('203.0.113.31') };
  const address = (entry: { id: string; address: string }, on?: FixtureNic) => ({
    addressId: entry.id,
    addressIp: entry.address,
    bandwidthMbps: 5,
    ...(on === undefined ? {} : { boundTo: { networkInterfaceId: on.nicId, privateIpAddress: on.privateIp } }),
  });
  return {
    fixture: { web1, web2, db1, eips, unknown: { eipId: tencentId('eip'), address: '198.51.100.99', serverId: tencentId('ins') } },
    seed: {
      credentials: [{ secretId: SECRET_ID, secretKey: SECRET_KEY }],
      instances: [instance(web1Id, [web1.nic]), instance(web2Id, [web2.primary, web2.secondary]), instance(db1Id, [db1.nicA, db1.nicB])],
      addresses: [address(eips.web1, web1.nic), address(eips.dbA, db1.nicA), address(eips.dbB, db1.nicB), address(eips.free1), address(eips.free2)],
    },
  };
}

const FAULTS: Record<Fault, TencentFault> = {
  'server-error': { type: 'http-500' },
  reset: { type: 'reset' },
  hang: { type: 'hang' },
  refused: { type: 'wrong-status' },
  'change-fails': { type: 'failed-task' },
  stuck: { type: 'stuck-task' },
};

/** A Tencent account (API 3.0 or the legacy API 2.0) against a running Tencent simulator. */
export async function startTencentWorld(api: 'v3' | 'legacy'): Promise<WorkflowWorld> {
  const { seed, fixture } = tencentTopology();
  const sim = await startTencentSimulator({ seed, delays: DELAYS });
  const config = configSchema.parse({
    policy: { approvers: ['U0APPROVER1'] },
    accounts: { tc: { provider: 'tencent', api, region: 'ap-guangzhou', auth: { secretId: SECRET_ID, secretKey: SECRET_KEY }, endpoints: { vpc: sim.url, eip: sim.url } } },
  });
  const account = config.accounts.tc;
  if (account?.provider !== 'tencent') throw new Error('the test account did not parse as a Tencent account');
  const provider = createTencentProvider({ name: `tc-${api}`, account, ...PROVIDER_TIMINGS });
  const actions: Record<FaultTarget, string> =
    api === 'v3'
      ? { bind: 'AssociateAddress', unbind: 'DisassociateAddress', create: 'AllocateAddresses' }
      : { bind: 'EipBindInstance', unbind: 'EipUnBindInstance', create: 'AllocateAddresses' };

  /** Changes made outside eipbot go through the simulator's own rules and settle before the test goes on. */
  async function settle(eipId: string, statuses: string[]): Promise<void> {
    for (let waited = 0; !statuses.includes(sim.state.address(eipId)?.status ?? ''); waited += 5) {
      if (waited > 2_000) throw new Error(`${eipId} did not reach ${statuses.join('/')}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  return {
    name: `tencent ${api}`,
    provider,
    fixture,
    supports: { vip: false, create: api === 'v3' },
    async bindElsewhere(eipId, nic) {
      sim.state.associate({ addressId: eipId, networkInterfaceId: nic.nicId, privateIpAddress: nic.privateIp }, 'normal');
      await settle(eipId, ['BIND', 'BIND_ENI']);
    },
    async unbindElsewhere(eipId) {
      sim.state.disassociate({ addressId: eipId, reallocate: false }, 'normal');
      await settle(eipId, ['UNBIND']);
    },
    async bindingOf(eipId): Promise<NicBinding | undefined> {
      const address = sim.state.address(eipId);
      if (address?.networkInterfaceId === undefined) return undefined;
      return {
        nicId: address.networkInterfaceId,
        ...(address.privateIpAddress === undefined ? {} : { privateIp: address.privateIpAddress }),
        ...(address.instanceId === undefined ? {} : { serverId: address.instanceId }),
      };
    },
    async vipsOf() {
      return [];
    },
    async eipIdsNamed(name) {
      return sim.state.addresses().filter((address) => address.name === name).map((address) => address.addressId);
    },
    writes(kind: WriteCount) {
      if (kind === 'create') return sim.stats.calls('AllocateAddresses');
      if (kind === 'vip') return 0;
      return sim.stats.calls(actions.bind) + sim.stats.calls(actions.unbind);
    },
    inject(target: FaultTarget, fault: Fault, options = {}) {
      // The simulator fails the next calls of an action, whichever EIP they are for.
      sim.faults.inject(actions[target], FAULTS[fault], options.times ?? 1);
    },
    close: () => sim.close(),
  };
}
