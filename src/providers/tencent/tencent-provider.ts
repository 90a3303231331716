import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import { formatDuration } from '../../config/duration.js';
import type { TencentAccountConfig } from '../../config/schema.js';
import type { Logger } from '../../logger.js';
import { backoffDelay, type BackoffPolicy } from '../backoff.js';
import type {
  AccountInfo,
  BindTarget,
  CallOptions,
  CreateEipInput,
  Eip,
  EipListFilter,
  EipProvider,
  NicBinding,
  ProviderEvent,
  TargetRef,
  UnbindOptions,
  UnbindRef,
  WriteReceipt,
} from '../provider.js';
import { isProviderError, type ProviderError, type ProviderErrorKind } from '../provider-error.js';
import { createWaiter, type WaiterConfig, type WaiterResult } from '../waiter.js';
import { ActionRateLimiter } from './action-rate-limiter.js';
import { isTransient, type TencentAddress } from './address-status.js';
import { CallPipeline } from './call-pipeline.js';
import { TencentLegacyClient } from './client-legacy.js';
import { TencentV3Client } from './client-v3.js';
import type { NicInfo, TencentEipApi } from './eip-api.js';
import { LegacyEipApi } from './legacy-eip-api.js';
import { isRetryableTencentError, tencentError } from './tencent-error.js';
import { V3EipApi } from './v3-eip-api.js';

export interface TencentProviderOptions {
  /** The account's key in eipbot.yml. */
  name: string;
  account: TencentAccountConfig;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
  /** Every call and poll of every operation, besides the per-call `CallOptions.onEvent`. */
  onEvent?: (event: ProviderEvent) => void;
  retry?: Partial<BackoffPolicy>;
  /** Status polling: the first delay, doubling up to the second. */
  poll?: { minDelayMs?: number; maxDelayMs?: number };
  httpTimeoutMs?: number;
}

const DEFAULT_RETRY: BackoffPolicy = { baseMs: 200, capMs: 5_000, maxAttempts: 4 };
/** Tasks usually end within 1–3 s; Terraform polls from 500 ms (reference §5). */
const DEFAULT_POLL = { minDelayMs: 500, maxDelayMs: 5_000 };
/** SPEC §6 `execution.waitTimeout` default, for callers that pass none. */
const DEFAULT_WAIT_MS = 5 * 60_000;
/** The official SDK waits 60 s; a chat-ops user should hear sooner that an answer is not coming. */
const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** A Tencent Cloud account as an `EipProvider`: API 3.0 (`api: v3`, the default) or the legacy API 2.0. */
export function createTencentProvider(options: TencentProviderOptions): EipProvider {
  const { account } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const pipeline = new CallPipeline({
    account: options.name,
    region: account.region,
    clock,
    random,
    retry,
    httpTimeoutMs: options.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
    limiter: new ActionRateLimiter(clock, account.rateLimit),
    logger: options.logger,
    onEvent: options.onEvent,
  });
  const credentials = { region: account.region, secretId: account.auth.secretId, secretKey: account.auth.secretKey, clock };
  const api: TencentEipApi =
    account.api === 'v3'
      ? new V3EipApi(new TencentV3Client(pipeline, { ...credentials, endpoint: account.endpoints.vpc }))
      : new LegacyEipApi(
          new TencentLegacyClient(pipeline, {
            ...credentials,
            eipEndpoint: account.endpoints.eip,
            vpcEndpoint: legacyVpcEndpoint(account.endpoints.eip),
            random,
          }),
        );
  return new TencentProvider(api, {
    account: { name: options.name, provider: 'tencent', api: account.api, region: account.region },
    clock,
    random,
    retry,
    poll: { ...DEFAULT_POLL, ...options.poll },
    onEvent: options.onEvent,
  });
}

/**
 * API 2.0 serves each module on its own host (`<module>.api.qcloud.com`, reference §1),
 * and ENIs belong to the VPC module. An override whose host is not `eip.…` (a gateway,
 * the simulator) is taken to serve every module at one address.
 */
