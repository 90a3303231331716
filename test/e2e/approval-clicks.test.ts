import { afterEach, describe, expect, it } from 'vitest';
import { defaultHuaweiSeed } from '../../src/sandbox/huawei/default-seed.js';
import type { FakeMessage } from '../../src/sandbox/slack/slack-workspace.js';
import { CHANNELS, HW, PEOPLE, shiftableClock, SlackBotHarness, type HarnessOptions } from '../support/slack-bot-harness.js';

const APPROVERS = '<@U0ALICE01>, <@U0AARON01>, <!subteam^S0NETOPS1>';

let harness: SlackBotHarness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function pendingUnbind(options: HarnessOptions = {}): Promise<{ h: SlackBotHarness; id: string; card: FakeMessage }> {
  harness = await SlackBotHarness.start(options);
  await harness.command(`unbind ${HW.bound.address} --reason "INC-42 compromised host"`);
  const id = await harness.nextRequestId();
  const card = await harness.card(id);
  await harness.ephemeral(PEOPLE.requester, /is waiting for approval/);
  return { h: harness, id, card };
}

async function finished(h: SlackBotHarness): Promise<void> {
  await h.fake.waitForCall((call) => call.method === 'chat.postMessage' && call.args.channel === CHANNELS.audit.id);
  await h.settled();
}

function executions(h: SlackBotHarness): number {
  return h.huawei.stats.count('POST disassociate-instance');
}

