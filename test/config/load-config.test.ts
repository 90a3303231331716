import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configDir, problemsOf, revealSecrets, TEST_ENV } from './config-files.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/config');
const files = configDir();
afterAll(() => files.remove());

const MINIMAL = [
  'policy: { approvers: [U0APPROVER1] }',
  'accounts:',
  '  hw: { provider: huawei, region: cn-north-4, projectId: 0123456789abcdef0123456789abcdef, auth: { type: aksk, accessKey: "${HW_AK}", secretKey: "${HW_SK}" } }',
  '',
].join('\n');

describe('loading eipbot.yml', () => {
  it('loads the complete example into exactly the expected values', () => {
    const config = loadConfig({ path: join(FIXTURES, 'good.yml'), env: TEST_ENV, cwd: '/srv/eipbot' });
    expect(revealSecrets(config)).toStrictEqual({
      store: 'sqlite:///srv/eipbot/data/eipbot.sqlite',
      defaultAccount: 'hw-prod',
      audit: { channel: 'C0AUDIT01', file: '/srv/eipbot/data/audit.jsonl' },
      execution: { waitTimeout: 300_000, leaseTtl: 30_000 },
      policy: {
        approvers: ['U0APPROVER1', 'S0NETOPS'],
        approvals: 1,
        allowSelfApproval: false,
        requireReason: true,
        ttl: 900_000,
        channels: ['C0OPS0001', 'C0INCIDENT1'],
        requesters: [],
        incident: { channels: ['C0INCIDENT1'], namePattern: '^inc-', approvals: 1, allowSelfApproval: true, ttl: 300_000 },
      },
      accounts: {
        'hw-prod': {
          provider: 'huawei',
          api: 'v3',
          region: 'cn-north-4',
          projectId: '0123456789abcdef0123456789abcdef',
          auth: {
            type: 'aksk',
            accessKey: `secret:${TEST_ENV.HW_AK}`,
            secretKey: `secret:${TEST_ENV.HW_SK}`,
          },
          endpoints: {
            vpc: 'https://vpc.cn-north-4.myhuaweicloud.com',
            ecs: 'https://ecs.cn-north-4.myhuaweicloud.com',
            iam: 'https://iam.cn-north-4.myhuaweicloud.com',
          },
        },
        'otc-token': {
          provider: 'huawei',
          api: 'v1',
          region: 'eu-de',
          auth: { type: 'token', domain: 'acme', user: 'eipbot', password: `secret:${TEST_ENV.OTC_PASSWORD}` },
          endpoints: {
            vpc: 'https://vpc.eu-de.otc.t-systems.com',
            ecs: 'https://ecs.eu-de.otc.t-systems.com',
            iam: 'https://iam.eu-de.otc.t-systems.com',
          },
          policy: { approvers: ['U0APPROVER1', 'U0APPROVER2'], approvals: 2 },
          rateLimit: 5,
        },
        'tc-prod': {
          provider: 'tencent',
          api: 'v3',
          region: 'ap-guangzhou',
          auth: {
            secretId: `secret:${TEST_ENV.TC_SECRET_ID}`,
            secretKey: `secret:${TEST_ENV.TC_SECRET_KEY}`,
          },
          endpoints: { vpc: 'https://vpc.tencentcloudapi.com', eip: 'https://eip.api.qcloud.com' },
        },
      },
    });
  });

  it('fills in every default a minimal file leaves out', () => {
    const config = loadConfig({ path: files.write(MINIMAL), env: TEST_ENV, cwd: '/srv/eipbot' });
    expect(config).toMatchObject({
      store: 'sqlite:///srv/eipbot/data/eipbot.sqlite',
      audit: {},
      execution: { waitTimeout: 300_000, leaseTtl: 30_000 },
      policy: { approvals: 1, allowSelfApproval: false, requireReason: false, ttl: 900_000, channels: [], requesters: [], incident: { channels: [] } },
      accounts: {
        hw: { api: 'v1', endpoints: { vpc: 'https://vpc.cn-north-4.myhuaweicloud.com', ecs: 'https://ecs.cn-north-4.myhuaweicloud.com', iam: 'https://iam.cn-north-4.myhuaweicloud.com' } },
      },
    });
    expect(config.defaultAccount).toBeUndefined();
  });

  it('fills in the Tencent API 3.0 defaults and drops trailing slashes from endpoints', () => {
    const text = MINIMAL.replace(
      /  hw: .*\n/,
      '  tc: { provider: tencent, region: ap-guangzhou, auth: { secretId: a, secretKey: b }, endpoints: { eip: "http://127.0.0.1:8080/eip/" } }\n',
    );
    const config = loadConfig({ path: files.write(text), env: {}, cwd: files.dir });
    expect(config.accounts.tc).toMatchObject({ api: 'v3', endpoints: { vpc: 'https://vpc.tencentcloudapi.com', eip: 'http://127.0.0.1:8080/eip' } });
  });

  it('reads the file named by EIPBOT_CONFIG, relative to the working directory', () => {
    files.write(MINIMAL, 'from-env.yml');
    const config = loadConfig({ env: { ...TEST_ENV, EIPBOT_CONFIG: 'from-env.yml' }, cwd: files.dir });
    expect(Object.keys(config.accounts)).toEqual(['hw']);
  });

  it('reads ./eipbot.yml in the working directory when nothing names a file', () => {
    const cwd = join(files.dir, 'default');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'eipbot.yml'), MINIMAL);
    expect(Object.keys(loadConfig({ env: TEST_ENV, cwd }).accounts)).toEqual(['hw']);
  });

  it('says which file is missing and how it was chosen', () => {
    const missing = join(files.dir, 'nowhere');
    mkdirSync(missing);
    expect(problemsOf(undefined, TEST_ENV, missing)).toEqual([
      `config file ${missing}/eipbot.yml does not exist; create it, or set EIPBOT_CONFIG to the file's path`,
    ]);
    expect(problemsOf(undefined, { EIPBOT_CONFIG: 'conf/bot.yml' }, missing)).toEqual([
      `config file ${missing}/conf/bot.yml (from EIPBOT_CONFIG) does not exist`,
    ]);
    expect(problemsOf('other.yml', { EIPBOT_CONFIG: 'conf/bot.yml' }, missing)).toEqual([`config file ${missing}/other.yml does not exist`]);
  });

  it('says so when the config path is a directory', () => {
    expect(problemsOf(files.dir, TEST_ENV, files.dir)).toEqual([`config file ${files.dir} is a directory; name the YAML file in it`]);
  });

  it('lets EIPBOT_STORE override the store of the file, keeping a Redis URL as written', () => {
    const path = files.write(`store: sqlite://./file.sqlite\n${MINIMAL}`);
    const redis = 'redis://:p%40ss@10.0.0.5:6380/2?prefix=team-a:';
    expect(loadConfig({ path, env: { ...TEST_ENV, EIPBOT_STORE: redis }, cwd: files.dir }).store).toBe(redis);
    expect(loadConfig({ path, env: { ...TEST_ENV, EIPBOT_STORE: 'sqlite://state/bot.sqlite' }, cwd: '/srv/eipbot' }).store).toBe(
      'sqlite:///srv/eipbot/state/bot.sqlite',
    );
  });

  it('resolves relative store and audit paths from the working directory and keeps absolute ones', () => {
    const relative = files.write(`store: sqlite://./state/../data/bot.sqlite\naudit: { file: logs/audit.jsonl }\n${MINIMAL}`);
    expect(loadConfig({ path: relative, env: TEST_ENV, cwd: '/srv/eipbot' })).toMatchObject({
      store: 'sqlite:///srv/eipbot/data/bot.sqlite',
      audit: { file: '/srv/eipbot/logs/audit.jsonl' },
    });
    const absolute = files.write(`store: sqlite:///var/lib/eipbot/bot.sqlite\naudit: { file: /var/log/eipbot/audit.jsonl }\n${MINIMAL}`);
    expect(loadConfig({ path: absolute, env: TEST_ENV, cwd: '/srv/eipbot' })).toMatchObject({
      store: 'sqlite:///var/lib/eipbot/bot.sqlite',
      audit: { file: '/var/log/eipbot/audit.jsonl' },
    });
  });

  it('replaces references inside longer values and keeps $${VAR} as a literal ${VAR}', () => {
    const text = MINIMAL.replace(
      /  hw: .*\n/,
      () => '  otc: { provider: huawei, region: eu-de, auth: { type: token, domain: "${TEAM}-domain", user: "svc-${TEAM}-${STAGE}", password: "$${NOT_A_VAR}$$x" } }\n',
    );
    const config = loadConfig({ path: files.write(text), env: { TEAM: 'netops', STAGE: 'prod' }, cwd: files.dir });
    expect(revealSecrets(config.accounts.otc?.auth)).toEqual({
      type: 'token',
      domain: 'netops-domain',
      user: 'svc-netops-prod',
      password: 'secret:${NOT_A_VAR}$$x',
    });
  });

  it('never lets the content of a variable change the structure of the file', () => {
    const hostile = 'x\nallowSelfApproval: true\nextra: { a: 1 }';
    const config = loadConfig({ path: files.write(MINIMAL), env: { ...TEST_ENV, HW_SK: hostile }, cwd: files.dir });
    expect(revealSecrets(config.accounts.hw?.auth)).toMatchObject({ secretKey: `secret:${hostile}` });
    expect(config.policy.allowSelfApproval).toBe(false);
  });

  it('does not interpolate keys or comments', () => {
    const text = `# \${UNSET_IN_COMMENT} is fine here\n${MINIMAL}`;
    expect(Object.keys(loadConfig({ path: files.write(text), env: TEST_ENV, cwd: files.dir }).accounts)).toEqual(['hw']);
    expect(problemsOf(files.write(`\${UNSET_KEY}: 1\n${MINIMAL}`), TEST_ENV, files.dir)).toEqual([
      'unknown key at the top level: "${UNSET_KEY}"; the keys allowed here are store, defaultAccount, audit, execution, policy, accounts',
    ]);
  });

  it('shares a policy between accounts through a YAML anchor and merge key', () => {
    const text = [
      'policy: { approvers: [U0APPROVER1] }',
      'x-strict: &strict { approvals: 2, approvers: [U0APPROVER1, U0APPROVER2] }',
      'accounts:',
      '  hw: { provider: huawei, region: cn-north-4, auth: { type: token, domain: d, user: u, password: p }, policy: { <<: *strict, requireReason: true } }',
      '',
    ].join('\n');
    expect(problemsOf(files.write(text), {}, files.dir)).toEqual([
      'unknown key at the top level: "x-strict"; the keys allowed here are store, defaultAccount, audit, execution, policy, accounts',
    ]);
    const anchoredInPolicy = text.replace('x-strict: &strict { approvals: 2, approvers: [U0APPROVER1, U0APPROVER2] }\n', '').replace(
      'policy: { approvers: [U0APPROVER1] }',
      'policy: &strict { approvers: [U0APPROVER1, U0APPROVER2], approvals: 2 }',
    );
    const config = loadConfig({ path: files.write(anchoredInPolicy), env: {}, cwd: files.dir });
    expect(config.accounts.hw?.policy).toEqual({ approvers: ['U0APPROVER1', 'U0APPROVER2'], approvals: 2, requireReason: true });
  });
});

