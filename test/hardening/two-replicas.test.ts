import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/open-audit-log.js';
import { systemClock } from '../../src/clock.js';
import { Secret } from '../../src/config/secret.js';
import { HuaweiOperation } from '../../src/providers/huawei/huawei-operations.js';
import { ChangeRequestStore } from '../../src/requests/change-request-store.js';
import { startHuaweiSimulator, type HuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import { findButton, SlackRequestSigner } from '../../src/sandbox/slack/signed-request.js';
import { SlackWebApiFake, type RecordedCall } from '../../src/sandbox/slack/web-api-fake.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { BotProcess } from '../support/bot-process.js';
import { redisUnderOwnPrefix } from '../support/redis-prefix.js';
import { keptLogs } from '../support/kept-logs.js';
import { HUAWEI_KEYS_ENV, HUAWEI_KEYS_FROM_ENV, sandboxHuaweiAccount } from '../support/sandbox-accounts.js';
import { CHANNELS, PEOPLE } from '../support/slack-bot-harness.js';

const REQUESTS = 200;
const BOT_TOKEN = 'xoxb-two-replicas-0001';
const SIGNING_SECRET = 'two-replicas-signing-secret-0123';
const REDIS = redisUnderOwnPrefix('test-hardening');
const WRITES: readonly string[] = [HuaweiOperation.associateV3, HuaweiOperation.disassociateV3];

/** The sandbox project's four EIPs, each flipped between bound and unbound by its own lane of requests. */
const LANES = [
  { id: 'f6318bef-6508-4ea5-a48f-6152b6b1a8fb', address: '203.0.113.162', port: 'a135e9b8-1630-40d2-a6c5-eb534a61efbe', bound: true },
  { id: '3f9a1c7e-5b2d-4e8f-a0c6-d4b2e8f1a3c5', address: '203.0.113.31', port: '8c4e2f1a-6d3b-4f7e-9a21-c5b8d0e3f472', bound: true },
  { id: '2ec9b78d-9368-46f3-8f29-d1a95622a568', address: '203.0.113.12', port: '02c72193-efec-42fb-853b-c33f2b802467', bound: false },
  { id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', address: '203.0.113.25', port: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9', bound: false },
];

const CARD = /^(R-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}): /;

let dir: string;
let fake: SlackWebApiFake;
let huawei: HuaweiSimulator;
let replicas: BotProcess[] = [];
let signer: SlackRequestSigner;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eipbot-replicas-'));
  fake = await SlackWebApiFake.start({
    botToken: Secret.of(BOT_TOKEN),
    channels: Object.values(CHANNELS).map((channel) => ({ ...channel, isPrivate: channel.id.startsWith('G') })),
    users: Object.values(PEOPLE).map((person) => ({ id: person.id, name: person.name, realName: person.name, isBot: false })),
  });
  huawei = await startHuaweiSimulator({ delays: { bindMs: 0, unbindMs: 0, createMs: 0 } });
  signer = new SlackRequestSigner({ signingSecret: Secret.of(SIGNING_SECRET), team: { id: fake.team.id, domain: fake.team.domain } });
  const config = {
    store: REDIS.url,
    defaultAccount: 'hw-prod',
    audit: { channel: CHANNELS.audit.id },
    execution: { leaseTtl: '5s' },
    policy: { approvers: [PEOPLE.approver.id] },
    accounts: {
      'hw-prod': sandboxHuaweiAccount(huawei.url, HUAWEI_KEYS_FROM_ENV),
    },
  };
  const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, ...HUAWEI_KEYS_ENV };
  replicas = await Promise.all(
    ['replica-a', 'replica-b'].map(async (name) => {
      const home = join(dir, name);
      await mkdir(home);
      return BotProcess.start({ dir: home, config, env, keepOutput: true });
    }),
  );
}, 90_000);

afterAll(async () => {
  const codes = await Promise.all(replicas.map((replica) => replica.stop()));
  await Promise.all([fake?.close(), huawei?.close()]);
  await REDIS.remove();
  await rm(dir, { recursive: true, force: true });
  expect(codes).toEqual(replicas.map(() => 0));
}, 60_000);

function isCardPost(call: RecordedCall, address: string): boolean {
  const text = String(call.args.text ?? '');
  return call.method === 'chat.postMessage' && call.outcome === 'ok' && call.args.thread_ts === undefined && CARD.test(text) && text.includes(` ${address} `) && text.endsWith('(pending)');
}

