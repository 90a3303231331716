import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { SimError } from './simulator-error.js';
import type { HuaweiSimulatorSeed } from './simulator-seed.js';

/** How long each asynchronous change takes before GET shows its final status. */
export interface SimDelays {
  bindMs: number;
  unbindMs: number;
  createMs: number;
}

interface Stage {
  status: string;
  endsAt: number;
}

export interface SimEip {
  id: string;
  projectId: string;
  address: string;
  status: string;
  portId?: string;
  alias?: string;
  bandwidth: { id: string; name: string; size: number };
  createdAt: number;
  updatedAt: number;
  /** Transient statuses still to pass through, then `final`. */
  transition?: { stages: Stage[]; final: string };
}

export interface SimPort {
  id: string;
  projectId: string;
  deviceId: string;
  networkId: string;
  subnetId: string;
  privateIp: string;
  mac: string;
  primary: boolean;
  /** Where a NIC's virtual IPs show (reference §5.1). */
  allowedAddressPairs: { ip_address: string; mac_address: string }[];
  createdAt: number;
}

export interface SimServer {
  id: string;
  projectId: string;
  name: string;
  portIds: string[];
}

export interface SimUser {
  domain: string;
  user: string;
  password: string;
  projectId: string;
  projectName: string;
}

export interface SimToken {
  token: string;
  user: string;
  projectId: string;
  projectName: string;
  issuedAt: number;
  expiresAt: number;
}

export interface SimEipQuery {
  publicIpAddresses: string[];
  portIds: string[];
  ids: string[];
  privateIps: string[];
  marker?: string;
  limit: number;
}

export interface SimPortQuery {
  deviceIds: string[];
  ids: string[];
  networkIds: string[];
  marker?: string;
  limit: number;
}

/** How the next change of an EIP ends: never (stuck in a transient status), `BIND_ERROR` (binds only) or `ERROR`. */
export type SimOutcome = 'stuck' | 'bind-error' | 'error';

