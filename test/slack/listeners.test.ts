import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/action-ids.js';
import { CHANNELS, PEOPLE, SlackBotHarness } from '../support/slack-bot-harness.js';

/**
 * The listeners as Bolt calls them (reference/slack.md §7.5 A): real bodies through the
 * real app's processEvent, no HTTP, counting the acks.
 */
let harness: SlackBotHarness;
let acks: unknown[];

beforeAll(async () => {
  harness = await SlackBotHarness.start();
});

afterAll(async () => {
  await harness.close();
});

beforeEach(() => {
  acks = [];
});

async function deliver(body: Record<string, unknown>): Promise<void> {
  await harness.bot.app.processEvent({
    body: { team: { id: harness.fake.team.id }, ...body },
    ack: async (response?: unknown) => {
      acks.push(response ?? null);
    },
  });
}

function click(actionId: string | undefined, value: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: PEOPLE.approver.id, username: PEOPLE.approver.name },
    channel: { id: CHANNELS.ops.id, name: CHANNELS.ops.name },
    container: { type: 'message', channel_id: CHANNELS.ops.id, message_ts: '1.000001' },
    actions: [{ type: 'button', ...(actionId === undefined ? {} : { action_id: actionId }), block_id: 'b', ...(value === undefined ? {} : { value }) }],
    ...extra,
  };
}

describe('listeners, called as Bolt calls them', () => {
  it('acks each of eipbot’s buttons exactly once and answers a click on a request that does not exist', async () => {
    for (const actionId of Object.values(ActionId)) {
      acks = [];
      await deliver(click(actionId, 'R-222222'));
      expect(acks).toEqual([null]);
    }
    await harness.fake.waitForCall((call) => call.method === 'chat.postEphemeral' && /There is no change request R-222222/.test(String(call.args.text)));
    expect(harness.ephemeralTexts(PEOPLE.approver)).toContain(
      ':warning: There is no change request R-222222; check the id (finished requests are kept for 30 days).',
    );
  });

  it('acks an unknown button once, even one whose id starts like a known one', async () => {
    await deliver(click('eip_approve_later', 'R-222222'));
    expect(acks).toEqual([null]);
  });

  it('acks a click payload without an action and tells the clicker', async () => {
    await deliver({ ...click(undefined, undefined), actions: [] });
    expect(acks).toEqual([null]);
    expect(harness.ephemeralTexts(PEOPLE.approver).at(-1)).toBe(':warning: eipbot cannot act on this; use /eip help to see what it can do.');
  });

  it('acks a click whose button has no action id', async () => {
    await deliver(click(undefined, 'R-222222'));
    expect(acks).toEqual([null]);
  });

  it.each(['view_submission', 'shortcut', 'message_action', 'block_suggestion'])('acks a %s payload, which eipbot never asks for, exactly once', async (type) => {
    await deliver({ type, user: { id: PEOPLE.approver.id }, callback_id: 'x', view: { id: 'V1', callback_id: 'x' }, action_id: 'x', block_id: 'b', value: '' });
    expect(acks).toEqual([null]);
  });

  it('answers a slash command that arrives without its user and channel, in the ack', async () => {
    await deliver({ command: '/eip', text: 'help', team_id: harness.fake.team.id });
    expect(acks).toEqual([
      { response_type: 'ephemeral', text: ':warning: eipbot could not read this command from Slack (fields were missing). Try again; if it keeps happening, tell an eipbot admin.' },
    ]);
  });

  it('takes any command name as /eip, since the app has one command whatever a workspace named it', async () => {
    await deliver({ command: '/eip-staging', text: 'help cancel', team_id: harness.fake.team.id, user_id: PEOPLE.requester.id, channel_id: CHANNELS.ops.id });
    expect(acks).toEqual([{ response_type: 'ephemeral', text: '```/eip cancel &lt;request-id&gt;\n    withdraw a pending request you made. Example: /eip cancel R-7K2F9Q```' }]);
  });
});
