import type { Eip, NicBinding } from '../provider.js';
import type { PublicIpV1 } from './eip-v1-client.js';
import type { PublicIpV3 } from './eip-v3-client.js';
import { normaliseHuaweiEipStatus } from './eip-status.js';

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}

function positive(value: number | null | undefined): number | undefined {
  return value === null || value === undefined || value <= 0 ? undefined : value;
}

/** v1 knows the port and private IP, not the server: that takes a port lookup. */
export function eipFromV1(raw: PublicIpV1): Eip {
  const portId = nonEmpty(raw.port_id);
  const binding: NicBinding | undefined = portId ? { nicId: portId, privateIp: nonEmpty(raw.private_ip_address) } : undefined;
  return {
    id: raw.id,
    address: nonEmpty(raw.public_ip_address) ?? nonEmpty(raw.public_ipv6_address) ?? '',
    status: normaliseHuaweiEipStatus(raw.status),
    providerStatus: raw.status,
    ...(binding && { binding }),
    ...(positive(raw.bandwidth_size) !== undefined && { bandwidthMbps: positive(raw.bandwidth_size) }),
    ...(nonEmpty(raw.alias) !== undefined && { name: nonEmpty(raw.alias) }),
  };
}

/** v3: only a `PORT` association is a NIC binding; `vnic.device_id` names the server when filled. */
export function eipFromV3(raw: PublicIpV3): Eip {
  const portId =
    raw.associate_instance_type === 'PORT' ? (nonEmpty(raw.associate_instance_id) ?? nonEmpty(raw.vnic?.port_id)) : undefined;
  const binding: NicBinding | undefined = portId
    ? {
        nicId: portId,
        privateIp: nonEmpty(raw.vnic?.private_ip_address),
        serverId: nonEmpty(raw.vnic?.device_id),
      }
    : undefined;
  return {
    id: raw.id,
    address: nonEmpty(raw.public_ip_address) ?? nonEmpty(raw.public_ipv6_address) ?? '',
    status: normaliseHuaweiEipStatus(raw.status),
    providerStatus: raw.status,
    ...(binding && { binding }),
    ...(positive(raw.bandwidth?.size) !== undefined && { bandwidthMbps: positive(raw.bandwidth?.size) }),
    ...(nonEmpty(raw.alias) !== undefined && { name: nonEmpty(raw.alias) }),
  };
}
