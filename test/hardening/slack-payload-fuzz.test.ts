import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HuaweiOperation } from '../../src/providers/huawei/huawei-operations.js';
import { LEGACY_WRITES } from '../../src/sandbox/tencent/tencent-legacy-actions.js';
import { V3_WRITES } from '../../src/sandbox/tencent/tencent-v3-actions.js';
import type { BotResponse } from '../../src/sandbox/slack/signed-request.js';
import { CHANNELS, HW, PEOPLE, SlackBotHarness } from '../support/slack-bot-harness.js';

const HUAWEI_WRITES = [HuaweiOperation.associateV3, HuaweiOperation.disassociateV3, HuaweiOperation.updateEipV1, HuaweiOperation.createEip, HuaweiOperation.updateNicVip];
/** Slack methods that show something to a whole channel. */
const PUBLIC_METHODS = ['chat.postMessage', 'chat.update', 'chat.delete', 'chat.scheduleMessage'];
const KNOWN_ACTIONS = ['eip_approve', 'eip_reject', 'eip_cancel', 'eip_undo'];

let harness: SlackBotHarness;
let responseUrl: string;

beforeAll(async () => {
  harness = await SlackBotHarness.start();
  responseUrl = harness.fake.createResponseUrl({ channel: CHANNELS.ops.id, user: PEOPLE.approver.id });
});

afterAll(async () => {
  await harness.close();
});

/** Anything at all, now and then large: Slack caps payloads well below this. */
const anyValue = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 64 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 60_000 }).map((length) => 'R-7K2F9Q'.repeat(length / 8)) },
);

const someone = fc.oneof(
  fc.constantFrom(...Object.values(PEOPLE)).map((person) => ({ id: person.id, name: person.name })),
  fc.record({ id: anyValue, name: anyValue }, { requiredKeys: [] }),
  anyValue,
);

const responseUrls = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('not a url', '', 'http://127.0.0.1:9/nothing-listens-here'),
  fc.constant('fake').map(() => responseUrl),
);

const action = fc.record(
  {
    type: fc.oneof(fc.constant('button'), anyValue),
    action_id: fc.oneof(fc.constantFrom(...KNOWN_ACTIONS), fc.string({ maxLength: 30 }), anyValue),
    block_id: fc.oneof(fc.string({ maxLength: 20 }), anyValue),
    // No request exists in this test, so a valid-looking id names nothing.
    value: fc.oneof(fc.constantFrom('R-7K2F9Q', 'R-2222AA', ''), anyValue),
  },
  { requiredKeys: [] },
);

/** An interaction payload as Slack might garble it: any field missing or of the wrong type. */
const payloadObject = fc.record(
  {
    type: fc.oneof(fc.constantFrom('block_actions', 'view_submission', 'shortcut', 'message_action', 'block_suggestion', 'interactive_message'), anyValue),
    user: someone,
    team: fc.oneof(fc.record({ id: fc.string(), domain: fc.string() }), anyValue),
    channel: fc.oneof(fc.constantFrom(...Object.values(CHANNELS)), anyValue),
    actions: fc.oneof(fc.array(action, { maxLength: 3 }), anyValue),
    message: fc.oneof(fc.record({ ts: fc.string(), text: fc.string(), blocks: fc.array(anyValue, { maxLength: 3 }) }, { requiredKeys: [] }), anyValue),
    container: anyValue,
    response_url: responseUrls,
    trigger_id: anyValue,
  },
  { requiredKeys: [] },
);

const form = (fields: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(fields).flatMap(([key, value]): [string, string][] => (value === undefined ? [] : [[key, typeof value === 'string' ? value : JSON.stringify(value)]])),
  ).toString();