describe('clicks on a change request', () => {
  it('refuses a click by someone who is not an approver, tells them whom to ask, and changes nothing', async () => {
    const { h, id, card } = await pendingUnbind();
    expect((await h.click(card, 'eip_approve', PEOPLE.outsider)).status).toBe(200);
    expect(await h.ephemeral(PEOPLE.outsider, /not an approver/)).toBe(
      `:warning: You are not an approver for account hw-prod, so you cannot approve ${id}; ask one of ${APPROVERS}.`,
    );
    await h.settled();
    expect(h.fake.calls('chat.update')).toEqual([]);
    expect(h.fake.calls('usergroups.users.list').map((call) => call.args.usergroup)).toEqual(['S0NETOPS1']);
    expect(executions(h)).toBe(0);
  });

  it('refuses the requester’s own approval where self-approval is off', async () => {
    const { h, id, card } = await pendingUnbind();
    await h.click(card, 'eip_approve', PEOPLE.requester);
    expect(await h.ephemeral(PEOPLE.requester, /does not count/)).toBe(`:warning: You requested ${id}, so your approval does not count; ask one of ${APPROVERS}.`);
    await h.settled();
    expect(h.message(card).text).toBe(`${id}: unbind 203.0.113.162 on hw-prod (pending)`);
    expect(executions(h)).toBe(0);
  });

  it('executes once when an approver double-clicks, and tells them the second click changed nothing', async () => {
    const { h, id, card } = await pendingUnbind();
    const clicks = await Promise.all([h.click(card, 'eip_approve', PEOPLE.approver), h.click(card, 'eip_approve', PEOPLE.approver)]);
    expect(clicks.map((click) => click.status)).toEqual([200, 200]);
    await h.ephemeral(PEOPLE.approver, /already approved/);
    await finished(h);
    expect(h.ephemeralTexts(PEOPLE.approver)).toEqual([expect.stringMatching(new RegExp(`^:warning: (You already approved ${id}|${id} was already approved by <@U0ALICE01> at <!date\\^\\d+\\^\\{time\\}\\|\\d\\d:\\d\\d UTC>)`))]);
    expect(executions(h)).toBe(1);
    expect(h.fake.calls('chat.update').filter((call) => String(call.args.text).endsWith('(executing)'))).toHaveLength(1);
  });

  it('executes once when two approvers click at the same moment', async () => {
    const { h, id, card } = await pendingUnbind();
    await Promise.all([h.click(card, 'eip_approve', PEOPLE.approver), h.click(card, 'eip_approve', PEOPLE.secondApprover)]);
    await h.fake.waitForCall((call) => call.method === 'response_url' && /already approved/.test(String(call.args.text)));
    await finished(h);
    const refused = [...h.ephemeralTexts(PEOPLE.approver), ...h.ephemeralTexts(PEOPLE.secondApprover)];
    expect(refused).toEqual([expect.stringMatching(new RegExp(`^:warning: ${id} was already approved by <@U0(ALICE|AARON)01> at `))]);
    expect(executions(h)).toBe(1);
  });

  it('lets a member of an approver user group approve', async () => {
    const { h, id, card } = await pendingUnbind();
    await h.click(card, 'eip_approve', PEOPLE.groupApprover);
    await finished(h);
    expect(h.message(card).text).toBe(`${id}: unbind 203.0.113.162 on hw-prod (succeeded)`);
    expect(JSON.stringify(h.message(card).blocks)).toContain('Approved by <@U0NINA001>.');
    expect(h.ephemeralTexts(PEOPLE.groupApprover)).toEqual([]);
  });

  it('says a request has expired when it is clicked after its time, and runs nothing', async () => {
    const clock = shiftableClock();
    const { h, id, card } = await pendingUnbind({ clock });
    clock.shift(16 * 60_000);
    await h.click(card, 'eip_approve', PEOPLE.approver);
    expect(await h.ephemeral(PEOPLE.approver, /expired/)).toMatch(
      new RegExp(`^:warning: ${id} expired at <!date\\^\\d+\\^\\{time\\}\\|\\d\\d:\\d\\d UTC> without enough approvals; request the change again if it is still needed\\.$`),
    );
    await h.settled();
    expect(h.message(card).text).toBe(`${id}: unbind 203.0.113.162 on hw-prod (expired)`);
    expect(JSON.stringify(h.message(card).blocks)).not.toContain('eip_approve');
    expect(executions(h)).toBe(0);
  });

  it('ends the request on one rejection, and answers a later approval with who rejected it', async () => {
    const { h, id, card } = await pendingUnbind({ policy: { approvals: 2 } });
    await h.click(card, 'eip_reject', PEOPLE.secondApprover);
    await h.fake.waitForCall((call) => call.method === 'chat.update' && String(call.args.text).endsWith('(rejected)'));
    expect(JSON.stringify(h.message(card).blocks)).toContain('*Rejected* by <@U0AARON01>');
    await h.click(card, 'eip_approve', PEOPLE.approver);
    expect(await h.ephemeral(PEOPLE.approver, /rejected/)).toMatch(new RegExp(`^:warning: ${id} was rejected by <@U0AARON01> at <!date`));
    await h.settled();
    expect(executions(h)).toBe(0);
  });

  it('refuses a rejection from someone who is not an approver', async () => {
    const { h, id, card } = await pendingUnbind();
    await h.click(card, 'eip_reject', PEOPLE.requester);
    expect(await h.ephemeral(PEOPLE.requester, /cannot reject/)).toBe(
      `:warning: You are not an approver for account hw-prod, so you cannot reject ${id}; as its requester you can cancel it with /eip cancel ${id}.`,
    );
    expect(h.message(card).text).toBe(`${id}: unbind 203.0.113.162 on hw-prod (pending)`);
  });

  it('lets the requester cancel with the button, and tells anyone else that only the requester can', async () => {
    const { h, id, card } = await pendingUnbind();
    await h.click(card, 'eip_cancel', PEOPLE.approver);
    expect(await h.ephemeral(PEOPLE.approver, /can cancel it/)).toBe(
      `:warning: Only <@U0RITA001>, who requested ${id}, can cancel it; an approver can Reject it instead.`,
    );
    expect(h.message(card).text).toBe(`${id}: unbind 203.0.113.162 on hw-prod (pending)`);
    await h.click(card, 'eip_cancel', PEOPLE.requester);
    await h.fake.waitForCall((call) => call.method === 'chat.update' && String(call.args.text).endsWith('(cancelled)'));
    expect(JSON.stringify(h.message(card).blocks)).toContain('*Cancelled* by <@U0RITA001>');
    await h.settled();
    expect(executions(h)).toBe(0);
  });

  it('needs every approval the policy asks for, confirming each partial one to its approver', async () => {
    const { h, id, card } = await pendingUnbind({ policy: { approvals: 2 } });
    await h.click(card, 'eip_approve', PEOPLE.approver);
    expect(await h.ephemeral(PEOPLE.approver, /counted/)).toBe(
      `:ballot_box_with_check: Your approval of \`${id}\` is counted: 1 of 2. It runs once another approver approves.`,
    );
    await h.fake.waitForCall((call) => call.method === 'chat.update');
    expect(JSON.stringify(h.message(card).blocks)).toContain('*Waiting for approval* (1 of 2: <@U0ALICE01>)');
    expect(executions(h)).toBe(0);
    await h.click(card, 'eip_approve', PEOPLE.secondApprover);
    await finished(h);
    expect(executions(h)).toBe(1);
    expect(h.huawei.state.eip(defaultHuaweiSeed.projectId, HW.bound.id).status).toBe('DOWN');
  });

  it('answers a click on a button it does not know, and a button without a request id, instead of timing out', async () => {
    const { h, card } = await pendingUnbind();
    const unknown = { ...card, blocks: [{ type: 'actions', block_id: 'old', elements: [{ type: 'button', action_id: 'eip_approve_v0', value: 'x', text: { type: 'plain_text', text: 'Old' } }] }] };
    expect((await h.click(unknown, 'eip_approve_v0', PEOPLE.approver)).status).toBe(200);
    expect(await h.ephemeral(PEOPLE.approver, /does not know this button/)).toBe(
      ':warning: eipbot does not know this button (eip_approve_v0); it may be from an older version. Use /eip requests to see the open requests.',
    );
    const noId = { ...card, blocks: [{ type: 'actions', block_id: 'bad', elements: [{ type: 'button', action_id: 'eip_approve', value: 'drop table', text: { type: 'plain_text', text: 'Approve' } }] }] };
    expect((await h.click(noId, 'eip_approve', PEOPLE.approver)).status).toBe(200);
    expect(await h.ephemeral(PEOPLE.approver, /could not act/)).toBe(
      ':warning: eipbot could not act on this button: the button does not name a change request. Use /eip requests to see the open requests.',
    );
    expect(executions(h)).toBe(0);
  });
});
