import { defaultHuaweiSeed } from './huawei/default-seed.js';
import type { HuaweiSimulatorSeedInput } from './huawei/simulator-seed.js';
import type { SandboxCredentials } from './sandbox-credentials.js';
import { defaultTencentSeed } from './tencent/default-tencent-seed.js';
import type { TencentSeedInput } from './tencent/tencent-seed.js';

/**
 * The four cloud accounts of the sandbox, one per API eipbot speaks, each in a
 * simulator of its own so that the accounts do not share EIPs:
 *
 * - `hw-v1`  Huawei EIP v1, AK/SK — the simulator's default project (seed pages 000, 001, 003);
 * - `hw-v3`  Huawei EIP v3, IAM token (user/password) — a small API tier;
 * - `tc-v3`  Tencent API 3.0 — the simulator's default world;
 * - `tc-legacy` Tencent legacy API 2.0 (seed 004) — one bound and one spare EIP.
 *
 * Addresses come from the documentation ranges (RFC 5737): the default worlds use
 * 203.0.113.0/24, the two added here 192.0.2.0/24, so no two accounts show one address.
 */

export const HUAWEI_V3_PROJECT = { id: '5b2c7e9a1d3f4a6b8c0e2f4a6b8d0c1e', name: 'cn-south-1' } as const;

const HUAWEI_V3_NETWORK = { networkId: '7c1e3a5b-9d2f-4e6a-8b0c-2d4f6a8c0e13', subnetId: '1a3c5e7f-2b4d-4f6a-9c8e-0b2d4f6a8c11' };

export interface SandboxClouds {
  huaweiV1: HuaweiSimulatorSeedInput;
  huaweiV3: HuaweiSimulatorSeedInput;
  tencentV3: TencentSeedInput;
  tencentLegacy: TencentSeedInput;
}

export function sandboxClouds(credentials: SandboxCredentials): SandboxClouds {
  return {
    huaweiV1: { ...defaultHuaweiSeed, credentials: { aksk: [credentials.huaweiV1], users: [] } },
    huaweiV3: {
      projectId: HUAWEI_V3_PROJECT.id,
      projectName: HUAWEI_V3_PROJECT.name,
      credentials: { aksk: [], users: [credentials.huaweiV3] },
      servers: [
        { id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c61', name: 'api-1', nics: [{ id: 'e1d2c3b4-a5f6-4e7d-8c9b-0a1b2c3d4e51', ...HUAWEI_V3_NETWORK, privateIp: '10.1.0.11' }] },
        { id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c62', name: 'api-2', nics: [{ id: 'e1d2c3b4-a5f6-4e7d-8c9b-0a1b2c3d4e52', ...HUAWEI_V3_NETWORK, privateIp: '10.1.0.12' }] },
        { id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c63', name: 'bastion-1', nics: [{ id: 'e1d2c3b4-a5f6-4e7d-8c9b-0a1b2c3d4e53', ...HUAWEI_V3_NETWORK, privateIp: '10.1.0.5' }] },
      ],
      eips: [
        { id: '4c3b2a19-0f8e-4d7c-9b6a-5f4e3d2c1b01', address: '192.0.2.10', bandwidthMbps: 10, boundTo: 'e1d2c3b4-a5f6-4e7d-8c9b-0a1b2c3d4e51' },
        { id: '4c3b2a19-0f8e-4d7c-9b6a-5f4e3d2c1b02', address: '192.0.2.11', bandwidthMbps: 10, boundTo: 'e1d2c3b4-a5f6-4e7d-8c9b-0a1b2c3d4e52' },
        { id: '4c3b2a19-0f8e-4d7c-9b6a-5f4e3d2c1b03', address: '192.0.2.12', bandwidthMbps: 5 },
      ],
    },
    tencentV3: { ...defaultTencentSeed, credentials: [credentials.tencentV3] },
    tencentLegacy: {
      region: 'ap-shanghai',
      credentials: [credentials.tencentLegacy],
      instances: [
        { instanceId: 'ins-legacy01', enis: [{ networkInterfaceId: 'eni-legacy01', primary: true, privateIps: [{ address: '10.2.0.10', primary: true }] }] },
        { instanceId: 'ins-legacy02', enis: [{ networkInterfaceId: 'eni-legacy02', primary: true, privateIps: [{ address: '10.2.0.11', primary: true }] }] },
      ],
      addresses: [
        {
          addressId: 'eip-legacy01',
          addressIp: '192.0.2.40',
          name: 'legacy-web',
          bandwidthMbps: 5,
          boundTo: { networkInterfaceId: 'eni-legacy01', privateIpAddress: '10.2.0.10' },
        },
        { addressId: 'eip-legacy02', addressIp: '192.0.2.41', name: 'legacy-spare', bandwidthMbps: 5 },
      ],
    },
  };
}
