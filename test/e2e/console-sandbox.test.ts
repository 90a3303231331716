import { readFile, stat } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { FakeMessage } from '../../src/sandbox/slack/slack-workspace.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/start-sandbox.js';
import { ConsoleEvents } from '../sandbox/console/console-events.js';

const RITA = 'U0REQUEST1';
const ALICE = 'U0APPROVE1';
const OPS = 'C0OPS00001';
const INCIDENT = 'C0INC00042';

let sandbox: Sandbox | undefined;
let events: ConsoleEvents | undefined;

afterEach(async () => {
  events?.close();
  events = undefined;
  await sandbox?.stop();
  sandbox = undefined;
});

/** Quick simulators and progress, quiet logs: the behaviour is the sandbox's, only faster. */
async function quickSandbox(): Promise<Sandbox> {
  sandbox = await startSandbox({
    simulatorDelays: { bindMs: 20, unbindMs: 20, createMs: 20 },
    providers: { poll: { minDelayMs: 5, maxDelayMs: 20 } },
    slack: { progressFlushMs: 20 },
    logger: createLogger({ level: 'error' }),
  });
  return sandbox;
}

async function compose(target: Sandbox, user: string, channel: string, text: string): Promise<void> {
  const response = await fetch(new URL('/api/compose', target.consoleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, channel, text }),
  });
  expect(response.status).toBe(200);
}

function hasButton(message: FakeMessage, label: string): boolean {
  return JSON.stringify(message.blocks ?? []).includes(`"text":"${label}"`);
}

