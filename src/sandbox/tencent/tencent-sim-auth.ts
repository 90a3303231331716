import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { signLegacy } from '../../providers/tencent/signer-legacy.js';
import { parseTc3Authorization, signTc3, tc3Date } from '../../providers/tencent/signer-tc3.js';
import { VPC_SERVICE } from '../../providers/tencent/v3-request.js';

/**
 * Signature checks as Tencent's servers make them: recompute over what was received
 * (reference §3.2, §4.9 for TC3; §2.2, §2.5 for the legacy signature) and refuse with
 * the real codes.
 */
export type Credentials = ReadonlyMap<string, string>;

export type Tc3Verdict = { ok: true; secretId: string } | { ok: false; code: string; message: string };

/** "Timestamp 与服务器接收到请求的时间相差不得超过五分钟" (reference §3.5). */
export const TC3_WINDOW_MS = 5 * 60_000;

export function verifyTc3(
  request: { method: string; query: string; headers: IncomingHttpHeaders; body: Buffer },
  credentials: Credentials,
  nowMs: number,
): Tc3Verdict {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const authorization = parseTc3Authorization(header('authorization') ?? '');
  if (!authorization) {
    return { ok: false, code: 'AuthFailure.InvalidAuthorization', message: 'The Authorization header is missing or malformed.' };
  }
  const secretKey = credentials.get(authorization.secretId);
  if (secretKey === undefined) {
    return { ok: false, code: 'AuthFailure.SecretIdNotFound', message: 'The SecretId is not found, please ensure that your SecretId is correct.' };
  }
  const timestamp = Number(header('x-tc-timestamp'));
  if (!Number.isInteger(timestamp)) {
    return { ok: false, code: 'MissingParameter', message: 'The request is missing a required parameter `Timestamp`.' };
  }
  if (Math.abs(nowMs - timestamp * 1000) > TC3_WINDOW_MS) {
    return { ok: false, code: 'AuthFailure.SignatureExpire', message: 'Signature expired. Timestamp is more than 5 minutes away from the server time.' };
  }
  const failure = {
    ok: false as const,
    code: 'AuthFailure.SignatureFailure',
    message: 'The provided credentials could not be validated. Please check your signature is correct.',
  };
  const signed = authorization.signedHeaders;
  if (!signed.includes('content-type') || !signed.includes('host')) return failure;
  if (authorization.date !== tc3Date(timestamp) || authorization.service !== VPC_SERVICE) return failure;
  const signedHeaders: Record<string, string> = {};
  for (const name of signed) {
    const value = header(name);
    if (value === undefined) return failure;
    signedHeaders[name] = value;
  }
  const expected = signTc3({
    secretId: authorization.secretId,
    secretKey,
    service: VPC_SERVICE,
    method: request.method === 'GET' ? 'GET' : 'POST',
    query: request.query,
    signedHeaders,
    payload: request.body,
    timestamp,
  });
  return sameText(expected.signature, authorization.signature) ? { ok: true, secretId: authorization.secretId } : failure;
}

export type LegacyVerdict = { ok: true; secretId: string } | { ok: false; code: number; codeDesc: string; message: string };

/** The legacy pages allow 2 hours of clock difference (one later page says 5 minutes; reference §2.5). */
export const LEGACY_WINDOW_MS = 2 * 60 * 60_000;

/** Nonces seen per SecretId within the replay window: a repeat is a replay (code 4500). */
export class NonceBook {
  readonly #seen = new Map<string, number>();

  /** False when this SecretId already used this nonce within the window. */
  record(secretId: string, nonce: string, nowMs: number, windowMs: number): boolean {
    for (const [key, at] of this.#seen) if (nowMs - at > windowMs) this.#seen.delete(key);
    const key = `${secretId}|${nonce}`;
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, nowMs);
    return true;
  }
}

export function verifyLegacy(
  request: { method: string; host: string; path: string; params: Record<string, string> },
  credentials: Credentials,
  nonces: NonceBook,
  nowMs: number,
  windowMs: number,
): LegacyVerdict {
  const { params } = request;
  const authFailure = { ok: false as const, code: 4100, codeDesc: 'AuthFailure', message: '鉴权失败，请参考文档中鉴权部分。' };
  if (params.SecretId === undefined || params.Signature === undefined) return authFailure;
  for (const name of ['Action', 'Region', 'Timestamp', 'Nonce']) {
    if (params[name] === undefined) return { ok: false, code: 4000, codeDesc: 'MissingParameter', message: `缺少参数 ${name}` };
  }
  const secretKey = credentials.get(params.SecretId);
  if (secretKey === undefined) return { ok: false, code: 4104, codeDesc: 'AuthFailure', message: 'SecretId 不存在。' };
  const timestamp = Number(params.Timestamp);
  const replay = { ok: false as const, code: 4500, codeDesc: 'InvalidRequest.ReplayAttack', message: '请求重放攻击：Timestamp 与服务器时间相差过大或 Nonce 重复。' };
  if (!Number.isInteger(timestamp) || Math.abs(nowMs - timestamp * 1000) > windowMs) return replay;
  const algorithm = params.SignatureMethod === 'HmacSHA256' ? 'HmacSHA256' : 'HmacSHA1';
  const { signature } = signLegacy({
    method: request.method === 'POST' ? 'POST' : 'GET',
    host: request.host,
    path: request.path,
    params,
    secretKey,
    algorithm,
  });
  if (!sameText(signature, params.Signature)) return authFailure;
  // Only a correctly signed request spends its nonce: a forged one must not block the real one.
  if (!nonces.record(params.SecretId, params.Nonce!, nowMs, windowMs)) return replay;
  return { ok: true, secretId: params.SecretId };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
