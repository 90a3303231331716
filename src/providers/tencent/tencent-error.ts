import { ProviderError, type ProviderErrorKind } from '../provider-error.js';

/**
 * Tencent Cloud failures → cloud-neutral `ProviderError`s with a sentence a person can
 * act on. Codes and their meanings: reference/tencent.md §3.5 (common API 3.0 codes),
 * §4.7 (the EIP actions' codes, from the Go SDK's `client.go`/`errors.go`) and §2.5
 * (legacy v2 numeric codes). Tencent says its `Message` texts may change, so only the
 * code is branched on; the provider's message stays in the technical detail.
 */
export interface TencentErrorContext {
  /** The account's name in eipbot.yml. */
  account: string;
  region: string;
  /** The action called, e.g. `AssociateAddress`. */
  operation: string;
}

export interface TencentFailure {
  code: string;
  message?: string;
  requestId?: string;
  httpStatus?: number;
}

interface Rule {
  kind: ProviderErrorKind;
  say: (c: TencentErrorContext) => string;
}

const checkClock = 'check the clock of the eipbot host (it must be within 5 minutes of the real time; enable NTP)';

const EXACT: Record<string, Rule> = {
  'AuthFailure.SignatureExpire': {
    kind: 'auth',
    say: () => `Tencent Cloud refused the request because its timestamp is too far from Tencent's clock: ${checkClock}.`,
  },
  'AuthFailure.SignatureFailure': {
    kind: 'auth',
    say: (c) =>
      `Tencent Cloud could not verify the request signature of account ${c.account}: check that auth.secretKey in eipbot.yml is the SecretKey that belongs to auth.secretId.`,
  },
  'AuthFailure.SecretIdNotFound': {
    kind: 'auth',
    say: (c) =>
      `Tencent Cloud does not know the SecretId of account ${c.account}: the key may have been deleted or disabled; check auth.secretId in eipbot.yml.`,
  },
  'AuthFailure.InvalidSecretId': {
    kind: 'auth',
    say: (c) => `The SecretId of account ${c.account} is not a Cloud API key: create an API key in the CAM console and put it in eipbot.yml.`,
  },
  'AuthFailure.TokenFailure': {
    kind: 'auth',
    say: (c) => `Tencent Cloud refused the temporary credentials of account ${c.account}: they are invalid or expired.`,
  },
  'AuthFailure.MFAFailure': {
    kind: 'auth',
    say: (c) => `Tencent Cloud requires MFA for the key of account ${c.account}: use an API key whose CAM user does not need MFA for API calls.`,
  },
  'AuthFailure.InvalidAuthorization': {
    kind: 'auth',
    say: (c) => `Tencent Cloud could not read the Authorization header eipbot sent for account ${c.account}; check endpoints.vpc points at a Tencent Cloud API 3.0 endpoint.`,
  },
  'AuthFailure.UnauthorizedOperation': { kind: 'auth', say: (c) => notAllowed(c) },
  UnauthorizedOperation: { kind: 'auth', say: (c) => notAllowed(c) },
  RequestLimitExceeded: {
    kind: 'throttled',
    say: (c) => `Tencent Cloud is throttling ${c.operation} for account ${c.account} (too many requests per second); try again in a moment.`,
  },
  InternalError: { kind: 'unavailable', say: (c) => internal(c) },
  InternalServerError: { kind: 'unavailable', say: (c) => internal(c) },
  ResourceUnavailable: {
    kind: 'unavailable',
    say: (c) => `Tencent Cloud says the resource is temporarily unavailable during ${c.operation}; try again in a moment.`,
  },
  'OperationDenied.MutexTaskRunning': {
    kind: 'busy',
    say: () => 'Another operation on this EIP is still running at Tencent Cloud; wait for it to finish and try again.',
  },
  ResourceInUse: { kind: 'busy', say: (c) => `The resource is in use by another operation (${c.operation}); try again in a moment.` },
  'InvalidAddressId.NotFound': { kind: 'not_found', say: (c) => eipNotFound(c) },
  'InvalidParameterValue.AddressNotFound': { kind: 'not_found', say: (c) => eipNotFound(c) },
  'InvalidInstanceId.NotFound': {
    kind: 'not_found',
    say: (c) => `That instance does not exist in account ${c.account} (region ${c.region}); check the instance id (ins-…), the account and the region.`,
  },
  'InvalidNetworkInterfaceId.NotFound': {
    kind: 'not_found',
    say: (c) =>
      `That ENI does not exist in account ${c.account} (region ${c.region}), or the private IP is not one of its addresses; check eni:<eni-id>/<private-ip>.`,
  },
  ResourceNotFound: { kind: 'not_found', say: (c) => `Tencent Cloud could not find the resource named in ${c.operation} in account ${c.account}.` },
  'InvalidParameterValue.AddressIdMalformed': {
    kind: 'invalid',
    say: () => 'That is not a valid Tencent Cloud EIP id: they look like eip-1a2b3c4d.',
  },
  'InvalidParameterValue.InstanceIdMalformed': {
    kind: 'invalid',
    say: () => 'That is not a valid Tencent Cloud instance id: they look like ins-1a2b3c4d.',
  },
  'InvalidAddressIdStatus.NotPermit': { kind: 'conflict', say: () => wrongStatus },
  'UnsupportedOperation.AddressStatusNotPermit': { kind: 'conflict', say: () => wrongStatus },
  'InvalidAddressId.Blocked': {
    kind: 'conflict',
    say: () => 'The EIP is blocked by Tencent Cloud (for example during a DDoS blackhole) and cannot be bound or unbound until it is unblocked.',
  },
  'OperationDenied.AddressInArrears': {
    kind: 'conflict',
    say: (c) => `The EIP is isolated because account ${c.account} is in arrears; top up the Tencent Cloud account, then try again.`,
  },
  'InvalidInstanceId.AlreadyBindEip': {
    kind: 'conflict',
    say: () => 'The instance already has an EIP on its primary private IP; unbind that EIP first, or use /eip move.',
  },
  'InvalidPrivateIpAddress.AlreadyBindEip': {
    kind: 'conflict',
    say: () => 'That private IP already has an EIP; unbind it first, or use /eip move.',
  },
  'InvalidParameterValue.InstanceHasWanIP': {
    kind: 'conflict',
    say: () =>
      'The primary private IP of the instance still has a normal public IP, which Tencent Cloud requires to be returned before an EIP is bound there; release it (or convert it to an EIP) in the console first.',
  },
  'InvalidParameterValue.InstanceNoWanIP': { kind: 'conflict', say: () => noWanIp },
  'InvalidParameterValue.InstanceHasNoWanIP': { kind: 'conflict', say: () => noWanIp },
  'InvalidParameterValue.InvalidInstanceState': { kind: 'conflict', say: () => instanceState },
  'UnsupportedOperation.InstanceStateNotSupported': { kind: 'conflict', say: () => instanceState },
  'LimitExceeded.InstanceAddressQuota': {
    kind: 'quota',
    say: () => 'The instance already has as many EIPs as Tencent Cloud allows; unbind one of them first.',
  },
  'AddressQuotaLimitExceeded.DailyAllocate': {
    kind: 'quota',
    say: (c) =>
      c.operation === 'AllocateAddresses'
        ? `Account ${c.account} has used up today's EIP applications in region ${c.region}; try again tomorrow or bind an existing EIP.`
        : `Account ${c.account} has used up today's quota for giving servers a new normal public IP after an unbind (DAILY_PUBLIC_IP_ASSIGN, 10 a day); unbind without --realloc-wan-ip, or try again tomorrow.`,
  },
  AddressQuotaLimitExceeded: {
    kind: 'quota',
    say: (c) =>
      `Account ${c.account} has reached its EIP quota in region ${c.region}; release unused EIPs or ask Tencent Cloud to raise TOTAL_EIP_QUOTA.`,
  },
  'InvalidParameterValue.OnlySupportedForMasterNetworkCard': {
    kind: 'invalid',
    say: () => '--realloc-wan-ip only works for an EIP on the primary private IP of the primary ENI; unbind without it.',
  },
  'FailedOperation.TaskFailed': {
    kind: 'failed',
    say: (c) => `Tencent Cloud reports that the ${c.operation} task failed; nothing changed. Check the EIP with /eip show and try again.`,
  },
  'FailedOperation.AddressEniInfoNotFound': {
    kind: 'failed',
    say: () => 'Tencent Cloud has no ENI information for this EIP, so it cannot change its binding; check the EIP in the console.',
  },
  'FailedOperation.MasterEniNotFound': {
    kind: 'failed',
    say: () => 'Tencent Cloud could not find the primary ENI of the instance; check the instance in the console.',
  },
  'UnsupportedOperation.DeliveryFailed': {
    kind: 'failed',
    say: () => 'Tencent Cloud could not deliver the new EIP, so none was created; try again.',
  },
  'InvalidParameterValue.Malformed': {
    kind: 'invalid',
    say: () => 'An id in the request is malformed: Tencent Cloud ids look like eip-, ins- or eni- followed by 8 lowercase letters or digits.',
  },
  InvalidAction: { kind: 'unsupported', say: (c) => wrongEndpoint(c) },
  NoSuchVersion: { kind: 'unsupported', say: (c) => wrongEndpoint(c) },
  UnsupportedProtocol: {
    kind: 'unsupported',
    say: () => 'Tencent Cloud only accepts HTTPS GET and POST requests; check that the endpoint in eipbot.yml starts with https://.',
  },
  UnsupportedRegion: {
    kind: 'invalid',
    say: (c) => `Tencent Cloud does not offer this API in region ${c.region}; check accounts.${c.account}.region in eipbot.yml.`,
  },
};

