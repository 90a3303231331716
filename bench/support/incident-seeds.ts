import { defaultHuaweiSeed } from '../../src/sandbox/huawei/default-seed.js';
import type { HuaweiSimulatorSeedInput } from '../../src/sandbox/huawei/simulator-seed.js';
import { SANDBOX_TENCENT_SECRET_ID, SANDBOX_TENCENT_SECRET_KEY } from '../../src/sandbox/tencent/default-tencent-seed.js';
import type { TencentSeedInput } from '../../src/sandbox/tencent/tencent-seed.js';

/** A UUID-shaped id, stable per kind and number, as Huawei gives ports and EIPs. */
function uuid(kind: number, index: number): string {
  const hex = (index + 1).toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

/** 198.51.100.0/22 (documentation ranges stretched): one public address per EIP. */
function publicIp(index: number): string {
  return `198.51.${100 + Math.floor(index / 250)}.${(index % 250) + 1}`;
}

export const HUAWEI_COMPROMISED_SERVER = uuid(1, 0);

/** A Huawei project whose server has `count` NICs, each with an EIP bound: what `/eip isolate` meets in a bad incident. */
export function huaweiIncidentSeed(count: number): HuaweiSimulatorSeedInput {
  const nics = Array.from({ length: count }, (_, index) => ({
    id: uuid(2, index),
    networkId: uuid(3, 0),
    subnetId: uuid(4, 0),
    privateIp: `192.168.${Math.floor(index / 250)}.${(index % 250) + 2}`,
    ...(index === 0 ? { primary: true } : {}),
  }));
  return {
    projectId: defaultHuaweiSeed.projectId,
    projectName: defaultHuaweiSeed.projectName,
    credentials: defaultHuaweiSeed.credentials,
    servers: [{ id: HUAWEI_COMPROMISED_SERVER, name: 'web-compromised', nics }],
    eips: nics.map((nic, index) => ({ id: uuid(5, index), address: publicIp(index), bandwidthMbps: 5, boundTo: nic.id })),
    quota: { eips: count + 10 },
  };
}

/** Tencent ids are a prefix and 8 lower-case letters or digits. */
function tencentId(prefix: string, index: number): string {
  return `${prefix}-${index.toString(36).padStart(8, '0')}`;
}

export const TENCENT_COMPROMISED_SERVER = tencentId('ins', 1);

/** A Tencent account whose instance has ENIs of 10 private IPs each, every IP with an EIP: `count` EIPs in all. */
export function tencentIncidentSeed(count: number): TencentSeedInput {
  const perEni = 10;
  const enis = Array.from({ length: Math.ceil(count / perEni) }, (_, eni) => ({
    networkInterfaceId: tencentId('eni', eni + 1),
    primary: eni === 0,
    privateIps: Array.from({ length: perEni }, (_, ip) => ({ address: `10.1.${eni}.${ip + 10}`, primary: ip === 0 })),
  }));
  const slots = enis.flatMap((eni) => eni.privateIps.map((ip) => ({ eni: eni.networkInterfaceId, ip: ip.address }))).slice(0, count);
  return {
    region: 'ap-guangzhou',
    credentials: [{ secretId: SANDBOX_TENCENT_SECRET_ID, secretKey: SANDBOX_TENCENT_SECRET_KEY }],
    instances: [{ instanceId: TENCENT_COMPROMISED_SERVER, enis }],
    addresses: slots.map((slot, index) => ({
      addressId: tencentId('eip', index + 1),
      addressIp: publicIp(index),
      bandwidthMbps: 5,
      boundTo: { networkInterfaceId: slot.eni, privateIpAddress: slot.ip },
    })),
    quota: { totalEip: count + 10, dailyEipApply: 40, dailyPublicIpAssign: 10 },
  };
}
