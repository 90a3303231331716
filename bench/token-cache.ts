import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '../src/config/secret.js';
import { defaultHuaweiSeed } from '../src/sandbox/huawei/default-seed.js';
import { SANDBOX_CHANNELS, SANDBOX_USERS } from '../src/sandbox/sandbox-slack.js';
import { SlackRequestSigner } from '../src/sandbox/slack/signed-request.js';
import { BotProcess } from '../test/support/bot-process.js';
import { redisUnderOwnPrefix } from '../test/support/redis-prefix.js';
import { measuredOn, type Bench } from './support/bench.js';
import { loadAgent, post } from './support/fire.js';
import { Resources } from './support/resources.js';
import { World } from './support/world.js';

const BOT_TOKEN = 'xoxb-bench-token-cache-01';
const SIGNING_SECRET = 'bench-token-cache-signing-secret';
/** Huawei calls the two bots make between them, at least. */
const CALLS = 1_000;
/** `/eip show` commands in flight per bot. */
const IN_FLIGHT = 20;
/** The sandbox project's unbound EIP: one GET per show (a bound one also reads its port). */
const EIP = '2ec9b78d-9368-46f3-8f29-d1a95622a568';

/**
 * Benchmark 4: two real eipbot processes (src/main.ts, HTTP mode) share one Redis store,
 * and their Huawei account authenticates with an IAM token. Both start cold and at once
 * answer `/eip show` commands whose Huawei calls need that token, until the simulator has
 * served 1,000 of them; the simulator counts the `POST /v3/auth/tokens` it received.
 */
export const tokenCacheBench: Bench = {
  name: 'token',
  title: 'IAM token cache: two processes, one Redis',
  async run(say) {
    const resources = new Resources();
    try {
      const world = resources.add(await World.start({ botToken: BOT_TOKEN, huaweiDelays: { bindMs: 0, unbindMs: 0, createMs: 0 } }), (w) => w.close());
      const redis = redisUnderOwnPrefix('bench-token');
      resources.add(redis, (r) => r.remove());
      const root = resources.add(await mkdtemp(join(tmpdir(), 'eipbot-bench-token-')), (path) => rm(path, { recursive: true, force: true }));
      const [user] = defaultHuaweiSeed.credentials.users;
      const url = world.urls.huaweiUrl;
      const bots = await Promise.all(
        ['replica-a', 'replica-b'].map(async (name) => {
          const dir = join(root, name);
          await mkdir(dir);
          return resources.add(
            await BotProcess.start({
              dir,
              config: {
                store: redis.url,
                defaultAccount: 'hw-token',
                policy: { approvers: [SANDBOX_USERS.approver.id] },
                accounts: {
                  'hw-token': {
                    provider: 'huawei',
                    api: 'v3',
                    region: defaultHuaweiSeed.projectName,
                    projectId: defaultHuaweiSeed.projectId,
                    auth: { type: 'token', domain: user?.domain, user: user?.user, password: '${HW_PASSWORD}' },
                    endpoints: { vpc: url, ecs: url, iam: url },
                  },
                },
              },
              env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: world.urls.slackApiUrl, HW_PASSWORD: user?.password ?? '' },
            }),
            (bot) => bot.stop(),
          );
        }),
      );
      const before = await world.huaweiCalls();
      if (before.total !== 0) throw new Error(`the bots called Huawei ${before.total} times while starting`);
      const signer = new SlackRequestSigner({ signingSecret: Secret.of(SIGNING_SECRET), team: world.urls.team });
      const agent = resources.add(loadAgent(IN_FLIGHT * bots.length), (a) => a.destroy());
      const seq = await world.seq();
      let sent = 0;
      // Each show is one authenticated call; both bots are sent commands at once from the first one.
      await Promise.all(
        bots.flatMap((bot) =>
          Array.from({ length: IN_FLIGHT }, async () => {
            while (sent < CALLS) {
              sent += 1;
              const [responseUrl] = await world.responseUrls(1, SANDBOX_CHANNELS.ops.id, SANDBOX_USERS.requester.id);
              const answer = await post(
                `${bot.url}/slack/events`,
                signer.slashCommand({ text: `show ${EIP}`, user: SANDBOX_USERS.requester, channel: SANDBOX_CHANNELS.ops, responseUrl: responseUrl ?? '' }),
                agent,
              );
              if (answer.status !== 200) throw new Error(`a bot answered ${answer.status}: ${answer.body}`);
            }
          }),
        ),
      );
      await world.until(() => world.count('response_url', seq), (count) => count >= CALLS, 300_000);
      const calls = await world.huaweiCalls();
      const served = calls.total - calls.tokenRequests;
      say(`${served} authenticated Huawei calls from 2 processes, ${calls.tokenRequests} token requests`);
      if (served < CALLS) throw new Error(`the simulator served only ${served} calls`);
      const met = calls.tokenRequests === 1;
      const verdict = `POST /v3/auth/tokens received: ${calls.tokenRequests} for ${served} calls from 2 processes; goal 1: ${met ? 'met' : 'MISSED'}`;
      const markdown = `## 4. IAM token cache: two processes, one Redis

${measuredOn()}

Two real eipbot processes (\`src/main.ts\`, HTTP mode) share one Redis store (127.0.0.1:6379, a key
prefix of their own, removed afterwards); their Huawei account (EIP v3) authenticates with an IAM
token (domain/user/password). Both start cold, then answer ${CALLS} \`/eip show <eip>\` slash commands sent to
both at once (${IN_FLIGHT} in flight per process), each one an authenticated \`GET\` of the EIP that needs the
token. The Huawei simulator served **${served}** authenticated calls (${JSON.stringify(calls.byOperation)})
and received **${calls.tokenRequests}** \`POST /v3/auth/tokens\`.

Goal: 1 token request — **${met ? 'met' : 'missed'}**.
`;
      return { markdown, verdict };
    } finally {
      await resources.close();
    }
  },
};
