import { ProviderError, type ProviderErrorKind } from '../provider-error.js';

/** What went wrong with one Huawei call, before it becomes a typed error. */
export interface HuaweiFailure {
  operation: string;
  httpStatus?: number;
  /** The provider's code (`VPC.0510`, `APIG.0308`, `Ecs.0114`, `401`). */
  code?: string;
  /** The provider's own message: for logs and audit only, never shown to a user as is. */
  message?: string;
  requestId?: string;
  /** No complete answer arrived: the outcome of a write is unknown. */
  transport?: 'timeout' | 'reset' | 'refused' | 'network';
  /** A success status with a body eipbot could not read. */
  malformed?: boolean;
}

interface Mapping {
  kind: ProviderErrorKind;
  message: string;
}

/**
 * The notable codes of reference/huawei.md §7.3 with what a person should do about
 * each. Codes not listed fall back to the HTTP status.
 */
const BY_CODE: Record<string, Mapping> = {
  'VPC.0504': { kind: 'not_found', message: 'Huawei Cloud has no such EIP in this project. Check the id or address with /eip list.' },
  'VPC.0501': {
    kind: 'invalid',
    message: 'Huawei Cloud rejected the port or parameter as invalid. Check the target with /eip show or name the NIC as port:<id>.',
  },
  'VPC.0510': {
    kind: 'conflict',
    message: 'The EIP is already bound to another port. Unbind it first, or use /eip move to move it in one request.',
  },
  'VPC.0511': {
    kind: 'conflict',
    message: 'That port already has an EIP bound. Unbind the other EIP first, or pick another NIC with port:<id>.',
  },
  'VPC.0509': {
    kind: 'conflict',
    message: 'That port already has an EIP bound. Unbind the other EIP first, or pick another NIC with port:<id>.',
  },
  'VPC.0512': { kind: 'busy', message: 'The EIP is busy with another change. Wait a minute and request again.' },
  'VPC.0517': { kind: 'conflict', message: 'The EIP is still bound to a port. Unbind it first.' },
  'VPC.0521': {
    kind: 'quota',
    message: 'The EIP quota of this project is used up. Release an unused EIP or ask for a higher quota, then request again.',
  },
  'VPC.0522': { kind: 'conflict', message: 'That IP address is already in use in this project.' },
  'VPC.0532': { kind: 'quota', message: 'Huawei Cloud has no free IP addresses left in that network.' },
  'VPC.0301': { kind: 'invalid', message: 'Huawei Cloud rejected the bandwidth settings for the new EIP. Check --bandwidth.' },
  'VPC.0007': {
    kind: 'auth',
    message: "The project id in the request does not match the credentials' project. Check projectId for this account in eipbot.yml.",
  },
  'VPC.0008': { kind: 'auth', message: 'Huawei Cloud rejected the IAM token. Check the IAM user of this account.' },
  'VPC.0502': { kind: 'auth', message: 'This Huawei Cloud account is restricted. Check its status in the console.' },
  'VPC.0010': { kind: 'auth', message: 'The IAM user is not allowed to do this. Grant it the VPC/EIP permissions it needs.' },
  'VPC.2701': { kind: 'auth', message: 'The IAM user is not allowed to do this. Grant it the VPC/EIP permissions it needs.' },
  'VPC.2201': { kind: 'auth', message: 'This Huawei Cloud account is frozen or restricted. Check its status in the console.' },
  'EIP.7902': { kind: 'conflict', message: 'The EIP is not bound to anything.' },
  'APIG.0301': {
    kind: 'auth',
    message: 'Huawei Cloud rejected the credentials of this account. Check its access key, secret key or IAM password in eipbot.yml.',
  },
  'APIGW.0301': {
    kind: 'auth',
    message: 'Huawei Cloud rejected the credentials of this account. Check its access key, secret key or IAM password in eipbot.yml.',
  },
  'APIGW.0303': {
    kind: 'auth',
    message: "Huawei Cloud rejected the request's signing time. Check that this host's clock is right (NTP).",
  },
  'APIG.0101': {
    kind: 'unsupported',
    message: 'This Huawei Cloud region does not serve that API. For EIP v3 regions that lack it (e.g. eu-nl), set api: v1.',
  },
  'APIGW.0101': {
    kind: 'unsupported',
    message: 'This Huawei Cloud region does not serve that API. For EIP v3 regions that lack it (e.g. eu-nl), set api: v1.',
  },
  'APIG.0308': { kind: 'throttled', message: 'Huawei Cloud is throttling this account. Wait a minute and request again.' },
  'APIGW.0308': { kind: 'throttled', message: 'Huawei Cloud is throttling this account. Wait a minute and request again.' },
  'IAM.0012': { kind: 'throttled', message: 'Huawei Cloud IAM is throttling token requests. Wait a minute and request again.' },
  'IAM.0061': { kind: 'auth', message: 'The IAM user of this account is locked. Unlock it in the Huawei Cloud console.' },
  'IAM.0062': { kind: 'auth', message: 'Huawei Cloud IAM rejected the password of this account. Check user and password in eipbot.yml.' },
  'IAM.0066': { kind: 'auth', message: 'The IAM token expired and could not be renewed. Check the IAM user of this account.' },
  'IAM.0067': { kind: 'auth', message: 'Huawei Cloud rejected the IAM token. Check the IAM user of this account.' },
  'IAM.0002': { kind: 'auth', message: 'The IAM user may not call APIs (console-only user). Give it programmatic access.' },
  'IAM.0081': { kind: 'auth', message: 'The IAM user may not call APIs (console-only user). Give it programmatic access.' },
  'Ecs.0114': { kind: 'not_found', message: 'Huawei Cloud has no such ECS server in this project. Check the server id.' },
  'Ecs.0085': { kind: 'not_found', message: 'The server does not have that NIC. Check the NIC id with /eip show.' },
  'Ecs.0010': { kind: 'conflict', message: 'That private IP address is already used by another port in the subnet.' },
  'Ecs.0005': { kind: 'invalid', message: 'Huawei ECS rejected the request parameters. Check the NIC id, subnet and address.' },
};