export function legacyVpcEndpoint(eipEndpoint: string): string {
  const url = new URL(eipEndpoint);
  if (url.hostname.startsWith('eip.')) url.hostname = `vpc.${url.hostname.slice('eip.'.length)}`;
  return url.href;
}

interface ProviderDeps {
  account: AccountInfo;
  clock: Clock;
  random: () => number;
  retry: BackoffPolicy;
  poll: { minDelayMs: number; maxDelayMs: number };
  onEvent?: (event: ProviderEvent) => void;
}

/** What a wait is for: its words for messages, and the check of each read. */
interface Goal {
  /** `bound to eni-1a2b3c4d/10.0.0.5`, `unbound`, `settled`. */
  describe: string;
  /** False: a FAILED task fails the wait (unlike Terraform, reference §5). True: it ends the task phase like SUCCESS. */
  acceptFailedTask: boolean;
  check: (address: TencentAddress | undefined, seenTransient: boolean) => WaiterResult<TencentAddress>;
}

class TencentProvider implements EipProvider {
  readonly account: AccountInfo;
  readonly canCreateEips: boolean;
  readonly #api: TencentEipApi;
  readonly #deps: ProviderDeps;

  constructor(api: TencentEipApi, deps: ProviderDeps) {
    this.#api = api;
    this.#deps = deps;
    this.account = deps.account;
    this.canCreateEips = api.allocate !== undefined;
  }

  async describeEip(ref: string, options?: CallOptions): Promise<Eip> {
    return (await this.#lookup(ref, options)).eip;
  }

  async listEips(filter: EipListFilter, options?: CallOptions): Promise<Eip[]> {
    if (filter.serverId !== undefined) {
      // Every ENI of the server, not only the primary: an EIP on a secondary ENI is bound to the server too.
      const nics = await this.#api.listNics({ serverId: filter.serverId }, options);
      if (nics.length === 0) throw this.#instanceNotFound(filter.serverId);
      const nicIds = new Set(nics.map((nic) => nic.nicId));
      const found = await this.#api.findEips({ nicIds: [...nicIds] }, options);
      return found.filter((a) => a.eip.binding !== undefined && nicIds.has(a.eip.binding.nicId)).map((a) => a.eip);
    }
    const { nicId, privateIp } = filter;
    const found = await this.#api.findEips(
      { ...(nicId !== undefined && { nicIds: [nicId] }), ...(privateIp !== undefined && { privateIp }) },
      options,
    );
    return found
      .filter((a) => (nicId === undefined || a.eip.binding?.nicId === nicId) && (privateIp === undefined || a.eip.binding?.privateIp === privateIp))
      .map((a) => a.eip);
  }

  async resolveTarget(ref: TargetRef, options?: CallOptions): Promise<BindTarget> {
    if (ref.kind === 'server') {
      const nics = await this.#api.listNics({ serverId: ref.serverId }, options);
      const primary = nics.find((nic) => nic.primary);
      if (!primary) throw this.#instanceNotFound(ref.serverId);
      const others = nics.filter((nic) => nic !== primary);
      return {
        ref,
        ...asBinding(primary, ref.serverId),
        ...(others.length > 0 && { otherNics: others.map((nic) => asBinding(nic, ref.serverId)) }),
      };
    }
    const [nic] = await this.#api.listNics({ nicId: ref.nicId }, options);
    if (!nic) {
      throw this.#error('not_found', this.#api.operations.describe, `ENI ${ref.nicId} does not exist in ${this.#where()}; check the ENI id.`);
    }
    if (ref.privateIp !== undefined && !nic.privateIps.some((ip) => ip.address === ref.privateIp)) {
      const addresses = nic.privateIps.map((ip) => ip.address).join(', ') || 'none';
      throw this.#error('not_found', this.#api.operations.describe, `${ref.privateIp} is not a private IP of ${ref.nicId}; its private IPs are: ${addresses}.`);
    }
    const binding = asBinding(nic, nic.serverId);
    return { ref, ...binding, ...(ref.privateIp !== undefined && { privateIp: ref.privateIp }) };
  }

