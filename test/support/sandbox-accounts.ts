import { defaultHuaweiSeed } from '../../src/sandbox/huawei/default-seed.js';
import { defaultTencentSeed, SANDBOX_TENCENT_SECRET_ID, SANDBOX_TENCENT_SECRET_KEY } from '../../src/sandbox/tencent/default-tencent-seed.js';

const [aksk] = defaultHuaweiSeed.credentials.aksk;
if (aksk === undefined) throw new Error('the default Huawei seed has no AK/SK credentials');

/** The AK/SK pair of the Huawei simulator's default project. */
export const SANDBOX_HUAWEI_KEYS = { accessKey: aksk.accessKey, secretKey: aksk.secretKey };

/** For an eipbot.yml that a real bot process reads: the keys as `${VAR}` references ... */
export const HUAWEI_KEYS_FROM_ENV = { accessKey: '${HW_AK}', secretKey: '${HW_SK}' };
/** ... and the environment that fills them in. */
export const HUAWEI_KEYS_ENV = { HW_AK: aksk.accessKey, HW_SK: aksk.secretKey };

/** The Huawei simulator's default project as an eipbot.yml account: EIP v3 with AK/SK, every endpoint at `url`. */
export function sandboxHuaweiAccount(url: string, keys: { accessKey: string; secretKey: string } = SANDBOX_HUAWEI_KEYS) {
  return {
    provider: 'huawei',
    api: 'v3',
    region: defaultHuaweiSeed.projectName,
    projectId: defaultHuaweiSeed.projectId,
    auth: { type: 'aksk', ...keys },
    endpoints: { vpc: url, ecs: url, iam: url },
  };
}

/** The Tencent simulator's default world as an eipbot.yml account: API 3.0, every endpoint at `url`. */
export function sandboxTencentAccount(url: string) {
  return {
    provider: 'tencent',
    api: 'v3',
    region: defaultTencentSeed.region,
    auth: { secretId: SANDBOX_TENCENT_SECRET_ID, secretKey: SANDBOX_TENCENT_SECRET_KEY },
    endpoints: { vpc: url, eip: url },
  };
}
