import { createHmac } from 'node:crypto';

/**
 * Tencent's signature v1, used by the legacy API 2.0 (`*.api.qcloud.com/v2/index.php`)
 * and accepted by API 3.0 as an alternative (reference/tencent.md §2.2, verified
 * against the documented worked examples and the official SDK's `Sign.sign`).
 */
export type LegacySignatureMethod = 'HmacSHA256' | 'HmacSHA1';

export type LegacyParams = Record<string, string | number>;

export interface LegacySignInput {
  method: 'GET' | 'POST';
  /** The host actually called, with `:port` when it is not the scheme's default. */
  host: string;
  /** The path actually called, e.g. `/v2/index.php`. */
  path: string;
  /** Every request parameter; a `Signature` entry is ignored. */
  params: LegacyParams;
  secretKey: string;
  /**
   * The HMAC actually computed. The server uses HmacSHA256 only when the
   * `SignatureMethod` parameter says so and HmacSHA1 otherwise, so the two must agree
   * for a request to be accepted; they are separate here so the CN doc's quirk vector
   * (SHA1 over a string naming HmacSHA256) can be reproduced.
   */
  algorithm: LegacySignatureMethod;
}

/**
 * `METHOD + host + path + "?" + k=v&…`: keys sorted by byte order (uppercase before
 * lowercase, `InstanceIds.12` before `InstanceIds.2`), `_` in keys read as `.`, values
 * raw — not URL-encoded.
 */
export function legacyStringToSign(method: string, host: string, path: string, params: LegacyParams): string {
  const pairs = Object.entries(params)
    .filter(([key]) => key !== 'Signature')
    .map(([key, value]) => [key.replace(/_/g, '.'), String(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method.toUpperCase()}${host}${path}?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`;
}

export function signLegacy(input: LegacySignInput): { stringToSign: string; signature: string } {
  const stringToSign = legacyStringToSign(input.method, input.host, input.path, input.params);
  const hash = input.algorithm === 'HmacSHA256' ? 'sha256' : 'sha1';
  const signature = createHmac(hash, input.secretKey).update(stringToSign, 'utf8').digest('base64');
  return { stringToSign, signature };
}

/** RFC 3986 encoding with upper-case hex, as the v1 signature doc requires for sent values. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
