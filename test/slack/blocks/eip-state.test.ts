import { describe, expect, it } from 'vitest';
import type { Eip } from '../../../src/providers/provider.js';
import { findBlockKitViolations } from '../../../src/sandbox/slack/block-kit-limits.js';
import { listMessage, showMessage } from '../../../src/slack/blocks/eip-state.js';
import { openRequestsMessage } from '../../../src/slack/blocks/open-requests.js';
import { pendingUnbind } from '../../support/slack-requests.js';

const HUAWEI = { provider: 'huawei', api: 'v3', region: 'cn-north-4' };
const bound: Eip = {
  id: 'f6318bef-6508-4ea5-a48f-6152b6b1a8fb',
  address: '203.0.113.162',
  status: 'bound',
  providerStatus: 'ACTIVE',
  binding: { nicId: 'a135e9b8-1630-40d2-a6c5-eb534a61efbe', privateIp: '192.168.1.131', serverId: '5d0f8a3c-1b7e-4c2a-9f61-2a9c3e8b7d41' },
  bandwidthMbps: 7,
  name: 'app <1>',
};

describe('/eip show and /eip list answers', () => {
  it('shows address, status, what it is bound to (server, NIC, private IP) and bandwidth', () => {
    const text = JSON.stringify(showMessage('hw-prod', HUAWEI, bound).blocks);
    expect(text).toContain('*203.0.113.162* `f6318bef-6508-4ea5-a48f-6152b6b1a8fb` on hw-prod (huawei v3, cn-north-4)');
    expect(text).toContain(
      '*Status:* bound (ACTIVE) to server `5d0f8a3c-1b7e-4c2a-9f61-2a9c3e8b7d41` · NIC `a135e9b8-1630-40d2-a6c5-eb534a61efbe` · 192.168.1.131',
    );
    expect(text).toContain('*Bandwidth:* 7 Mbit/s');
    expect(text).toContain('*Name:* app &lt;1&gt;');
  });

  it('says plainly when an EIP is free, changing or in error', () => {
    const free = JSON.stringify(showMessage('hw-prod', HUAWEI, { ...bound, status: 'unbound', providerStatus: 'DOWN', binding: undefined }).blocks);
    expect(free).toContain('*Status:* not bound (DOWN)');
    const changing = JSON.stringify(showMessage('hw-prod', HUAWEI, { ...bound, status: 'pending', providerStatus: 'PENDING_UPDATE' }).blocks);
    expect(changing).toContain('changing right now (PENDING_UPDATE), currently on server');
    expect(JSON.stringify(showMessage('hw-prod', HUAWEI, { ...bound, status: 'error', providerStatus: 'BIND_ERROR' }).blocks)).toContain(
      'in error status BIND_ERROR',
    );
  });

  it('lists EIPs one per line, and says when a server has none', () => {
    const list = listMessage('hw-prod', HUAWEI, [bound, { ...bound, id: 'e2', address: '203.0.113.12', status: 'unbound', providerStatus: 'DOWN', binding: undefined }]);
    const text = JSON.stringify(list.blocks);
    expect(text).toContain('*2 EIPs* on hw-prod (huawei v3, cn-north-4):');
    expect(text).toContain('• *203.0.113.12* `e2`: not bound (DOWN) · 7 Mbit/s');
    expect(JSON.stringify(listMessage('hw-prod', HUAWEI, [], 'srv-1').blocks)).toContain('*0 EIPs* on hw-prod (huawei v3, cn-north-4) bound to server `srv-1`.');
  });

  it('keeps a list of 500 EIPs within Slack limits and says how to narrow it', () => {
    const many = Array.from({ length: 500 }, (_, index) => ({ ...bound, id: `eip-${index}`, address: `198.51.100.${index % 256}` }));
    const list = listMessage('hw-prod', HUAWEI, many);
    expect(findBlockKitViolations(list.blocks)).toEqual([]);
    expect(JSON.stringify(list.blocks)).toContain('…and 400 more; narrow the list with --server &lt;id&gt;.');
  });

  it('lists open requests with their standing, and says when there are none', () => {
    const text = JSON.stringify(openRequestsMessage([pendingUnbind(), pendingUnbind({ id: 'R-9ZZZZZ', status: 'executing' })]).blocks);
    expect(text).toContain('*2 open change requests* in this channel:');
    expect(text).toContain('• `R-7K2F9Q` unbind 203.0.113.10 on tc-prod: waiting for approval (0 of 1), expires <!date^');
    expect(text).toContain('• `R-9ZZZZZ` unbind 203.0.113.10 on tc-prod: executing · requested by <@U0RITA001>');
    expect(openRequestsMessage([]).text).toBe('No open change requests in this channel.');
  });
});
