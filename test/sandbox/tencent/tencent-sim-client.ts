import { buildLegacyRequest } from '../../../src/providers/tencent/legacy-request.js';
import { buildV3Request } from '../../../src/providers/tencent/v3-request.js';
import { SANDBOX_TENCENT_SECRET_ID, SANDBOX_TENCENT_SECRET_KEY } from '../../../src/sandbox/tencent/default-tencent-seed.js';
import type { TencentSimulator } from '../../../src/sandbox/tencent/tencent-simulator.js';

/** Raw signed calls to the simulator, below eipbot's client: for testing the simulator's own rules. */
export interface V3Answer {
  Error?: { Code: string; Message: string };
  RequestId: string;
  [field: string]: unknown;
}

let nonce = 1;

export async function callV3(
  simulator: TencentSimulator,
  action: string,
  body: unknown,
  timestampMs = Date.now(),
  signal?: AbortSignal,
): Promise<V3Answer> {
  const request = buildV3Request({
    endpoint: simulator.url,
    action,
    region: 'ap-guangzhou',
    secretId: SANDBOX_TENCENT_SECRET_ID,
    secretKey: SANDBOX_TENCENT_SECRET_KEY,
    timestamp: Math.floor(timestampMs / 1000),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal });
  return ((await response.json()) as { Response: V3Answer }).Response;
}

export interface LegacyAnswer {
  code: number;
  message: string;
  codeDesc?: string;
  [field: string]: unknown;
}

export async function callLegacy(
  simulator: TencentSimulator,
  action: string,
  params: Record<string, string | number>,
  timestampMs = Date.now(),
): Promise<LegacyAnswer> {
  const request = buildLegacyRequest({
    endpoint: simulator.url,
    action,
    region: 'ap-guangzhou',
    secretId: SANDBOX_TENCENT_SECRET_ID,
    secretKey: SANDBOX_TENCENT_SECRET_KEY,
    timestamp: Math.floor(timestampMs / 1000),
    nonce: nonce++,
    params,
  });
  const response = await fetch(request.url);
  return (await response.json()) as LegacyAnswer;
}
