import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/config/read-config-file.js';
import { renderConfig } from '../../src/config/render-config.js';
import { configDir, problemsOf, revealSecrets, TEST_ENV } from './config-files.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/config');
const files = configDir();
afterAll(() => files.remove());

/** The rendering without its first line, which names the file it came from. */
function body(rendered: string): string {
  return rendered.split('\n').slice(1).join('\n');
}

/**
 * Round-tripping, as defined for eipbot.yml: render the loaded config, load the
 * rendering with the same environment, and get the same config (credentials compared
 * by value); rendering that again gives the same text.
 */
function roundTrip(path: string, env: Record<string, string>) {
  const first = readConfigFile({ path, env, cwd: files.dir });
  const rendered = renderConfig(first);
  const second = readConfigFile({ path: files.write(rendered), env, cwd: files.dir });
  return { first, rendered, second, again: renderConfig(second) };
}

describe('printing the effective config', () => {
  it('round-trips the complete example: the printed config loads back to the same config', () => {
    const { first, rendered, second, again } = roundTrip(join(FIXTURES, 'good.yml'), TEST_ENV);
    expect(revealSecrets(second.config)).toStrictEqual(revealSecrets(first.config));
    expect(body(again)).toBe(body(rendered));
  });

  it('shows every default, derived endpoint and absolute path, with durations in units', () => {
    const path = files.write(
      'policy: { approvers: [U0APPROVER1] }\naccounts:\n  otc: { provider: huawei, region: eu-de, auth: { type: token, domain: acme, user: eipbot, password: "${OTC_PASSWORD}" } }\n',
    );
    const rendered = renderConfig(readConfigFile({ path, env: TEST_ENV, cwd: '/srv/eipbot' }));
    expect(body(rendered)).toBe(
      [
        '',
        'store: sqlite:///srv/eipbot/data/eipbot.sqlite',
        'audit: {}',
        'execution:',
        '  waitTimeout: 5m',
        '  leaseTtl: 30s',
        'policy:',
        '  approvers: [ U0APPROVER1 ]',
        '  approvals: 1',
        '  allowSelfApproval: false',
        '  requireReason: false',
        '  ttl: 15m',
        '  channels: []',
        '  requesters: []',
        '  incident:',
        '    channels: []',
        'accounts:',
        '  otc:',
        '    provider: huawei',
        '    api: v1',
        '    region: eu-de',
        '    auth:',
        '      type: token',
        '      domain: acme',
        '      user: eipbot',
        '      password: ${OTC_PASSWORD}',
        '    endpoints:',
        '      vpc: https://vpc.eu-de.otc.t-systems.com',
        '      ecs: https://ecs.eu-de.otc.t-systems.com',
        '      iam: https://iam.eu-de.otc.t-systems.com',
        '',
      ].join('\n'),
    );
  });

  it('shows credentials only as the variables they came from, never their values', () => {
    const rendered = renderConfig(readConfigFile({ path: join(FIXTURES, 'good.yml'), env: TEST_ENV, cwd: files.dir }));
    for (const secret of Object.values(TEST_ENV)) expect(rendered).not.toContain(secret);
    expect(rendered).toContain('secretKey: ${HW_SK}');
    expect(rendered).toContain('secretId: ${TC_SECRET_ID}');
  });

  it('redacts a credential written in the file, and the printed placeholder refuses to load', () => {
    const path = files.write(
      [
        'policy: { approvers: [U0APPROVER1] }',
        'accounts:',
        '  tc: { provider: tencent, region: ap-guangzhou, auth: { secretId: AKIDinlineSecretId, secretKey: "prefix-${TC_SECRET_KEY}" } }',
        '',
      ].join('\n'),
    );
    const rendered = renderConfig(readConfigFile({ path, env: TEST_ENV, cwd: files.dir }));
    expect(rendered).toContain('secretId: AKID…');
    expect(rendered).toContain('secretKey: "[redacted]"');
    expect(rendered).not.toContain('AKIDinlineSecretId');
    expect(rendered).not.toContain(TEST_ENV.TC_SECRET_KEY);
    const placeholder = 'is a redacted placeholder, as eipbot config check --print shows credentials; put the real value here, preferably as ${VAR}';
    expect(problemsOf(files.write(rendered), TEST_ENV, files.dir)).toEqual([
      `accounts.tc.auth.secretId: ${placeholder}`,
      `accounts.tc.auth.secretKey: ${placeholder}`,
    ]);
  });

  it('keeps a literal ${…} literal through a round trip', () => {
    const path = files.write(
      'policy: { approvers: [U0APPROVER1] }\naccounts:\n  otc: { provider: huawei, region: eu-de, auth: { type: token, domain: "$${DOMAIN}", user: eipbot, password: "${OTC_PASSWORD}" } }\n',
    );
    const { first, rendered, second } = roundTrip(path, TEST_ENV);
    expect(rendered).toContain('domain: $${DOMAIN}');
    expect(revealSecrets(second.config)).toStrictEqual(revealSecrets(first.config));
    expect(revealSecrets(second.config.accounts.otc?.auth)).toMatchObject({ domain: '${DOMAIN}' });
  });

  it('hides the password of a Redis store, or shows the variable it came from', () => {
    const path = files.write(
      [
        'store: "redis://:hunter2@10.0.0.5:6379/0?prefix=ops:"',
        'policy: { approvers: [U0APPROVER1] }',
        'accounts:',
        '  tc: { provider: tencent, region: ap-guangzhou, auth: { secretId: "${TC_SECRET_ID}", secretKey: "${TC_SECRET_KEY}" } }',
        '',
      ].join('\n'),
    );
    const inline = renderConfig(readConfigFile({ path, env: TEST_ENV, cwd: files.dir }));
    expect(inline).toContain('store: "redis://:[redacted]@10.0.0.5:6379/0?prefix=ops:"');
    expect(inline).not.toContain('hunter2');
    const fromEnv = { ...TEST_ENV, EIPBOT_STORE: 'rediss://:s3cret@redis.internal:6380/1' };
    const { rendered, first, second } = roundTrip(path, fromEnv);
    expect(rendered).toContain('store: ${EIPBOT_STORE}');
    expect(rendered).not.toContain('s3cret');
    expect(second.config.store).toBe(first.config.store);
  });
});
