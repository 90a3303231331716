import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Secret } from '../../src/config/secret.js';
import { startHuaweiSimulator, type HuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import { SlackRequestSigner } from '../../src/sandbox/slack/signed-request.js';
import { SlackWebApiFake } from '../../src/sandbox/slack/web-api-fake.js';
import { freePort } from '../support/free-port.js';
import { HUAWEI_KEYS_ENV, HUAWEI_KEYS_FROM_ENV, sandboxHuaweiAccount } from '../support/sandbox-accounts.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(ROOT, 'src', 'main.ts');
const BOT_TOKEN = 'xoxb-main-process-test';
const SIGNING_SECRET = 'main-process-signing-secret';

interface Run {
  code: number | null;
  stderr: string;
  stdout: string;
}

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eipbot-main-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts `tsx src/main.ts` with exactly `env` (plus PATH), in the temp dir. */
function startMain(env: Record<string, string>) {
  const child = spawn(TSX, [MAIN], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<Run>((done) => child.on('exit', (code) => done({ code, stdout, stderr })));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

function stderrLines(run: Run): string[] {
  return run.stderr.split('\n').filter((line) => line.trim() !== '');
}

async function writeConfig(hwUrl: string, extra: Record<string, unknown> = {}): Promise<string> {
  const file = join(dir, 'eipbot.yml');
  await writeFile(
    file,
    stringify({
      defaultAccount: 'hw-prod',
      policy: { approvers: ['U0ALICE01'] },
      accounts: {
        'hw-prod': sandboxHuaweiAccount(hwUrl, HUAWEI_KEYS_FROM_ENV),
      },
      ...extra,
    }),
  );
  return file;
}

describe('the eipbot process', () => {
  it('prints one line per missing setting, env and config alike, and exits 2 without a stack trace', async () => {
    const run = await startMain({}).exited;
    expect(run.code).toBe(2);
    expect(stderrLines(run)).toEqual([
      'eipbot: SLACK_BOT_TOKEN is not set: give it the bot token (xoxb-…) from OAuth & Permissions → Bot User OAuth Token',
      'eipbot: SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify that requests come from Slack (Basic Information → App Credentials → Signing Secret); or set SLACK_APP_TOKEN to use Socket Mode',
      `eipbot: config file ${join(dir, 'eipbot.yml')} does not exist; create it, or set EIPBOT_CONFIG to the file's path`,
    ]);
    expect(run.stdout).toBe('');
  });

  it('names each contradictory or malformed setting once, on its own line, and exits 2', async () => {
    const file = await writeConfig('http://127.0.0.1:9', { aprovers: ['U0ALICE01'] });
    const run = await startMain({
      SLACK_BOT_TOKEN: 'xapp-1-A0-123-abc',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: '99999',
      LOG_LEVEL: 'loud',
      EIPBOT_CONFIG: file,
    }).exited;
    expect(run.code).toBe(2);
    const lines = stderrLines(run);
    expect(lines.slice(0, 3)).toEqual([
      'eipbot: SLACK_BOT_TOKEN holds an app-level token (xapp-…), but it must be a bot token (xoxb-…); take it from OAuth & Permissions → Bot User OAuth Token',
      'eipbot: PORT must be a whole number from 1 to 65535, not "99999"',
      'eipbot: LOG_LEVEL must be debug, info, warn or error, not "loud"',
    ]);
    // The config loader words its own problems (test/config has them exactly); here: one line each, after the env's.
    expect(lines.slice(3)).toEqual([
      expect.stringMatching(/^eipbot: .*"aprovers"/),
      expect.stringMatching(/^eipbot: accounts\.hw-prod\.auth\.accessKey: .*HW_AK/),
      expect.stringMatching(/^eipbot: accounts\.hw-prod\.auth\.secretKey: .*HW_SK/),
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  describe('with Slack and a cloud to talk to', () => {
    let fake: SlackWebApiFake;
    let huawei: HuaweiSimulator;

    beforeEach(async () => {
      fake = await SlackWebApiFake.start({
        botToken: Secret.of(BOT_TOKEN),
        channels: [{ id: 'C0OPS0001', name: 'ops', isPrivate: false }],
        users: [{ id: 'U0RITA001', name: 'rita', realName: 'Rita', isBot: false }],
      });
      huawei = await startHuaweiSimulator();
    });

    afterEach(async () => {
      await Promise.all([fake.close(), huawei.close()]);
    });

    function botEnv(file: string, port: number, token = BOT_TOKEN): Record<string, string> {
      return {
        SLACK_BOT_TOKEN: token,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        EIPBOT_CONFIG: file,
        EIPBOT_STORE: `sqlite://${join(dir, 'eipbot.sqlite')}`,
        ...HUAWEI_KEYS_ENV,
        LOG_LEVEL: 'warn',
      };
    }

    it('exits 2 naming SLACK_BOT_TOKEN when Slack refuses the token', async () => {
      const run = await startMain(botEnv(await writeConfig(huawei.url), await freePort(), 'xoxb-revoked-token')).exited;
      expect(run.code).toBe(2);
      expect(stderrLines(run)).toEqual([
        'eipbot: SLACK_BOT_TOKEN: Slack refused the bot token (invalid_auth); copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions, and reinstall the app if it was revoked',
      ]);
    });

    it('serves Slack and its health routes, and stops gracefully on SIGTERM with exit code 0', async () => {
      const port = await freePort();
      const main = startMain(botEnv(await writeConfig(huawei.url), port));
      const base = `http://127.0.0.1:${port}`;
      let healthy = false;
      while (!healthy) {
        const early = await Promise.race([main.exited, new Promise<undefined>((done) => setTimeout(() => done(undefined), 100))]);
        if (early !== undefined) throw new Error(`eipbot exited early (${early.code}): ${early.stderr}`);
        healthy = await fetch(`${base}/healthz`).then((response) => response.ok, () => false);
      }
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ store: 'ok', slack: 'ok' });

      const signer = new SlackRequestSigner({ signingSecret: Secret.of(SIGNING_SECRET), team: { id: fake.team.id, domain: fake.team.domain } });
      const responseUrl = fake.createResponseUrl({ channel: 'C0OPS0001', user: 'U0RITA001' });
      const ack = await signer.post(
        `${base}/slack/events`,
        signer.slashCommand({ text: 'show 203.0.113.162', user: { id: 'U0RITA001', name: 'rita' }, channel: { id: 'C0OPS0001', name: 'ops' }, responseUrl }),
      );
      expect(ack.status).toBe(200);
      const answer = await fake.waitForCall((call) => call.method === 'response_url');
      expect(answer.args.text).toBe('203.0.113.162 on hw-prod: bound');

      main.child.kill('SIGTERM');
      const run = await main.exited;
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
    });
  });
});
