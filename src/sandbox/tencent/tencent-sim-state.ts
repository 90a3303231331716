import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { AddressStatus } from '../../providers/tencent/v3-schemas.js';
import type { TencentSeed } from './tencent-seed.js';

/**
 * The state of a simulated Tencent Cloud region and the rules of its EIP actions
 * (reference/tencent.md §4.1–4.9, §2.4). Both APIs act on this one state, so a legacy
 * and an API 3.0 account see the same world.
 *
 * Transient statuses are real: a write moves the address to BINDING/UNBINDING/CREATING
 * and schedules the final status after a configurable delay. The schedule is evaluated
 * lazily against the clock on every access, so no timer outlives the simulator.
 */
export class TencentSimError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TencentSimError';
  }
}

/** How a write's task ends: normally, never (stuck RUNNING), or FAILED with the address back where it was. */
export type TaskFate = 'normal' | 'stuck' | 'failed';

export interface TencentSimDelays {
  bindMs: number;
  unbindMs: number;
  createMs: number;
}

export interface PrivateIpView {
  address: string;
  primary: boolean;
  /** The EIP or normal public IP on this private IP. */
  publicIp?: string;
  addressId?: string;
}

export interface EniView {
  networkInterfaceId: string;
  primary: boolean;
  instanceId?: string;
  privateIps: PrivateIpView[];
}

export interface AddressView {
  addressId: string;
  addressIp: string;
  name: string | null;
  status: AddressStatus;
  bandwidthMbps: number;
  blocked: boolean;
  createdTime: string;
  networkInterfaceId?: string;
  privateIpAddress?: string;
  instanceId?: string;
}

export interface TaskView {
  taskId: number;
  result: 'RUNNING' | 'SUCCESS' | 'FAILED';
  addressId: string;
}

export interface QuotaView {
  totalEip: { limit: number; current: number };
  dailyEipApply: { limit: number; current: number };
  dailyPublicIpAssign: { limit: number; current: number };
}

interface PrivateIp {
  address: string;
  primary: boolean;
  wanIp?: string;
}

interface Eni {
  id: string;
  primary: boolean;
  instanceId?: string;
  privateIps: PrivateIp[];
}

interface Binding {
  eniId: string;
  privateIp: string;
}

interface Address {
  id: string;
  ip: string;
  name: string | null;
  status: AddressStatus;
  bandwidthMbps: number;
  blocked: boolean;
  createdTime: string;
  binding?: Binding;
  /** The task in flight on this address: while set, other writes meet OperationDenied.MutexTaskRunning. */
  taskId?: number;
}

interface Task {
  id: number;
  result: 'RUNNING' | 'SUCCESS' | 'FAILED';
  addressId: string;
}

interface Scheduled {
  at: number;
  run: () => void;
}

const ID_SUFFIX = /^[a-z0-9]{8}$/;
/** Task ids look like the documented ones (`50121411`). */
const FIRST_TASK_ID = 50_121_411;
/** Documentation ranges (RFC 5737) for new EIPs and reallocated normal public IPs. */
const PUBLIC_POOLS = ['203.0.113.', '198.51.100.'];

export class TencentSimState {
  readonly region: string;
  readonly #clock: Clock;
  readonly #delays: TencentSimDelays;
  readonly #instances = new Set<string>();
  readonly #enis = new Map<string, Eni>();
  readonly #addresses = new Map<string, Address>();
  readonly #tasks = new Map<number, Task>();
  readonly #clientTokens = new Map<string, { addressIds: string[]; taskId: number }>();
  readonly #quota: { totalEip: number; dailyEipApply: number; dailyPublicIpAssign: number };
  #used = { day: '', dailyEipApply: 0, dailyPublicIpAssign: 0 };
  #schedule: Scheduled[] = [];
  #nextTaskId = FIRST_TASK_ID;
  #nextAddress = 1;

