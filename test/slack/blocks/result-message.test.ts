import { describe, expect, it } from 'vitest';
import { findBlockKitViolations } from '../../../src/sandbox/slack/block-kit-limits.js';
import { findButton } from '../../../src/sandbox/slack/signed-request.js';
import { resultMessage } from '../../../src/slack/blocks/result-message.js';
import { succeededUnbind } from '../../support/slack-requests.js';

const TENCENT = { provider: 'tencent', api: 'v3', region: 'ap-guangzhou' };

describe('the final result message', () => {
  it('says what happened, each step, who asked and who approved, with an Undo button', () => {
    const message = resultMessage(succeededUnbind(), TENCENT, { forAuditChannel: false });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(':white_check_mark: *`R-7K2F9Q` succeeded*: Unbind 203.0.113.10');
    expect(text).toContain('Unbound 203.0.113.10 from NIC eni-web00001 (10.0.1.10) of server ins-web00001.');
    expect(text).toContain(':white_check_mark: unbind 203.0.113.10: Unbound 203.0.113.10 (UNBIND). (1.5 s)');
    expect(text).toContain('requested by <@U0RITA001> · approved by <@U0ALICE01> · done 4.0 s after approval');
    expect(text).toContain('Reason: INC-42 compromised host');
    expect(findButton(message.blocks, 'eip_undo', 'R-7K2F9Q')).toMatchObject({ text: 'Undo' });
    expect(message.text).toBe('R-7K2F9Q succeeded: unbind 203.0.113.10');
    expect(findBlockKitViolations(message.blocks)).toEqual([]);
  });

  it('names the request’s channel when posted in the audit channel', () => {
    const message = resultMessage(succeededUnbind(), TENCENT, { forAuditChannel: true });
    expect(JSON.stringify(message.blocks)).toContain('succeeded* in <#C0OPS0001>: Unbind 203.0.113.10');
  });

  it('offers no Undo when the workflow cannot undo, or when the request failed', () => {
    const base = succeededUnbind();
    const noUndo = resultMessage({ ...base, result: { ...base.result!, undo: undefined } }, TENCENT, { forAuditChannel: false });
    expect(findButton(noUndo.blocks, 'eip_undo')).toBeUndefined();
    const failed = resultMessage(
      { ...base, status: 'failed', result: { ...base.result!, ok: false, summary: 'The EIP was bound elsewhere meanwhile; nothing was changed.' } },
      TENCENT,
      { forAuditChannel: false },
    );
    expect(findButton(failed.blocks, 'eip_undo')).toBeUndefined();
    expect(JSON.stringify(failed.blocks)).toContain(':x: *`R-7K2F9Q` failed*');
  });

  it('lists at most 30 steps of a large isolate and says where the rest are', () => {
    const base = succeededUnbind();
    const steps = Array.from({ length: 120 }, (_, index) => ({
      label: `unbind 198.51.0.${index}`,
      ok: index % 7 !== 0,
      message: index % 7 === 0 ? 'The cloud refused: OperationDenied.MutexTaskRunning.' : 'Unbound.',
      requestIds: [],
      durationMs: 800,
    }));
    const message = resultMessage({ ...base, result: { ...base.result!, steps } }, TENCENT, { forAuditChannel: false });
    expect(findBlockKitViolations(message.blocks)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('unbind 198.51.0.29:');
    expect(text).not.toContain('unbind 198.51.0.30:');
    expect(text).toContain('…and 90 more steps; `eipbot audit show R-7K2F9Q` lists every one.');
  });
});
