import type { EipProvider, NicBinding } from '../../src/providers/provider.js';

/** A NIC address of the test topology. */
export interface FixtureNic {
  nicId: string;
  privateIp: string;
  serverId: string;
}

export interface FixtureEip {
  id: string;
  address: string;
}

/**
 * The topology every world starts with, whatever the cloud:
 * - web1: one NIC, with EIP `web1` bound;
 * - web2: two NICs (primary, secondary), nothing bound;
 * - db1: two NICs, EIP `dbA` on the first and `dbB` on the second;
 * - bare: a server without any NIC, where the cloud allows one;
 * - `free1`, `free2`: unbound EIPs;
 * - vip (clouds with NIC virtual IPs): a NIC of web2 carrying one virtual IP.
 */
export interface Fixture {
  web1: { serverId: string; nic: FixtureNic };
  web2: { serverId: string; primary: FixtureNic; secondary: FixtureNic };
  db1: { serverId: string; nicA: FixtureNic; nicB: FixtureNic };
  /** Absent where every server has a NIC (a Tencent CVM always has its primary ENI). */
  bare?: { serverId: string };
  eips: { web1: FixtureEip; dbA: FixtureEip; dbB: FixtureEip; free1: FixtureEip; free2: FixtureEip };
  vip?: { nicId: string; address: string; subnetId: string };
  /** An EIP id and an address that exist nowhere in the account. */
  unknown: { eipId: string; address: string; serverId: string };
}

/** The write calls a cloud received, counted at the cloud (the simulator), not by eipbot: binds and unbinds of EIPs, creates, NIC virtual-IP changes. */
export type WriteCount = 'binding' | 'create' | 'vip';

/** Where a fault is injected. */
export type FaultTarget = 'bind' | 'unbind' | 'create';

/** Failures a cloud can be made to produce on its next write of a kind. */
export type Fault =
  /** The cloud answers 5xx: the outcome of the write is unknown. */
  | 'server-error'
  /** The connection is reset before an answer. */
  | 'reset'
  /** No answer at all, until the client's HTTP timeout. */
  | 'hang'
  /** The cloud accepts the write, but the change ends in an error status (BIND_ERROR, task FAILED). */
  | 'change-fails'
  /** The cloud accepts the write, but the status stays transient past the wait. */
  | 'stuck'
  /** The cloud refuses the write outright (conflict, invalid). */
  | 'refused';

export interface WorkflowWorld {
  readonly name: string;
  readonly provider: EipProvider;
  readonly fixture: Fixture;
  readonly supports: { vip: boolean; create: boolean };
  /** Someone changes the cloud outside eipbot (the console, another tool). */
  bindElsewhere(eipId: string, nic: FixtureNic): Promise<void>;
  unbindElsewhere(eipId: string): Promise<void>;
  /** Where the cloud has the EIP now, read from the cloud's own state. */
  bindingOf(eipId: string): Promise<NicBinding | undefined>;
  vipsOf(nicId: string): Promise<string[]>;
  /** EIPs with this name at the cloud (how a created EIP is found). */
  eipIdsNamed(name: string): Promise<string[]>;
  writes(kind: WriteCount): number;
  /**
   * Makes the next `times` writes of `target` fail with `fault`. `eipId` confines it to
   * one EIP; the clouds allow that for faults that show in an EIP's status
   * (`change-fails`, `stuck`), not for answers to a call (the others).
   */
  inject(target: FaultTarget, fault: Fault, options?: { eipId?: string; times?: number }): void;
  close(): Promise<void>;
}
