import type { TencentSeedInput } from './tencent-seed.js';

/**
 * The sandbox's Tencent key pair. It opens nothing but a local simulator; an account in
 * a sandbox eipbot.yml uses it with `api: v3` or `api: legacy`, since one simulator
 * serves both APIs.
 */
export const SANDBOX_TENCENT_SECRET_ID = 'AKIDsandboxEipbotSimulator0000000000';
export const SANDBOX_TENCENT_SECRET_KEY = 'sandboxTencentSecretKey000000000';

/**
 * A small world for the sandbox: three instances (one with a secondary ENI carrying two
 * private IPs, one with a normal public IP), two bound EIPs (one on a secondary ENI)
 * and two spare ones.
 */
export const defaultTencentSeed: TencentSeedInput = {
  region: 'ap-guangzhou',
  credentials: [{ secretId: SANDBOX_TENCENT_SECRET_ID, secretKey: SANDBOX_TENCENT_SECRET_KEY }],
  instances: [
    {
      instanceId: 'ins-web00001',
      enis: [{ networkInterfaceId: 'eni-web00001', primary: true, privateIps: [{ address: '10.0.1.10', primary: true }] }],
    },
    {
      instanceId: 'ins-web00002',
      enis: [
        { networkInterfaceId: 'eni-web00002', primary: true, privateIps: [{ address: '10.0.1.11', primary: true }] },
        {
          networkInterfaceId: 'eni-web0002b',
          primary: false,
          privateIps: [
            { address: '10.0.2.11', primary: true },
            { address: '10.0.2.12', primary: false },
          ],
        },
      ],
    },
    {
      instanceId: 'ins-db000001',
      enis: [
        {
          networkInterfaceId: 'eni-db000001',
          primary: true,
          privateIps: [{ address: '10.0.3.10', primary: true, wanIp: '198.51.100.7' }],
        },
      ],
    },
  ],
  addresses: [
    {
      addressId: 'eip-web00001',
      addressIp: '203.0.113.10',
      name: 'web-1',
      bandwidthMbps: 5,
      boundTo: { networkInterfaceId: 'eni-web00001', privateIpAddress: '10.0.1.10' },
    },
    {
      addressId: 'eip-web00002',
      addressIp: '203.0.113.11',
      name: 'web-2-secondary',
      bandwidthMbps: 5,
      boundTo: { networkInterfaceId: 'eni-web0002b', privateIpAddress: '10.0.2.11' },
    },
    { addressId: 'eip-spare001', addressIp: '203.0.113.20', name: 'spare-1', bandwidthMbps: 10 },
    { addressId: 'eip-spare002', addressIp: '203.0.113.21', name: 'spare-2', bandwidthMbps: 10 },
  ],
};
