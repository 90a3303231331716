import type { ConsoleSuggestion } from './console/console-server.js';
import type { HuaweiSimulatorSeedInput } from './huawei/simulator-seed.js';
import type { SandboxClouds } from './sandbox-clouds.js';
import type { TencentSeedInput } from './tencent/tencent-seed.js';

/**
 * Commands that work on the sandbox's seeded clouds, one per action, shown as chips
 * above the console's composer and in the start banner. They are built from the seeds
 * by name, so a change to a seed changes them with it (or fails at start, naming what
 * is missing), never a command that points at nothing.
 */

function missing(what: string): never {
  throw new Error(`the sandbox seeds have no ${what}, which a suggested command uses`);
}

function serverNamed(seed: HuaweiSimulatorSeedInput, name: string) {
  return seed.servers?.find((server) => server.name === name) ?? missing(`Huawei server ${name}`);
}

function eipOnPort(seed: HuaweiSimulatorSeedInput, portId: string | undefined) {
  return seed.eips?.find((eip) => eip.boundTo === portId) ?? missing(portId === undefined ? 'unbound Huawei EIP' : `EIP on port ${portId}`);
}

function boundAddress(seed: TencentSeedInput) {
  return seed.addresses?.find((address) => address.boundTo !== undefined) ?? missing('bound Tencent EIP');
}

export function sandboxSuggestions(clouds: SandboxClouds): ConsoleSuggestion[] {
  const { huaweiV1, huaweiV3, tencentV3, tencentLegacy } = clouds;
  const app1 = serverNamed(huaweiV1, 'app-1');
  const web1 = serverNamed(huaweiV1, 'web-1');
  const standby1 = serverNamed(huaweiV1, 'standby-1');
  const db1 = serverNamed(huaweiV1, 'db-1');
  const app1Eip = eipOnPort(huaweiV1, app1.nics[0]?.id);
  const spareEip = eipOnPort(huaweiV1, undefined);
  const dbNic = db1.nics[0]?.id ?? missing('NIC on db-1');
  const api1 = serverNamed(huaweiV3, 'api-1');
  const api1Eip = eipOnPort(huaweiV3, api1.nics[0]?.id);
  return [
    { label: 'help', command: '/eip help' },
    { label: 'list', command: '/eip list' },
    { label: 'show', command: `/eip show ${app1Eip.address}` },
    { label: 'unbind', command: `/eip unbind ${app1Eip.address} --reason "INC-42: app-1 is compromised"` },
    { label: 'bind', command: `/eip bind ${spareEip.address} ${web1.id} --reason "publish web-1"` },
    { label: 'bind new', command: `/eip bind new ${standby1.id} --bandwidth 5 --reason "standby-1 needs a public address"` },
    { label: 'move', command: `/eip move ${app1Eip.address} ${standby1.id} --reason "fail over to standby-1"` },
    { label: 'isolate', command: `/eip isolate ${app1.id} --reason "INC-42: contain app-1"` },
    { label: 'vip unbind', command: `/eip vip unbind ${dbNic} --reason "retire the db-1 virtual IP"` },
    { label: 'Huawei v3', command: `/eip unbind ${api1Eip.address} --account hw-v3 --reason "rotate api-1"` },
    { label: 'Tencent v3', command: `/eip unbind ${boundAddress(tencentV3).addressIp} --account tc-v3 --reason "rotate web-1"` },
    { label: 'Tencent legacy', command: `/eip unbind ${boundAddress(tencentLegacy).addressIp} --account tc-legacy --reason "rotate legacy-web"` },
    { label: 'requests', command: '/eip requests' },
  ];
}
