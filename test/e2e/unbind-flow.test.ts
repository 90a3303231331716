import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultHuaweiSeed } from '../../src/sandbox/huawei/default-seed.js';
import { CHANNELS, HW, PEOPLE, SlackBotHarness } from '../support/slack-bot-harness.js';

let harness: SlackBotHarness;

beforeEach(async () => {
  // Progress gathers until the outcome, so the thread is written once and the calls are exact.
  harness = await SlackBotHarness.start({ bot: { slack: { progressFlushMs: 60_000 } } });
});

afterEach(async () => {
  await harness.close();
});

describe('/eip unbind, from the command to the audit message', () => {
  it('acks, posts the plan card, executes on approval, and reports in the card, its thread, the channel and the audit channel', async () => {
    const { response, ack } = await harness.command(`unbind ${HW.bound.address} --reason "INC-42 compromised host"`);
    expect(response.status).toBe(200);
    // The ack is empty, so that a burst of commands is acknowledged first; the note follows through response_url.
    expect(ack).toBeUndefined();
    expect(await harness.ephemeral(PEOPLE.requester, /Planning/)).toBe(':hourglass_flowing_sand: Planning: unbind 203.0.113.162 on hw-prod…');

    const id = await harness.nextRequestId();
    const card = await harness.card(id);
    const cardText = JSON.stringify(card.blocks);
    expect(card.channel).toBe(CHANNELS.ops.id);
    expect(cardText).toContain(`*Request* \`${id}\``);
    expect(cardText).toContain(
      `• *203.0.113.162* \`${HW.bound.id}\` (ACTIVE, 7 Mbit/s): server \`${HW.appServer}\` · NIC \`${HW.bound.port}\` · 192.168.1.131 → _unbound_`,
    );
    expect(await harness.ephemeral(PEOPLE.requester, /is waiting for approval/)).toBe(
      `:white_check_mark: \`${id}\` is waiting for approval (1 approval needed): its card is in <#${CHANNELS.ops.id}>. Withdraw it with /eip cancel ${id}.`,
    );
    expect(harness.huawei.stats.count('POST disassociate-instance')).toBe(0);

    const click = await harness.click(card, 'eip_approve', PEOPLE.approver);
    expect(click.status).toBe(200);
    await harness.fake.waitForCall((call) => call.method === 'chat.postMessage' && call.args.channel === CHANNELS.audit.id);
    await harness.settled();

    const writes = harness.slackWrites();
    expect(writes.slice(0, 7)).toEqual([
      'response_url',
      `chat.postMessage ${CHANNELS.ops.id}`,
      'response_url',
      `chat.update ${CHANNELS.ops.id}`,
      `chat.update ${CHANNELS.ops.id}`,
      `chat.postMessage thread ${CHANNELS.ops.id}`,
      `chat.update ${CHANNELS.ops.id}`,
    ]);
    expect(writes.slice(7).sort()).toEqual([`chat.postMessage ${CHANNELS.audit.id}`, `chat.postMessage ${CHANNELS.ops.id}`]);
    const updates = harness.fake.calls('chat.update').map((call) => call.args.text);
    expect(updates).toEqual([`${id}: unbind 203.0.113.162 on hw-prod (approved)`, `${id}: unbind 203.0.113.162 on hw-prod (executing)`, `${id}: unbind 203.0.113.162 on hw-prod (succeeded)`]);

    const final = harness.message(card);
    expect(final.blocks?.some((block) => (block as { type: string }).type === 'actions')).toBe(false);
    expect(JSON.stringify(final.blocks)).toContain(':white_check_mark: *Succeeded* at');

    const thread = harness.fake.workspace.thread(card.channel, card.ts).map((message) => message.text);
    expect(thread).toHaveLength(1);
    expect(thread[0]).toMatch(/^:white_check_mark: check live state: The live state still matches the plan\. \(\d+ ms\)\n/);
    expect(thread[0]).toMatch(/:white_check_mark: unbind 203\.0\.113\.162: Unbound 203\.0\.113\.162 \(DOWN\)\. \([\d.]+ m?s\)$/);

    const [result] = harness.fake.workspace.messages(CHANNELS.ops.id).slice(1);
    expect(result?.text).toBe(`${id} succeeded: unbind 203.0.113.162`);
    expect(JSON.stringify(result?.blocks)).toContain('"action_id":"eip_undo"');
    expect(harness.fake.workspace.messages(CHANNELS.audit.id).map((message) => message.text)).toEqual([`${id} succeeded: unbind 203.0.113.162`]);

    const eip = harness.huawei.state.eip(defaultHuaweiSeed.projectId, HW.bound.id);
    expect(eip.status).toBe('DOWN');
    expect(eip.portId).toBeUndefined();
    expect(harness.huawei.stats.count('POST disassociate-instance')).toBe(1);
  });

  it('counts the request, the approval and the provider calls in /metrics', async () => {
    await harness.command(`unbind ${HW.bound.address} --reason "INC-42"`);
    const card = await harness.card(await harness.nextRequestId());
    await harness.click(card, 'eip_approve', PEOPLE.approver);
    await harness.fake.waitForCall((call) => call.method === 'chat.postMessage' && call.args.channel === CHANNELS.audit.id);
    await harness.settled();
    const metrics = await (await fetch(`${harness.bot.url}/metrics`)).text();
    expect(metrics).toContain('eipbot_requests_total{action="unbind",status="succeeded"} 1');
    expect(metrics).toContain('eipbot_approvals_total{outcome="counted"} 1');
    expect(metrics).toMatch(/eipbot_request_to_approval_seconds_count\{action="unbind"\} 1/);
    expect(metrics).toMatch(/eipbot_approval_to_done_seconds_count\{action="unbind",status="succeeded"\} 1/);
    expect(metrics).toMatch(/eipbot_provider_call_duration_seconds_count\{provider="huawei",operation="POST disassociate-instance",outcome="ok"\} 1/);
  });

  it('never writes the bot token or the signing secret to its log', async () => {
    await harness.command(`unbind ${HW.bound.address} --reason "INC-42"`);
    const card = await harness.card(await harness.nextRequestId());
    await harness.click(card, 'eip_approve', PEOPLE.approver);
    await harness.fake.waitForCall((call) => call.method === 'chat.postMessage' && call.args.channel === CHANNELS.audit.id);
    await harness.settled();
    const log = harness.logs.raw();
    expect(log).toContain('eipbot is ready');
    expect(log).not.toContain('xoxb-test-harness-bot-token');
    expect(log).not.toContain('harness-signing-secret');
    expect(log).not.toContain(defaultHuaweiSeed.credentials.aksk[0]?.secretKey);
  });
});