/** A slash command with at least one field Slack always sends missing or mangled. */
const brokenCommand = fc
  .record({
    command: fc.oneof(fc.constant('/eip'), fc.string()),
    text: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constantFrom('help', 'show 203.0.113.162', 'requests')),
    user_id: fc.oneof(fc.constant(PEOPLE.requester.id), fc.string({ maxLength: 12 })),
    channel_id: fc.oneof(fc.constant(CHANNELS.ops.id), fc.string({ maxLength: 12 })),
    response_url: responseUrls,
    team_id: fc.string(),
    trigger_id: fc.string(),
  })
  .chain((fields) =>
    fc.subarray(['command', 'text', 'user_id', 'channel_id'] as const, { minLength: 1 }).map((broken) => {
      const mangled: Record<string, unknown> = { ...fields };
      for (const key of broken) mangled[key] = key === 'text' ? undefined : '';
      return mangled;
    }),
  );

/**
 * A click as Slack wraps it (type, user, team), with everything inside garbled: unknown
 * or malformed actions, missing or wrong channel, message and container.
 */
const garbledClick = fc.record(
  {
    type: fc.constant('block_actions'),
    user: fc.oneof(
      fc.constantFrom(...Object.values(PEOPLE)).map((person) => ({ id: person.id, name: person.name, team_id: 'T0EIPBOT1' })),
      fc.string({ maxLength: 12 }).map((id) => ({ id })),
    ),
    team: fc.constant({ id: 'T0EIPBOT1', domain: 'eipbot-sandbox' }),
    channel: fc.option(fc.oneof(fc.constantFrom(...Object.values(CHANNELS)), fc.record({ id: fc.string({ maxLength: 12 }) })), { nil: undefined }),
    actions: fc.array(action, { minLength: 1, maxLength: 3 }),
    message: fc.option(fc.oneof(fc.record({ ts: fc.string(), text: fc.string(), blocks: fc.array(anyValue, { maxLength: 3 }) }, { requiredKeys: [] }), anyValue), { nil: undefined }),
    container: fc.option(anyValue, { nil: undefined }),
    response_url: responseUrls,
    trigger_id: fc.string(),
  },
  { requiredKeys: ['type', 'user', 'team', 'actions'] },
);

/** A slash command from the workspace with its other fields missing or odd; its text never asks for a change. */
const oddCommand = fc.record(
  {
    command: fc.constantFrom('/eip', '/EIP', '/eip-staging', ''),
    team_id: fc.constant('T0EIPBOT1'),
    text: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom('help', 'help unbind', 'requests', 'list', 'show 203.0.113.162', 'cancel R-7K2F9Q', '')),
    user_id: fc.oneof(fc.constant(PEOPLE.requester.id), fc.string({ maxLength: 12 })),
    channel_id: fc.oneof(fc.constant(CHANNELS.ops.id), fc.string({ maxLength: 12 })),
    channel_name: fc.string({ maxLength: 20 }),
    response_url: responseUrls,
    trigger_id: fc.string(),
  },
  { requiredKeys: ['command', 'team_id', 'text'] },
);

interface Input {
  kind: string;
  body: string;
  contentType?: string;
}

const inputs: fc.Arbitrary<Input> = fc.oneof(
  fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.jsonValue().map((value) => JSON.stringify(value))).map((text) => ({ kind: 'payload that is not an interaction', body: form({ payload: text }) })),
  payloadObject.map((payload) => ({ kind: 'interaction with missing or wrong fields', body: form({ payload: JSON.stringify(payload) }) })),
  brokenCommand.map((fields) => ({ kind: 'slash command with a field missing', body: form(fields) })),
  fc.dictionary(fc.string({ maxLength: 10 }).filter((key) => key !== 'payload' && key !== 'command' && key !== 'ssl_check'), fc.string(), { maxKeys: 5 }).map((fields) => ({ kind: 'form without payload', body: form(fields) })),
  fc
    .tuple(fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/xml', ''), fc.oneof(payloadObject.map((payload) => JSON.stringify(payload)), fc.string()))
    .map(([contentType, body]) => ({ kind: `body sent as ${contentType || 'no content type'}`, body, contentType })),
);