/** Code families, longest prefix first; a code not listed above falls into its family. */
const FAMILIES: [string, Rule][] = [
  ['RequestLimitExceeded', EXACT.RequestLimitExceeded!],
  ['AuthFailure', { kind: 'auth', say: (c) => `Tencent Cloud refused the credentials of account ${c.account}; check auth in eipbot.yml.` }],
  ['UnauthorizedOperation', { kind: 'auth', say: (c) => notAllowed(c) }],
  ['InvalidAddressIdStatus', EXACT['InvalidAddressIdStatus.NotPermit']!],
  ['OperationDenied', { kind: 'conflict', say: (c) => `Tencent Cloud refused ${c.operation} in the current state of the resources.` }],
  ['ResourceNotFound', EXACT.ResourceNotFound!],
  ['ResourceInUse', EXACT.ResourceInUse!],
  ['ResourceUnavailable', EXACT.ResourceUnavailable!],
  ['ResourceInsufficient', { kind: 'quota', say: (c) => `Tencent Cloud has not enough resources for ${c.operation} right now; try again later.` }],
  ['AddressQuotaLimitExceeded', EXACT.AddressQuotaLimitExceeded!],
  ['LimitExceeded', { kind: 'quota', say: (c) => `A Tencent Cloud limit of account ${c.account} was reached during ${c.operation}.` }],
  ['InternalError', EXACT.InternalError!],
  ['FailedOperation', { kind: 'failed', say: (c) => `Tencent Cloud reports that ${c.operation} failed; nothing changed. Try again.` }],
  ['UnsupportedOperation', { kind: 'unsupported', say: (c) => `Tencent Cloud does not support ${c.operation} on this resource.` }],
  ['InvalidParameter', { kind: 'invalid', say: (c) => badRequest(c) }],
  ['InvalidParameterValue', { kind: 'invalid', say: (c) => badRequest(c) }],
  ['InvalidParameterConflict', { kind: 'invalid', say: (c) => badRequest(c) }],
  ['MissingParameter', { kind: 'invalid', say: (c) => badRequest(c) }],
  ['UnknownParameter', { kind: 'invalid', say: (c) => badRequest(c) }],
  ['DryRunOperation', { kind: 'invalid', say: (c) => badRequest(c) }],
];

