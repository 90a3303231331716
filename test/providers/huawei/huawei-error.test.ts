import { describe, expect, it } from 'vitest';
import { huaweiProviderError } from '../../../src/providers/huawei/huawei-error.js';
import type { ProviderErrorKind } from '../../../src/providers/provider-error.js';

/** reference/huawei.md §7.3: each notable code becomes a kind a workflow can act on and a message a person can act on. */
describe('Huawei error mapping', () => {
  it.each<[string, number, ProviderErrorKind, string]>([
    ['VPC.0504', 404, 'not_found', 'no such EIP'],
    ['VPC.0510', 409, 'conflict', 'already bound to another port'],
    ['VPC.0511', 409, 'conflict', 'port already has an EIP'],
    ['VPC.0509', 500, 'conflict', 'port already has an EIP'],
    ['VPC.0512', 409, 'busy', 'busy'],
    ['VPC.0521', 409, 'quota', 'quota'],
    ['VPC.0501', 400, 'invalid', 'invalid'],
    ['VPC.0007', 400, 'auth', 'projectId'],
    ['APIG.0301', 401, 'auth', 'credentials'],
    ['APIGW.0303', 401, 'auth', 'clock'],
    ['APIG.0308', 429, 'throttled', 'throttling'],
    ['IAM.0012', 429, 'throttled', 'throttling'],
    ['APIG.0101', 404, 'unsupported', 'api: v1'],
    ['Ecs.0114', 404, 'not_found', 'no such ECS server'],
    ['Ecs.0010', 400, 'conflict', 'already used'],
    ['VPC.0514', 404, 'not_found', 'could not find'],
    ['VPC.0514', 500, 'unavailable', 'outcome is unknown'],
  ])('maps %s (HTTP %i) to %s', (code, httpStatus, kind, words) => {
    const error = huaweiProviderError('hw-prod', {
      operation: 'PUT publicip',
      httpStatus,
      code,
      message: 'provider words',
      requestId: 'ead9f912bd1191e3d5f0037141098d91',
    });

    expect(error.kind).toBe(kind);
    expect(error.userMessage.startsWith('hw-prod: ')).toBe(true);
    expect(error.userMessage).toContain(words);
    expect(error.userMessage).not.toContain('provider words');
    expect(error).toMatchObject({ provider: 'huawei', operation: 'PUT publicip', providerCode: code, httpStatus });
    expect(error.requestId).toBe('ead9f912bd1191e3d5f0037141098d91');
    expect(error.message).toContain('request id ead9f912bd1191e3d5f0037141098d91');
    expect(error.message).toContain('provider words');
  });

  it('falls back to the HTTP status for codes it does not know', () => {
    expect(huaweiProviderError('hw', { operation: 'GET publicip', httpStatus: 403, code: 'VPC.9999' }).kind).toBe('auth');
    expect(huaweiProviderError('hw', { operation: 'GET publicip', httpStatus: 409, code: 'EIP.1234' }).kind).toBe('conflict');
    expect(huaweiProviderError('hw', { operation: 'GET publicip', httpStatus: 502 }).kind).toBe('unavailable');
  });

  it('calls a lost answer ambiguous, and a refused connection a reachability problem', () => {
    const reset = huaweiProviderError('hw', { operation: 'PUT publicip', transport: 'reset' });
    expect(reset.ambiguous).toBe(true);
    expect(reset.userMessage).toContain('outcome is unknown');

    const refused = huaweiProviderError('hw', { operation: 'PUT publicip', transport: 'refused' });
    expect(refused.userMessage).toContain('could not connect');
  });
});
