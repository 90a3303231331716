import type { BuiltRequest } from './call-pipeline.js';
import { signTc3 } from './signer-tc3.js';

export const VPC_API_VERSION = '2017-03-12';

/**
 * The credential scope's service of the VPC API. The official SDK derives it from the
 * first label of the host (`vpc.tencentcloudapi.com` → `vpc`), which would turn into
 * `127` or a gateway's name under an endpoint override; the server only knows `vpc`.
 */
export const VPC_SERVICE = 'vpc';

export interface V3RequestInput {
  /** `https://vpc.tencentcloudapi.com` or an override (a regional host, a gateway, the simulator). */
  endpoint: string;
  action: string;
  region: string;
  secretId: string;
  secretKey: string;
  /** UNIX seconds. */
  timestamp: number;
  /** The JSON body, serialised once: these exact bytes are hashed, signed and sent. */
  body: string;
}

/**
 * A signed API 3.0 POST, as the official SDK sends it (reference §6): `Content-Type:
 * application/json` without charset, and only content-type;host signed.
 */
export function buildV3Request(input: V3RequestInput): BuiltRequest {
  const url = new URL(input.endpoint);
  const host = url.host;
  const contentType = 'application/json';
  const { authorization } = signTc3({
    secretId: input.secretId,
    secretKey: input.secretKey,
    service: VPC_SERVICE,
    method: 'POST',
    signedHeaders: { 'content-type': contentType, host },
    payload: input.body,
    timestamp: input.timestamp,
  });
  return {
    url: url.href,
    method: 'POST',
    headers: {
      Host: host,
      'Content-Type': contentType,
      'X-TC-Action': input.action,
      'X-TC-Version': VPC_API_VERSION,
      'X-TC-Timestamp': String(input.timestamp),
      'X-TC-Region': input.region,
      // Error messages in English for the logs; eipbot branches on codes only.
      'X-TC-Language': 'en-US',
      Authorization: authorization,
    },
    body: input.body,
  };
}
