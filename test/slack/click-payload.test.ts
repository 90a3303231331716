import { describe, expect, it } from 'vitest';
import { readClick } from '../../src/slack/actions/click-payload.js';

const click = {
  type: 'block_actions',
  user: { id: 'U0ALICE01' },
  channel: { id: 'C0OPS0001' },
  container: { type: 'message', message_ts: '1767614400.000100', channel_id: 'C0OPS0001', is_ephemeral: false },
  actions: [{ action_id: 'eip_approve', value: 'R-7K2F9Q' }],
};

describe('what a click says about the message it came from', () => {
  it('names the channel message the button is on, so another replica can update that card', () => {
    expect(readClick(click)).toEqual({
      ok: true,
      click: { user: 'U0ALICE01', requestId: 'R-7K2F9Q', actionId: 'eip_approve', channel: 'C0OPS0001', message: { channel: 'C0OPS0001', ts: '1767614400.000100' } },
    });
  });

  it('names no message for a button on an ephemeral reply or outside a message', () => {
    const ephemeral = readClick({ ...click, container: { ...click.container, is_ephemeral: true } });
    const modal = readClick({ ...click, container: { type: 'view', view_id: 'V1' } });
    for (const read of [ephemeral, modal]) {
      expect(read.ok).toBe(true);
      if (read.ok) expect(read.click.message).toBeUndefined();
    }
  });
});
