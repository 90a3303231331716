import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '../src/config/secret.js';
import { SANDBOX_CHANNELS, SANDBOX_USERS } from '../src/sandbox/sandbox-slack.js';
import { findButton, SlackRequestSigner } from '../src/sandbox/slack/signed-request.js';
import { BotProcess, type MemorySample } from '../test/support/bot-process.js';
import { HUAWEI_KEYS_ENV, HUAWEI_KEYS_FROM_ENV, sandboxHuaweiAccount } from '../test/support/sandbox-accounts.js';
import { measuredOn, table, type Bench } from './support/bench.js';
import { compileBot } from './support/compiled-bot.js';
import { loadAgent, post } from './support/fire.js';
import { Resources } from './support/resources.js';
import { World } from './support/world.js';

const BOT_TOKEN = 'xoxb-bench-footprint-01';
const SIGNING_SECRET = 'bench-footprint-signing-secret';
const REQUESTS_PER_ROUND = Number(process.env.BENCH_FOOTPRINT_REQUESTS ?? 1_000);
const IDLE_LIMIT_MB = 120;
const MB = 2 ** 20;

/**
 * The sandbox project's four EIPs, each flipped between bound and unbound by its own
 * lane of requests: an unbind when it is bound, a bind back to its port when it is not.
 */
const LANES = [
  { address: '203.0.113.162', port: 'a135e9b8-1630-40d2-a6c5-eb534a61efbe', bound: true },
  { address: '203.0.113.31', port: '8c4e2f1a-6d3b-4f7e-9a21-c5b8d0e3f472', bound: true },
  { address: '203.0.113.12', port: '02c72193-efec-42fb-853b-c33f2b802467', bound: false },
  { address: '203.0.113.25', port: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9', bound: false },
];

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** RSS every second until five samples in a row stay within 1 MB of each other. */
async function settle(bot: BotProcess): Promise<{ settled: MemorySample; seconds: number }> {
  const samples: MemorySample[] = [];
  for (let second = 1; ; second += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    samples.push(await bot.memory(false));
    const last = samples.slice(-5).map((sample) => sample.rss);
    if (last.length === 5 && Math.max(...last) - Math.min(...last) <= MB) return { settled: samples.at(-1) as MemorySample, seconds: second };
    if (second >= 120) return { settled: samples.at(-1) as MemorySample, seconds: second };
  }
}

/**
 * Benchmark 5: memory of the bot as deployed (compiled `dist/main.js` under plain node,
 * HTTP mode, SQLite) idle after start-up, then after two rounds of 1,000 change requests
 * each taken through the whole flow: `/eip unbind` or `/eip bind` → card → Approve click
 * → execution against the Huawei simulator → results in Slack. RSS is sampled until it
 * settles, then read again after a forced full GC; growth is round 2 against round 1.
 */
export const footprintBench: Bench = {
  name: 'footprint',
  title: 'Footprint: RSS idle and after 2 × 1,000 requests',
  async run(say) {
    const resources = new Resources();
    try {
      say('compiling the bot as npm run build does');
      const compiled = await compileBot();
      const world = resources.add(await World.start({ botToken: BOT_TOKEN, huaweiDelays: { bindMs: 0, unbindMs: 0, createMs: 0 } }), (w) => w.close());
      const dir = resources.add(await mkdtemp(join(tmpdir(), 'eipbot-bench-footprint-')), (path) => rm(path, { recursive: true, force: true }));
      const url = world.urls.huaweiUrl;
      const bot = resources.add(
        await BotProcess.start({
          dir,
          compiledMain: compiled.main,
          preload: [compiled.probe],
          nodeArgs: ['--expose-gc'],
          logLevel: 'info',
          config: {
            store: `sqlite://${join(dir, 'eipbot.sqlite')}`,
            defaultAccount: 'hw-prod',
            audit: { channel: SANDBOX_CHANNELS.audit.id },
            policy: { approvers: [SANDBOX_USERS.approver.id] },
            accounts: {
              'hw-prod': sandboxHuaweiAccount(url, HUAWEI_KEYS_FROM_ENV),
            },
          },
          env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: world.urls.slackApiUrl, ...HUAWEI_KEYS_ENV },
        }),
        (b) => b.stop(),
      );
      const idle = await settle(bot);
      const idleGc = await bot.memory(true);
      say(`idle: RSS ${mb(idle.settled.rss)} (settled after ${idle.seconds} s), after a full GC ${mb(idleGc.rss)}, heap ${mb(idleGc.heapUsed)}`);

      const signer = new SlackRequestSigner({ signingSecret: Secret.of(SIGNING_SECRET), team: world.urls.team });
      const agent = resources.add(loadAgent(LANES.length * 2), (a) => a.destroy());
      const events = `${bot.url}/slack/events`;
      let finished = 0;
      const flow = async (lane: (typeof LANES)[number]): Promise<void> => {
        const seq = await world.seq();
        const [responseUrl] = await world.responseUrls(1, SANDBOX_CHANNELS.ops.id, SANDBOX_USERS.requester.id);
        const text = lane.bound ? `unbind ${lane.address}` : `bind ${lane.address} port:${lane.port}`;
        const ack = await post(events, signer.slashCommand({ text, user: SANDBOX_USERS.requester, channel: SANDBOX_CHANNELS.ops, responseUrl: responseUrl ?? '' }), agent);
        if (ack.status !== 200) throw new Error(`the command was answered ${ack.status}`);
        const [card] = await world.until(
          async () => (await world.cards(seq)).filter((candidate) => candidate.text.includes(` ${lane.address} `)),
          (cards) => cards.length > 0,
        );
        if (card === undefined) throw new Error('no card');
        const action = findButton(card.blocks, 'eip_approve');
        if (action === undefined) throw new Error(`the card of ${card.requestId} has no Approve button: ${card.text}`);
        const [clickUrl] = await world.responseUrls(1, SANDBOX_CHANNELS.ops.id, SANDBOX_USERS.approver.id);
        const click = await post(
          events,
          signer.blockAction({
            user: SANDBOX_USERS.approver,
            channel: SANDBOX_CHANNELS.ops,
            message: { ts: card.ts, text: card.text, blocks: card.blocks, user: card.user, botId: card.botId },
            responseUrl: clickUrl ?? '',
            action,
          }),
          agent,
        );
        if (click.status !== 200) throw new Error(`the click was answered ${click.status}`);
        const [outcome] = await world.until(
          async () => (await world.finished(seq)).filter(([id]) => id === card.requestId),
          (done) => done.length > 0,
        );
        if (outcome?.[1] !== 'succeeded') throw new Error(`${card.requestId} ${outcome?.[1] ?? 'did not finish'}`);
        lane.bound = !lane.bound;
        finished += 1;
      };
      const round = async (): Promise<void> => {
        const target = finished + REQUESTS_PER_ROUND;
        await Promise.all(
          LANES.map(async (lane) => {
            while (finished + LANES.length <= target) await flow(lane);
          }),
        );
        while (finished < target) await flow(LANES[0] as (typeof LANES)[number]);
      };

      const rounds: { settled: MemorySample; gc: MemorySample; seconds: number; wallMs: number }[] = [];
      for (let index = 1; index <= 2; index += 1) {
        const started = performance.now();
        await round();
        const wallMs = performance.now() - started;
        const loaded = await bot.memory(false);
        const { settled, seconds } = await settle(bot);
        const gc = await bot.memory(true);
        rounds.push({ settled, gc, seconds, wallMs });
        say(
          `round ${index}: ${REQUESTS_PER_ROUND} requests in ${(wallMs / 1000).toFixed(0)} s; RSS ${mb(loaded.rss)} under load, ${mb(settled.rss)} settled after ${seconds} s, ${mb(gc.rss)} after a full GC (heap ${mb(gc.heapUsed)})`,
        );
      }
      return report(idle.settled, idleGc, rounds, finished);
    } finally {
      await resources.close();
    }
  },
};

