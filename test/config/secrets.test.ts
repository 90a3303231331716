import { join, resolve } from 'node:path';
import { format, inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { configDir, TEST_ENV } from './config-files.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/config');
const SECRETS = Object.values(TEST_ENV);
const files = configDir();
afterAll(() => files.remove());

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

function logLines(write: (logger: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  write(createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } }));
  expect(lines.length).toBeGreaterThan(0);
  return lines.join('');
}

describe('credentials in a loaded config', () => {
  const config = loadConfig({ path: join(FIXTURES, 'good.yml'), env: TEST_ENV, cwd: files.dir });

  it('never appear in JSON, which shows access-key ids masked and secrets redacted', () => {
    const json = JSON.stringify(config);
    expectNoSecret(json);
    expect(JSON.parse(json).accounts['hw-prod'].auth).toEqual({ type: 'aksk', accessKey: 'HPUA…', secretKey: '[redacted]' });
    expect(JSON.parse(json).accounts['tc-prod'].auth).toEqual({ secretId: 'AKID…', secretKey: '[redacted]' });
  });

  it('never appear in util.inspect, console formatting or string interpolation', () => {
    expectNoSecret(inspect(config, { depth: Infinity, showHidden: true }));
    expectNoSecret(format('%o %O %s %j', config, config, config.accounts['hw-prod']?.auth, config));
    const otc = config.accounts['otc-token'];
    const password = otc?.provider === 'huawei' && otc.auth.type === 'token' ? otc.auth.password : undefined;
    expect(`${password}`).toBe('[redacted]');
  });

  it('never appear in a log line, whether the whole config, an account or its auth is logged', () => {
    const logged = logLines((logger) => {
      logger.info({ config }, 'config loaded');
      logger.debug({ account: config.accounts['hw-prod'] }, 'account');
      logger.info(config.accounts['tc-prod']?.auth, 'auth');
      logger.info(config, 'whole config as the log object');
    });
    expectNoSecret(logged);
    expect(logged).toContain('HPUA…');
  });

  it('stay available to the code that signs requests', () => {
    const hw = config.accounts['hw-prod'];
    const keys = hw?.provider === 'huawei' && hw.auth.type === 'aksk' ? [hw.auth.accessKey.reveal(), hw.auth.secretKey.reveal()] : [];
    expect(keys).toEqual([TEST_ENV.HW_AK, TEST_ENV.HW_SK]);
  });
});

describe('credentials in config problems', () => {
  it('never appear in the problems of a file that references them, however the error is shown', () => {
    const text = [
      'policy: { approvers: [U0APPROVER1], approvals: 0 }',
      'accounts:',
      '  hw: { provider: huawei, region: cn-north-4, auth: { type: aksk, accessKey: "${HW_AK}", secretKey: "${HW_SK}" } }',
      '  otc: { provider: huawei, region: eu-de, auth: { type: token, domain: acme, user: eipbot, password: "${OTC_PASSWORD}", extra: 1 } }',
      '  tc: { provider: tencent, region: ap-guangzhou, auth: { secretId: "${TC_SECRET_ID}", secretKey: "${TC_SECRET_KEY}" }, rateLimit: -1 }',
      '',
    ].join('\n');
    let error: unknown;
    try {
      loadConfig({ path: files.write(text), env: TEST_ENV, cwd: files.dir });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(4);
    expectNoSecret([(error as ConfigError).userMessage, JSON.stringify(error), inspect(error, { depth: Infinity })].join('\n'));
    expectNoSecret(logLines((logger) => logger.error({ err: error }, 'config rejected')));
  });
});
