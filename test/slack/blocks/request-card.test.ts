import { describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../../src/requests/change-request.js';
import { findBlockKitViolations } from '../../../src/sandbox/slack/block-kit-limits.js';
import { findButton } from '../../../src/sandbox/slack/signed-request.js';
import { planThreadMessages, requestCard } from '../../../src/slack/blocks/request-card.js';
import { CREATED_AT, isolateChanges, pendingUnbind, succeededUnbind } from '../../support/slack-requests.js';

const TENCENT = { provider: 'tencent', api: 'v3', region: 'ap-guangzhou' };

function allText(blocks: unknown[]): string {
  return JSON.stringify(blocks);
}

describe('the request card', () => {
  it('shows id, action, account, plan before → after, reason, requester, approvals and expiry', () => {
    const card = requestCard(pendingUnbind(), TENCENT);
    const text = allText(card.blocks);
    expect(card.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Unbind 203.0.113.10', emoji: true } });
    expect(text).toContain('*Request* `R-7K2F9Q`');
    expect(text).toContain('*Account* tc-prod (tencent v3, ap-guangzhou)');
    expect(text).toContain('*Requested by* <@U0RITA001>');
    expect(text).toContain('*Reason* INC-42 compromised host');
    expect(text).toContain(
      '• *203.0.113.10* `eip-web00001` (BIND, 5 Mbit/s): server `ins-web00001` · NIC `eni-web00001` · 10.0.1.10 → _unbound_',
    );
    expect(text).toContain('*Waiting for approval* (0 of 1)');
    expect(text).toContain(`Expires <!date^${(CREATED_AT + 15 * 60_000) / 1000}^{date_short_pretty} {time}|2026-01-05 12:15 UTC>`);
    expect(card.text).toBe('R-7K2F9Q: unbind 203.0.113.10 on tc-prod (pending)');
    expect(findBlockKitViolations(card.blocks)).toEqual([]);
  });

  it('offers Approve with a confirm dialog naming the action, Reject and Cancel, each carrying the request id', () => {
    const { blocks } = requestCard(pendingUnbind(), TENCENT);
    const approve = blocks.flatMap((block) => (block.type === 'actions' ? block.elements : [])).find((element) => element.type === 'button' && element.action_id === 'eip_approve');
    expect(approve).toMatchObject({
      style: 'primary',
      value: 'R-7K2F9Q',
      confirm: {
        title: { text: 'Approve R-7K2F9Q?' },
        text: { type: 'mrkdwn', text: 'eipbot will unbind 203.0.113.10 on account tc-prod right away.' },
        confirm: { text: 'Approve' },
        deny: { text: 'Back' },
      },
    });
    expect(findButton(blocks, 'eip_reject', 'R-7K2F9Q')).toMatchObject({ style: 'danger' });
    expect(findButton(blocks, 'eip_cancel', 'R-7K2F9Q')).toMatchObject({ text: 'Cancel request' });
  });

  it('says how many approvals are still needed and who gave them', () => {
    const request = pendingUnbind({ policy: { approvals: 2, allowSelfApproval: false, ttlMs: 900_000 }, approvals: [{ user: 'U0ALICE01', at: CREATED_AT }] });
    const text = allText(requestCard(request, TENCENT).blocks);
    expect(text).toContain('*Waiting for approval* (1 of 2: <@U0ALICE01>)');
    expect(text).toContain('once 2 approvers have approved');
  });

  it('marks a request from an incident channel, in the header, the notice and the notification text', () => {
    const card = requestCard(pendingUnbind({ incident: true, policy: { approvals: 1, allowSelfApproval: true, ttlMs: 300_000 } }), TENCENT);
    expect(card.blocks[0]).toMatchObject({ type: 'header', text: { text: '🚨 INCIDENT · Unbind 203.0.113.10' } });
    expect(allText(card.blocks)).toContain('incident policy applies (1 approval, self-approval allowed)');
    expect(card.text.startsWith('🚨 INCIDENT R-7K2F9Q')).toBe(true);
  });

  it('shows a reason with <!channel> and markup as plain text, so nobody is pinged', () => {
    const card = requestCard(pendingUnbind({ reason: '<!channel> look at <https://evil.example|this> & go' }), TENCENT);
    const text = allText(card.blocks);
    expect(text).toContain('*Reason* &lt;!channel&gt; look at &lt;https://evil.example|this&gt; &amp; go');
    expect(text).not.toContain('<!channel>');
  });

  it('drops the buttons once the request is final and shows the outcome with who approved', () => {
    const card = requestCard(succeededUnbind(), TENCENT);
    expect(card.blocks.some((block) => block.type === 'actions')).toBe(false);
    const text = allText(card.blocks);
    expect(text).toContain(':white_check_mark: *Succeeded* at <!date^');
    expect(text).toContain('Unbound 203.0.113.10 from NIC eni-web00001 (10.0.1.10) of server ins-web00001. Approved by <@U0ALICE01>.');
    expect(card.text).toBe('R-7K2F9Q: unbind 203.0.113.10 on tc-prod (succeeded)');
  });

  it.each([
    ['rejected', { rejection: { user: 'U0ALICE01', at: CREATED_AT + 1_000 } }, '*Rejected* by <@U0ALICE01>'],
    ['cancelled', { cancellation: { user: 'U0RITA001', at: CREATED_AT + 1_000 } }, '*Cancelled* by <@U0RITA001>'],
    ['expired', { transitions: { pending: CREATED_AT, expired: CREATED_AT + 900_000 } }, '*Expired* at <!date^'],
    ['executing', { approvals: [{ user: 'U0ALICE01', at: CREATED_AT }], transitions: { pending: CREATED_AT, executing: CREATED_AT + 5 } }, '*Executing* since'],
  ] as const)('shows a %s request without buttons', (status, extra, expected) => {
    const card = requestCard(pendingUnbind({ status, ...(extra as Partial<ChangeRequest>) }), TENCENT);
    expect(card.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(allText(card.blocks)).toContain(expected);
  });

  it('fits an isolate of 100 EIPs into Slack limits and sends the rest of the plan to the thread', () => {
    const changes = isolateChanges(100);
    const request = pendingUnbind({
      args: { action: 'isolate', serverId: 'ins-db000001' },
      plan: { action: 'isolate', changes, notes: [] },
      reason: 'x'.repeat(500),
    });
    const card = requestCard(request, TENCENT);
    expect(findBlockKitViolations(card.blocks)).toEqual([]);
    expect(card.blocks[0]).toMatchObject({ text: { text: 'Isolate server ins-db000001 (unbind its 100 EIPs)' } });
    const text = allText(card.blocks);
    expect(text).toContain(changes[19]?.eipId);
    expect(text).not.toContain(changes[20]?.eipId);
    expect(text).toContain('…and 80 more; the whole plan is in the thread.');

    const thread = planThreadMessages(request);
    expect(thread).toHaveLength(3);
    for (const message of thread) expect(findBlockKitViolations(message.blocks)).toEqual([]);
    const threadText = allText(thread.flatMap((message) => message.blocks));
    for (const change of changes) expect(threadText).toContain(change.eipId);
  });

  it('has no thread plan when the whole plan is on the card', () => {
    expect(planThreadMessages(pendingUnbind())).toEqual([]);
  });

  it('describes a new EIP, a move and a virtual IP in the plan', () => {
    const bindNew = requestCard(
      pendingUnbind({
        args: { action: 'bind-new', target: { kind: 'server', serverId: 'ins-web00002' }, bandwidthMbps: 10 },
        plan: {
          action: 'bind-new',
          changes: [],
          create: { name: 'eipbot-R-7K2F9Q', bandwidthMbps: 10 },
          target: { ref: { kind: 'server', serverId: 'ins-web00002' }, nicId: 'eni-web00002', privateIp: '10.0.1.11', serverId: 'ins-web00002' },
          notes: ['ins-web00002 has 2 ENIs; binding to the primary one, eni-web00002'],
        },
      }),
      TENCENT,
    );
    const bindNewText = allText(bindNew.blocks);
    expect(bindNew.blocks[0]).toMatchObject({ text: { text: 'Create a 10 Mbit/s EIP and bind it to server ins-web00002' } });
    expect(bindNewText).toContain(
      '• new pay-per-use EIP `eipbot-R-7K2F9Q` with 10 Mbit/s dedicated bandwidth → server `ins-web00002` · NIC `eni-web00002` · 10.0.1.11',
    );
    expect(bindNewText).toContain(':information_source: ins-web00002 has 2 ENIs; binding to the primary one, eni-web00002');

    const vip = requestCard(
      pendingUnbind({
        account: 'hw-prod',
        args: { action: 'vip-unbind', nicId: 'd32019d3-bc6e-4319-9c1d-6722fc136a23' },
        plan: {
          action: 'vip-unbind',
          changes: [],
          vip: { nicId: 'd32019d3-bc6e-4319-9c1d-6722fc136a23', before: [{ address: '192.168.0.7', subnetId: 'ba31e1f5' }], after: [] },
          notes: [],
        },
      }),
      { provider: 'huawei', api: 'v3', region: 'cn-north-4' },
    );
    expect(allText(vip.blocks)).toContain('• NIC `d32019d3-bc6e-4319-9c1d-6722fc136a23`: virtual IP 192.168.0.7 (subnet `ba31e1f5`) → _none_');
  });
});