function report(idle: MemorySample, idleGc: MemorySample, rounds: { settled: MemorySample; gc: MemorySample; seconds: number; wallMs: number }[], total: number) {
  const [first, second] = rounds as [(typeof rounds)[number], (typeof rounds)[number]];
  const rssGrowth = second.gc.rss - first.gc.rss;
  const heapGrowth = second.gc.heapUsed - first.gc.heapUsed;
  // "No growth": the second round leaves no more behind than the first, within what a GC'd heap wobbles by.
  const flat = heapGrowth <= 2 * MB && rssGrowth <= 5 * MB;
  const idleOk = idle.rss <= IDLE_LIMIT_MB * MB;
  const met = flat && idleOk;
  const verdict = `idle RSS ${mb(idle.rss)} (goal ≤ ${IDLE_LIMIT_MB} MB); after round 2 vs round 1 (settled, full GC): RSS ${rssGrowth >= 0 ? '+' : ''}${mb(rssGrowth)}, heap ${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)}; goal no growth: ${met ? 'met' : 'MISSED'}`;
  const markdown = `## 5. Footprint: RSS idle and after 2 × ${REQUESTS_PER_ROUND} requests

${measuredOn()}

The bot as deployed: \`src\` compiled with \`tsconfig.build.json\` (what \`npm run build\` does) and run as
\`node dist/main.js\` (no TypeScript loader), HTTP mode, SQLite store, \`LOG_LEVEL=info\`, with a
17-line probe preloaded (\`--import\`, \`--expose-gc\`) that answers \`process.memoryUsage()\` over IPC and can
force a full GC. The Huawei simulator and the Slack fake run in another process. Each request went
through the whole flow: a signed \`/eip unbind <eip>\` or \`/eip bind <eip> port:<port>\` → the card in the
channel → a signed Approve click by an approver → execution against the simulator (drift check, write,
wait for the final status) → card update, thread, result and audit-channel messages; four EIPs flipped
between bound and unbound by four concurrent lanes, ${total} requests in all, every one succeeded. RSS is
sampled every second until five samples stay within 1 MB ("settled"), then read after a forced full GC.

${table(
  ['', 'RSS settled', 'RSS after full GC', 'heap used after full GC', 'time to settle', 'load took'],
  [
    ['idle after start-up', mb(idle.rss), mb(idleGc.rss), mb(idleGc.heapUsed), '', ''],
    ...rounds.map((round, index) => [
      `after round ${index + 1} (${REQUESTS_PER_ROUND * (index + 1)} requests in all)`,
      mb(round.settled.rss),
      mb(round.gc.rss),
      mb(round.gc.heapUsed),
      `${round.seconds} s`,
      `${(round.wallMs / 1000).toFixed(0)} s`,
    ]),
  ],
)}

Round 2 against round 1, both settled and after a full GC: RSS ${rssGrowth >= 0 ? '+' : ''}${mb(rssGrowth)}, heap ${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)}
(the first round also pays for JIT-compiled code and pools that stay; a leak would show as growth
between rounds). RSS right after a full GC moves by tens of MB from one reading to the next, as V8
returns freed pages to the system when it sees fit; the heap is the steadier witness. Goals: idle RSS ≤ ${IDLE_LIMIT_MB} MB — **${idleOk ? 'met' : 'missed'}**; no growth after the load settles
(heap within 2 MB, RSS within 5 MB) — **${flat ? 'met' : 'missed'}**.
`;
  return { markdown, verdict };
}