/** One change through the whole flow: the command to one replica, the same Approve click to both at once, the final result. */
async function change(lane: (typeof LANES)[number], index: number): Promise<string> {
  const since = fake.calls().at(-1)?.seq ?? 0;
  const text = lane.bound ? `unbind ${lane.address}` : `bind ${lane.address} port:${lane.port}`;
  const to = replicas[index % 2] as BotProcess;
  const command = signer.slashCommand({ text, user: PEOPLE.requester, channel: CHANNELS.ops, responseUrl: fake.createResponseUrl({ channel: CHANNELS.ops.id, user: PEOPLE.requester.id }) });
  expect((await signer.post(to.eventsUrl, command)).status).toBe(200);
  const posted = await fake.waitForCall((call) => call.seq > since && isCardPost(call, lane.address));
  const id = CARD.exec(String(posted.args.text))?.[1] as string;
  const card = fake.workspace.messages(CHANNELS.ops.id).find((message) => message.text.startsWith(`${id}: `));
  const action = findButton(card?.blocks, 'eip_approve');
  if (card === undefined || action === undefined) throw new Error(`no card with an Approve button for ${id}`);
  const click = signer.blockAction({
    user: PEOPLE.approver,
    channel: CHANNELS.ops,
    message: { ts: card.ts, text: card.text, blocks: card.blocks, user: card.user, botId: card.botId },
    responseUrl: fake.createResponseUrl({ channel: CHANNELS.ops.id, user: PEOPLE.approver.id, source: { ts: card.ts, ephemeral: false } }),
    action,
  });
  const answers = await Promise.all(replicas.map((replica) => signer.post(replica.eventsUrl, click)));
  expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
  // The final result goes to the request's channel and to the audit channel, side by side.
  const isFinal = (channel: string) => (call: RecordedCall) =>
    call.method === 'chat.postMessage' && call.args.channel === channel && call.args.thread_ts === undefined && /^R-\w{6} (succeeded|failed)\b/.test(String(call.args.text ?? '')) && String(call.args.text).startsWith(`${id} `);
  await Promise.all([fake.waitForCall(isFinal(CHANNELS.ops.id), 30_000), fake.waitForCall(isFinal(CHANNELS.audit.id), 30_000)]);
  lane.bound = !lane.bound;
  return id;
}

describe('two eipbot processes in HTTP mode on one Redis', () => {
  it(`carry out each of ${REQUESTS} requests approved on both at once exactly once, with one final state and one final message each`, async () => {
    const perLane = REQUESTS / LANES.length;
    const ids = (await Promise.all(LANES.map(async (lane, laneIndex) => {
      const done: string[] = [];
      for (let n = 0; n < perLane; n += 1) done.push(await change(lane, laneIndex + n));
      return done;
    }))).flat();
    expect(new Set(ids).size).toBe(REQUESTS);

    // Exactly one write per request on each EIP: no approval was carried out twice.
    for (const lane of LANES) {
      const writes = huawei.stats.calls.filter((call) => WRITES.includes(call.operation) && call.path.includes(lane.id));
      expect(writes.map((call) => call.outcome), lane.address).toEqual(Array.from({ length: perLane }, () => 200));
    }

    // One final result per request in its channel and one in the audit channel; every card ends succeeded.
    const finals = (channel: string) => fake.workspace.messages(channel).filter((message) => /^R-\w{6} (succeeded|failed)\b/.test(message.text)).map((message) => message.text.slice(0, 8));
    for (const channel of [CHANNELS.ops.id, CHANNELS.audit.id]) expect(finals(channel).sort(), channel).toEqual([...ids].sort());
    const cards = fake.workspace.messages(CHANNELS.ops.id).filter((message) => CARD.test(message.text));
    expect(cards.filter((message) => !message.text.endsWith('(succeeded)'))).toEqual([]);
    expect(cards).toHaveLength(REQUESTS);

    // The shared store agrees: each request succeeded, and its audit trail has one execution.
    const store: Store = await openStore(REDIS.url);
    try {
      const requests = new ChangeRequestStore(store.namespace('requests'), systemClock, keptLogs().logger);
      const statuses = await Promise.all(ids.map(async (id) => (await requests.get(id))?.status));
      expect(statuses.filter((status) => status !== 'succeeded')).toEqual([]);
      const audit = openAuditLog({ store, clock: systemClock });
      expect(await audit.verify()).toMatchObject({ ok: true });
      for (const id of ids) {
        const types = (await audit.trail(id)).map((record) => record.type);
        expect(types.filter((type) => type === 'executing'), id).toHaveLength(1);
        expect(types.filter((type) => type === 'succeeded' || type === 'failed'), id).toEqual(['succeeded']);
      }
    } finally {
      await store.close();
    }
    for (const replica of replicas) expect(replica.output).not.toMatch(/"level":"error"|"level":50/);
  }, 180_000);
});