  async bind(eipId: string, target: BindTarget, options?: CallOptions): Promise<WriteReceipt> {
    const { privateIp } = target;
    const operation = this.#api.operations.bind;
    if (privateIp === undefined) {
      throw this.#error('invalid', operation, `The bind target ${target.nicId} has no private IP; name it as eni:<eni-id>/<private-ip>.`);
    }
    const current = await this.#settled(eipId, options);
    if (current.phase === 'bound' && isOn(current, target)) return { operation, alreadyDone: true };
    this.#requireBindable(current, operation);
    return this.#api.bind(
      eipId,
      { ...target, privateIp },
      async () => {
        const now = await this.#settled(eipId, options);
        if (now.phase === 'bound' && isOn(now, target)) return 'applied';
        this.#requireBindable(now, operation);
        return 'repeat';
      },
      options,
    );
  }

  async unbind(ref: UnbindRef, options?: UnbindOptions): Promise<WriteReceipt> {
    const operation = this.#api.operations.unbind;
    const current = 'eipId' in ref ? await this.#settled(ref.eipId, options) : await this.#boundAt(ref, options);
    if (current.phase === 'unbound') return { operation, alreadyDone: true };
    this.#requireUnbindable(current, undefined, operation);
    const before = current.eip.binding;
    return this.#api.unbind(
      current,
      ref,
      options?.reallocWanIp === true,
      async () => {
        const now = await this.#settled(current.eip.id, options);
        if (now.phase === 'unbound') return 'applied';
        this.#requireUnbindable(now, before, operation);
        return 'repeat';
      },
      options,
    );
  }

  async waitUntilBound(eipId: string, target: BindTarget, receipt: WriteReceipt | undefined, options?: CallOptions): Promise<Eip> {
    const where = bindingText(target);
    const goal: Goal = {
      describe: `bound to ${where}`,
      acceptFailedTask: false,
      check: (address, seenTransient) => {
        if (!address) return { state: 'failure', status: 'gone', reason: `${eipId} no longer exists` };
        const status = address.statusText;
        if (address.phase === 'bound' || address.phase === 'binding') {
          if (isOn(address, target)) return address.phase === 'bound' ? { state: 'success', value: address, status } : { state: 'retry', status };
          // While BINDING the target may not be shown yet; only a different one is a verdict.
          if (address.phase === 'binding' && address.eip.binding === undefined) return { state: 'retry', status };
          return { state: 'failure', status, reason: `${eipId} is ${address.phase} to ${bindingText(address.eip.binding)} instead of ${where}` };
        }
        if (address.phase === 'unbound') {
          // Unbound again after a transient status: the bind was undone. Before that, it may not have started yet.
          return seenTransient ? { state: 'failure', status, reason: `${eipId} went back to ${status}: the bind did not take` } : { state: 'retry', status };
        }
        if (address.phase === 'creating' || address.phase === 'unbinding') return { state: 'retry', status };
        return { state: 'failure', status, reason: `${eipId} is ${status}` };
      },
    };
    return (await this.#follow(eipId, receipt, goal, options)).eip;
  }

  async waitUntilUnbound(eipId: string, receipt: WriteReceipt | undefined, options?: CallOptions): Promise<Eip> {
    const goal: Goal = {
      describe: 'unbound',
      acceptFailedTask: false,
      check: (address, seenTransient) => {
        if (!address) return { state: 'failure', status: 'gone', reason: `${eipId} no longer exists` };
        const status = address.statusText;
        if (address.phase === 'unbound') return { state: 'success', value: address, status };
        if (isTransient(address.phase) && address.phase !== 'offlining') return { state: 'retry', status };
        if (address.phase === 'bound') {
          return seenTransient
            ? { state: 'failure', status, reason: `${eipId} is bound again (to ${bindingText(address.eip.binding)})` }
            : { state: 'retry', status };
        }
        return { state: 'failure', status, reason: `${eipId} is ${status}` };
      },
    };
    return (await this.#follow(eipId, receipt, goal, options)).eip;
  }

  async waitUntilSettled(eipId: string, receipt: WriteReceipt | undefined, options?: CallOptions): Promise<Eip> {
    return (await this.#follow(eipId, receipt, settledGoal(eipId), options)).eip;
  }

  async createEip(input: CreateEipInput, options?: CallOptions): Promise<Eip> {
    const api = this.#api;
    const operation = api.operations.create;
    if (!api.allocate) {
      throw this.#error(
        'unsupported',
        operation,
        `Creating an EIP needs Tencent Cloud API 3.0, but account ${this.account.name} uses the legacy API 2.0 (api: legacy). Set api: v3 for it in eipbot.yml, or bind an existing EIP.`,
      );
    }
    const { clock, retry, random } = this.#deps;
    // Tencent's idempotency token: a repeat with the same token returns the first EIP instead of a second one.
    const clientToken = /^[\x21-\x7e]{1,64}$/.test(input.name) ? input.name : createHash('sha256').update(input.name).digest('hex');
    let created: { eipId: string; taskId?: string; requestId?: string } | undefined;
    for (let attempt = 1; !created; attempt += 1) {
      try {
        created = await api.allocate({ name: input.name, bandwidthMbps: input.bandwidthMbps, clientToken }, options);
      } catch (thrown) {
        if (!isProviderError(thrown) || !isRetryableTencentError(thrown) || attempt >= retry.maxAttempts) throw thrown;
        await clock.sleep(backoffDelay(attempt, retry, random), options?.signal);
        // The failed call may have created the EIP: look for it before anything else (SPEC §1).
        const earlier = await this.findEipByName(input.name, options);
        if (earlier) created = { eipId: earlier.id };
      }
    }
    const { eipId } = created;
    const receipt = created.taskId !== undefined ? { operation, taskId: created.taskId, requestId: created.requestId } : undefined;
    const allocated: Goal = {
      describe: 'allocated',
      acceptFailedTask: false,
      check: (address) => {
        // A new address may take a moment to show up in DescribeAddresses.
        if (!address) return { state: 'retry', status: 'not visible yet' };
        const status = address.statusText;
        if (address.phase === 'unbound') return { state: 'success', value: address, status };
        if (isTransient(address.phase)) return { state: 'retry', status };
        return { state: 'failure', status, reason: `The new EIP ${eipId} is ${status} instead of UNBIND` };
      },
    };
    return (await this.#follow(eipId, receipt, allocated, options)).eip;
  }

  async findEipByName(name: string, options?: CallOptions): Promise<Eip | undefined> {
    const found = await this.#api.findEips({ name }, options);
    return found.find((a) => a.phase !== 'offlining')?.eip;
  }

  async #lookup(ref: string, options?: CallOptions): Promise<TencentAddress> {
    const operation = this.#api.operations.describe;
    if (IPV4.test(ref)) {
      const found = (await this.#api.findEips({ address: ref }, options)).find((a) => a.eip.address === ref);
      if (!found) throw this.#error('not_found', operation, `No EIP has the address ${ref} in ${this.#where()}; check the address, the account and the region.`);
      return found;
    }
    if (!ref.startsWith('eip-')) {
      throw this.#error('invalid', operation, `"${ref}" is neither a Tencent Cloud EIP id (like eip-1a2b3c4d) nor an IPv4 address.`);
    }
    const found = await this.#api.getEip(ref, options);
    if (!found) throw this.#error('not_found', operation, `EIP ${ref} does not exist in ${this.#where()}; check the id, the account and the region.`);
    return found;
  }

  /** The EIP, after waiting through any transient status: decisions are made on settled states only. */
  async #settled(eipId: string, options?: CallOptions): Promise<TencentAddress> {
    const current = await this.#lookup(eipId, options);
    if (!isTransient(current.phase)) return current;
    return this.#follow(eipId, undefined, settledGoal(eipId), options);
  }

  /** Seed 004's other form: the EIP bound to this ENI + private IP. */
  async #boundAt(ref: { nicId: string; privateIp: string }, options?: CallOptions): Promise<TencentAddress> {
    const found = (await this.#api.findEips({ nicIds: [ref.nicId], privateIp: ref.privateIp }, options)).find((a) => isOn(a, ref));
    if (!found) {
      throw this.#error(
        'not_found',
        this.#api.operations.unbind,
        `No EIP is bound to ${bindingText(ref)} in ${this.#where()}; check the ENI and private IP with /eip list.`,
      );
    }
    const settled = await this.#settled(found.eip.id, options);
    if (settled.phase === 'bound' && !isOn(settled, ref)) throw this.#stateChanged(settled, this.#api.operations.unbind);
    return settled;
  }

  #requireBindable(address: TencentAddress, operation: string): void {
    if (address.phase === 'unbound') return;
    if (address.phase === 'bound') {
      throw this.#error(
        'conflict',
        operation,
        `${address.eip.id} (${address.eip.address}) is already bound to ${bindingText(address.eip.binding)}; unbind it first, or use /eip move.`,
        { lastStatus: address.statusText },
      );
    }
    throw this.#error('conflict', operation, `${address.eip.id} is ${address.statusText}, so it cannot be bound; check it with /eip show ${address.eip.id}.`, {
      lastStatus: address.statusText,
    });
  }

  #requireUnbindable(address: TencentAddress, expected: NicBinding | undefined, operation: string): void {
    if (address.phase !== 'bound') {
      throw this.#error('conflict', operation, `${address.eip.id} is ${address.statusText}, so it cannot be unbound; check it with /eip show ${address.eip.id}.`, {
        lastStatus: address.statusText,
      });
    }
    if (expected !== undefined && !isOn(address, expected)) throw this.#stateChanged(address, operation);
  }

  #stateChanged(address: TencentAddress, operation: string): ProviderError {
    return this.#error(
      'conflict',
      operation,
      `The state changed meanwhile: ${address.eip.id} is now bound to ${bindingText(address.eip.binding)}; nothing was unbound. Check it with /eip show ${address.eip.id}.`,
      { lastStatus: address.statusText },
    );
  }

  /** Follow the task of a write (if any), then read the address until `goal` says success or failure, in one time budget. */
  async #follow(eipId: string, receipt: WriteReceipt | undefined, goal: Goal, options?: CallOptions): Promise<TencentAddress> {
    const { clock } = this.#deps;
    const totalMs = options?.waitTimeoutMs ?? DEFAULT_WAIT_MS;
    const started = clock.now();
    const config = (what: string): WaiterConfig => ({
      ...this.#deps.poll,
      maxWaitMs: Math.max(0, totalMs - (clock.now() - started)),
      clock,
      signal: options?.signal,
      onCheck: (status, elapsedMs, done) => this.#emit(options, { type: 'wait', what, status, elapsedMs, done }),
    });
    const operation = receipt?.operation ?? this.#api.operations.describe;
    const taskResult = this.#api.taskResult?.bind(this.#api);
    if (receipt?.taskId !== undefined && taskResult) {
      const { taskId } = receipt;
      const task = await createWaiter<string>(config(`task ${taskId} (${receipt.operation})`), async () => {
        const result = await taskResult(taskId, options);
        if (result === 'RUNNING') return { state: 'retry', status: 'RUNNING' };
        if (result === 'FAILED' && !goal.acceptFailedTask) return { state: 'failure', status: result, reason: 'FAILED' };
        return { state: 'success', value: result, status: result };
      });
      if (task.state === 'timeout') throw this.#timeout(eipId, goal, totalMs, `task ${taskId} ${task.lastStatus}`, operation);
      if (task.state === 'failure') {
        throw this.#error(
          'failed',
          operation,
          `Tencent Cloud reports that task ${taskId} (${receipt.operation}) failed: ${eipId} was not ${goal.describe}. Check it with /eip show ${eipId} and try again.`,
          { lastStatus: `task ${taskId} FAILED`, providerCode: 'FailedOperation.TaskFailed', requestId: receipt.requestId },
        );
      }
    }
    let seenTransient = false;
    const outcome = await createWaiter<TencentAddress>(config(`${eipId} ${goal.describe}`), async () => {
      const address = await this.#api.getEip(eipId, options);
      const result = goal.check(address, seenTransient);
      if (address && isTransient(address.phase)) seenTransient = true;
      return result;
    });
    if (outcome.state === 'success') return outcome.value;
    if (outcome.state === 'timeout') throw this.#timeout(eipId, goal, totalMs, outcome.lastStatus, operation);
    throw this.#error('failed', operation, `${outcome.reason}. Check it with /eip show ${eipId}.`, { lastStatus: outcome.status });
  }

  #timeout(eipId: string, goal: Goal, totalMs: number, lastStatus: string, operation: string): ProviderError {
    return this.#error(
      'timeout',
      operation,
      `Waited ${formatDuration(totalMs)} for ${eipId} to be ${goal.describe}, but the last status seen was ${lastStatus}. Tencent Cloud may still finish the change: check with /eip show ${eipId} before trying again.`,
      { lastStatus },
    );
  }

  #instanceNotFound(serverId: string): ProviderError {
    return this.#error(
      'not_found',
      this.#api.operations.describe,
      `Instance ${serverId} does not exist in ${this.#where()} (no ENI is attached to it); check the instance id, the account and the region.`,
    );
  }

  #where(): string {
    return `account ${this.account.name} (region ${this.account.region})`;
  }

  #error(
    kind: ProviderErrorKind,
    operation: string,
    message: string,
    extra: { lastStatus?: string; providerCode?: string; requestId?: string } = {},
  ): ProviderError {
    return tencentError(kind, { account: this.account.name, region: this.account.region, operation }, message, extra);
  }

  #emit(options: CallOptions | undefined, event: ProviderEvent): void {
    this.#deps.onEvent?.(event);
    options?.onEvent?.(event);
  }
}