function macFor(index: number): string {
  const hex = index.toString(16).padStart(6, '0');
  return `fa:16:3e:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

/**
 * The simulated cloud: servers with NICs (ports) and private IPs, EIPs, VIPs, quota and
 * IAM tokens. Status changes are asynchronous as on Huawei (reference §3.6): a write
 * answers at once with the old status and GET shows transient statuses until the
 * configured delay has passed on the injected clock. Transitions are evaluated when
 * read, so nothing runs in the background.
 */
export class HuaweiSimState {
  readonly projectId: string;
  readonly projectName: string;
  readonly users: readonly SimUser[];
  readonly accessKeys: ReadonlyMap<string, { secretKey: string; projectId: string }>;
  delays: SimDelays;
  eipQuota: number;
  readonly #clock: Clock;
  readonly #tokenTtlMs: number;
  readonly #eips = new Map<string, SimEip>();
  readonly #ports = new Map<string, SimPort>();
  readonly #servers = new Map<string, SimServer>();
  readonly #tokens = new Map<string, SimToken>();
  /** Pending outcomes by EIP id (`*` = the next EIP to change). */
  readonly #outcomes = new Map<string, SimOutcome>();
  #addressCounter = 0;

  constructor(seed: HuaweiSimulatorSeed, options: { clock: Clock; delays: SimDelays; tokenTtlMs: number }) {
    this.#clock = options.clock;
    this.#tokenTtlMs = options.tokenTtlMs;
    this.delays = options.delays;
    this.projectId = seed.projectId;
    this.projectName = seed.projectName;
    this.eipQuota = seed.quota.eips;
    this.accessKeys = new Map(
      seed.credentials.aksk.map((key) => [key.accessKey, { secretKey: key.secretKey, projectId: key.projectId ?? seed.projectId }]),
    );
    this.users = seed.credentials.users.map((user) => ({
      domain: user.domain,
      user: user.user,
      password: user.password,
      projectId: user.projectId ?? seed.projectId,
      projectName: user.projectName ?? seed.projectName,
    }));
    const now = this.#clock.now();
    let macIndex = 1;
    for (const server of seed.servers) {
      const hasPrimary = server.nics.some((nic) => nic.primary === true);
      this.#servers.set(server.id, {
        id: server.id,
        projectId: seed.projectId,
        name: server.name ?? server.id,
        portIds: server.nics.map((nic) => nic.id),
      });
      server.nics.forEach((nic, index) => {
        const mac = nic.mac ?? macFor(macIndex++);
        this.#ports.set(nic.id, {
          id: nic.id,
          projectId: seed.projectId,
          deviceId: server.id,
          networkId: nic.networkId,
          subnetId: nic.subnetId,
          privateIp: nic.privateIp,
          mac,
          primary: hasPrimary ? nic.primary === true : index === 0,
          allowedAddressPairs: nic.vips.map((vip) => ({ ip_address: vip, mac_address: mac })),
          createdAt: now,
        });
      });
    }
    for (const eip of seed.eips) {
      this.#eips.set(eip.id, {
        id: eip.id,
        projectId: seed.projectId,
        address: eip.address,
        status: eip.boundTo === undefined ? 'DOWN' : 'ACTIVE',
        portId: eip.boundTo,
        alias: eip.alias,
        bandwidth: { id: randomUUID(), name: eip.alias ?? `bandwidth-${eip.id.slice(0, 4)}`, size: eip.bandwidthMbps },
        createdAt: now,
        updatedAt: now,
      });
    }
  }

  get now(): number {
    return this.#clock.now();
  }

  // ---- reading -------------------------------------------------------------------

  eip(projectId: string, eipId: string): SimEip {
    const eip = this.#eips.get(eipId);
    if (!eip || eip.projectId !== projectId) throw new SimError(404, 'VPC.0504', 'Floating IP could not be found.');
    return this.#settle(eip);
  }

  listEips(projectId: string, query: SimEipQuery): SimEip[] {
    const matches = (eip: SimEip) => {
      const port = eip.portId === undefined ? undefined : this.#ports.get(eip.portId);
      return (
        (query.publicIpAddresses.length === 0 || query.publicIpAddresses.includes(eip.address)) &&
        (query.portIds.length === 0 || (eip.portId !== undefined && query.portIds.includes(eip.portId))) &&
        (query.ids.length === 0 || query.ids.includes(eip.id)) &&
        (query.privateIps.length === 0 || (port !== undefined && query.privateIps.includes(port.privateIp)))
      );
    };
    const all = [...this.#eips.values()].filter((eip) => eip.projectId === projectId).map((eip) => this.#settle(eip));
    return this.#page(all.filter(matches), query.marker, query.limit);
  }

  port(projectId: string, portId: string): SimPort {
    const port = this.#ports.get(portId);
    if (!port || port.projectId !== projectId) throw new SimError(404, 'VPC.0514', `Port ${portId} could not be found.`);
    return port;
  }

  findPort(portId: string): SimPort | undefined {
    return this.#ports.get(portId);
  }

  listPorts(projectId: string, query: SimPortQuery): SimPort[] {
    const all = [...this.#ports.values()].filter(
      (port) =>
        port.projectId === projectId &&
        (query.deviceIds.length === 0 || query.deviceIds.includes(port.deviceId)) &&
        (query.ids.length === 0 || query.ids.includes(port.id)) &&
        (query.networkIds.length === 0 || query.networkIds.includes(port.networkId)),
    );
    return this.#page(all, query.marker, query.limit);
  }

  server(projectId: string, serverId: string): SimServer {
    const server = this.#servers.get(serverId);
    if (!server || server.projectId !== projectId) throw new SimError(404, 'Ecs.0114', 'The ECS does not exist.');
    return server;
  }

  findServer(serverId: string): SimServer | undefined {
    return this.#servers.get(serverId);
  }

  /** The EIP bound to a port, if any (one EIP per port). */
  eipOnPort(portId: string): SimEip | undefined {
    return [...this.#eips.values()].find((eip) => eip.portId === portId);
  }

  /** Every EIP as GET shows it now, for tests and the sandbox console. */
  eips(): SimEip[] {
    return [...this.#eips.values()].map((eip) => this.#settle(eip));
  }

  ports(): SimPort[] {
    return [...this.#ports.values()];
  }

  // ---- EIP writes ----------------------------------------------------------------

  /** Returns the status before the change: the write's answer echoes it (seed 000). */
  bindEip(projectId: string, eipId: string, portId: string): { staleStatus: string; eip: SimEip } {
    const eip = this.eip(projectId, eipId);
    if (eip.transition) throw new SimError(409, 'VPC.0512', 'Resource status is busy, try it again later.');
    const port = this.#ports.get(portId);
    if (!port || port.projectId !== projectId) throw new SimError(400, 'VPC.0501', 'Port id is invalid.');
    if (eip.portId !== undefined) throw new SimError(409, 'VPC.0510', 'Floatingip has already associated with port.');
    const other = this.eipOnPort(portId);
    if (other) throw new SimError(409, 'VPC.0511', 'Port has already associated with floatingip.');
    const staleStatus = eip.status;
    eip.portId = portId;
    const outcome = this.#takeOutcome(eip.id, ['stuck', 'bind-error', 'error']);
    this.#begin(eip, ['PENDING_UPDATE', 'BINDING'], this.delays.bindMs, 'ACTIVE', outcome);
    return { staleStatus, eip };
  }

  /** Unbinding an unbound EIP is a no-op on v1; v3 callers check `portId` first (EIP.7902). */
  unbindEip(projectId: string, eipId: string): { staleStatus: string; eip: SimEip } {
    const eip = this.eip(projectId, eipId);
    if (eip.transition) throw new SimError(409, 'VPC.0512', 'Resource status is busy, try it again later.');
    const staleStatus = eip.status;
    if (eip.portId === undefined) return { staleStatus, eip };
    eip.portId = undefined;
    const outcome = this.#takeOutcome(eip.id, ['stuck', 'error']);
    this.#begin(eip, ['PENDING_UPDATE'], this.delays.unbindMs, 'DOWN', outcome);
    return { staleStatus, eip };
  }

  createEip(projectId: string, input: { alias?: string; bandwidthName: string; size: number }): SimEip {
    const owned = [...this.#eips.values()].filter((eip) => eip.projectId === projectId).length;
    if (owned >= this.eipQuota) throw new SimError(409, 'VPC.0521', "Quota exceeded for resources: ['floatingip'].");
    const now = this.#clock.now();
    const eip: SimEip = {
      id: randomUUID(),
      projectId,
      address: this.#nextAddress(),
      status: 'PENDING_CREATE',
      alias: input.alias,
      bandwidth: { id: randomUUID(), name: input.bandwidthName, size: input.size },
      createdAt: now,
      updatedAt: now,
    };
    this.#eips.set(eip.id, eip);
    const outcome = this.#takeOutcome(eip.id, ['stuck', 'error']);
    this.#begin(eip, ['PENDING_CREATE', 'NOTIFYING'], this.delays.createMs, 'DOWN', outcome);
    return eip;
  }

  /** Someone else changes the binding in the console: immediate, no transition. */
  forceEipPort(eipId: string, portId: string | undefined): void {
    const eip = this.#eips.get(eipId);
    if (!eip) throw new Error(`no EIP ${eipId}`);
    eip.portId = portId;
    eip.status = portId === undefined ? 'DOWN' : 'ACTIVE';
    eip.transition = undefined;
    eip.updatedAt = this.#clock.now();
  }

  /** The next change of `eipId` (or of any EIP, with `*`) ends as `outcome`. */
  setOutcome(eipId: string, outcome: SimOutcome): void {
    this.#outcomes.set(eipId, outcome);
  }

  clearOutcomes(): void {
    this.#outcomes.clear();
  }

  // ---- NIC virtual IPs -------------------------------------------------------------

  /** Seed 003: both fields empty unbinds every VIP of the NIC; otherwise binds one. */
  setNicVip(projectId: string, nicId: string, subnetId: string, ipAddress: string): SimPort {
    const port = this.#ports.get(nicId);
    if (!port || port.projectId !== projectId) throw new SimError(400, 'Ecs.0085', 'The server does not have the interface.');
    if (subnetId === '' && ipAddress === '') {
      port.allowedAddressPairs = port.allowedAddressPairs.filter((pair) => pair.ip_address.includes('/'));
      return port;
    }
    if (subnetId !== port.networkId) {
      throw new SimError(400, 'Ecs.0005', 'request body is illegal: subnet_id is not the network of the NIC.');
    }
    const usedAsFixed = [...this.#ports.values()].some((other) => other.networkId === subnetId && other.privateIp === ipAddress);
    if (usedAsFixed) throw new SimError(400, 'Ecs.0010', 'The private IP address is already being used.');
    if (!port.allowedAddressPairs.some((pair) => pair.ip_address === ipAddress)) {
      port.allowedAddressPairs.push({ ip_address: ipAddress, mac_address: port.mac });
    }
    return port;
  }

  // ---- IAM tokens ------------------------------------------------------------------

  issueToken(user: SimUser, project: { id: string; name: string }): SimToken {
    const now = this.#clock.now();
    const token: SimToken = {
      // Real tokens are opaque PKI blobs of several KB starting with MII…; length matters little here.
      token: `MIIsim${randomBytes(48).toString('base64url')}`,
      user: `${user.domain}/${user.user}`,
      projectId: project.id,
      projectName: project.name,
      issuedAt: now,
      expiresAt: now + this.#tokenTtlMs,
    };
    this.#tokens.set(token.token, token);
    return token;
  }

  token(value: string): SimToken | undefined {
    return this.#tokens.get(value);
  }

  /** A password change or permission change invalidates every token (reference §2.1). */
  revokeTokens(): void {
    this.#tokens.clear();
  }

  /** Moves every token's expiry to now, so the next use is rejected as expired. */
  expireTokens(): void {
    const now = this.#clock.now();
    for (const token of this.#tokens.values()) token.expiresAt = now;
  }

  // ---- internals -------------------------------------------------------------------

  /** Consumes the pending outcome for this EIP (or for any EIP) if it applies to this kind of change. */
  #takeOutcome(eipId: string, applicable: readonly SimOutcome[]): SimOutcome | undefined {
    for (const key of [eipId, '*']) {
      const outcome = this.#outcomes.get(key);
      if (outcome !== undefined && applicable.includes(outcome)) {
        this.#outcomes.delete(key);
        return outcome;
      }
    }
    return undefined;
  }

  #begin(eip: SimEip, transient: string[], totalMs: number, final: string, outcome: SimOutcome | undefined): void {
    const now = this.#clock.now();
    eip.updatedAt = now;
    const step = totalMs / transient.length;
    const stages = transient.map((status, index) => ({
      status,
      endsAt: outcome === 'stuck' && index === transient.length - 1 ? Number.POSITIVE_INFINITY : now + step * (index + 1),
    }));
    const ending = outcome === 'bind-error' ? 'BIND_ERROR' : outcome === 'error' ? 'ERROR' : final;
    eip.transition = { stages, final: ending };
    this.#settle(eip);
  }

  #settle(eip: SimEip): SimEip {
    const transition = eip.transition;
    if (!transition) return eip;
    const now = this.#clock.now();
    while (transition.stages.length > 0 && (transition.stages[0]?.endsAt ?? 0) <= now) transition.stages.shift();
    const current = transition.stages[0];
    if (current) {
      eip.status = current.status;
    } else {
      eip.status = transition.final;
      eip.transition = undefined;
      eip.updatedAt = now;
    }
    return eip;
  }

  #page<T extends { id: string }>(items: T[], marker: string | undefined, limit: number): T[] {
    const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const start = marker === undefined ? 0 : sorted.findIndex((item) => item.id > marker);
    return start < 0 ? [] : sorted.slice(start, start + limit);
  }

  #nextAddress(): string {
    const used = new Set([...this.#eips.values()].map((eip) => eip.address));
    for (;;) {
      this.#addressCounter += 1;
      // TEST-NET-2 (RFC 5737) and the block after it: public-looking, never routed.
      const n = this.#addressCounter;
      const address = `198.51.${100 + Math.floor(n / 254)}.${(n % 254) + 1}`;
      if (!used.has(address)) return address;
    }
  }
}