describe('npm run sandbox, in process', () => {
  it('starts every part on loopback and says where the console is, which accounts and EIPs exist, and what to type', async () => {
    const started = await quickSandbox();

    expect(started.consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(started.botUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.banner).toContain(`Console  ${started.consoleUrl}`);
    expect(started.banner).toContain(`${started.botUrl}/slack/events`);
    for (const account of ['hw-v1', 'hw-v3', 'tc-v3', 'tc-legacy']) expect(started.banner).toContain(account);
    for (const account of started.inventory().accounts) {
      for (const eip of account.eips) expect(started.banner).toContain(eip.address);
    }
    expect(started.banner).toContain('/eip unbind 203.0.113.162 --reason "INC-42: app-1 is compromised"');
    expect(Object.keys(started.config.accounts)).toEqual(['hw-v1', 'hw-v3', 'tc-v3', 'tc-legacy']);
    expect((await fetch(started.consoleUrl)).status).toBe(200);
    expect(await (await fetch(`${started.botUrl}/readyz`)).json()).toEqual({ store: 'ok', slack: 'ok' });
  });

  it('runs the bot on a real eipbot.yml pointing at the simulators, with every credential kept out of the file', async () => {
    const started = await quickSandbox();
    const file = await readFile(started.configFile, 'utf8');
    const secrets: string[] = [];
    for (const account of Object.values(started.config.accounts)) {
      if (account.provider === 'tencent') secrets.push(account.auth.secretId.reveal(), account.auth.secretKey.reveal());
      else if (account.auth.type === 'aksk') secrets.push(account.auth.accessKey.reveal(), account.auth.secretKey.reveal());
      else secrets.push(account.auth.password.reveal());
    }

    expect(secrets).toHaveLength(7);
    for (const secret of secrets) expect(file).not.toContain(secret);
    expect(file).toContain('secretKey: "${HW_V1_SK}"');
    expect(started.config.accounts['hw-v1']?.endpoints).toEqual({
      vpc: started.simulators.huaweiV1.url,
      ecs: started.simulators.huaweiV1.url,
      iam: started.simulators.huaweiV1.url,
    });
    expect(started.config.accounts['tc-legacy']).toMatchObject({ api: 'legacy', endpoints: { eip: started.simulators.tencentLegacy.url } });
    expect(started.config.policy).toMatchObject({
      approvers: [ALICE, 'S0NETOPS01'],
      requireReason: true,
      incident: { namePattern: '^inc-', allowSelfApproval: true },
    });
    expect(started.config.store).toMatch(/^sqlite:\/\/\/.+\/eipbot\.sqlite$/);
  });

  it('answers every suggested command: each change becomes a card with Approve on its own account, and help, list, show and requests reply', async () => {
    const started = await quickSandbox();
    events = await ConsoleEvents.open(started.consoleUrl);
    const until = (condition: () => boolean) => events?.next(condition);
    const replies = () => started.slack.workspace.ephemerals({ user: RITA }).map((message) => `${message.text} ${JSON.stringify(message.blocks ?? [])}`);
    const cards = () => started.slack.workspace.messages(OPS).filter((message) => hasButton(message, 'Approve'));
    const directory = (await (await fetch(new URL('/api/workspace', started.consoleUrl))).json()) as { suggestions: { label: string; command: string }[] };
    const command = (label: string) => directory.suggestions.find((suggestion) => suggestion.label === label)?.command ?? `no ${label} suggestion`;
    const changes = directory.suggestions.filter((suggestion) => !['help', 'list', 'show', 'requests'].includes(suggestion.label));

    for (const suggestion of changes) await compose(started, RITA, OPS, suggestion.command);
    await until(() => cards().length === changes.length);
    await compose(started, RITA, OPS, command('help'));
    await until(() => replies().some((reply) => reply.includes('/eip unbind')));
    await compose(started, RITA, OPS, command('list'));
    await until(() => replies().some((reply) => reply.includes('203.0.113.31') && reply.includes('203.0.113.25')));
    await compose(started, RITA, OPS, command('show'));
    await until(() => replies().some((reply) => reply.includes('f6318bef-6508-4ea5-a48f-6152b6b1a8fb')));
    const firstRequest = /^R-[A-Z0-9]+/.exec(cards()[0]?.text ?? '')?.[0] ?? 'no request id';
    await compose(started, RITA, OPS, command('requests'));
    await until(() => replies().some((reply) => /^9 open change requests/.test(reply) && reply.includes(firstRequest)));

    expect(cards().map((card) => /on (hw-v1|hw-v3|tc-v3|tc-legacy) \(pending\)$/.exec(card.text)?.[1]).sort()).toEqual(
      ['hw-v1', 'hw-v1', 'hw-v1', 'hw-v1', 'hw-v1', 'hw-v1', 'hw-v3', 'tc-legacy', 'tc-v3'].sort(),
    );
    expect(started.slack.calls().filter((call) => call.outcome !== 'ok')).toEqual([]);
  });

  it('lets an approver approve their own request in the incident channel, and the Tencent simulator shows the EIP unbound', async () => {
    const started = await quickSandbox();
    events = await ConsoleEvents.open(started.consoleUrl);

    await compose(started, ALICE, INCIDENT, '/eip unbind 203.0.113.10 --account tc-v3 --reason "INC-42: web-1 is leaking"');
    const posted = await events.next((event) => event.type === 'message' && event.change === 'posted' && event.message.channel === INCIDENT);
    const card = posted.type === 'message' ? posted.message : undefined;
    const approve = await fetch(new URL('/api/click', started.consoleUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: ALICE, channel: INCIDENT, ts: card?.ts, ephemeral: false, button: approveButton(card) }),
    });
    expect(approve.status).toBe(200);
    await events.next((event) => event.type === 'message' && event.change === 'updated' && event.message.ts === card?.ts && /succeeded/i.test(event.message.text));

    expect(started.simulators.tencentV3.state.address('eip-web00001')).toMatchObject({ status: 'UNBIND', addressIp: '203.0.113.10' });
    expect(started.simulators.tencentV3.state.address('eip-web00001')?.networkInterfaceId).toBeUndefined();
  });

  it('stops everything it started: console, bot and simulators stop answering and the data directory is gone', async () => {
    const started = await quickSandbox();
    const urls = [started.consoleUrl, started.botUrl, started.simulators.huaweiV1.url, started.simulators.tencentLegacy.url, started.slack.url];
    const dataDir = started.configFile.replace(/\/eipbot\.yml$/, '');

    await started.stop();
    sandbox = undefined;

    for (const url of urls) await expect(fetch(url)).rejects.toThrow();
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

/** The place of the Approve button in a card, as the page names it when it is clicked. */
function approveButton(card: FakeMessage | undefined): string {
  const blocks = (card?.blocks ?? []) as { elements?: { text?: { text?: string } }[] }[];
  for (const [index, block] of blocks.entries()) {
    const position = (block.elements ?? []).findIndex((element) => element.text?.text === 'Approve');
    if (position >= 0) return `${index}:${position}`;
  }
  throw new Error('the card has no Approve button');
}
