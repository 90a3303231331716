import { afterEach, describe, expect, it } from 'vitest';
import { defaultHuaweiSeed } from '../../src/sandbox/huawei/default-seed.js';
import { findButton } from '../../src/sandbox/slack/signed-request.js';
import type { FakeMessage } from '../../src/sandbox/slack/slack-workspace.js';
import { CHANNELS, HW, PEOPLE, SlackBotHarness, TC, type Channel, type Person } from '../support/slack-bot-harness.js';

let harness: SlackBotHarness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Runs a command, approves its card as `approver`, and waits until the result is posted everywhere. */
async function requestAndApprove(
  h: SlackBotHarness,
  text: string,
  options: { requester?: Person; approver?: Person; channel?: Channel } = {},
): Promise<{ id: string; card: FakeMessage }> {
  const before = h.fake.calls().length;
  const requester = options.requester ?? PEOPLE.requester;
  const { ack } = await h.command(text, requester, options.channel ?? CHANNELS.ops);
  expect(ack).toBeUndefined();
  await h.ephemeral(requester, /^:hourglass_flowing_sand: Planning: /);
  const id = await h.nextRequestId(before);
  const card = await h.card(id);
  await h.click(card, 'eip_approve', options.approver ?? PEOPLE.approver);
  await h.fake.waitForCall((call) => call.seq > before && call.method === 'chat.postMessage' && call.args.channel === CHANNELS.audit.id);
  await h.settled();
  return { id, card };
}

function resultOf(h: SlackBotHarness, id: string, channel: Channel = CHANNELS.ops): FakeMessage | undefined {
  return h.fake.workspace.messages(channel.id).find((message) => message.text.startsWith(`${id} succeeded`) || message.text.startsWith(`${id} failed`));
}