const wrongStatus =
  'The EIP is not in a status that allows this change: only an UNBIND EIP can be bound and only a BIND or BIND_ENI EIP can be unbound. Check it with /eip show.';
const noWanIp = 'The instance has no normal public IP, which this operation needs.';
const instanceState = 'The instance is in a state that does not allow this change (for example stopped or still being created); try again when it is running.';

function notAllowed(c: TencentErrorContext): string {
  return `The API key of account ${c.account} is not allowed to call ${c.operation}: grant it vpc:${c.operation} in CAM (for example with the QcloudVPCFullAccess policy).`;
}

function internal(c: TencentErrorContext): string {
  return `Tencent Cloud had an internal error during ${c.operation}, so the outcome is unknown; eipbot checks the state before trying again. If it persists, see the Tencent Cloud status page.`;
}

function eipNotFound(c: TencentErrorContext): string {
  return `That EIP does not exist in account ${c.account} (region ${c.region}); check the EIP id or address, the account and the region.`;
}

function wrongEndpoint(c: TencentErrorContext): string {
  return `The endpoint of account ${c.account} does not serve ${c.operation} of the VPC API (version 2017-03-12); check endpoints in eipbot.yml.`;
}

function badRequest(c: TencentErrorContext): string {
  return `Tencent Cloud rejected the parameters of ${c.operation}; this is a defect in eipbot, whose log has the details.`;
}

