import type { InventoryAccount } from './console/cloud-inventory.js';
import type { HuaweiSimulator } from './huawei/huawei-simulator.js';
import type { TencentSimulator } from './tencent/tencent-simulator.js';

/**
 * What the console's Cloud panel shows for one simulated account, read from the
 * simulator's state as a GET would show it now (transient statuses included), with
 * bindings in words: server name, NIC or ENI, private IP.
 */

const short = (id: string) => `${id.slice(0, 8)}…`;

export function huaweiInventory(account: Omit<InventoryAccount, 'eips' | 'servers'>, simulator: HuaweiSimulator): InventoryAccount {
  const { state } = simulator;
  const ports = state.ports();
  const serverIds = [...new Set(ports.map((port) => port.deviceId))];
  const servers = serverIds.flatMap((id) => {
    const server = state.findServer(id);
    return server === undefined ? [] : [server];
  });
  const serverName = (id: string) => state.findServer(id)?.name ?? id;
  return {
    ...account,
    eips: state.eips().map((eip) => {
      const port = eip.portId === undefined ? undefined : state.findPort(eip.portId);
      return {
        id: eip.id,
        address: eip.address,
        status: eip.status,
        ...(port === undefined ? {} : { boundTo: `${serverName(port.deviceId)} · port ${short(port.id)} · ${port.privateIp}` }),
      };
    }),
    servers: servers.map((server) => ({
      id: server.id,
      name: server.name,
      nics: ports
        .filter((port) => port.deviceId === server.id)
        .map((port) => {
          const vips = port.allowedAddressPairs.map((pair) => pair.ip_address);
          return `${port.primary ? 'primary ' : ''}port ${port.id} · ${port.privateIp}${vips.length === 0 ? '' : ` · virtual IP ${vips.join(', ')}`}`;
        }),
    })),
  };
}

export function tencentInventory(account: Omit<InventoryAccount, 'eips' | 'servers'>, simulator: TencentSimulator): InventoryAccount {
  const { state } = simulator;
  const enis = state.networkInterfaces();
  const instanceIds = [...new Set(enis.flatMap((eni) => (eni.instanceId === undefined ? [] : [eni.instanceId])))];
  return {
    ...account,
    eips: state.addresses().map((address) => ({
      id: address.addressId,
      address: address.addressIp,
      status: address.status,
      ...(address.networkInterfaceId === undefined
        ? {}
        : { boundTo: `${address.instanceId ?? 'no instance'} · ${address.networkInterfaceId} · ${address.privateIpAddress ?? ''}` }),
    })),
    servers: instanceIds.map((id) => ({
      id,
      name: id,
      nics: enis
        .filter((eni) => eni.instanceId === id)
        .map(
          (eni) =>
            `${eni.primary ? 'primary ' : ''}${eni.networkInterfaceId} · ${eni.privateIps
              .map((ip) => `${ip.address}${ip.publicIp === undefined ? '' : ` → ${ip.publicIp}`}`)
              .join(', ')}`,
        ),
    })),
  };
}
