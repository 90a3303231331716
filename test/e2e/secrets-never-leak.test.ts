import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultHuaweiSeed } from '../../src/sandbox/huawei/default-seed.js';
import { SANDBOX_TENCENT_SECRET_ID, SANDBOX_TENCENT_SECRET_KEY } from '../../src/sandbox/tencent/default-tencent-seed.js';
import { BOT_TOKEN, HW, PEOPLE, SIGNING_SECRET, SlackBotHarness, TC } from '../support/slack-bot-harness.js';

const [aksk] = defaultHuaweiSeed.credentials.aksk;
const [iamUser] = defaultHuaweiSeed.credentials.users;
if (aksk === undefined || iamUser === undefined) throw new Error('the default Huawei seed has no credentials');

/** A secret key the simulator does not know: signing with it fails, and the failure is shown to the user. */
const WRONG_SECRET_KEY = 'WrongSecretKey00000000000000000000000099';
/** Every IAM token the Huawei simulator issues starts with this (src/sandbox/huawei/simulator-state.ts). */
const SIMULATOR_TOKEN_PREFIX = 'MIIsim';

const SECRETS: Record<string, string> = {
  'Huawei secret key': aksk.secretKey,
  'Huawei access key (unmasked)': aksk.accessKey,
  'Huawei IAM password': iamUser.password,
  'Huawei wrong secret key': WRONG_SECRET_KEY,
  'Huawei IAM token': SIMULATOR_TOKEN_PREFIX,
  'Tencent SecretKey': SANDBOX_TENCENT_SECRET_KEY,
  'Tencent SecretId (unmasked)': SANDBOX_TENCENT_SECRET_ID,
  'Slack bot token': BOT_TOKEN,
  'Slack signing secret': SIGNING_SECRET,
};

let harness: SlackBotHarness;

beforeEach(async () => {
  harness = await SlackBotHarness.start({
    accounts: ({ huawei }) => ({
      'hw-token': {
        provider: 'huawei',
        api: 'v1',
        region: 'cn-north-4',
        auth: { type: 'token', domain: iamUser.domain, user: iamUser.user, password: iamUser.password },
        endpoints: { vpc: huawei, ecs: huawei, iam: huawei },
      },
      'hw-badkey': {
        provider: 'huawei',
        api: 'v1',
        region: 'cn-north-4',
        projectId: defaultHuaweiSeed.projectId,
        auth: { type: 'aksk', accessKey: aksk.accessKey, secretKey: WRONG_SECRET_KEY },
        endpoints: { vpc: huawei, ecs: huawei, iam: huawei },
      },
    }),
  });
});

afterEach(async () => {
  await harness.close();
});

/** Approves a change as the approver and waits until it is finished everywhere (card, thread, audit). */
async function approveNext(afterSeq: number): Promise<void> {
  const id = await harness.nextRequestId(afterSeq);
  await harness.click(await harness.card(id), 'eip_approve', PEOPLE.approver);
  await harness.fake.waitForCall((call) => call.method === 'chat.update' && String(call.args.text).startsWith(`${id}:`) && /\((succeeded|failed)\)$/.test(String(call.args.text)));
  await harness.settled();
}

describe('secrets in a full run', () => {
  it('never appear in logs, audit records or any Slack payload, even when a credential is refused', async () => {
    const acks: string[] = [];
    const run = async (text: string) => {
      const seq = harness.fake.calls().length;
      acks.push((await harness.command(text)).response.body);
      return seq;
    };

    await approveNext(await run(`unbind ${HW.bound.address} --reason "INC-42 rotate"`));
    await approveNext(await run(`unbind ${TC.web1.address} --account tc-prod --reason "INC-42 rotate"`));
    await approveNext(await run(`bind ${HW.free.address} ${HW.webServer} --account hw-token --reason "restore service"`));
    await run(`show ${HW.free.address} --account hw-badkey`);
    await harness.ephemeral(PEOPLE.requester, /authentication|signature|credential/i);
    await harness.settled();

    const logs = harness.logs.raw();
    const audit = (await harness.store.log('audit').read(0)).join('\n');
    const slack = JSON.stringify(harness.fake.calls()) + acks.join('\n');

    // The run really happened: the token account logged in, the bad key was refused, every change is on record.
    expect(harness.huawei.stats.count('POST auth/tokens')).toBeGreaterThanOrEqual(1);
    expect(audit.match(/"type":"succeeded"/g)).toHaveLength(3);
    expect(logs.length).toBeGreaterThan(1_000);

    for (const [what, value] of Object.entries(SECRETS)) {
      expect(logs.includes(value), `${what} in the logs`).toBe(false);
      expect(audit.includes(value), `${what} in the audit log`).toBe(false);
      expect(slack.includes(value), `${what} in a Slack payload`).toBe(false);
    }
  });
});
