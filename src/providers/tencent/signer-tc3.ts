import { createHash, createHmac } from 'node:crypto';

/**
 * TC3-HMAC-SHA256, the signature of Tencent Cloud API 3.0 (reference/tencent.md §3.2,
 * verified against the documented worked example and the official SDK's `Sign.sign3`).
 *
 * The caller passes the exact header values it sends and the exact body bytes: the
 * signature covers those bytes, so a body must be serialised once and sent as signed.
 */
export interface Tc3SignInput {
  secretId: string;
  secretKey: string;
  /** Credential-scope service. For the VPC API it is always `vpc`, whatever host an endpoint override names. */
  service: string;
  method: 'POST' | 'GET';
  /** GET only: the query string after `?`, already RFC 3986 encoded. */
  query?: string;
  /** The headers to sign (any case); must include content-type and host. */
  signedHeaders: Record<string, string>;
  payload: string | Buffer;
  /** UNIX seconds, sent as `X-TC-Timestamp`. */
  timestamp: number;
}

export interface Tc3Signature {
  hashedPayload: string;
  canonicalRequest: string;
  hashedCanonicalRequest: string;
  credentialScope: string;
  stringToSign: string;
  signedHeaderNames: string;
  signature: string;
  authorization: string;
}

const ALGORITHM = 'TC3-HMAC-SHA256';

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** The UTC date of the timestamp: 1551113065 is 2019-02-25, not the Beijing date 2019-02-26. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export function signTc3(input: Tc3SignInput): Tc3Signature {
  // Keys and values are lower-cased and trimmed (doc: "lowercase(key):lowercase(trim(value))"),
  // which is why the x-tc-action variant signs `describeinstances`.
  const headers = Object.entries(input.signedHeaders)
    .map(([name, value]) => [name.toLowerCase(), value.trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalHeaders = headers.map(([name, value]) => `${name}:${value}\n`).join('');
  const signedHeaderNames = headers.map(([name]) => name).join(';');
  const hashedPayload = sha256Hex(input.payload);
  const canonicalRequest = [input.method, '/', input.query ?? '', canonicalHeaders, signedHeaderNames, hashedPayload].join('\n');
  const hashedCanonicalRequest = sha256Hex(canonicalRequest);
  const date = tc3Date(input.timestamp);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [ALGORITHM, String(input.timestamp), credentialScope, hashedCanonicalRequest].join('\n');
  const secretDate = hmac(`TC3${input.secretKey}`, date);
  const secretService = hmac(secretDate, input.service);
  const secretSigning = hmac(secretService, 'tc3_request');
  const signature = createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex');
  const authorization = `${ALGORITHM} Credential=${input.secretId}/${credentialScope}, SignedHeaders=${signedHeaderNames}, Signature=${signature}`;
  return {
    hashedPayload,
    canonicalRequest,
    hashedCanonicalRequest,
    credentialScope,
    stringToSign,
    signedHeaderNames,
    signature,
    authorization,
  };
}

export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** Parses an `Authorization` header as a server does before recomputing it; undefined when malformed. */
export function parseTc3Authorization(header: string): Tc3Authorization | undefined {
  const match = AUTHORIZATION.exec(header.trim());
  if (!match) return undefined;
  const [, secretId, date, service, signedHeaders, signature] = match as unknown as [string, string, string, string, string, string];
  return { secretId, date, service, signedHeaders: signedHeaders.split(';'), signature };
}
