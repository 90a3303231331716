/**
 * What the console's "Cloud" panel shows: the simulated accounts with their servers
 * and EIPs as the simulators hold them right now, so a person sees an approved unbind
 * land. The sandbox builds it from the simulators; the console only draws it.
 */
export interface InventoryEip {
  id: string;
  address: string;
  /** The provider's own status word (ACTIVE, DOWN, BIND, UNBIND, PENDING_UPDATE…). */
  status: string;
  /** What it is bound to, in words (`web-1 · NIC 02c7… · 192.168.0.75`), when bound. */
  boundTo?: string;
}

export interface InventoryServer {
  id: string;
  name: string;
  /** NICs / ENIs with their private IPs, in words. */
  nics: string[];
}

export interface InventoryAccount {
  name: string;
  provider: string;
  api: string;
  region: string;
  eips: InventoryEip[];
  servers: InventoryServer[];
}

export interface CloudInventory {
  accounts: InventoryAccount[];
}
