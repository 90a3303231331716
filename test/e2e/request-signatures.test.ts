import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/clock.js';
import { Secret } from '../../src/config/secret.js';
import { SlackRequestSigner, slackSignature, type SignedRequest } from '../../src/sandbox/slack/signed-request.js';
import { CHANNELS, HW, PEOPLE, SIGNING_SECRET, SlackBotHarness } from '../support/slack-bot-harness.js';

const SLACK_EXAMPLE = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
    '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
    '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
    '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

const shifted = (ms: number): Clock => ({ now: () => Date.now() + ms, sleep: systemClock.sleep });

let harness: SlackBotHarness;

beforeEach(async () => {
  harness = await SlackBotHarness.start();
});

afterEach(async () => {
  await harness.close();
});

/** A signed `/eip unbind` as Slack would send it, by a signer on `clock`. */
function unbindCommand(clock: Clock = systemClock, secret = SIGNING_SECRET): SignedRequest {
  const signer = new SlackRequestSigner({ signingSecret: Secret.of(secret), clock, team: { id: harness.fake.team.id, domain: harness.fake.team.domain } });
  return signer.slashCommand({
    text: `unbind ${HW.bound.address} --reason "replayed"`,
    user: PEOPLE.requester,
    channel: CHANNELS.ops,
    responseUrl: harness.fake.createResponseUrl({ channel: CHANNELS.ops.id, user: PEOPLE.requester.id }),
  });
}

async function expectNothingHappened(): Promise<void> {
  // A signed command afterwards is answered, so anything the refused ones started would have shown by then.
  const requests = await harness.command('requests');
  expect(requests.response.status).toBe(200);
  await harness.ephemeral(PEOPLE.requester, /No open change requests/);
  expect(harness.fake.calls().map((call) => call.method)).toEqual(['auth.test', 'response_url']);
  expect(harness.huawei.stats.calls).toEqual([]);
}

describe('signed requests', () => {
  it('reproduces Slack’s signing test vector through the signer', () => {
    expect(slackSignature(SLACK_EXAMPLE.secret, SLACK_EXAMPLE.timestamp, SLACK_EXAMPLE.body)).toBe(SLACK_EXAMPLE.signature);
    const signer = new SlackRequestSigner({ signingSecret: Secret.of(SLACK_EXAMPLE.secret), clock: { now: () => 1531420618_000, sleep: systemClock.sleep } });
    expect(signer.sign(SLACK_EXAMPLE.body).headers['x-slack-signature']).toBe(SLACK_EXAMPLE.signature);
  });

  it('accepts a correctly signed command', async () => {
    const response = await harness.signer.post(harness.eventsUrl, unbindCommand());
    expect(response.status).toBe(200);
    await harness.card(await harness.nextRequestId());
  });

  it('refuses a forged signature with 401 and changes nothing', async () => {
    const request = unbindCommand(systemClock, 'not-the-signing-secret');
    const response = await harness.signer.post(harness.eventsUrl, request);
    expect(response).toEqual({ status: 401, contentType: '', body: '' });
    await expectNothingHappened();
  });

  it('refuses a body changed after signing with 401 and changes nothing', async () => {
    const request = unbindCommand();
    const tampered = { ...request, body: request.body.replace('replayed', 'tampered') };
    expect((await harness.signer.post(harness.eventsUrl, tampered)).status).toBe(401);
    await expectNothingHappened();
  });

  it('refuses a request without a signature with 401 and changes nothing', async () => {
    const request = unbindCommand();
    const { 'x-slack-signature': _signature, ...headers } = request.headers;
    expect((await harness.signer.post(harness.eventsUrl, { body: request.body, headers })).status).toBe(401);
    const { 'x-slack-request-timestamp': _timestamp, ...noTimestamp } = request.headers;
    expect((await harness.signer.post(harness.eventsUrl, { body: request.body, headers: noTimestamp })).status).toBe(401);
    await expectNothingHappened();
  });

  it('refuses a timestamp more than 5 minutes old with 401 and changes nothing', async () => {
    const response = await harness.signer.post(harness.eventsUrl, unbindCommand(shifted(-6 * 60_000)));
    expect(response.status).toBe(401);
    await expectNothingHappened();
  });

  it('refuses a timestamp more than 5 minutes in the future with 401 and changes nothing', async () => {
    const response = await harness.signer.post(harness.eventsUrl, unbindCommand(shifted(6 * 60_000)));
    expect(response).toEqual({ status: 401, contentType: '', body: '' });
    await expectNothingHappened();
  });

  it('refuses a forged approval click with 401: the card stays pending and nothing executes', async () => {
    await harness.command(`unbind ${HW.bound.address} --reason "INC-42"`);
    const id = await harness.nextRequestId();
    const card = await harness.card(id);
    const forger = new SlackRequestSigner({ signingSecret: Secret.of('forged'), team: { id: harness.fake.team.id, domain: harness.fake.team.domain } });
    const click = forger.blockAction({
      user: PEOPLE.approver,
      channel: CHANNELS.ops,
      message: { ts: card.ts, text: card.text, blocks: card.blocks },
      responseUrl: harness.fake.createResponseUrl({ channel: CHANNELS.ops.id, user: PEOPLE.approver.id, source: { ts: card.ts, ephemeral: false } }),
      action: { actionId: 'eip_approve', blockId: `eip_decision:${id}`, value: id },
    });
    expect((await forger.post(harness.eventsUrl, click)).status).toBe(401);
    await harness.settled();
    expect(harness.fake.calls('chat.update')).toEqual([]);
    expect(harness.message(card).text).toBe(`${id}: unbind 203.0.113.162 on hw-prod (pending)`);
    expect(harness.huawei.stats.count('POST disassociate-instance')).toBe(0);
  });
});
