import { isIP } from 'node:net';
import { systemClock, type Clock } from '../../clock.js';
import type { HuaweiAccountConfig } from '../../config/schema.js';
import { ConfigError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { KvStore } from '../../store/store.js';
import type { BackoffPolicy } from '../backoff.js';
import type {
  AccountInfo,
  BindTarget,
  CallOptions,
  CreateEipInput,
  Eip,
  EipListFilter,
  EipProvider,
  NicVipOperations,
  ProviderEvent,
  TargetRef,
  UnbindOptions,
  UnbindRef,
  WriteReceipt,
} from '../provider.js';
import { ProviderError, isProviderError } from '../provider-error.js';
import { RateLimiter } from '../rate-limiter.js';
import { HuaweiEcsNicClient } from './ecs-nic-client.js';
import { HuaweiEipV1Client, type PublicIpV1 } from './eip-v1-client.js';
import { HuaweiEipV3Client } from './eip-v3-client.js';
import { eipFromV1, eipFromV3 } from './eip-view.js';
import { HuaweiHttpClient, createHuaweiTransport, type CallContext } from './http-client.js';
import { HuaweiOperation } from './huawei-operations.js';
import { HuaweiNicVips } from './nic-vip-operations.js';
import { HuaweiPortsClient, type Port } from './ports-client.js';
import { akSkAuth, tokenAuth, type HuaweiRequestAuth } from './request-auth.js';
import { waitForStatus, type PollPolicy, type StatusVerdict } from './status-waiter.js';
import { HuaweiTokenProvider } from './token-provider.js';
import { writeVerified } from './verified-write.js';

export interface HuaweiProviderOptions {
  /** The account's key in eipbot.yml. */
  name: string;
  account: HuaweiAccountConfig;
  /** The store namespace for IAM tokens; required with token auth so replicas share one token. */
  tokens?: KvStore;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
  /** Every call and poll of every operation (metrics); per-call listeners come with CallOptions. */
  onEvent?: (event: ProviderEvent) => void;
  retry?: Partial<BackoffPolicy>;
  poll?: Partial<PollPolicy>;
  httpTimeoutMs?: number;
}

/** Reference §7.4: back off from about a second, a handful of attempts, capped well under a minute. */
const DEFAULT_RETRY: BackoffPolicy = { baseMs: 1_000, capMs: 20_000, maxAttempts: 5 };
/** Bind/unbind usually settle in seconds; poll soon, then back off (Terraform waits 5 s, then 3–10 s). */
const DEFAULT_POLL: PollPolicy = { minDelayMs: 1_000, maxDelayMs: 5_000 };
const DEFAULT_HTTP_TIMEOUT_MS = 20_000;
/** SPEC §1 `execution.waitTimeout` default, when a call does not bring its own. */
const DEFAULT_WAIT_TIMEOUT_MS = 5 * 60_000;
/** After a create whose answer was lost, how often to look for the EIP by its name. */
const CREATE_LOOKUPS = 3;

function buildAuth(options: HuaweiProviderOptions, iam: HuaweiHttpClient, clock: Clock): HuaweiRequestAuth {
  const { account, name } = options;
  if (account.auth.type === 'aksk') {
    // The config schema requires projectId with aksk auth.
    const projectId = account.projectId;
    if (projectId === undefined) {
      throw new ConfigError([{ path: `accounts.${name}.projectId`, message: 'is required with aksk auth' }]);
    }
    return akSkAuth(account.auth.accessKey, account.auth.secretKey, projectId, clock);
  }
  if (!options.tokens) {
    throw new ConfigError([
      { path: `accounts.${name}.auth`, message: 'token auth needs the shared store to cache the IAM token; none was given' },
    ]);
  }
  const scope =
    account.auth.project !== undefined
      ? { name: account.auth.project }
      : account.projectId !== undefined
        ? { id: account.projectId }
        : { name: account.region };
  const tokens = new HuaweiTokenProvider({
    accountName: name,
    iamEndpoint: account.endpoints.iam,
    domain: account.auth.domain,
    user: account.auth.user,
    password: account.auth.password,
    scope,
    iam,
    store: options.tokens,
    clock,
    logger: options.logger,
  });
  return tokenAuth(tokens, account.projectId);
}

function primaryIpOf(port: Port): string | undefined {
  const ips = (port.fixed_ips ?? []).map((fixed) => fixed.ip_address);
  return ips.find((ip) => isIP(ip) === 4) ?? ips[0];
}

function short(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

function describeBinding(eip: Eip): string {
  const binding = eip.binding;
  if (!binding) return 'nothing';
  const ip = binding.privateIp ? ` (${binding.privateIp})` : '';
  const server = binding.serverId ? ` on server ${binding.serverId}` : '';
  return `port ${binding.nicId}${ip}${server}`;
}

/**
 * Huawei Cloud (and Open Telekom Cloud through endpoint overrides) behind the neutral
 * `EipProvider`: EIP v1 or v3 for show/bind/unbind, v1 for list and create (every region
 * serves it), VPC ports for targets, ECS for NIC virtual IPs.
 */
class HuaweiProvider implements EipProvider {
  readonly account: AccountInfo;
  readonly canCreateEips = true;
  readonly nicVips: NicVipOperations;
  readonly #api: 'v1' | 'v3';
  readonly #http: HuaweiHttpClient;
  readonly #v1: HuaweiEipV1Client;
  readonly #v3: HuaweiEipV3Client;
  readonly #ports: HuaweiPortsClient;
  readonly #ecs: HuaweiEcsNicClient;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #retry: BackoffPolicy;
  readonly #poll: PollPolicy;

  constructor(options: HuaweiProviderOptions) {
    const { account, name } = options;
    this.account = { name, provider: 'huawei', api: account.api, region: account.region };
    this.#api = account.api;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#poll = { ...DEFAULT_POLL, ...options.poll };
    const transport = createHuaweiTransport(options.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS);
    const common = {
      accountName: name,
      endpoints: account.endpoints,
      transport,
      clock: this.#clock,
      random: this.#random,
      retry: this.#retry,
      logger: options.logger,
      onEvent: options.onEvent,
    };
    const iam = new HuaweiHttpClient(common);
    this.#http = new HuaweiHttpClient({
      ...common,
      auth: buildAuth(options, iam, this.#clock),
      rateLimiter: account.rateLimit === undefined ? undefined : new RateLimiter(account.rateLimit, this.#clock),
    });
    this.#v1 = new HuaweiEipV1Client(this.#http);
    this.#v3 = new HuaweiEipV3Client(this.#http);
    this.#ports = new HuaweiPortsClient(this.#http);
    this.#ecs = new HuaweiEcsNicClient(this.#http);
    this.nicVips = new HuaweiNicVips({
      http: this.#http,
      ports: this.#ports,
      ecs: this.#ecs,
      clock: this.#clock,
      random: this.#random,
      retry: this.#retry,
      poll: this.#poll,
      defaultWaitTimeoutMs: DEFAULT_WAIT_TIMEOUT_MS,
    });
  }

  async describeEip(ref: string, options: CallOptions = {}): Promise<Eip> {
    const call = this.#call(options);
    const eip = isIP(ref) ? await this.#findByAddress(ref, call) : await this.#read(ref, call);
    return this.#withServer(eip, call);
  }

  async listEips(filter: EipListFilter, options: CallOptions = {}): Promise<Eip[]> {
    const call = this.#call(options);
    if (filter.serverId !== undefined) {
      const serverId = filter.serverId;
      const ports = await this.#serverPorts(serverId, call);
      if (ports.length === 0) return [];
      const found = await this.#v1.list({ portIds: ports.map((port) => port.id) }, call);
      return found
        .map(eipFromV1)
        .filter((eip) => this.#matchesPrivateIp(eip, filter.privateIp))
        .map((eip) => (eip.binding ? { ...eip, binding: { ...eip.binding, serverId } } : eip));
    }
    const found = (await this.#v1.list(filter.nicId === undefined ? {} : { portIds: [filter.nicId] }, call))
      .map(eipFromV1)
      .filter((eip) => this.#matchesPrivateIp(eip, filter.privateIp));
    return this.#withServers(found, call);
  }

  async resolveTarget(ref: TargetRef, options: CallOptions = {}): Promise<BindTarget> {
    const call = this.#call(options);
    if (ref.kind === 'nic') {
      const port = await this.#portOrNotFound(ref.nicId, call);
      const ips = (port.fixed_ips ?? []).map((fixed) => fixed.ip_address);
      if (ref.privateIp !== undefined && !ips.includes(ref.privateIp)) {
        throw this.#error('invalid', HuaweiOperation.showPort, `port ${ref.nicId} has no private IP ${ref.privateIp}; it has ${ips.join(', ') || 'none'}.`);
      }
      return { ref, nicId: port.id, privateIp: ref.privateIp ?? primaryIpOf(port), serverId: port.device_id || undefined };
    }
    const ports = await this.#serverPorts(ref.serverId, call);
    if (ports.length === 0) {
      throw this.#error('invalid', HuaweiOperation.listPorts, `server ${ref.serverId} has no network interfaces to bind an EIP to.`);
    }
    // Seed 001: the primary NIC is the port whose binding:vif_details.primary_interface is true.
    const primary = ports.find((port) => port['binding:vif_details']?.primary_interface === true) ?? (ports.length === 1 ? ports[0] : undefined);
    if (!primary) {
      const choices = ports.map((port) => `port:${port.id} (${primaryIpOf(port) ?? 'no IP'})`).join(', ');
      throw this.#error(
        'invalid',
        HuaweiOperation.listPorts,
        `server ${ref.serverId} has ${ports.length} NICs and none is marked primary. Name one as the target: ${choices}.`,
      );
    }
    const others = ports.filter((port) => port.id !== primary.id);
    return {
      ref,
      nicId: primary.id,
      privateIp: primaryIpOf(primary),
      serverId: ref.serverId,
      ...(others.length > 0 && { otherNics: others.map((port) => ({ nicId: port.id, privateIp: primaryIpOf(port), serverId: ref.serverId })) }),
    };
  }

  async bind(eipId: string, target: BindTarget, options: CallOptions = {}): Promise<WriteReceipt> {
    const call = this.#call(options);
    const operation = this.#api === 'v3' ? HuaweiOperation.associateV3 : HuaweiOperation.updateEipV1;
    const current = await this.#settled(eipId, call, options);
    if (current.binding?.nicId === target.nicId && current.status === 'bound') return { operation, alreadyDone: true };
    const refusal = this.#bindRefusal(current, target, operation);
    if (refusal) throw refusal;
    return writeVerified(
      {
        operation,
        write: () =>
          this.#api === 'v3' ? this.#v3.associatePort(eipId, target.nicId, call) : this.#v1.setPort(eipId, target.nicId, call),
        reread: () => this.#settled(eipId, call, options),
        tookEffect: (eip) => eip.binding?.nicId === target.nicId,
        refuse: (eip) => this.#bindRefusal(eip, target, operation),
      },
      this.#writeDeps(call),
    );
  }

  async unbind(ref: UnbindRef, options: UnbindOptions = {}): Promise<WriteReceipt> {
    const call = this.#call(options);
    const eipId = 'eipId' in ref ? ref.eipId : await this.#eipOnNic(ref.nicId, ref.privateIp, call);
    const operation = this.#api === 'v3' ? HuaweiOperation.disassociateV3 : HuaweiOperation.updateEipV1;
    const current = await this.#settled(eipId, call, options);
    if (!current.binding) {
      if (current.status === 'unbound') return { operation, alreadyDone: true };
      throw this.#error(
        'conflict',
        operation,
        `EIP ${current.address || eipId} is ${current.providerStatus} and not bound to a NIC, so eipbot cannot unbind it (ELB/VPN bindings are changed in the console).`,
        current.providerStatus,
      );
    }
    return writeVerified(
      {
        operation,
        write: () => (this.#api === 'v3' ? this.#disassociate(eipId, call) : this.#v1.setPort(eipId, '', call)),
        reread: () => this.#settled(eipId, call, options),
        tookEffect: (eip) => eip.binding === undefined,
        refuse: () => undefined,
      },
      this.#writeDeps(call),
    );
  }

  async waitUntilBound(eipId: string, target: BindTarget, _receipt: WriteReceipt | undefined, options: CallOptions = {}): Promise<Eip> {
    const eip = await this.#wait(eipId, `EIP ${eipId} to be bound to port ${target.nicId}`, 'wait bound', options, (state) => {
      const boundTo = state.binding?.nicId;
      if (boundTo !== undefined && boundTo !== target.nicId) {
        return {
          state: 'failure',
          kind: 'conflict',
          message: `EIP ${state.address || eipId} became bound to another port (${boundTo}) while eipbot waited for port ${target.nicId}: someone else changed it. Check it with /eip show.`,
        };
      }
      if (state.status === 'error') return this.#errorStatus(state, 'bind');
      return state.status === 'bound' && boundTo === target.nicId ? { state: 'success' } : { state: 'retry' };
    });
    return eip.binding ? { ...eip, binding: { ...eip.binding, serverId: eip.binding.serverId ?? target.serverId } } : eip;
  }

  waitUntilUnbound(eipId: string, _receipt: WriteReceipt | undefined, options: CallOptions = {}): Promise<Eip> {
    return this.#wait(eipId, `EIP ${eipId} to be unbound`, 'wait unbound', options, (state) => {
      if (state.status === 'error') return this.#errorStatus(state, 'unbind');
      return state.status === 'unbound' && !state.binding ? { state: 'success' } : { state: 'retry' };
    });
  }

  async waitUntilSettled(eipId: string, _receipt: WriteReceipt | undefined, options: CallOptions = {}): Promise<Eip> {
    const call = this.#call(options);
    return this.#withServer(await this.#settled(eipId, call, options), call);
  }

  async createEip(input: CreateEipInput, options: CallOptions = {}): Promise<Eip> {
    const call = this.#call(options);
    let eipId: string;
    try {
      eipId = (await this.#v1.create({ name: input.name, bandwidthMbps: input.bandwidthMbps }, call)).data.id;
    } catch (error) {
      if (!isProviderError(error) || !error.ambiguous) throw error;
      // SPEC §1: never create again blindly. The answer was lost, so look for what it may have made.
      const earlier = await this.#lookForCreated(input.name, call);
      if (!earlier) {
        throw new ProviderError(
          {
            kind: 'unavailable',
            provider: 'huawei',
            operation: HuaweiOperation.createEip,
            providerCode: error.providerCode,
            httpStatus: error.httpStatus,
            requestId: error.requestId,
          },
          `${this.account.name}: Huawei Cloud did not confirm creating EIP ${input.name}, and no EIP with that name exists, so none was created. Request again.`,
          { cause: error },
        );
      }
      eipId = earlier.id;
    }
    return this.#wait(eipId, `new EIP ${input.name} to be allocated`, 'wait created', options, (state) => {
      if (state.status === 'error' || state.status === 'other') return this.#errorStatus(state, 'create');
      return state.status === 'pending' ? { state: 'retry' } : { state: 'success' };
    }, true);
  }

  async findEipByName(name: string, options: CallOptions = {}): Promise<Eip | undefined> {
    return this.#byName(name, this.#call(options));
  }

  #call(options: CallOptions): CallContext {
    return { onEvent: options.onEvent, signal: options.signal };
  }

  #writeDeps(call: CallContext) {
    return { retry: this.#retry, clock: this.#clock, random: this.#random, signal: call.signal };
  }

  async #read(eipId: string, call: CallContext): Promise<Eip> {
    return this.#api === 'v3' ? eipFromV3((await this.#v3.show(eipId, call)).data) : eipFromV1((await this.#v1.show(eipId, call)).data);
  }

  /** The current state once no change is in flight: writing into a transition only earns 409 VPC.0512. */
  async #settled(eipId: string, call: CallContext, options: CallOptions): Promise<Eip> {
    const current = await this.#read(eipId, call);
    if (current.status !== 'pending') return current;
    return this.#wait(eipId, `EIP ${eipId} to finish its current change`, 'wait settled', options, (state) =>
      state.status === 'pending' ? { state: 'retry' } : { state: 'success' },
    );
  }

  #wait(
    eipId: string,
    what: string,
    operation: string,
    options: CallOptions,
    judge: (eip: Eip) => StatusVerdict,
    notFoundIsPending = false,
  ): Promise<Eip> {
    return waitForStatus(
      { what, operation, read: (call) => this.#read(eipId, call), statusOf: (eip) => eip.providerStatus, judge, notFoundIsPending },
      { http: this.#http, clock: this.#clock, poll: this.#poll },
      this.#call(options),
      options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
    );
  }

  #errorStatus(eip: Eip, action: string): StatusVerdict {
    return {
      state: 'failure',
      kind: 'failed',
      message: `Huawei Cloud reports EIP ${eip.address || eip.id} as ${eip.providerStatus}: the ${action} failed. Check the EIP in the console before trying again.`,
    };
  }

  #bindRefusal(eip: Eip, target: BindTarget, operation: string): ProviderError | undefined {
    if (eip.binding && eip.binding.nicId !== target.nicId) {
      return this.#error(
        'conflict',
        operation,
        `EIP ${eip.address || eip.id} is already bound to ${describeBinding(eip)}. Unbind it first, or use /eip move.`,
        eip.providerStatus,
      );
    }
    if (eip.status === 'error' || eip.status === 'other') {
      return this.#error(
        'conflict',
        operation,
        `EIP ${eip.address || eip.id} is ${eip.providerStatus} (not a plain unbound EIP), so eipbot will not bind it. Check it in the console.`,
        eip.providerStatus,
      );
    }
    return undefined;
  }

  async #disassociate(eipId: string, call: CallContext): Promise<{ requestId?: string }> {
    try {
      return await this.#v3.disassociate(eipId, call);
    } catch (error) {
      // Terraform reads 409 EIP.7902 on disassociate as "already disassociated" (reference §4.2).
      if (isProviderError(error) && error.providerCode === 'EIP.7902') return { requestId: error.requestId };
      throw error;
    }
  }

  async #findByAddress(address: string, call: CallContext): Promise<Eip> {
    const found = await this.#v1.list({ publicIpAddress: address }, call);
    const [only, ...more] = found;
    if (!only) throw this.#error('not_found', HuaweiOperation.listEipsV1, `there is no EIP with address ${address} in this project.`);
    if (more.length > 0) {
      throw this.#error('invalid', HuaweiOperation.listEipsV1, `${found.length} EIPs have address ${address}; name the EIP by its id.`);
    }
    // A v3 account reads the EIP with v3, so that show and the later waits see the same fields.
    return this.#api === 'v3' ? this.#read(only.id, call) : eipFromV1(only);
  }

  /** v1 and some v3 answers lack the server: the bound port's device_id names it. */
  async #withServer(eip: Eip, call: CallContext): Promise<Eip> {
    const binding = eip.binding;
    if (!binding || binding.serverId !== undefined) return eip;
    try {
      const port = (await this.#ports.show(binding.nicId, call)).data;
      return { ...eip, binding: { ...binding, serverId: port.device_id || undefined } };
    } catch (error) {
      // A port deleted under us leaves the EIP bound to nothing known; the EIP itself is still right.
      if (isProviderError(error) && error.kind === 'not_found') return eip;
      throw error;
    }
  }

  async #withServers(eips: Eip[], call: CallContext): Promise<Eip[]> {
    const portIds = eips.flatMap((eip) => (eip.binding && eip.binding.serverId === undefined ? [eip.binding.nicId] : []));
    if (portIds.length === 0) return eips;
    const servers = new Map((await this.#ports.listByIds(portIds, call)).map((port) => [port.id, port.device_id || undefined]));
    return eips.map((eip) => (eip.binding ? { ...eip, binding: { ...eip.binding, serverId: servers.get(eip.binding.nicId) } } : eip));
  }

  #matchesPrivateIp(eip: Eip, privateIp: string | undefined): boolean {
    return privateIp === undefined || eip.binding?.privateIp === privateIp;
  }

  /** A server's NICs; an unknown server is a not-found error rather than an empty list. */
  async #serverPorts(serverId: string, call: CallContext): Promise<Port[]> {
    const ports = await this.#ports.listByDevice(serverId, call);
    if (ports.length > 0) return ports;
    // No ports: either a server without NICs or no such server. ECS tells them apart (404 Ecs.0114).
    await this.#ecs.listServerNics(serverId, call);
    return ports;
  }

  async #portOrNotFound(portId: string, call: CallContext): Promise<Port> {
    try {
      return (await this.#ports.show(portId, call)).data;
    } catch (error) {
      if (isProviderError(error) && error.kind === 'not_found') {
        throw this.#error('not_found', HuaweiOperation.showPort, `there is no port ${portId} in this project. Check the NIC id.`, undefined, error);
      }
      throw error;
    }
  }

  async #eipOnNic(nicId: string, privateIp: string, call: CallContext): Promise<string> {
    const found = (await this.#v1.list({ portIds: [nicId] }, call)).filter((eip: PublicIpV1) => eip.private_ip_address === privateIp);
    const [only] = found;
    if (!only) throw this.#error('not_found', HuaweiOperation.listEipsV1, `no EIP is bound to ${privateIp} on port ${short(nicId)}.`);
    return only.id;
  }

  async #byName(name: string, call: CallContext): Promise<Eip | undefined> {
    // OTC has no EIP alias; the bandwidth carries the same name (createEip sets both).
    const found = (await this.#v1.list({}, call)).find((eip) => eip.alias === name || eip.bandwidth_name === name);
    return found && eipFromV1(found);
  }

  async #lookForCreated(name: string, call: CallContext): Promise<Eip | undefined> {
    for (let lookup = 1; lookup <= CREATE_LOOKUPS; lookup += 1) {
      const found = await this.#byName(name, call);
      if (found) return found;
      if (lookup < CREATE_LOOKUPS) await this.#clock.sleep(this.#poll.minDelayMs, call.signal);
    }
    return undefined;
  }

  #error(kind: ProviderError['kind'], operation: string, message: string, lastStatus?: string, cause?: unknown): ProviderError {
    return new ProviderError({ kind, provider: 'huawei', operation, lastStatus }, `${this.account.name}: ${message}`, { cause });
  }
}

/** An `EipProvider` for one Huawei Cloud account (SPEC §1 `provider: huawei`). */
export function createHuaweiProvider(options: HuaweiProviderOptions): EipProvider {
  return new HuaweiProvider(options);
}
