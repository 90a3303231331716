import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS, HW, PEOPLE, SlackBotHarness, TC } from '../support/slack-bot-harness.js';

let harness: SlackBotHarness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: Parameters<typeof SlackBotHarness.start>[0] = {}): Promise<SlackBotHarness> {
  harness = await SlackBotHarness.start(options);
  return harness;
}

function blocksOf(h: SlackBotHarness, text: RegExp): string {
  const call = h.fake.calls('response_url').find((candidate) => text.test(String(candidate.args.text)));
  return JSON.stringify(call?.args.blocks);
}

describe('/eip commands answered in the ack', () => {
  it('answers /eip help with every verb and an example, only to the asker', async () => {
    const h = await start();
    const { response, ack } = await h.command('help');
    expect(response.status).toBe(200);
    expect(ack?.response_type).toBe('ephemeral');
    for (const verb of ['show', 'list', 'bind', 'unbind', 'move', 'isolate', 'vip unbind', 'requests', 'cancel']) expect(ack?.text).toContain(`/eip ${verb}`);
    expect(ack?.text).toContain('Example: /eip unbind 203.0.113.10 --reason "INC-42 compromised host"');
    expect(ack?.text).toContain('&lt;eip&gt; is an EIP id');
    expect((await h.command('help move')).ack?.text).toBe(
      '```/eip move &lt;eip&gt; &lt;target&gt; [--account A] [--reason "…"]\n    unbind an EIP from where it is and bind it to the target, as one change. Example: /eip move eip-mksy14ay ins-4e5f6a7b --reason "fail over to standby"```',
    );
    expect(h.fake.calls().map((call) => call.method)).toEqual(['auth.test']);
  });

  it.each([
    [
      'frobnicate 1.2.3.4',
      ':warning: "frobnicate" is not an /eip command. The commands are help, show, list, bind, unbind, move, isolate, vip unbind, requests and cancel\nUsage:\n```/eip help [&lt;command&gt;]\n',
    ],
    [
      'unbind',
      ':warning: unbind needs an EIP: its id, its public IP address, or eni:&lt;eni-id&gt;/&lt;private-ip&gt;\nUsage:\n```/eip unbind &lt;eip|eni:&lt;eni-id&gt;/&lt;ip&gt;&gt; [--account A] [--reason "…"] [--realloc-wan-ip]```',
    ],
    [
      'unbind 203.0.113.162 --reason INC-42 host down',
      ':warning: The reason has several words: put it in quotes, like --reason "INC-42 host down"\nUsage:\n```/eip unbind &lt;eip|eni:&lt;eni-id&gt;/&lt;ip&gt;&gt; [--account A] [--reason "…"] [--realloc-wan-ip]```',
    ],
  ])('answers the malformed command "%s" with what is wrong and the usage, and does nothing else', async (text, expected) => {
    const h = await start();
    const { ack } = await h.command(text);
    expect(ack?.response_type).toBe('ephemeral');
    expect(ack?.text?.startsWith(expected)).toBe(true);
    expect(h.fake.calls().map((call) => call.method)).toEqual(['auth.test']);
    expect(h.huawei.stats.calls).toEqual([]);
  });

  it('names the accounts there are when --account names none of them', async () => {
    const h = await start();
    const { ack } = await h.command(`unbind ${HW.bound.address} --account hw-staging --reason "x"`);
    expect(ack).toEqual({
      response_type: 'ephemeral',
      text: ':warning: There is no account "hw-staging" in eipbot\'s configuration; use one of hw-prod, tc-prod.',
    });
    expect((await h.command('show 203.0.113.162 --account nope')).ack?.text).toBe(
      ':warning: There is no account "nope" in eipbot\'s configuration; use one of hw-prod, tc-prod.',
    );
    expect(h.huawei.stats.calls).toEqual([]);
  });
});

