import { createHash, createHmac } from 'node:crypto';

/**
 * Huawei Cloud API Gateway request signing, `SDK-HMAC-SHA256`, exactly as the official
 * Node SDK's `AKSKSigner` computes it (reference/huawei.md §2.2, vectors in §2.3). The
 * simulator verifies with the same `buildCanonicalRequest`, from the bytes it received.
 */
const SDK_SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

/** Query values as the caller gives them; an array becomes one `key=value` pair per element. */
export type QueryParams = Record<string, string | number | readonly (string | number)[]>;

export interface CanonicalRequestParts {
  method: string;
  /** The path as sent on the wire (no query). */
  path: string;
  /** Decoded query pairs, in any order. */
  query: readonly (readonly [string, string])[];
  /** The signed headers: lower-case name → value. Every entry is signed. */
  headers: Readonly<Record<string, string>>;
  /** The exact body bytes sent; empty for none. */
  body: string | Uint8Array;
}

export interface SignInput {
  method: string;
  /** The endpoint and path actually called; its host (with a non-default port) is signed. */
  url: string;
  query?: QueryParams;
  /** Headers to sign besides `host` (content-type, x-project-id, x-sdk-date). */
  headers: Readonly<Record<string, string>>;
  body: string;
}

export interface Signature {
  /** The `Authorization` header value. */
  authorization: string;
  /** The `Host` header value that was signed; send exactly this. */
  host: string;
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

/** RFC 3986 percent-encoding of UTF-8 bytes, upper-case hex, unreserved characters kept. */
function encodeRfc3986(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function queryPairs(query: QueryParams = {}): [string, string][] {
  return Object.entries(query).flatMap(([key, value]): [string, string][] =>
    Array.isArray(value) ? value.map((item) => [key, String(item)]) : [[key, String(value)]],
  );
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function buildCanonicalRequest(parts: CanonicalRequestParts): { canonicalRequest: string; signedHeaders: string } {
  // The SDK always ends the canonical URI with "/", although the wire path has none.
  let canonicalUri = parts.path.split('/').map(encodeRfc3986).join('/');
  if (!canonicalUri.endsWith('/')) canonicalUri += '/';
  // Keys sorted, then the values of a repeated key sorted: the SDK's `Object.keys(q).sort()`
  // followed by `[...values].sort()`, both plain code-unit order on the raw strings.
  const canonicalQuery = [...parts.query]
    .sort(([ka, va], [kb, vb]) => compareCodeUnits(ka, kb) || compareCodeUnits(va, vb))
    .map(([key, value]) => `${encodeRfc3986(key)}=${encodeRfc3986(value)}`)
    .join('&');
  const names = Object.keys(parts.headers).sort(compareCodeUnits);
  const canonicalHeaders = names.map((name) => `${name}:${parts.headers[name]}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    parts.method.toUpperCase(),
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    sha256Hex(parts.body),
  ].join('\n');
  return { canonicalRequest, signedHeaders };
}

export function stringToSign(sdkDate: string, canonicalRequest: string): string {
  return [SDK_SIGNING_ALGORITHM, sdkDate, sha256Hex(canonicalRequest)].join('\n');
}

export function signatureOf(secretKey: string, toSign: string): string {
  return createHmac('sha256', secretKey).update(toSign).digest('hex');
}

/** Signs one request; `secretKey` is used here and nowhere else. */
export function signSdkHmacSha256(input: SignInput, accessKey: string, secretKey: string): Signature {
  const url = new URL(input.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  headers.host = url.host;
  const sdkDate = headers['x-sdk-date'];
  if (sdkDate === undefined) throw new TypeError('X-Sdk-Date must be among the signed headers');
  const { canonicalRequest, signedHeaders } = buildCanonicalRequest({
    method: input.method,
    path: url.pathname,
    query: queryPairs(input.query),
    headers,
    body: input.body,
  });
  const toSign = stringToSign(sdkDate, canonicalRequest);
  return {
    authorization: `${SDK_SIGNING_ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders}, Signature=${signatureOf(secretKey, toSign)}`,
    host: url.host,
    canonicalRequest,
    stringToSign: toSign,
    signedHeaders,
  };
}

/** `YYYYMMDDTHHMMSSZ`, the basic ISO-8601 form `X-Sdk-Date` requires. */
export function formatSdkDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Epoch milliseconds of an `X-Sdk-Date`, or undefined when it is malformed. */
export function parseSdkDate(text: string): number | undefined {
  const match = SDK_DATE.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 20251340T… over into the next year; a real date formats back to itself.
  return formatSdkDate(ms) === text ? ms : undefined;
}