describe('change requests from Slack to the cloud and back', () => {
  it('bind new: creates a pay-per-use EIP with the asked bandwidth, named after the request, and binds it to the server', async () => {
    const h = (harness = await SlackBotHarness.start());
    const { id, card } = await requestAndApprove(h, `bind new ${HW.webServer} --bandwidth 10 --reason "INC-42 failover"`);
    expect(JSON.stringify(card.blocks)).toContain(`• new pay-per-use EIP \`eipbot-${id}\` with 10 Mbit/s dedicated bandwidth → server \`${HW.webServer}\``);
    expect(h.message(card).text).toBe(`${id}: create a 10 Mbit/s EIP and bind it to server ${HW.webServer} on hw-prod (succeeded)`);
    const created = h.huawei.state.eips().find((eip) => eip.alias === `eipbot-${id}`);
    expect(created).toMatchObject({ status: 'ACTIVE', portId: '02c72193-efec-42fb-853b-c33f2b802467', bandwidth: { size: 10 } });
    expect(JSON.stringify(resultOf(h, id)?.blocks)).toContain(`Created EIP \`${created?.id}\`.`);
  });

  it('move: unbinds a Tencent EIP from one server and binds it to another, as one approved change', async () => {
    const h = (harness = await SlackBotHarness.start());
    const { id } = await requestAndApprove(h, `move ${TC.web1.id} ${TC.web2} --account tc-prod --reason "fail over to standby"`);
    expect(resultOf(h, id)?.text).toBe(`${id} succeeded: move 203.0.113.10 to server ${TC.web2}`);
    expect(h.tencent.state.address(TC.web1.id)).toMatchObject({ status: 'BIND', instanceId: TC.web2, networkInterfaceId: 'eni-web00002', privateIpAddress: '10.0.1.11' });
  });

  it('isolate: unbinds every EIP of a server and reports each one', async () => {
    const h = (harness = await SlackBotHarness.start());
    const { id, card } = await requestAndApprove(h, `isolate ${HW.appServer} --reason "INC-42 compromised host"`);
    expect(card.blocks?.[0]).toMatchObject({ text: { text: `Isolate server ${HW.appServer} (unbind its 2 EIPs)` } });
    const result = JSON.stringify(resultOf(h, id)?.blocks);
    expect(result).toContain(':white_check_mark: unbind 203.0.113.162:');
    expect(result).toContain(':white_check_mark: unbind 203.0.113.31:');
    expect(h.huawei.state.eips().filter((eip) => eip.portId !== undefined)).toEqual([]);
    expect(h.fake.workspace.thread(card.channel, card.ts).length).toBeGreaterThan(0);
  });

  it('Undo on the result opens a new approval-gated request that restores the binding', async () => {
    const h = (harness = await SlackBotHarness.start());
    const { id } = await requestAndApprove(h, `unbind ${HW.bound.address} --reason "INC-42"`);
    expect(h.huawei.state.eip(defaultHuaweiSeed.projectId, HW.bound.id).portId).toBeUndefined();
    const result = resultOf(h, id) as FakeMessage;
    expect(findButton(result.blocks, 'eip_undo', id)).toBeDefined();

    const before = h.fake.calls().length;
    await h.click(result, 'eip_undo', PEOPLE.requester);
    const undoId = await h.nextRequestId(before);
    expect(undoId).not.toBe(id);
    const undoCard = await h.card(undoId);
    expect(JSON.stringify(undoCard.blocks)).toContain(`*Undoes* \`${id}\``);
    expect(await h.ephemeral(PEOPLE.requester, new RegExp(`${undoId}\` is waiting for approval`))).toContain(`<#${CHANNELS.ops.id}>`);
    expect(h.huawei.state.eip(defaultHuaweiSeed.projectId, HW.bound.id).portId).toBeUndefined();

    await h.click(result, 'eip_undo', PEOPLE.approver);
    expect(await h.ephemeral(PEOPLE.approver, /already has an Undo/)).toBe(
      `:warning: ${id} already has an Undo request, ${undoId} (pending); approve or cancel that one.`,
    );

    await h.click(undoCard, 'eip_approve', PEOPLE.approver);
    await h.fake.waitForCall((call) => call.method === 'chat.update' && String(call.args.text).startsWith(undoId) && String(call.args.text).endsWith('(succeeded)'));
    await h.settled();
    expect(h.huawei.state.eip(defaultHuaweiSeed.projectId, HW.bound.id)).toMatchObject({ status: 'ACTIVE', portId: HW.bound.port });
  });

  it('marks an incident channel’s request and lets an approver approve their own request there, as the incident policy allows', async () => {
    const h = (harness = await SlackBotHarness.start());
    const { id, card } = await requestAndApprove(h, `unbind ${HW.bound.address} --reason "INC-42"`, {
      channel: CHANNELS.incident,
      requester: PEOPLE.approver,
      approver: PEOPLE.approver,
    });
    expect(card.blocks?.[0]).toMatchObject({ text: { text: '🚨 INCIDENT · Unbind 203.0.113.162' } });
    expect(h.message(card).text).toBe(`🚨 INCIDENT ${id}: unbind 203.0.113.162 on hw-prod (succeeded)`);
    expect(JSON.stringify(h.message(card).blocks)).toContain('Approved by <@U0ALICE01>.');
    expect(h.fake.workspace.messages(CHANNELS.audit.id)[0]?.text).toBe(`🚨 INCIDENT ${id} succeeded: unbind 203.0.113.162`);
  });

  it('finds an incident channel by its real name when Slack sends "privategroup" instead', async () => {
    const h = (harness = await SlackBotHarness.start());
    await h.command(`unbind ${HW.bound.address} --reason "INC-42"`, PEOPLE.requester, { id: CHANNELS.incident.id, name: 'privategroup' });
    const card = await h.card(await h.nextRequestId());
    expect(card.blocks?.[0]).toMatchObject({ text: { text: '🚨 INCIDENT · Unbind 203.0.113.162' } });
    expect(h.fake.calls('conversations.info').map((call) => call.args.channel)).toEqual([CHANNELS.incident.id]);
  });

  it('lands every card update when Slack answers chat.update with 429 and Retry-After', async () => {
    const h = (harness = await SlackBotHarness.start());
    h.fake.failNext('chat.update', { kind: 'rate-limited', retryAfterSeconds: 0 }, 3);
    const { id, card } = await requestAndApprove(h, `unbind ${HW.bound.address} --reason "INC-42"`);
    const outcomes = h.fake.calls('chat.update').map((call) => call.outcome);
    expect(outcomes.slice(0, 3)).toEqual(['rate_limited', 'rate_limited', 'rate_limited']);
    expect(outcomes.slice(3).every((outcome) => outcome === 'ok')).toBe(true);
    expect(h.message(card).text).toBe(`${id}: unbind 203.0.113.162 on hw-prod (succeeded)`);
    expect(h.huawei.stats.count('POST disassociate-instance')).toBe(1);
  });

  it('carries out an approved change exactly once while Slack fails every card update', async () => {
    const h = (harness = await SlackBotHarness.start({ bot: { slack: { queue: { transientRetries: 0 } } } }));
    await h.command(`unbind ${HW.bound.address} --reason "INC-42"`);
    const id = await h.nextRequestId();
    const card = await h.card(id);
    h.fake.failNext('chat.update', { kind: 'http-status', status: 503 }, 100);
    await h.click(card, 'eip_approve', PEOPLE.approver);
    await h.fake.waitForCall((call) => call.method === 'chat.postMessage' && call.args.channel === CHANNELS.audit.id);
    await h.settled();
    expect(h.fake.calls('chat.update').every((call) => call.outcome === 'http_503')).toBe(true);
    expect((await h.bot.service.get(id))?.status).toBe('succeeded');
    expect(h.huawei.stats.count('POST disassociate-instance')).toBe(1);
    expect(h.huawei.state.eip(defaultHuaweiSeed.projectId, HW.bound.id).status).toBe('DOWN');
    expect(resultOf(h, id)?.text).toBe(`${id} succeeded: unbind 203.0.113.162`);
    expect(h.logs.raw()).toContain('could not show a change request on its Slack card');
  });

  it('reports a failed execution on the card, in the thread and in the result, with no Undo', async () => {
    const h = (harness = await SlackBotHarness.start());
    h.huawei.faults.errorNextChange(HW.bound.id);
    const { id, card } = await requestAndApprove(h, `unbind ${HW.bound.address} --reason "INC-42"`);
    expect(h.message(card).text).toBe(`${id}: unbind 203.0.113.162 on hw-prod (failed)`);
    const result = resultOf(h, id) as FakeMessage;
    expect(result.text).toBe(`${id} failed: unbind 203.0.113.162`);
    expect(findButton(result.blocks, 'eip_undo')).toBeUndefined();
    expect(h.fake.workspace.thread(card.channel, card.ts).map((message) => message.text).join('\n')).toContain(':x: unbind 203.0.113.162:');
  });
});