describe('loading hostile files', () => {
  it('reports the empty file and the minimum it needs', () => {
    const empty = join(FIXTURES, 'empty.yml');
    expect(problemsOf(empty, TEST_ENV, files.dir)).toEqual([
      `${empty} is empty; the minimum is an accounts: section with one account (provider, region and auth)`,
    ]);
    const onlyComments = files.write('# accounts:\n#   hw: …\n');
    expect(problemsOf(onlyComments, TEST_ENV, files.dir)).toEqual([
      `${onlyComments} is empty; the minimum is an accounts: section with one account (provider, region and auth)`,
    ]);
  });

  it('reports the malformed file with the line and column of the mistake', () => {
    expect(problemsOf(join(FIXTURES, 'malformed.yml'), TEST_ENV, files.dir)).toEqual(['line 5, column 1: All mapping items must start at the same column']);
  });

  it('treats the evil file as data: the code tag is refused and nothing is polluted', () => {
    expect(problemsOf(join(FIXTURES, 'evil.yml'), TEST_ENV, files.dir)).toEqual([
      'line 3, column 7: Unresolved tag: tag:yaml.org,2002:js/function; remove the tag: eipbot.yml holds plain values only',
      'unknown keys at the top level: "evil" and "__proto__"; the keys allowed here are store, defaultAccount, audit, execution, policy, accounts',
      'accounts.constructor.provider: is required: huawei or tencent',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [index, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const previous = String.fromCharCode('a'.charCodeAt(0) + index);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    expect(problemsOf(files.write(`${levels.join('\n')}\n`), TEST_ENV, files.dir)).toEqual([
      'cannot expand the YAML aliases (*name): Excessive alias count indicates a resource exhaustion attack',
    ]);
  });

  it('refuses a file that is a list rather than a mapping', () => {
    const path = files.write('- accounts\n- policy\n');
    expect(problemsOf(path, TEST_ENV, files.dir)).toEqual([`${path} must be a mapping of keys to values (store:, policy:, accounts: …), not a list`]);
  });

  it('refuses a file far larger than any config without parsing it', () => {
    const text = `# ${'x'.repeat(1024 * 1024)}\n${MINIMAL}`;
    const path = files.write(text);
    expect(problemsOf(path, TEST_ENV, files.dir)).toEqual([`${path} is ${Buffer.byteLength(text)} bytes; a config file is at most 1048576 bytes`]);
  });
});
