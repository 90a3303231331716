import type { BindTarget, CallOptions, UnbindRef, WriteReceipt } from '../provider.js';
import type { TencentAddress } from './address-status.js';
import type { TaskResult } from './v3-schemas.js';

/** One ENI with its private IPs, as both APIs describe it. */
export interface NicInfo {
  nicId: string;
  primary: boolean;
  /** The instance the ENI is attached to; absent for a dangling ENI. */
  serverId?: string;
  privateIps: { address: string; primary: boolean }[];
}

export interface EipQuery {
  address?: string;
  nicIds?: string[];
  privateIp?: string;
  /** Exact name. */
  name?: string;
}

/** Asks whether an ambiguously failed write took effect: `applied`, or `repeat` it. */
export type Recheck = () => Promise<'applied' | 'repeat'>;

/**
 * What the Tencent provider needs from an API generation: API 3.0 (`V3EipApi`) or the
 * legacy API 2.0 (`LegacyEipApi`). The decisions — idempotency, re-checks, waits,
 * create-without-repeat — live once, in `TencentProvider`, above this seam.
 */
export interface TencentEipApi {
  /** The action names behind each step, for receipts, events and errors. */
  readonly operations: { describe: string; bind: string; unbind: string; create: string };
  getEip(eipId: string, options?: CallOptions): Promise<TencentAddress | undefined>;
  findEips(query: EipQuery, options?: CallOptions): Promise<TencentAddress[]>;
  listNics(query: { serverId: string } | { nicId: string }, options?: CallOptions): Promise<NicInfo[]>;
  bind(eipId: string, target: BindTarget & { privateIp: string }, recheck: Recheck, options?: CallOptions): Promise<WriteReceipt>;
  /** `current` is the bound EIP that `ref` named; legacy unbinds by ENI + IP when `ref` does (seed 004). */
  unbind(current: TencentAddress, ref: UnbindRef, reallocWanIp: boolean, recheck: Recheck, options?: CallOptions): Promise<WriteReceipt>;
  /** API 3.0 only: legacy writes return no task. */
  taskResult?(taskId: string, options?: CallOptions): Promise<TaskResult>;
  /** API 3.0 only. Never repeated inside: the provider looks for the EIP by name first. */
  allocate?(
    input: { name: string; bandwidthMbps: number; clientToken: string },
    options?: CallOptions,
  ): Promise<{ eipId: string; taskId?: string; requestId?: string }>;
}
