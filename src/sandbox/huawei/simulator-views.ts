import type { HuaweiSimState, SimEip, SimPort, SimServer } from './simulator-state.js';

/** `2019-03-27 01:33:18`: v1's `create_time` has no `T` and no zone (reference §3.1). */
function v1Time(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** `2020-06-18T14:05:32Z`: v3 times (reference §4.4). */
function v3Time(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** An EIP v1 object; `port_id` and `private_ip_address` only while bound, `status` as given (writes echo the old one). */
export function eipV1View(state: HuaweiSimState, eip: SimEip, status = eip.status): Record<string, unknown> {
  const port = eip.portId === undefined ? undefined : state.findPort(eip.portId);
  return {
    id: eip.id,
    status,
    profile: {},
    type: '5_bgp',
    public_ip_address: eip.address,
    ...(port && { port_id: port.id, private_ip_address: port.privateIp }),
    tenant_id: eip.projectId,
    create_time: v1Time(eip.createdAt),
    bandwidth_id: eip.bandwidth.id,
    bandwidth_share_type: 'PER',
    bandwidth_size: eip.bandwidth.size,
    bandwidth_name: eip.bandwidth.name,
    enterprise_project_id: '0',
    ip_version: 4,
    ...(eip.alias !== undefined && { alias: eip.alias }),
  };
}

export function eipV3View(state: HuaweiSimState, eip: SimEip, status = eip.status): Record<string, unknown> {
  const port = eip.portId === undefined ? undefined : state.findPort(eip.portId);
  return {
    id: eip.id,
    project_id: eip.projectId,
    ip_version: 4,
    public_ip_address: eip.address,
    public_ipv6_address: null,
    status,
    description: '',
    alias: eip.alias ?? null,
    type: 'EIP',
    vnic: port
      ? {
          private_ip_address: port.privateIp,
          device_id: port.deviceId,
          device_owner: 'compute:cn-north-4a',
          vpc_id: port.networkId,
          port_id: port.id,
          mac: port.mac,
          vtep: null,
          vni: null,
          instance_id: '',
          instance_type: '',
          port_profile: null,
        }
      : null,
    bandwidth: {
      id: eip.bandwidth.id,
      size: eip.bandwidth.size,
      share_type: 'PER',
      charge_mode: 'bandwidth',
      name: eip.bandwidth.name,
      billing_info: '',
    },
    associate_instance_type: port ? 'PORT' : null,
    associate_instance_id: port ? port.id : null,
    enterprise_project_id: '0',
    billing_info: null,
    lock_status: null,
    publicip_pool_name: '5_bgp',
    public_border_group: 'center',
    created_at: v3Time(eip.createdAt),
    updated_at: v3Time(eip.updatedAt),
  };
}

/** A VPC port as seed 001 shows it. */
export function portView(port: SimPort): Record<string, unknown> {
  return {
    id: port.id,
    name: '',
    status: 'ACTIVE',
    admin_state_up: true,
    fixed_ips: [{ subnet_id: port.subnetId, ip_address: port.privateIp }],
    mac_address: port.mac,
    network_id: port.networkId,
    tenant_id: port.projectId,
    project_id: port.projectId,
    device_id: port.deviceId,
    device_owner: 'compute:cn-north-4a',
    security_groups: ['e0598d96-9451-4f8a-8de0-b8b4d451d9e7'],
    extra_dhcp_opts: [],
    allowed_address_pairs: port.allowedAddressPairs,
    'binding:vnic_type': 'normal',
    'binding:vif_details': { primary_interface: port.primary },
    'binding:profile': {},
    port_security_enabled: true,
    created_at: new Date(port.createdAt).toISOString().slice(0, 19),
    updated_at: new Date(port.createdAt).toISOString().slice(0, 19),
  };
}

/** `os-interface` (reference §6.1): camelCase at the top, snake_case inside. */
export function serverNicsView(state: HuaweiSimState, server: SimServer): Record<string, unknown> {
  const ports = server.portIds.flatMap((id) => {
    const port = state.findPort(id);
    return port ? [port] : [];
  });
  return {
    attachableQuantity: { free_nic: Math.max(0, 12 - ports.length), free_efi_nic: 0 },
    interfaceAttachments: ports.map((port) => ({
      port_state: 'ACTIVE',
      fixed_ips: [{ subnet_id: port.subnetId, ip_address: port.privateIp }],
      net_id: port.networkId,
      port_id: port.id,
      mac_addr: port.mac,
      delete_on_termination: false,
      driver_mode: null,
      min_rate: null,
      multiqueue_num: null,
      pci_address: null,
    })),
  };
}