/** Any final status will do: reconciling wants the state after the task, whatever its verdict. */
function settledGoal(eipId: string): Goal {
  return {
    describe: 'settled',
    acceptFailedTask: true,
    check: (address) => {
      if (!address) return { state: 'failure', status: 'gone', reason: `${eipId} no longer exists` };
      return isTransient(address.phase)
        ? { state: 'retry', status: address.statusText }
        : { state: 'success', value: address, status: address.statusText };
    },
  };
}

function isOn(address: TencentAddress, where: { nicId: string; privateIp?: string }): boolean {
  const binding = address.eip.binding;
  return binding !== undefined && binding.nicId === where.nicId && binding.privateIp === where.privateIp;
}

function bindingText(binding: NicBinding | undefined): string {
  if (!binding) return 'nothing';
  const nic = binding.privateIp !== undefined ? `${binding.nicId}/${binding.privateIp}` : binding.nicId;
  return binding.serverId !== undefined ? `${nic} (${binding.serverId})` : nic;
}

function asBinding(nic: NicInfo, serverId: string | undefined): NicBinding {
  const ip = nic.privateIps.find((candidate) => candidate.primary) ?? nic.privateIps[0];
  return {
    nicId: nic.nicId,
    ...(ip && { privateIp: ip.address }),
    ...(serverId !== undefined && { serverId }),
  };
}
