import type { HuaweiSimulatorSeedInput } from './simulator-seed.js';

/**
 * The sandbox's Huawei project. Ids, keys and addresses come from the seed pages and the
 * reference so that what the sandbox shows can be followed in the docs: web-1 and its
 * port are seed 001's, the bound EIP and its port are seed 000's, the unbound EIP is
 * signing vector A's, db-1's NIC and virtual IP are seed 003's and reference §6.2's.
 * Public addresses are from the documentation ranges (RFC 5737).
 */
export const defaultHuaweiSeed = {
  projectId: '0123456789abcdef0123456789abcdef',
  projectName: 'cn-north-4',
  credentials: {
    aksk: [{ accessKey: 'HPUAEXAMPLEAK0000001', secretKey: 'ExampleSecretKey0000000000000000000000001' }],
    users: [{ domain: 'acme', user: 'eipbot', password: 'sandbox-password' }],
  },
  servers: [
    {
      id: 'ea61f836-b52f-41bf-9d06-685644001d6f',
      name: 'web-1',
      nics: [
        {
          id: '02c72193-efec-42fb-853b-c33f2b802467',
          networkId: '4779ab1c-7c1a-44b1-a02e-93dfc361b32d',
          subnetId: '213cb9d0-3122-2ac1-1a29-91ffc1231a12',
          privateIp: '192.168.0.75',
          mac: 'fa:16:3e:47:5f:c1',
        },
      ],
    },
    {
      id: '5d0f8a3c-1b7e-4c2a-9f61-2a9c3e8b7d41',
      name: 'app-1',
      nics: [
        {
          id: 'a135e9b8-1630-40d2-a6c5-eb534a61efbe',
          networkId: '4779ab1c-7c1a-44b1-a02e-93dfc361b32d',
          subnetId: '213cb9d0-3122-2ac1-1a29-91ffc1231a12',
          privateIp: '192.168.1.131',
          primary: true,
        },
        {
          id: '8c4e2f1a-6d3b-4f7e-9a21-c5b8d0e3f472',
          networkId: '9b1f3e7c-2a4d-4c8e-b6f0-1d3a5c7e9f20',
          subnetId: '6e2a4c8f-0b1d-4e3f-a5c7-9d1b3f5a7c90',
          privateIp: '192.168.2.31',
        },
      ],
    },
    {
      id: 'b7e1c9d2-4f3a-4b5c-8d6e-0f1a2b3c4d5e',
      name: 'db-1',
      nics: [
        {
          id: 'd32019d3-bc6e-4319-9c1d-6722fc136a23',
          networkId: '610a4af2-1d90-4d2b-8057-dc238b26febf',
          subnetId: 'ba31e1f5-fa76-4530-862c-5176fad033cf',
          privateIp: '192.168.0.33',
          vips: ['192.168.0.7'],
        },
      ],
    },
    {
      id: 'c3d5e7f9-1a2b-4c3d-9e4f-5a6b7c8d9e0f',
      name: 'standby-1',
      nics: [
        {
          id: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
          networkId: '4779ab1c-7c1a-44b1-a02e-93dfc361b32d',
          subnetId: '213cb9d0-3122-2ac1-1a29-91ffc1231a12',
          privateIp: '192.168.0.90',
        },
      ],
    },
  ],
  eips: [
    { id: 'f6318bef-6508-4ea5-a48f-6152b6b1a8fb', address: '203.0.113.162', bandwidthMbps: 7, boundTo: 'a135e9b8-1630-40d2-a6c5-eb534a61efbe' },
    { id: '3f9a1c7e-5b2d-4e8f-a0c6-d4b2e8f1a3c5', address: '203.0.113.31', bandwidthMbps: 5, boundTo: '8c4e2f1a-6d3b-4f7e-9a21-c5b8d0e3f472' },
    { id: '2ec9b78d-9368-46f3-8f29-d1a95622a568', address: '203.0.113.12', bandwidthMbps: 10 },
    { id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', address: '203.0.113.25', bandwidthMbps: 5 },
  ],
  quota: { eips: 20 },
} satisfies HuaweiSimulatorSeedInput;
