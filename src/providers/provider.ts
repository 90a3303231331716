/**
 * The one interface workflows speak to. It is cloud-neutral: no Huawei or Tencent
 * term appears here. A "NIC" is a Huawei port / ECS NIC or a Tencent ENI; a "server"
 * is a Huawei ECS or a Tencent CVM instance.
 */
import type { ProviderError } from './provider-error.js';

export type ProviderName = 'huawei' | 'tencent';

export interface AccountInfo {
  /** The account's key in eipbot.yml (`hw-prod`). */
  name: string;
  provider: ProviderName;
  /** `v1` | `v3` (huawei), `v3` | `legacy` (tencent). */
  api: string;
  region: string;
}

/** Settled, cloud-neutral status; `providerStatus` keeps the provider's own word for it. */
export type EipStatus = 'bound' | 'unbound' | 'pending' | 'error' | 'other';

/** Where an EIP is attached: a NIC, the private IP on it, and the server that NIC belongs to (when known). */
export interface NicBinding {
  nicId: string;
  privateIp?: string;
  serverId?: string;
}

export interface Eip {
  id: string;
  address: string;
  status: EipStatus;
  /** `ACTIVE`, `DOWN`, `BIND`, `UNBIND`, `2`, … exactly as the provider said it. */
  providerStatus: string;
  /** Present only when the EIP is bound to a NIC. */
  binding?: NicBinding;
  bandwidthMbps?: number;
  name?: string;
}

/** What a user names as a bind target: a server (its primary NIC) or an explicit NIC. */
export type TargetRef =
  | { kind: 'server'; serverId: string }
  /** `port:<id>` (Huawei) or `eni:<id>/<private-ip>` (Tencent). */
  | { kind: 'nic'; nicId: string; privateIp?: string };

/** A target resolved against the live cloud: always a concrete NIC. */
export interface BindTarget extends NicBinding {
  ref: TargetRef;
  /** When `ref` named a server with several NICs: the NICs not chosen, so a plan can tell the approver how to name another. */
  otherNics?: NicBinding[];
}

/** Which EIP to unbind: by its id, or (Tencent, seed 004) by the NIC and private IP it is bound to. */
export type UnbindRef = { eipId: string } | { nicId: string; privateIp: string };

/** What a write call returned: enough to follow it (task id) and to audit it (request id). */
export interface WriteReceipt {
  operation: string;
  requestId?: string;
  /** Asynchronous providers (Tencent API 3.0) return a task to follow. */
  taskId?: string;
  /** The state was already the target state when re-read, so no write was sent. */
  alreadyDone?: boolean;
}

export interface NicVip {
  nicId: string;
  serverId?: string;
  /** The virtual IPs currently on this NIC; empty when none. */
  vips: { address: string; subnetId: string }[];
}

/** Progress of one operation: every HTTP call and every status poll, for the audit and the Slack thread. */
export type ProviderEvent =
  | {
      type: 'call';
      operation: string;
      attempt: number;
      outcome: 'ok' | 'error' | 'throttled';
      durationMs: number;
      httpStatus?: number;
      requestId?: string;
      /** Provider error code when the call failed. */
      code?: string;
      /** A short, secret-free description of the failure. */
      message?: string;
      /** True when eipbot will retry this call. */
      willRetry?: boolean;
    }
  | { type: 'wait'; what: string; status: string; elapsedMs: number; done: boolean };

export interface CallOptions {
  onEvent?: (event: ProviderEvent) => void;
  signal?: AbortSignal;
  /** Upper bound on a status wait (SPEC §1 `execution.waitTimeout`). */
  waitTimeoutMs?: number;
}

export interface UnbindOptions extends CallOptions {
  /** Tencent: give the server a normal public IP after the unbind. */
  reallocWanIp?: boolean;
}

export interface CreateEipInput {
  /** `eipbot-<request id>`: also the key to find an EIP a failed create may have made. */
  name: string;
  bandwidthMbps: number;
}

export interface EipListFilter {
  serverId?: string;
  nicId?: string;
  privateIp?: string;
}

export interface EipProvider {
  readonly account: AccountInfo;
  /** False where the account's API has no call that creates an EIP (Tencent legacy): `bind new` is refused when planned. */
  readonly canCreateEips: boolean;

  /** One EIP by id or public address; rejects with a `not_found` ProviderError. */
  describeEip(ref: string, options?: CallOptions): Promise<Eip>;
  /** EIPs of the account, optionally only those bound to a server or NIC (all its NICs for a server). */
  listEips(filter: EipListFilter, options?: CallOptions): Promise<Eip[]>;
  /** Resolve `server` to its primary NIC; check that a named NIC exists. */
  resolveTarget(ref: TargetRef, options?: CallOptions): Promise<BindTarget>;

  /**
   * Bind and unbind are idempotent in effect: after an ambiguous failure (5xx, timeout,
   * reset) the provider re-reads the state and repeats the write only if it did not
   * take effect (SPEC §1).
   */
  bind(eipId: string, target: BindTarget, options?: CallOptions): Promise<WriteReceipt>;
  unbind(ref: UnbindRef, options?: UnbindOptions): Promise<WriteReceipt>;

  /** Follow the write (task, status) until the EIP is bound to `target`; fails on error statuses and timeouts. */
  waitUntilBound(eipId: string, target: BindTarget, receipt: WriteReceipt | undefined, options?: CallOptions): Promise<Eip>;
  waitUntilUnbound(eipId: string, receipt: WriteReceipt | undefined, options?: CallOptions): Promise<Eip>;
  /** Wait through transient statuses and running tasks; used to reconcile an interrupted execution. */
  waitUntilSettled(eipId: string, receipt: WriteReceipt | undefined, options?: CallOptions): Promise<Eip>;

  /**
   * Create a pay-per-use EIP with dedicated bandwidth and wait until it is allocated.
   * Never repeated blindly: after an ambiguous failure it first looks for an EIP named `input.name`.
   */
  createEip(input: CreateEipInput, options?: CallOptions): Promise<Eip>;
  /** The EIP named `name`, if one exists (how a retried create finds its earlier attempt). */
  findEipByName(name: string, options?: CallOptions): Promise<Eip | undefined>;

  /** Present only where the cloud has NIC virtual IPs (Huawei ECS). */
  readonly nicVips?: NicVipOperations;
}

export interface NicVipOperations {
  describe(nicId: string, options?: CallOptions): Promise<NicVip>;
  bind(nicId: string, vip: { address: string; subnetId: string }, options?: CallOptions): Promise<WriteReceipt>;
  unbind(nicId: string, options?: CallOptions): Promise<WriteReceipt>;
  /** Wait until the NIC carries exactly `expected` (empty: no VIP). */
  waitUntil(nicId: string, expected: string[], options?: CallOptions): Promise<NicVip>;
}

export type { ProviderError };
