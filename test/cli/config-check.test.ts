import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config/load-config.js';
import { TEST_ENV } from '../config/config-files.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/config');
const dir = mkdtempSync(join(tmpdir(), 'eipbot-config-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD_OK = 'OK: 3 accounts (hw-prod: huawei v3 cn-north-4, otc-token: huawei v1 eu-de, tc-prod: tencent v3 ap-guangzhou)';

async function eipbot(args: string[], env: Record<string, string> = TEST_ENV, cwd = dir) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), env, cwd });
  return { code, stdout, stderr };
}

describe('eipbot config check', () => {
  it('prints OK with the provider, API and region of each account, and exits 0', async () => {
    expect(await eipbot(['config', 'check', join(FIXTURES, 'good.yml')])).toEqual({ code: 0, stdout: [GOOD_OK], stderr: [] });
  });

  it('checks the file the bot would read: EIPBOT_CONFIG, else ./eipbot.yml, relative to the working directory', async () => {
    copyFileSync(join(FIXTURES, 'good.yml'), join(dir, 'bot.yml'));
    expect(await eipbot(['config', 'check'], { ...TEST_ENV, EIPBOT_CONFIG: 'bot.yml' })).toEqual({ code: 0, stdout: [GOOD_OK], stderr: [] });
    writeFileSync(
      join(dir, 'eipbot.yml'),
      'policy: { approvers: [S0NETOPS] }\naccounts:\n  tc: { provider: tencent, api: legacy, region: ap-beijing, auth: { secretId: "${TC_SECRET_ID}", secretKey: "${TC_SECRET_KEY}" } }\n',
    );
    expect(await eipbot(['config', 'check'])).toEqual({ code: 0, stdout: ['OK: 1 account (tc: tencent legacy ap-beijing)'], stderr: [] });
  });

  it('prints every problem, one per line, and exits 1', async () => {
    const { HW_SK: _unset, ...env } = TEST_ENV;
    const path = join(dir, 'two-problems.yml');
    writeFileSync(
      path,
      'policy: { aprovers: [U0APPROVER1] }\naccounts:\n  hw: { provider: huawei, region: cn-north-4, projectId: 0123456789abcdef0123456789abcdef, auth: { type: aksk, accessKey: "${HW_AK}", secretKey: "${HW_SK}" } }\n',
    );
    expect(await eipbot(['config', 'check', path], env)).toEqual({
      code: 1,
      stdout: ['policy: unknown key "aprovers" (did you mean "approvers"?)', 'accounts.hw.auth.secretKey: environment variable HW_SK is not set'],
      stderr: [],
    });
  });

  it('names a missing file and exits 1', async () => {
    expect(await eipbot(['config', 'check', 'nope.yml'])).toEqual({ code: 1, stdout: [`config file ${dir}/nope.yml does not exist`], stderr: [] });
  });

  it('reports the hostile fixtures as problems, never as a crash', async () => {
    for (const name of ['evil.yml', 'malformed.yml', 'empty.yml']) {
      const result = await eipbot(['config', 'check', join(FIXTURES, name)]);
      expect(result.code).toBe(1);
      expect(result.stdout.length).toBeGreaterThan(0);
      expect(result.stderr).toEqual([]);
    }
  });

  it('with --print, writes the effective config as YAML that loads back, and the OK line to stderr', async () => {
    const { code, stdout, stderr } = await eipbot(['config', 'check', '--print', join(FIXTURES, 'good.yml')]);
    expect(code).toBe(0);
    expect(stderr).toEqual([GOOD_OK]);
    expect(stdout).toHaveLength(1);
    for (const secret of Object.values(TEST_ENV)) expect(stdout[0]).not.toContain(secret);
    const saved = join(dir, 'printed.yml');
    writeFileSync(saved, `${stdout[0]}\n`);
    expect(Object.keys(loadConfig({ path: saved, env: TEST_ENV, cwd: dir }).accounts)).toEqual(['hw-prod', 'otc-token', 'tc-prod']);
  });

  it('refuses a second file or an unknown option with the usage, exiting 2', async () => {
    expect(await eipbot(['config', 'check', 'a.yml', 'b.yml'])).toEqual({
      code: 2,
      stdout: [],
      stderr: ['eipbot config check takes one file, but was given 2: a.yml b.yml', 'usage: eipbot config check [file] [--print]'],
    });
    expect(await eipbot(['config', 'check', '--verbose'])).toEqual({
      code: 2,
      stdout: [],
      stderr: ['eipbot config check: unknown option "--verbose"', 'usage: eipbot config check [file] [--print]'],
    });
  });

  it('shows its usage on --help and in the list of eipbot commands', async () => {
    expect(await eipbot(['config', 'check', '--help'])).toEqual({ code: 0, stdout: ['usage: eipbot config check [file] [--print]'], stderr: [] });
    const help = await eipbot(['help']);
    expect(help.stdout.join('\n')).toContain('eipbot config check [file] [--print]');
  });
});