function byHttpStatus(status: number): Mapping {
  if (status === 401) {
    return { kind: 'auth', message: 'Huawei Cloud rejected the credentials of this account. Check them in eipbot.yml.' };
  }
  if (status === 403) return { kind: 'auth', message: 'The credentials of this account are not allowed to do this. Check its IAM permissions.' };
  if (status === 404) return { kind: 'not_found', message: 'Huawei Cloud could not find that resource. Check the id.' };
  if (status === 409) return { kind: 'conflict', message: 'Huawei Cloud refused the change because of the current state. Check it with /eip show.' };
  if (status === 429) return { kind: 'throttled', message: 'Huawei Cloud is throttling this account. Wait a minute and request again.' };
  if (status >= 500) {
    return {
      kind: 'unavailable',
      message: 'Huawei Cloud had an internal error, so the outcome is unknown. Check the state with /eip show before requesting again.',
    };
  }
  return { kind: 'invalid', message: 'Huawei Cloud rejected the request as invalid.' };
}

const TRANSPORT_MESSAGE: Record<NonNullable<HuaweiFailure['transport']>, string> = {
  timeout: 'Huawei Cloud did not answer in time, so the outcome is unknown. Check the state with /eip show before requesting again.',
  reset: 'The connection to Huawei Cloud broke, so the outcome is unknown. Check the state with /eip show before requesting again.',
  refused: 'eipbot could not connect to Huawei Cloud. Check the endpoints of this account and the network, then request again.',
  network: 'eipbot could not reach Huawei Cloud. Check the endpoints of this account and the network, then request again.',
};

function mappingFor(failure: HuaweiFailure): Mapping {
  if (failure.transport) return { kind: 'unavailable', message: TRANSPORT_MESSAGE[failure.transport] };
  if (failure.malformed) {
    return {
      kind: 'unavailable',
      message: 'Huawei Cloud sent an answer eipbot does not understand, so the outcome is unknown. Check the state with /eip show.',
    };
  }
  const known = failure.code === undefined ? undefined : BY_CODE[failure.code];
  if (known) return known;
  // Keystone's code is the HTTP status itself, and VPC.0514 ("Neutron Error") means "not found" as a 404 and a
  // backend fault as a 500 (reference §3.4): the status says which.
  return byHttpStatus(failure.httpStatus ?? 500);
}

/** The typed error for a failed Huawei call: a user message to act on, the code and request id kept for the audit. */
export function huaweiProviderError(accountName: string, failure: HuaweiFailure, cause?: unknown): ProviderError {
  const mapping = mappingFor(failure);
  const detail = [
    `huawei ${failure.operation} failed (${mapping.kind}) for account ${accountName}`,
    failure.httpStatus !== undefined && `HTTP ${failure.httpStatus}`,
    failure.code && `code ${failure.code}`,
    failure.transport && `transport ${failure.transport}`,
    failure.requestId && `request id ${failure.requestId}`,
    failure.message && `message: ${failure.message}`,
  ]
    .filter(Boolean)
    .join(', ');
  return new ProviderError(
    {
      kind: mapping.kind,
      provider: 'huawei',
      operation: failure.operation,
      providerCode: failure.code,
      httpStatus: failure.httpStatus,
      requestId: failure.requestId,
    },
    `${accountName}: ${mapping.message}`,
    { cause, detail },
  );
}