  constructor(seed: TencentSeed, clock: Clock, delays: TencentSimDelays) {
    this.region = seed.region;
    this.#clock = clock;
    this.#delays = delays;
    this.#quota = { ...seed.quota };
    const addEni = (eni: TencentSeed['enis'][number], instanceId?: string) =>
      this.#enis.set(eni.networkInterfaceId, {
        id: eni.networkInterfaceId,
        primary: instanceId !== undefined && eni.primary,
        ...(instanceId !== undefined && { instanceId }),
        privateIps: eni.privateIps.map((ip) => ({ ...ip })),
      });
    for (const instance of seed.instances) {
      this.#instances.add(instance.instanceId);
      for (const eni of instance.enis) addEni(eni, instance.instanceId);
    }
    for (const eni of seed.enis) addEni(eni);
    for (const address of seed.addresses) {
      const binding = address.boundTo && { eniId: address.boundTo.networkInterfaceId, privateIp: address.boundTo.privateIpAddress };
      this.#addresses.set(address.addressId, {
        id: address.addressId,
        ip: address.addressIp,
        name: address.name ?? null,
        status: binding ? this.#boundStatus(binding) : 'UNBIND',
        bandwidthMbps: address.bandwidthMbps,
        blocked: address.blocked,
        createdTime: this.#isoNow(),
        ...(binding && { binding }),
      });
    }
  }

  // ---- what tests and the sandbox read ----

  /** One address; `addresses()` lists them in creation order, as DescribeAddresses and DescribeEip page them. */
  address(addressId: string): AddressView | undefined {
    this.#advance();
    const address = this.#addresses.get(addressId);
    return address && this.#view(address);
  }

  addresses(): AddressView[] {
    this.#advance();
    return [...this.#addresses.values()].map((address) => this.#view(address));
  }

  task(taskId: number): TaskView | undefined {
    this.#advance();
    const task = this.#tasks.get(taskId);
    return task && { taskId: task.id, result: task.result, addressId: task.addressId };
  }

  networkInterfaces(): EniView[] {
    this.#advance();
    return [...this.#enis.values()].map((eni) => this.#eniView(eni));
  }

  quota(): QuotaView {
    this.#advance();
    const used = this.#usedToday();
    return {
      totalEip: { limit: this.#quota.totalEip, current: this.#addresses.size },
      dailyEipApply: { limit: this.#quota.dailyEipApply, current: used.dailyEipApply },
      dailyPublicIpAssign: { limit: this.#quota.dailyPublicIpAssign, current: used.dailyPublicIpAssign },
    };
  }

  // ---- the rules of the actions (both APIs) ----

  /** AssociateAddress / EipBindInstance: to an instance's primary ENI primary IP, or to an ENI + one of its IPs. */
  associate(
    input: { addressId?: string; instanceId?: string; networkInterfaceId?: string; privateIpAddress?: string },
    fate: TaskFate,
  ): number {
    this.#advance();
    const address = this.#writableAddress(input.addressId);
    if (address.status !== 'UNBIND') {
      throw new TencentSimError('InvalidAddressIdStatus.NotPermit', `The EIP ${address.id} is ${address.status}; only an UNBIND EIP can be bound.`);
    }
    if (input.instanceId !== undefined && input.networkInterfaceId !== undefined) {
      throw new TencentSimError('InvalidParameterConflict', 'InstanceId and NetworkInterfaceId cannot be given together.');
    }
    let binding: Binding;
    if (input.instanceId !== undefined) {
      const eni = this.#primaryEniOf(input.instanceId);
      const ip = eni.privateIps.find((candidate) => candidate.primary)!;
      binding = { eniId: eni.id, privateIp: ip.address };
      if (this.#addressOn(binding)) throw new TencentSimError('InvalidInstanceId.AlreadyBindEip', `The instance ${input.instanceId} already has an EIP.`);
    } else if (input.networkInterfaceId !== undefined) {
      if (input.privateIpAddress === undefined) throw new TencentSimError('MissingParameter', 'PrivateIpAddress is required with NetworkInterfaceId.');
      const eni = this.#enis.get(input.networkInterfaceId);
      if (!eni || !eni.privateIps.some((ip) => ip.address === input.privateIpAddress)) {
        throw new TencentSimError(
          'InvalidNetworkInterfaceId.NotFound',
          `The ENI ${input.networkInterfaceId} does not exist or has no private IP ${input.privateIpAddress}.`,
        );
      }
      binding = { eniId: eni.id, privateIp: input.privateIpAddress };
      if (this.#addressOn(binding)) throw new TencentSimError('InvalidPrivateIpAddress.AlreadyBindEip', `The private IP ${input.privateIpAddress} already has an EIP.`);
    } else {
      throw new TencentSimError('InvalidParameterValue.MissingAssociateEntity', 'Give InstanceId, or NetworkInterfaceId and PrivateIpAddress.');
    }
    const previous = { status: address.status, binding: address.binding };
    address.status = 'BINDING';
    address.binding = binding;
    return this.#startTask(address, this.#delays.bindMs, fate, {
      done: () => {
        // Binding to the primary IP releases a normal public IP there (legacy EipBindInstance doc, reference §2.4).
        const ip = this.#ipRecord(binding);
        if (ip) delete ip.wanIp;
        address.status = this.#boundStatus(binding);
      },
      undo: () => Object.assign(address, previous),
    });
  }

  /** DisassociateAddress / EipUnBindInstance. `reallocate` gives the primary IP of the primary ENI a normal public IP. */
  disassociate(input: { addressId?: string; reallocate: boolean }, fate: TaskFate): number {
    this.#advance();
    const address = this.#writableAddress(input.addressId);
    if ((address.status !== 'BIND' && address.status !== 'BIND_ENI') || !address.binding) {
      throw new TencentSimError(
        'InvalidAddressIdStatus.NotPermit',
        `The EIP ${address.id} is ${address.status}; only a BIND or BIND_ENI EIP can be unbound.`,
      );
    }
    const binding = address.binding;
    if (input.reallocate) {
      const eni = this.#enis.get(binding.eniId);
      const ip = this.#ipRecord(binding);
      if (!eni?.primary || !ip?.primary) {
        throw new TencentSimError(
          'InvalidParameterValue.OnlySupportedForMasterNetworkCard',
          'ReallocateNormalPublicIp is only supported for the primary IP of the primary ENI.',
        );
      }
      const used = this.#usedToday();
      if (used.dailyPublicIpAssign >= this.#quota.dailyPublicIpAssign) {
        throw new TencentSimError('AddressQuotaLimitExceeded.DailyAllocate', 'The daily quota of DAILY_PUBLIC_IP_ASSIGN is used up.');
      }
      used.dailyPublicIpAssign += 1;
    }
    const previousStatus = address.status;
    address.status = 'UNBINDING';
    return this.#startTask(address, this.#delays.unbindMs, fate, {
      done: () => {
        address.status = 'UNBIND';
        delete address.binding;
        if (input.reallocate) {
          const ip = this.#ipRecord(binding);
          if (ip) ip.wanIp = this.#freePublicIp();
        }
      },
      undo: () => {
        address.status = previousStatus;
      },
    });
  }

  /** The EIP on an ENI + private IP (legacy EipUnBindInstance by `networkInterfaceId` + `privateIpAddress`). */
  addressIdOn(networkInterfaceId: string, privateIpAddress: string): string {
    this.#advance();
    const eni = this.#enis.get(networkInterfaceId);
    if (!eni || !eni.privateIps.some((ip) => ip.address === privateIpAddress)) {
      throw new TencentSimError('InvalidNetworkInterfaceId.NotFound', `The ENI ${networkInterfaceId} does not exist or has no private IP ${privateIpAddress}.`);
    }
    const address = this.#addressOn({ eniId: networkInterfaceId, privateIp: privateIpAddress });
    if (!address) throw new TencentSimError('InvalidAddressId.NotFound', `No EIP is bound to ${networkInterfaceId}/${privateIpAddress}.`);
    return address.id;
  }

  /** AllocateAddresses: CREATING → UNBIND. A repeated ClientToken returns the first answer and creates nothing. */
  allocate(input: { count: number; name?: string; bandwidthMbps: number; clientToken?: string }, fate: TaskFate): { addressIds: string[]; taskId: number } {
    this.#advance();
    if (input.clientToken !== undefined) {
      const earlier = this.#clientTokens.get(input.clientToken);
      if (earlier) return earlier;
    }
    if (this.#addresses.size + input.count > this.#quota.totalEip) {
      throw new TencentSimError('AddressQuotaLimitExceeded', `The account may hold ${this.#quota.totalEip} EIPs in ${this.region}.`);
    }
    const used = this.#usedToday();
    if (used.dailyEipApply + input.count > this.#quota.dailyEipApply) {
      throw new TencentSimError('AddressQuotaLimitExceeded.DailyAllocate', 'The daily quota of DAILY_EIP_APPLY is used up.');
    }
    used.dailyEipApply += input.count;
    const created: Address[] = [];
    for (let i = 0; i < input.count; i += 1) {
      const address: Address = {
        id: this.#newAddressId(),
        ip: this.#freePublicIp(),
        name: input.name ?? null,
        status: 'CREATING',
        bandwidthMbps: input.bandwidthMbps,
        blocked: false,
        createdTime: this.#isoNow(),
      };
      this.#addresses.set(address.id, address);
      created.push(address);
    }
    const [first] = created as [Address];
    const taskId = this.#startTask(first, this.#delays.createMs, fate, {
      done: () => {
        for (const address of created) address.status = 'UNBIND';
      },
      undo: () => {
        for (const address of created) this.#addresses.delete(address.id);
      },
    });
    const answer = { addressIds: created.map((address) => address.id), taskId };
    if (input.clientToken !== undefined) this.#clientTokens.set(input.clientToken, answer);
    return answer;
  }

  taskResult(taskId: number): TaskView {
    this.#advance();
    const task = this.#tasks.get(taskId);
    if (!task) throw new TencentSimError('InvalidParameter', `The task ${taskId} does not exist.`);
    return { taskId: task.id, result: task.result, addressId: task.addressId };
  }

  // ---- internals ----

  #writableAddress(addressId: string | undefined): Address {
    if (addressId === undefined) throw new TencentSimError('MissingParameter', 'The request is missing the required parameter AddressId.');
    if (!addressId.startsWith('eip-') || !ID_SUFFIX.test(addressId.slice(4))) {
      throw new TencentSimError('InvalidParameterValue.AddressIdMalformed', `The AddressId ${addressId} is malformed.`);
    }
    const address = this.#addresses.get(addressId);
    if (!address) throw new TencentSimError('InvalidAddressId.NotFound', `The EIP ${addressId} does not exist.`);
    if (address.taskId !== undefined) {
      throw new TencentSimError('OperationDenied.MutexTaskRunning', `A task is running on ${addressId}.`);
    }
    if (address.blocked) throw new TencentSimError('InvalidAddressId.Blocked', `The EIP ${addressId} is blocked.`);
    return address;
  }

  #primaryEniOf(instanceId: string): Eni {
    if (!instanceId.startsWith('ins-') || !ID_SUFFIX.test(instanceId.slice(4))) {
      throw new TencentSimError('InvalidParameterValue.InstanceIdMalformed', `The InstanceId ${instanceId} is malformed.`);
    }
    if (!this.#instances.has(instanceId)) throw new TencentSimError('InvalidInstanceId.NotFound', `The instance ${instanceId} does not exist.`);
    const eni = [...this.#enis.values()].find((candidate) => candidate.instanceId === instanceId && candidate.primary);
    if (!eni) throw new TencentSimError('FailedOperation.MasterEniNotFound', `The primary ENI of ${instanceId} was not found.`);
    return eni;
  }

  #startTask(address: Address, delayMs: number, fate: TaskFate, outcome: { done: () => void; undo: () => void }): number {
    const task: Task = { id: this.#nextTaskId++, result: 'RUNNING', addressId: address.id };
    this.#tasks.set(task.id, task);
    address.taskId = task.id;
    if (fate === 'stuck') return task.id;
    this.#schedule.push({
      at: this.#clock.now() + delayMs,
      run: () => {
        delete address.taskId;
        if (fate === 'failed') {
          outcome.undo();
          task.result = 'FAILED';
        } else {
          outcome.done();
          task.result = 'SUCCESS';
        }
      },
    });
    this.#schedule.sort((a, b) => a.at - b.at);
    return task.id;
  }

  /** The daily quotas' usage, starting afresh each day (a Beijing-time day, UTC+8, Tencent's home region). */
  #usedToday(): { dailyEipApply: number; dailyPublicIpAssign: number } {
    const day = new Date(this.#clock.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    if (this.#used.day !== day) this.#used = { day, dailyEipApply: 0, dailyPublicIpAssign: 0 };
    return this.#used;
  }

  #advance(): void {
    const now = this.#clock.now();
    while (this.#schedule.length > 0 && this.#schedule[0]!.at <= now) this.#schedule.shift()!.run();
  }

  /** `BIND` on an ENI attached to an instance, `BIND_ENI` on a dangling one (reference §4.3). */
  #boundStatus(binding: Binding): AddressStatus {
    return this.#enis.get(binding.eniId)?.instanceId !== undefined ? 'BIND' : 'BIND_ENI';
  }

  #addressOn(binding: Binding): Address | undefined {
    return [...this.#addresses.values()].find(
      (address) => address.binding?.eniId === binding.eniId && address.binding.privateIp === binding.privateIp,
    );
  }

  #ipRecord(binding: Binding): PrivateIp | undefined {
    return this.#enis.get(binding.eniId)?.privateIps.find((ip) => ip.address === binding.privateIp);
  }

  #newAddressId(): string {
    for (;;) {
      const id = `eip-${createHash('sha256').update(`eip${this.#nextAddress++}`).digest('hex').slice(0, 8)}`;
      if (!this.#addresses.has(id)) return id;
    }
  }

  #freePublicIp(): string {
    const used = new Set<string>([...this.#addresses.values()].map((address) => address.ip));
    for (const eni of this.#enis.values()) for (const ip of eni.privateIps) if (ip.wanIp) used.add(ip.wanIp);
    for (const pool of PUBLIC_POOLS) {
      for (let host = 1; host < 255; host += 1) {
        if (!used.has(`${pool}${host}`)) return `${pool}${host}`;
      }
    }
    throw new TencentSimError('ResourceInsufficient', 'The simulator has no public IP left.');
  }

  #isoNow(): string {
    return new Date(this.#clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  #view(address: Address): AddressView {
    const eni = address.binding && this.#enis.get(address.binding.eniId);
    return {
      addressId: address.id,
      addressIp: address.ip,
      name: address.name,
      status: address.status,
      bandwidthMbps: address.bandwidthMbps,
      blocked: address.blocked,
      createdTime: address.createdTime,
      ...(address.binding && { networkInterfaceId: address.binding.eniId, privateIpAddress: address.binding.privateIp }),
      ...(eni?.instanceId !== undefined && { instanceId: eni.instanceId }),
    };
  }

  #eniView(eni: Eni): EniView {
    return {
      networkInterfaceId: eni.id,
      primary: eni.primary,
      ...(eni.instanceId !== undefined && { instanceId: eni.instanceId }),
      privateIps: eni.privateIps.map((ip) => {
        const address = this.#addressOn({ eniId: eni.id, privateIp: ip.address });
        const bound = address && address.status !== 'UNBIND' ? address : undefined;
        const publicIp = bound?.ip ?? ip.wanIp;
        return {
          address: ip.address,
          primary: ip.primary,
          ...(publicIp !== undefined && { publicIp }),
          ...(bound && { addressId: bound.id }),
        };
      }),
    };
  }
}