describe('/eip commands answered after the ack', () => {
  it('acks a change command before any provider call answers, however long the provider takes', async () => {
    const h = await start({ bot: { providers: { httpTimeoutMs: 500 } } });
    h.huawei.faults.inject({ operation: 'GET publicips', response: 'hang' });
    const events: string[] = [];
    h.fake.subscribe((event) => {
      if (event.type === 'call' && event.call.method === 'chat.postMessage') events.push('card posted');
    });
    const { response, ack } = await h.command(`unbind ${HW.bound.address} --reason "INC-42"`);
    events.push('ack received');
    expect(response.status).toBe(200);
    expect(ack).toBeUndefined();
    expect(h.huawei.stats.calls.filter((call) => call.outcome === 200)).toEqual([]);
    expect(await h.ephemeral(PEOPLE.requester, /Planning/)).toBe(':hourglass_flowing_sand: Planning: unbind 203.0.113.162 on hw-prod…');
    await h.card(await h.nextRequestId());
    expect(events).toEqual(['ack received', 'card posted']);
    expect(h.huawei.stats.calls[0]).toMatchObject({ operation: 'GET publicips', outcome: 'hang' });
  });

  it('shows an EIP’s live state: address, status, what it is bound to and bandwidth', async () => {
    const h = await start();
    const { ack } = await h.command(`show ${HW.bound.address}`);
    expect(ack).toBeUndefined();
    const text = await h.ephemeral(PEOPLE.requester, /on hw-prod/);
    expect(text).toBe('203.0.113.162 on hw-prod: bound');
    expect(blocksOf(h, /on hw-prod/)).toContain(
      `*Status:* bound (ACTIVE) to server \`${HW.appServer}\` · NIC \`${HW.bound.port}\` · 192.168.1.131\\n*Bandwidth:* 7 Mbit/s`,
    );
    expect(h.fake.workspace.messages(CHANNELS.ops.id)).toEqual([]);
  });

  it('says so when the EIP does not exist', async () => {
    const h = await start();
    await h.command('show 198.51.100.99');
    expect(await h.ephemeral(PEOPLE.requester, /no EIP/)).toBe(':warning: hw-prod: there is no EIP with address 198.51.100.99 in this project.');
  });

  it('lists the EIPs bound to a server of another account', async () => {
    const h = await start();
    await h.command(`list --server ${TC.web2} --account tc-prod`);
    expect(await h.ephemeral(PEOPLE.requester, /EIP on tc-prod/)).toBe('1 EIP on tc-prod');
    expect(blocksOf(h, /EIP on tc-prod/)).toContain(
      '• *203.0.113.11* `eip-web00002`: bound (BIND) to server `ins-web00002` · NIC `eni-web0002b` · 10.0.2.11 · 5 Mbit/s · “web-2-secondary”',
    );
  });

  it('lists the open requests of the channel, and cancels one for its requester', async () => {
    const h = await start();
    await h.command(`unbind ${HW.bound.address} --reason "INC-42"`);
    const id = await h.nextRequestId();
    const card = await h.card(id);
    await h.ephemeral(PEOPLE.requester, /is waiting for approval/);

    await h.command('requests', PEOPLE.outsider);
    expect(await h.ephemeral(PEOPLE.outsider, /open change request/)).toBe('1 open change request in this channel');
    expect(blocksOf(h, /open change request/)).toContain(`• \`${id}\` unbind 203.0.113.162 on hw-prod: waiting for approval (0 of 1), expires <!date^`);
    await h.command('requests', PEOPLE.outsider, CHANNELS.incident);
    expect(await h.ephemeral(PEOPLE.outsider, /No open/)).toBe('No open change requests in this channel.');

    await h.command(`cancel ${id.toLowerCase()}`, PEOPLE.outsider);
    expect(await h.ephemeral(PEOPLE.outsider, /can cancel it/)).toBe(
      `:warning: Only <@U0RITA001>, who requested ${id}, can cancel it; an approver can Reject it instead.`,
    );
    await h.command(`cancel ${id}`);
    expect(await h.ephemeral(PEOPLE.requester, /Cancelled/)).toBe(`:wastebasket: Cancelled \`${id}\`; nothing was changed.`);
    await h.settled();
    expect(h.message(card).text).toBe(`${id}: unbind 203.0.113.162 on hw-prod (cancelled)`);
    expect(h.huawei.stats.count('POST disassociate-instance')).toBe(0);
  });

  it('answers a policy refusal with its reason, and posts no card', async () => {
    const h = await start({ policy: { requireReason: true } });
    await h.command(`unbind ${HW.bound.address}`);
    expect(await h.ephemeral(PEOPLE.requester, /reason is required/)).toBe(
      ':warning: A reason is required for EIP changes on account hw-prod here; add --reason "…" (for example --reason "INC-42 compromised host") to the command.',
    );
    expect(h.fake.calls('chat.postMessage')).toEqual([]);
  });

  it('answers a plan the cloud makes impossible with what is wrong, and posts no card', async () => {
    const h = await start();
    await h.command(`unbind ${HW.free.address} --reason "tidy up"`);
    expect(await h.ephemeral(PEOPLE.requester, /^:warning:/)).toBe(':warning: 203.0.113.12 is not bound to anything, so there is nothing to unbind.');
    expect(h.fake.calls('chat.postMessage')).toEqual([]);
  });

  it('withdraws the request and says how to fix it when the bot cannot post in the channel', async () => {
    const h = await start();
    h.fake.failNext('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    await h.command(`unbind ${HW.bound.address} --reason "INC-42"`);
    expect(await h.ephemeral(PEOPLE.requester, /could not post/)).toMatch(
      /^:warning: eipbot could not post the card of `R-\w{6}` in <#C0OPS0001> \(not_in_channel\), so nobody could approve it, and it withdrew the request\. Invite eipbot with \/invite @eipbot and try again\.$/,
    );
    await h.settled();
    expect(await h.bot.service.listOpen(CHANNELS.ops.id)).toEqual([]);
    expect(h.fake.workspace.messages(CHANNELS.ops.id)).toEqual([]);
  });
});
