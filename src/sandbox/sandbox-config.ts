import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EnvVars } from '../config/interpolate-env.js';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { HUAWEI_V3_PROJECT } from './sandbox-clouds.js';
import type { SandboxCredentials } from './sandbox-credentials.js';
import { SANDBOX_CHANNELS, SANDBOX_USER_GROUP, SANDBOX_USERS } from './sandbox-slack.js';
import { defaultHuaweiSeed } from './huawei/default-seed.js';
import { defaultTencentSeed } from './tencent/default-tencent-seed.js';

/**
 * The sandbox's `eipbot.yml`: a complete, working configuration a newcomer can read
 * next to the console — every account of the four APIs pointing its endpoints at a
 * local simulator, a policy with an approver, a user group and an incident channel.
 * It is written to the sandbox's data directory and loaded through `loadConfig`, the
 * path the bot itself takes, so the sandbox runs exactly what a file would give. The
 * credentials stay out of the file as `${VAR}` references, filled from an environment
 * the sandbox builds in memory.
 */

export interface SimulatorEndpoints {
  huaweiV1: string;
  huaweiV3: string;
  tencentV3: string;
  tencentLegacy: string;
}

export interface SandboxConfig {
  config: Config;
  /** Where the file was written. */
  file: string;
  /** The `${VAR}` values the file refers to; secrets, never printed. */
  env: EnvVars;
}

function sandboxYaml(endpoints: SimulatorEndpoints, storeUrl: string, credentials: SandboxCredentials): string {
  const huaweiEndpoints = (url: string) => `{ vpc: ${url}, ecs: ${url}, iam: ${url} }`;
  const tencentEndpoints = (url: string) => `{ vpc: ${url}, eip: ${url} }`;
  return `# eipbot.yml written by \`npm run sandbox\` for this run. It is a complete configuration:
# every account points at a local simulator, and the credentials are \${VAR} references
# that the sandbox fills in memory, as a deployment would from its secret store.
store: ${storeUrl}
defaultAccount: hw-v1
audit:
  channel: ${SANDBOX_CHANNELS.audit.id}           # #${SANDBOX_CHANNELS.audit.name}: final results are posted here too
execution:
  waitTimeout: 2m
policy:
  # ${SANDBOX_USERS.approver.name}, and everyone in @${SANDBOX_USER_GROUP.handle} (${SANDBOX_USERS.approver.name}, ${SANDBOX_USERS.groupApprover.name})
  approvers: [${SANDBOX_USERS.approver.id}, ${SANDBOX_USER_GROUP.id}]
  approvals: 1
  allowSelfApproval: false
  requireReason: true
  ttl: 15m
  incident:                           # #${SANDBOX_CHANNELS.incident.name} matches the pattern
    namePattern: "^inc-"
    approvals: 1
    allowSelfApproval: true
    ttl: 10m
accounts:
  hw-v1:
    provider: huawei
    api: v1
    region: ${defaultHuaweiSeed.projectName}
    projectId: ${defaultHuaweiSeed.projectId}
    auth: { type: aksk, accessKey: "\${HW_V1_AK}", secretKey: "\${HW_V1_SK}" }
    endpoints: ${huaweiEndpoints(endpoints.huaweiV1)}
  hw-v3:
    provider: huawei
    api: v3
    region: ${HUAWEI_V3_PROJECT.name}
    auth: { type: token, domain: ${credentials.huaweiV3.domain}, user: ${credentials.huaweiV3.user}, password: "\${HW_V3_PASSWORD}" }
    endpoints: ${huaweiEndpoints(endpoints.huaweiV3)}
  tc-v3:
    provider: tencent
    api: v3
    region: ${defaultTencentSeed.region ?? 'ap-guangzhou'}
    auth: { secretId: "\${TC_V3_SECRET_ID}", secretKey: "\${TC_V3_SECRET_KEY}" }
    endpoints: ${tencentEndpoints(endpoints.tencentV3)}
  tc-legacy:
    provider: tencent
    api: legacy
    region: ap-shanghai
    auth: { secretId: "\${TC_LEGACY_SECRET_ID}", secretKey: "\${TC_LEGACY_SECRET_KEY}" }
    endpoints: ${tencentEndpoints(endpoints.tencentLegacy)}
`;
}

/** Writes `<dataDir>/eipbot.yml` and loads it as the bot would. */
export async function writeSandboxConfig(
  dataDir: string,
  endpoints: SimulatorEndpoints,
  credentials: SandboxCredentials,
): Promise<SandboxConfig> {
  const file = join(dataDir, 'eipbot.yml');
  await writeFile(file, sandboxYaml(endpoints, `sqlite://${resolve(dataDir, 'eipbot.sqlite')}`, credentials), { mode: 0o600 });
  const env: EnvVars = {
    HW_V1_AK: credentials.huaweiV1.accessKey,
    HW_V1_SK: credentials.huaweiV1.secretKey,
    HW_V3_PASSWORD: credentials.huaweiV3.password,
    TC_V3_SECRET_ID: credentials.tencentV3.secretId,
    TC_V3_SECRET_KEY: credentials.tencentV3.secretKey,
    TC_LEGACY_SECRET_ID: credentials.tencentLegacy.secretId,
    TC_LEGACY_SECRET_KEY: credentials.tencentLegacy.secretKey,
  };
  return { config: loadConfig({ path: file, env, cwd: dataDir }), file, env };
}
