import { randomBytes } from 'node:crypto';

/**
 * The credentials the sandbox's simulators accept and its config sends, made up afresh
 * on every start: they open nothing but this process's simulators, and no value that
 * looks like a key is ever written in the source or printed.
 */
export interface SandboxCredentials {
  huaweiV1: { accessKey: string; secretKey: string };
  huaweiV3: { domain: string; user: string; password: string };
  tencentV3: { secretId: string; secretKey: string };
  tencentLegacy: { secretId: string; secretKey: string };
  slack: { botToken: string; signingSecret: string };
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number, alphabet = ALPHANUMERIC): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Shaped like the real ones (Huawei AK: 20 upper-case characters; Tencent SecretId: AKID + 32), so config checks apply as usual. */
export function newSandboxCredentials(): SandboxCredentials {
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return {
    huaweiV1: { accessKey: randomText(20, upper), secretKey: randomText(40) },
    huaweiV3: { domain: 'acme', user: 'eipbot', password: randomText(24) },
    tencentV3: { secretId: `AKID${randomText(32)}`, secretKey: randomText(32) },
    tencentLegacy: { secretId: `AKID${randomText(32)}`, secretKey: randomText(32) },
    slack: { botToken: `xoxb-sandbox-${randomText(24)}`, signingSecret: randomText(32, '0123456789abcdef') },
  };
}