function ruleFor(code: string): Rule {
  const exact = EXACT[code];
  if (exact) return exact;
  for (const [family, rule] of FAMILIES) {
    if (code === family || code.startsWith(`${family}.`)) return rule;
  }
  return { kind: 'failed', say: (c) => `Tencent Cloud refused ${c.operation} (${code}).` };
}

/** A Tencent error code (API 3.0 `Response.Error.Code`) as a ProviderError. */
export function tencentApiError(context: TencentErrorContext, failure: TencentFailure): ProviderError {
  const rule = ruleFor(failure.code);
  return new ProviderError(
    {
      kind: rule.kind,
      provider: 'tencent',
      operation: context.operation,
      providerCode: failure.code,
      httpStatus: failure.httpStatus,
      requestId: failure.requestId,
    },
    rule.say(context),
    { detail: technical(context, failure, rule.kind) },
  );
}

/**
 * Legacy API 2.0 `{code, message, codeDesc}` failures (reference §2.5). A `codeDesc`
 * that is an API 3.0-style code is more precise than the number, so it wins.
 */
export function tencentLegacyError(context: TencentErrorContext, failure: { code: number; message?: string; codeDesc?: string }): ProviderError {
  const desc = failure.codeDesc;
  const providerCode = desc ? `${failure.code} ${desc}` : String(failure.code);
  const rule = desc && desc.includes('.') && EXACT[desc] ? EXACT[desc] : legacyRule(failure.code);
  return new ProviderError({ kind: rule.kind, provider: 'tencent', operation: context.operation, providerCode }, rule.say(context), {
    detail: technical(context, { code: providerCode, message: failure.message }, rule.kind),
  });
}