const wellWrapped: fc.Arbitrary<Input> = fc.oneof(
  garbledClick.map((payload) => ({ kind: 'click with garbled contents', body: form({ payload: JSON.stringify(payload) }) })),
  oddCommand.map((fields) => ({ kind: 'slash command with odd fields', body: form(fields) })),
);

async function send(input: Input): Promise<BotResponse> {
  const signed = harness.signer.sign(input.body);
  const headers: Record<string, string> = { ...signed.headers };
  if (input.contentType !== undefined) {
    if (input.contentType === '') delete headers['content-type'];
    else headers['content-type'] = input.contentType;
  }
  return harness.signer.post(harness.eventsUrl, { body: signed.body, headers });
}

/** A 2xx with no body, a plain-text note or an ephemeral reply: never a message the whole channel sees. */
function isPrivateAnswer(response: BotResponse): boolean {
  if (response.body === '' || !response.contentType.startsWith('application/json')) return true;
  const answer = JSON.parse(response.body) as { response_type?: unknown };
  return answer.response_type === undefined || answer.response_type === 'ephemeral';
}

/** No request, no audit record, no cloud write, and nothing a whole channel sees: only private answers went out. */
async function expectNothingChanged(): Promise<void> {
  // Listeners answer after their ack: let every reply they started reach the Slack fake.
  await harness.settled();
  expect(await harness.store.namespace('requests').get('open')).toBeUndefined();
  expect(await harness.store.log('audit').length()).toBe(0);
  for (const operation of HUAWEI_WRITES) expect(harness.huawei.stats.count(operation), operation).toBe(0);
  for (const action of [...V3_WRITES, ...LEGACY_WRITES]) expect(harness.tencent.stats.calls(action), action).toBe(0);
  const calls = harness.fake.calls();
  expect(calls.filter((call) => PUBLIC_METHODS.includes(call.method))).toEqual([]);
  for (const call of calls.filter((candidate) => candidate.method === 'response_url')) {
    expect(call.args.response_type ?? 'ephemeral').toBe('ephemeral');
    expect(call.args.replace_original === true || call.args.delete_original === true).toBe(false);
  }
}

describe('signed but malformed Slack requests', () => {
  it('get a 4xx or a private note when they are not what Slack sends, and nothing fails', async () => {
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        kinds.set(input.kind, (kinds.get(input.kind) ?? 0) + 1);
        const response = await send(input);
        expect(response.status, `${input.kind}: ${input.body.slice(0, 200)}`).toBeLessThan(500);
        if (response.status < 300) expect(isPrivateAnswer(response), response.body).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect([...kinds.keys()].length).toBeGreaterThanOrEqual(5);
    await expectNothingChanged();
  }, 120_000);

  it('are acked with at most a private note when Slack wraps them but their contents are garbled, and nothing fails', async () => {
    await fc.assert(
      fc.asyncProperty(wellWrapped, async (input) => {
        const response = await send(input);
        expect(response.status, `${input.kind}: ${input.body.slice(0, 300)}`).toBe(200);
        expect(isPrivateAnswer(response), response.body).toBe(true);
      }),
      { numRuns: 200 },
    );
    await expectNothingChanged();
    // They reached the listeners, which answered privately (a refusal, a usage, a help text).
    const privateReplies = harness.fake.calls().filter((call) => call.method === 'response_url' || call.method === 'chat.postEphemeral');
    expect(privateReplies.length).toBeGreaterThan(20);
  }, 120_000);

  it('still answers /healthz and an ordinary command afterwards', async () => {
    const health = await fetch(`${harness.bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const { response } = await harness.command(`show ${HW.bound.address}`);
    expect(response.status).toBe(200);
    expect(await harness.ephemeral(PEOPLE.requester, /^203\.0\.113\.162 on hw-prod: bound/)).toBe(`${HW.bound.address} on hw-prod: bound`);
  });
});
