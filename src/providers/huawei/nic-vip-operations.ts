import type { Clock } from '../../clock.js';
import type { BackoffPolicy } from '../backoff.js';
import type { CallOptions, NicVip, NicVipOperations, WriteReceipt } from '../provider.js';
import { ProviderError, isProviderError } from '../provider-error.js';
import type { HuaweiEcsNicClient } from './ecs-nic-client.js';
import type { CallContext, HuaweiHttpClient } from './http-client.js';
import { HuaweiOperation } from './huawei-operations.js';
import type { HuaweiPortsClient, Port } from './ports-client.js';
import { waitForStatus, type PollPolicy } from './status-waiter.js';
import { writeVerified } from './verified-write.js';

export interface HuaweiNicVipsDeps {
  http: HuaweiHttpClient;
  ports: HuaweiPortsClient;
  ecs: HuaweiEcsNicClient;
  clock: Clock;
  random: () => number;
  retry: BackoffPolicy;
  poll: PollPolicy;
  defaultWaitTimeoutMs: number;
}

/**
 * A NIC's virtual IPs are the addresses in its port's `allowed_address_pairs`, in the
 * port's network (reference §5.1, §6.2). Pairs written as a CIDR (`1.1.1.1/0`, how
 * Huawei switches off the source/destination check) are not virtual IPs.
 */
function vipsOf(port: Port): NicVip {
  const subnetId = port.network_id ?? '';
  const vips = (port.allowed_address_pairs ?? [])
    .filter((pair) => !pair.ip_address.includes('/'))
    .map((pair) => ({ address: pair.ip_address, subnetId }));
  return { nicId: port.id, serverId: port.device_id || undefined, vips };
}

function sameAddresses(nic: NicVip, expected: readonly string[]): boolean {
  const have = new Set(nic.vips.map((vip) => vip.address));
  return have.size === new Set(expected).size && expected.every((address) => have.has(address));
}

/** ECS NIC virtual IPs (seed 003): bind with subnet + address, unbind with empty strings. */
export class HuaweiNicVips implements NicVipOperations {
  readonly #deps: HuaweiNicVipsDeps;

  constructor(deps: HuaweiNicVipsDeps) {
    this.#deps = deps;
  }

  async describe(nicId: string, options: CallOptions = {}): Promise<NicVip> {
    return this.#describe(nicId, this.#call(options));
  }

  async bind(nicId: string, vip: { address: string; subnetId: string }, options: CallOptions = {}): Promise<WriteReceipt> {
    const call = this.#call(options);
    const current = await this.#describe(nicId, call);
    if (current.vips.some((existing) => existing.address === vip.address)) {
      return { operation: HuaweiOperation.updateNicVip, alreadyDone: true };
    }
    return writeVerified(
      {
        operation: HuaweiOperation.updateNicVip,
        write: () => this.#deps.ecs.bindVip(nicId, vip, call),
        reread: () => this.#describe(nicId, call),
        tookEffect: (nic) => nic.vips.some((existing) => existing.address === vip.address),
        refuse: () => undefined,
      },
      this.#writeDeps(call),
    );
  }

  async unbind(nicId: string, options: CallOptions = {}): Promise<WriteReceipt> {
    const call = this.#call(options);
    const current = await this.#describe(nicId, call);
    if (current.vips.length === 0) return { operation: HuaweiOperation.updateNicVip, alreadyDone: true };
    return writeVerified(
      {
        operation: HuaweiOperation.updateNicVip,
        write: () => this.#deps.ecs.unbindVip(nicId, call),
        reread: () => this.#describe(nicId, call),
        tookEffect: (nic) => nic.vips.length === 0,
        refuse: () => undefined,
      },
      this.#writeDeps(call),
    );
  }

  waitUntil(nicId: string, expected: string[], options: CallOptions = {}): Promise<NicVip> {
    const what =
      expected.length === 0 ? `NIC ${nicId} to have no virtual IP` : `NIC ${nicId} to carry virtual IP ${expected.join(', ')}`;
    return waitForStatus(
      {
        what,
        operation: 'wait nic vips',
        read: (call) => this.#describe(nicId, call),
        statusOf: (nic) => (nic.vips.length === 0 ? 'no virtual IP' : nic.vips.map((vip) => vip.address).join(', ')),
        judge: (nic) => (sameAddresses(nic, expected) ? { state: 'success' } : { state: 'retry' }),
      },
      { http: this.#deps.http, clock: this.#deps.clock, poll: this.#deps.poll },
      this.#call(options),
      options.waitTimeoutMs ?? this.#deps.defaultWaitTimeoutMs,
    );
  }

  async #describe(nicId: string, call: CallContext): Promise<NicVip> {
    try {
      return vipsOf((await this.#deps.ports.show(nicId, call)).data);
    } catch (error) {
      if (isProviderError(error) && error.kind === 'not_found') {
        throw new ProviderError(
          { kind: 'not_found', provider: 'huawei', operation: HuaweiOperation.showPort, requestId: error.requestId },
          `${this.#deps.http.accountName}: there is no NIC ${nicId} in this project. Check the NIC id.`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  #call(options: CallOptions): CallContext {
    return { onEvent: options.onEvent, signal: options.signal };
  }

  #writeDeps(call: CallContext) {
    return { retry: this.#deps.retry, clock: this.#deps.clock, random: this.#deps.random, signal: call.signal };
  }
}