function legacyRule(code: number): Rule {
  if (code === 4104) return EXACT['AuthFailure.SecretIdNotFound']!;
  if (code === 4200 || code === 4500) {
    return {
      kind: 'auth',
      say: () => `Tencent Cloud refused the request as expired or replayed (its timestamp is too far from Tencent's clock): ${checkClock}.`,
    };
  }
  if (code === 4101 || code === 4102 || code === 4103 || code === 4110) return EXACT.UnauthorizedOperation!;
  if (code === 4300) return { kind: 'auth', say: (c) => `Tencent Cloud denied access to account ${c.account} (the account may be banned or out of scope).` };
  if (code >= 4100 && code < 4200) return EXACT['AuthFailure.SignatureFailure']!;
  if (code === 4400) return EXACT.RequestLimitExceeded!;
  if (code === 4600 || code === 6100) return EXACT.InvalidAction!;
  if (code === 5000) return { kind: 'not_found', say: (c) => `Tencent Cloud could not find the resource named in ${c.operation} in account ${c.account} (region ${c.region}).` };
  if (code === 5300) return { kind: 'quota', say: (c) => `Account ${c.account} has an insufficient balance; top up the Tencent Cloud account.` };
  if (code === 6000) return EXACT.InternalError!;
  if (code === 6200) return { kind: 'unavailable', say: (c) => `Tencent Cloud says ${c.operation} is temporarily unavailable (maintenance); try again later.` };
  if (code === 4000) return { kind: 'invalid', say: (c) => badRequest(c) };
  return { kind: 'failed', say: (c) => `Tencent Cloud reports that ${c.operation} failed (code ${code}); nothing changed. Try again.` };
}

/** No usable answer: timeout, reset, a non-200 from a gateway, or a body that is not Tencent's envelope. */
export function tencentTransportError(
  context: TencentErrorContext,
  failure: { reason: string; httpStatus?: number; write: boolean; cause?: unknown },
): ProviderError {
  const outcome = failure.write
    ? 'so whether the change was made is unknown; eipbot checks the state before anything else.'
    : 'try again in a moment.';
  const kind: ProviderErrorKind = failure.httpStatus !== undefined && failure.httpStatus < 500 ? 'invalid' : 'unavailable';
  const message =
    kind === 'invalid'
      ? `Tencent Cloud answered ${context.operation} with HTTP ${failure.httpStatus}; check endpoints in eipbot.yml for account ${context.account}.`
      : `Tencent Cloud did not answer ${context.operation} for account ${context.account} (${failure.reason}), ${outcome}`;
  return new ProviderError(
    { kind, provider: 'tencent', operation: context.operation, httpStatus: failure.httpStatus },
    message,
    { cause: failure.cause, detail: `tencent ${context.operation} for account ${context.account} failed (${kind}): ${failure.reason}` },
  );
}

/** A failure eipbot itself establishes (not found by a lookup, wrong state, a wait that ended badly). */
export function tencentError(
  kind: ProviderErrorKind,
  context: TencentErrorContext,
  userMessage: string,
  extra: { lastStatus?: string; providerCode?: string; requestId?: string; cause?: unknown } = {},
): ProviderError {
  return new ProviderError(
    {
      kind,
      provider: 'tencent',
      operation: context.operation,
      lastStatus: extra.lastStatus,
      providerCode: extra.providerCode,
      requestId: extra.requestId,
    },
    userMessage,
    { cause: extra.cause },
  );
}

function technical(context: TencentErrorContext, failure: TencentFailure, kind: ProviderErrorKind): string {
  return [
    `tencent ${context.operation} for account ${context.account} failed (${kind}): code ${failure.code}`,
    failure.message && `"${failure.message}"`,
    failure.httpStatus !== undefined && `HTTP ${failure.httpStatus}`,
    failure.requestId && `request id ${failure.requestId}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * Worth another attempt (for a read at once; for a write only after re-reading the
 * state): throttling, internal errors and unavailability (InternalError,
 * ResourceUnavailable, 5xx, resets, timeouts), and a busy resource
 * (OperationDenied.MutexTaskRunning, ResourceInUse — Terraform retries the latter too,
 * reference §5). Nothing else changes by itself.
 */
export function isRetryableTencentError(error: ProviderError): boolean {
  return error.kind === 'throttled' || error.kind === 'unavailable' || error.kind === 'busy';
}
