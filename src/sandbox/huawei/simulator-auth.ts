import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { buildCanonicalRequest, parseSdkDate, signatureOf, stringToSign } from '../../providers/huawei/signer.js';
import { SimError } from './simulator-error.js';
import type { HuaweiSimState } from './simulator-state.js';

/** Who sent a request: the key throttling counts by, and the project its credential belongs to. */
export interface SimPrincipal {
  key: string;
  projectId: string;
}

export interface ReceivedRequest {
  method: string;
  /** The path exactly as received, without the query. */
  path: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** API Gateway rejects a signing time more than 15 minutes from its own (reference §2.2). */
const MAX_CLOCK_SKEW_MS = 15 * 60_000;

const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;

function gatewayAuthError(detail: string, code = 'APIG.0301'): SimError {
  return new SimError(401, code, `Incorrect IAM authentication information: ${detail}`, 'gateway');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase(), 'utf8');
  const right = Buffer.from(b.toLowerCase(), 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function verifySignature(request: ReceivedRequest, authorization: string, state: HuaweiSimState): SimPrincipal {
  const match = AUTHORIZATION.exec(authorization);
  if (!match) throw gatewayAuthError('verify aksk signature fail');
  const [, accessKey = '', signedList = '', signature = ''] = match;
  const credential = state.accessKeys.get(accessKey);
  if (!credential) throw gatewayAuthError(`ak ${accessKey} not exist`);

  const sdkDate = header(request.headers, 'x-sdk-date');
  const signedAt = sdkDate === undefined ? undefined : parseSdkDate(sdkDate);
  if (sdkDate === undefined || signedAt === undefined) throw gatewayAuthError('x-sdk-date is missing or malformed');
  if (Math.abs(state.now - signedAt) > MAX_CLOCK_SKEW_MS) {
    throw gatewayAuthError(`the signing time ${sdkDate} differs from the server time by more than 15 minutes`, 'APIGW.0303');
  }

  const names = signedList.toLowerCase().split(';');
  if (!names.includes('host') || !names.includes('x-sdk-date')) {
    throw gatewayAuthError('host and x-sdk-date must be signed');
  }
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = header(request.headers, name);
    if (value === undefined) throw gatewayAuthError('verify aksk signature fail');
    headers[name] = value;
  }
  const query = [...new URLSearchParams(request.rawQuery)].map(([key, value]) => [key, value] as const);
  const { canonicalRequest } = buildCanonicalRequest({ method: request.method, path: request.path, query, headers, body: request.body });
  const expected = signatureOf(credential.secretKey, stringToSign(sdkDate, canonicalRequest));
  if (!sameHex(expected, signature)) throw gatewayAuthError('verify aksk signature fail');
  return { key: `ak:${accessKey}`, projectId: credential.projectId };
}

/**
 * Authenticates a VPC/ECS request as API Gateway does: an IAM token issued by this
 * simulator (unknown or expired → 401), or an `SDK-HMAC-SHA256` signature rebuilt from
 * the method, path, query, headers and body bytes received. Failures carry the real
 * APIG 401 body.
 */
export function authenticate(request: ReceivedRequest, state: HuaweiSimState): SimPrincipal {
  const token = header(request.headers, 'x-auth-token');
  if (token !== undefined) {
    const issued = state.token(token);
    if (!issued) throw gatewayAuthError('decrypt token fail');
    if (issued.expiresAt <= state.now) {
      throw gatewayAuthError(`token expires, expires_at: ${new Date(issued.expiresAt).toISOString()}`);
    }
    return { key: `user:${issued.user}`, projectId: issued.projectId };
  }
  const authorization = header(request.headers, 'authorization');
  if (authorization !== undefined) return verifySignature(request, authorization, state);
  throw gatewayAuthError('x-auth-token not found');
}
