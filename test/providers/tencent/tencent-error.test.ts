import { describe, expect, it } from 'vitest';
import type { ProviderErrorKind } from '../../../src/providers/provider-error.js';
import { isRetryableTencentError, tencentApiError, tencentLegacyError, tencentTransportError } from '../../../src/providers/tencent/tencent-error.js';

const context = { account: 'tc-prod', region: 'ap-guangzhou', operation: 'AssociateAddress' };

describe('Tencent error codes as eipbot errors', () => {
  // Every code of reference/tencent.md §3.5 and §4.7, with the kind a workflow decides on and words the user can act on.
  it.each<[string, ProviderErrorKind, string | RegExp]>([
    ['AuthFailure.SignatureExpire', 'auth', 'check the clock of the eipbot host'],
    ['AuthFailure.SignatureFailure', 'auth', 'auth.secretKey'],
    ['AuthFailure.SecretIdNotFound', 'auth', 'auth.secretId'],
    ['AuthFailure.InvalidSecretId', 'auth', 'not a Cloud API key'],
    ['AuthFailure.TokenFailure', 'auth', 'temporary credentials'],
    ['AuthFailure.MFAFailure', 'auth', 'MFA'],
    ['AuthFailure.InvalidAuthorization', 'auth', 'Authorization header'],
    ['AuthFailure.UnauthorizedOperation', 'auth', 'vpc:AssociateAddress'],
    ['UnauthorizedOperation', 'auth', 'QcloudVPCFullAccess'],
    ['RequestLimitExceeded', 'throttled', 'try again in a moment'],
    ['RequestLimitExceeded.UinLimitExceeded', 'throttled', 'throttling'],
    ['InternalError', 'unavailable', 'outcome is unknown'],
    ['InternalServerError', 'unavailable', 'outcome is unknown'],
    ['ResourceUnavailable', 'unavailable', 'temporarily unavailable'],
    ['OperationDenied.MutexTaskRunning', 'busy', 'Another operation on this EIP is still running'],
    ['ResourceInUse', 'busy', 'in use'],
    ['InvalidAddressId.NotFound', 'not_found', 'account tc-prod (region ap-guangzhou)'],
    ['InvalidParameterValue.AddressNotFound', 'not_found', 'does not exist'],
    ['InvalidInstanceId.NotFound', 'not_found', 'ins-'],
    ['InvalidNetworkInterfaceId.NotFound', 'not_found', 'eni:<eni-id>/<private-ip>'],
    ['ResourceNotFound', 'not_found', 'could not find'],
    ['InvalidParameterValue.AddressIdMalformed', 'invalid', 'eip-1a2b3c4d'],
    ['InvalidParameterValue.InstanceIdMalformed', 'invalid', 'ins-1a2b3c4d'],
    ['InvalidParameterValue.Malformed', 'invalid', 'malformed'],
    ['InvalidAddressIdStatus.NotPermit', 'conflict', 'only an UNBIND EIP can be bound'],
    ['UnsupportedOperation.AddressStatusNotPermit', 'conflict', '/eip show'],
    ['InvalidAddressId.Blocked', 'conflict', 'blocked'],
    ['OperationDenied.AddressInArrears', 'conflict', 'top up'],
    ['InvalidInstanceId.AlreadyBindEip', 'conflict', '/eip move'],
    ['InvalidPrivateIpAddress.AlreadyBindEip', 'conflict', 'unbind it first'],
    ['InvalidParameterValue.InstanceHasWanIP', 'conflict', 'normal public IP'],
    ['InvalidParameterValue.InstanceNoWanIP', 'conflict', 'no normal public IP'],
    ['InvalidParameterValue.InstanceHasNoWanIP', 'conflict', 'no normal public IP'],
    ['InvalidParameterValue.InvalidInstanceState', 'conflict', 'when it is running'],
    ['UnsupportedOperation.InstanceStateNotSupported', 'conflict', 'when it is running'],
    ['LimitExceeded.InstanceAddressQuota', 'quota', 'as many EIPs as Tencent Cloud allows'],
    ['AddressQuotaLimitExceeded.DailyAllocate', 'quota', 'without --realloc-wan-ip'],
    ['AddressQuotaLimitExceeded', 'quota', 'TOTAL_EIP_QUOTA'],
    ['LimitExceeded', 'quota', 'limit'],
    ['ResourceInsufficient', 'quota', 'not enough resources'],
    ['InvalidParameterValue.OnlySupportedForMasterNetworkCard', 'invalid', 'primary ENI'],
    ['FailedOperation.TaskFailed', 'failed', 'task failed'],
    ['FailedOperation.AddressEniInfoNotFound', 'failed', 'no ENI information'],
    ['FailedOperation.MasterEniNotFound', 'failed', 'primary ENI'],
    ['FailedOperation', 'failed', 'nothing changed'],
    ['UnsupportedOperation.DeliveryFailed', 'failed', 'none was created'],
    ['InvalidParameterConflict', 'invalid', 'defect in eipbot'],
    ['InvalidParameter.Conflict', 'invalid', 'defect in eipbot'],
    ['InvalidParameterValue.MissingAssociateEntity', 'invalid', 'defect in eipbot'],
    ['InvalidParameter.InvalidFilter', 'invalid', 'defect in eipbot'],
    ['LimitExceeded.NumberOfFilters', 'quota', 'limit'],
    ['InvalidParameterValue.LimitExceeded', 'invalid', 'defect in eipbot'],
    ['MissingParameter', 'invalid', 'defect in eipbot'],
    ['UnknownParameter', 'invalid', 'defect in eipbot'],
    ['DryRunOperation', 'invalid', 'defect in eipbot'],
    ['InvalidAction', 'unsupported', 'check endpoints in eipbot.yml'],
    ['NoSuchVersion', 'unsupported', 'version 2017-03-12'],
    ['UnsupportedProtocol', 'unsupported', 'https://'],
    ['UnsupportedRegion', 'invalid', 'accounts.tc-prod.region'],
    ['UnsupportedOperation', 'unsupported', 'does not support'],
    ['SomethingNew.NeverSeen', 'failed', 'SomethingNew.NeverSeen'],
  ])('%s is a %s error that says "%s"', (code, kind, words) => {
    const error = tencentApiError(context, { code, message: 'provider text', requestId: 'req-1' });
    expect(error.kind).toBe(kind);
    expect(error.userMessage).toMatch(typeof words === 'string' ? new RegExp(words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : words);
    expect(error.providerCode).toBe(code);
    expect(error.requestId).toBe('req-1');
    // The provider's own text stays in the technical detail, never in the user message.
    expect(error.message).toContain('provider text');
    expect(error.userMessage).not.toContain('provider text');
  });

  it('says which quota a DailyAllocate refusal of AllocateAddresses is about', () => {
    const error = tencentApiError({ ...context, operation: 'AllocateAddresses' }, { code: 'AddressQuotaLimitExceeded.DailyAllocate' });
    expect(error.userMessage).toContain("today's EIP applications");
  });

  it.each<[number, string | undefined, ProviderErrorKind, string]>([
    [4000, 'InvalidParameter', 'invalid', 'defect in eipbot'],
    [4100, 'AuthFailure', 'auth', 'auth.secretKey'],
    [4104, 'AuthFailure', 'auth', 'auth.secretId'],
    [4101, undefined, 'auth', 'not allowed'],
    [4200, undefined, 'auth', 'check the clock of the eipbot host'],
    [4300, undefined, 'auth', 'denied access'],
    [4400, undefined, 'throttled', 'throttling'],
    [4500, 'InvalidRequest.ReplayAttack', 'auth', 'check the clock of the eipbot host'],
    [4600, undefined, 'unsupported', 'check endpoints'],
    [5000, undefined, 'not_found', 'could not find'],
    [5000, 'InvalidAddressId.NotFound', 'not_found', 'That EIP does not exist'],
    [5100, 'InvalidAddressIdStatus.NotPermit', 'conflict', 'only an UNBIND EIP can be bound'],
    [5100, undefined, 'failed', 'code 5100'],
    [5300, undefined, 'quota', 'balance'],
    [6000, undefined, 'unavailable', 'outcome is unknown'],
    [6100, undefined, 'unsupported', 'check endpoints'],
    [6200, undefined, 'unavailable', 'maintenance'],
  ])('legacy code %i (%s) is a %s error that says "%s"', (code, codeDesc, kind, words) => {
    const error = tencentLegacyError(context, { code, codeDesc, message: '鉴权失败' });
    expect(error.kind).toBe(kind);
    expect(error.userMessage).toContain(words);
    expect(error.providerCode).toBe(codeDesc ? `${code} ${codeDesc}` : String(code));
  });

  it('retries throttling, unavailability and busy resources, and nothing else', () => {
    const retryable = (code: string) => isRetryableTencentError(tencentApiError(context, { code }));
    expect(['RequestLimitExceeded', 'InternalError', 'ResourceUnavailable', 'OperationDenied.MutexTaskRunning'].every(retryable)).toBe(true);
    expect(['InvalidAddressIdStatus.NotPermit', 'AuthFailure.SignatureExpire', 'AddressQuotaLimitExceeded', 'FailedOperation.TaskFailed'].some(retryable)).toBe(false);
    expect(isRetryableTencentError(tencentTransportError(context, { reason: 'connection reset', write: true }))).toBe(true);
    expect(isRetryableTencentError(tencentLegacyError(context, { code: 4400 }))).toBe(true);
  });

  it('says a write without an answer may or may not have been made, and a gateway 4xx points at the endpoint', () => {
    const write = tencentTransportError(context, { reason: 'connection reset', write: true });
    expect(write).toMatchObject({ kind: 'unavailable', ambiguous: true });
    expect(write.userMessage).toContain('whether the change was made is unknown');
    const gateway = tencentTransportError(context, { reason: 'HTTP 404', httpStatus: 404, write: false });
    expect(gateway.kind).toBe('invalid');
    expect(gateway.userMessage).toContain('check endpoints in eipbot.yml');
  });
});
