import { randomUUID } from 'node:crypto';
import { Secret } from '../../src/config/secret.js';
import { createHuaweiProvider } from '../../src/providers/huawei/huawei-provider.js';
import { HuaweiOperation } from '../../src/providers/huawei/huawei-operations.js';
import type { NicBinding } from '../../src/providers/provider.js';
import { startHuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import type { HuaweiSimulatorSeedInput } from '../../src/sandbox/huawei/simulator-seed.js';
import type { Fault, FaultTarget, Fixture, FixtureNic, WorkflowWorld, WriteCount } from './workflow-world.js';

const PROJECT_ID = '5f0e7c1a9b3d4e2f8a6c0b1d2e3f4a5b';
const ACCESS_KEY = 'HPUAWORKFLOWTESTKEY1';
const SECRET_KEY = 'workflow-test-secret-key';

/** Transitions of a few milliseconds, and provider timings to match (a hung call is given up after 0.5 s): whole flows take milliseconds. */
const DELAYS = { bindMs: 20, unbindMs: 20, createMs: 20 };
const PROVIDER_TIMINGS = { retry: { baseMs: 2, capMs: 10, maxAttempts: 3 }, poll: { minDelayMs: 3, maxDelayMs: 15 }, httpTimeoutMs: 500 };

/** The fixture topology as a Huawei project: ECS servers with ports, EIPs, one port with a virtual IP. */
function huaweiTopology(): { seed: HuaweiSimulatorSeedInput; fixture: Fixture } {
  const networkId = randomUUID();
  const subnetId = randomUUID();
  const nic = (serverId: string, privateIp: string): FixtureNic => ({ nicId: randomUUID(), privateIp, serverId });
  const server = (id: string, name: string, nics: FixtureNic[], vips: Record<string, string[]> = {}) => ({
    id,
    name,
    nics: nics.map((entry, index) => ({ id: entry.nicId, networkId, subnetId, privateIp: entry.privateIp, primary: index === 0, vips: vips[entry.nicId] ?? [] })),
  });
  const web1Id = randomUUID();
  const web2Id = randomUUID();
  const db1Id = randomUUID();
  const bareId = randomUUID();
  const web1 = { serverId: web1Id, nic: nic(web1Id, '192.168.1.10') };
  const web2 = { serverId: web2Id, primary: nic(web2Id, '192.168.2.10'), secondary: nic(web2Id, '192.168.2.11') };
  const db1 = { serverId: db1Id, nicA: nic(db1Id, '192.168.3.10'), nicB: nic(db1Id, '192.168.3.11') };
  const eip = (address: string) => ({ id: randomUUID(), address });
  const eips = { web1: eip('203.0.113.10'), dbA: eip('203.0.113.20'), dbB: eip('203.0.113.21'), free1: eip('203.0.113.30'), free2: eip('203.0.113.31') };
  const vipAddress = '192.168.2.100';
  return {
    fixture: {
      web1,
      web2,
      db1,
      bare: { serverId: bareId },
      eips,
      // The ECS NIC VIP call takes the port's network id as `subnet_id` (reference §6.2).
      vip: { nicId: web2.secondary.nicId, address: vipAddress, subnetId: networkId },
      unknown: { eipId: randomUUID(), address: '198.51.100.99', serverId: randomUUID() },
    },
    seed: {
      projectId: PROJECT_ID,
      credentials: { aksk: [{ accessKey: ACCESS_KEY, secretKey: SECRET_KEY }] },
      servers: [
        server(web1Id, 'web-1', [web1.nic]),
        server(web2Id, 'web-2', [web2.primary, web2.secondary], { [web2.secondary.nicId]: [vipAddress] }),
        server(db1Id, 'db-1', [db1.nicA, db1.nicB]),
        { id: bareId, name: 'bare', nics: [] },
      ],
      eips: [
        { ...eips.web1, boundTo: web1.nic.nicId },
        { ...eips.dbA, boundTo: db1.nicA.nicId },
        { ...eips.dbB, boundTo: db1.nicB.nicId },
        eips.free1,
        eips.free2,
      ],
    },
  };
}

/** A Huawei account (EIP API v1 or v3, AK/SK) against a running Huawei simulator. */
export async function startHuaweiWorld(api: 'v1' | 'v3'): Promise<WorkflowWorld> {
  const { seed, fixture } = huaweiTopology();
  const sim = await startHuaweiSimulator({ seed, delays: DELAYS });
  const provider = createHuaweiProvider({
    name: `hw-${api}`,
    account: {
      provider: 'huawei',
      api,
      region: 'cn-north-4',
      projectId: PROJECT_ID,
      auth: { type: 'aksk', accessKey: Secret.maskedId(ACCESS_KEY), secretKey: Secret.of(SECRET_KEY) },
      endpoints: { vpc: sim.url, ecs: sim.url, iam: sim.url },
    },
    ...PROVIDER_TIMINGS,
  });
  // v1 binds and unbinds with the same PUT; v3 has a call for each.
  const operations: Record<FaultTarget, string> = {
    bind: api === 'v3' ? HuaweiOperation.associateV3 : HuaweiOperation.updateEipV1,
    unbind: api === 'v3' ? HuaweiOperation.disassociateV3 : HuaweiOperation.updateEipV1,
    create: HuaweiOperation.createEip,
  };
  const eipOf = (eipId: string) => {
    const found = sim.state.eips().find((eip) => eip.id === eipId);
    if (found === undefined) throw new Error(`the simulator has no EIP ${eipId}`);
    return found;
  };
  return {
    name: `huawei ${api}`,
    provider,
    fixture,
    supports: { vip: true, create: true },
    async bindElsewhere(eipId, nic) {
      sim.state.forceEipPort(eipId, nic.nicId);
    },
    async unbindElsewhere(eipId) {
      sim.state.forceEipPort(eipId, undefined);
    },
    async bindingOf(eipId): Promise<NicBinding | undefined> {
      const portId = eipOf(eipId).portId;
      const port = sim.state.ports().find((candidate) => candidate.id === portId);
      return port === undefined ? undefined : { nicId: port.id, privateIp: port.privateIp, serverId: port.deviceId };
    },
    async vipsOf(nicId) {
      const port = sim.state.ports().find((candidate) => candidate.id === nicId);
      return (port?.allowedAddressPairs ?? []).map((pair) => pair.ip_address);
    },
    async eipIdsNamed(name) {
      return sim.state.eips().filter((eip) => eip.alias === name || eip.bandwidth.name === name).map((eip) => eip.id);
    },
    writes(kind: WriteCount) {
      if (kind === 'create') return sim.stats.count(HuaweiOperation.createEip);
      if (kind === 'vip') return sim.stats.count(HuaweiOperation.updateNicVip);
      return api === 'v3'
        ? sim.stats.count(HuaweiOperation.associateV3) + sim.stats.count(HuaweiOperation.disassociateV3)
        : sim.stats.count(HuaweiOperation.updateEipV1);
    },
    inject(target: FaultTarget, fault: Fault, options = {}) {
      const times = options.times ?? 1;
      if (fault !== 'change-fails' && fault !== 'stuck') {
        if (options.eipId !== undefined) throw new Error(`the Huawei simulator fails calls, not EIPs: ${fault} cannot target one EIP`);
        const response =
          fault === 'server-error'
            ? { status: 500 }
            : fault === 'refused'
              ? { status: 409, code: 'VPC.0511', message: 'Port has already associated with floatingip.' }
              : fault;
        sim.faults.inject({ operation: operations[target], response, times });
        return;
      }
      // Status faults are kept per EIP, one pending change each: the given EIP first, then any EIP.
      const keys = [options.eipId, '*'].filter((key): key is string => key !== undefined).slice(0, times);
      if (keys.length < times) throw new Error(`the Huawei simulator holds at most ${keys.length} status fault(s) here`);
      for (const key of keys) {
        if (fault === 'stuck') sim.faults.stickNextChange(key);
        else if (target === 'bind') sim.faults.failNextBind(key);
        else sim.faults.errorNextChange(key);
      }
    },
    close: () => sim.close(),
  };
}
