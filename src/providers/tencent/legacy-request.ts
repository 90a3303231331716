import type { BuiltRequest } from './call-pipeline.js';
import { encodeRfc3986, signLegacy, type LegacyParams } from './signer-legacy.js';

/** Every legacy API 2.0 module answers at the same path of its own host. */
export const LEGACY_PATH = '/v2/index.php';

export interface LegacyRequestInput {
  /** The module's base URL, e.g. `https://eip.api.qcloud.com` or an override. */
  endpoint: string;
  action: string;
  region: string;
  secretId: string;
  secretKey: string;
  /** UNIX seconds. */
  timestamp: number;
  /** A random positive integer; with the timestamp, it guards against replay. */
  nonce: number;
  /** The action's own parameters (lowerCamelCase in the EIP module, `name.N` for arrays). */
  params: LegacyParams;
}

/**
 * A signed legacy GET. The signature covers the host actually called (with `:port`
 * when it is not the scheme's default) and the path actually called, so an endpoint
 * override signs what it sends. Values are signed raw and sent RFC 3986-encoded.
 */
export function buildLegacyRequest(input: LegacyRequestInput): BuiltRequest {
  const base = new URL(input.endpoint);
  const path = `${base.pathname.replace(/\/+$/, '')}${LEGACY_PATH}`;
  const params: LegacyParams = {
    ...input.params,
    Action: input.action,
    Region: input.region,
    Timestamp: input.timestamp,
    Nonce: input.nonce,
    SecretId: input.secretId,
    SignatureMethod: 'HmacSHA256',
  };
  const { signature } = signLegacy({
    method: 'GET',
    host: base.host,
    path,
    params,
    secretKey: input.secretKey,
    algorithm: 'HmacSHA256',
  });
  const query = Object.entries({ ...params, Signature: signature })
    .map(([key, value]) => `${encodeRfc3986(key)}=${encodeRfc3986(String(value))}`)
    .join('&');
  return { url: `${base.protocol}//${base.host}${path}?${query}`, method: 'GET', headers: { Host: base.host } };
}
