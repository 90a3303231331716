import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../clock.js';
import { TENCENT_ACTION_LIMITS } from '../../providers/tencent/action-rate-limiter.js';
import { LEGACY_PATH } from '../../providers/tencent/legacy-request.js';
import { VPC_API_VERSION } from '../../providers/tencent/v3-request.js';
import { defaultTencentSeed } from './default-tencent-seed.js';
import type { TencentFault } from './tencent-faults.js';
import { TencentFaults } from './tencent-faults.js';
import { handleLegacyAction, LEGACY_ACTIONS, LEGACY_WRITES, legacyFailure } from './tencent-legacy-actions.js';
import { LEGACY_WINDOW_MS, NonceBook, verifyLegacy, verifyTc3 } from './tencent-sim-auth.js';
import { TencentSimError, TencentSimState, type TaskFate, type TencentSimDelays } from './tencent-sim-state.js';
import { TencentSimStats } from './tencent-sim-stats.js';
import { loadTencentSeed, parseTencentSeed, type TencentSeedInput } from './tencent-seed.js';
import { TencentThrottle } from './tencent-throttle.js';
import { handleV3Action, V3_ACTIONS, V3_WRITES, type V3Action } from './tencent-v3-actions.js';

export interface TencentSimulatorOptions {
  /** The starting world: a seed object, or the path of a JSON/YAML seed file. Default: `defaultTencentSeed`. */
  seed?: TencentSeedInput | string;
  /** Loopback by default; port 0 picks a free one. */
  host?: string;
  port?: number;
  clock?: Clock;
  /** How long writes stay BINDING/UNBINDING/CREATING. Tests use a few milliseconds. */
  delays?: Partial<TencentSimDelays>;
  /** Per-action limits (default: Tencent's documented ones; `false`: none) and an optional total per SecretId. */
  rateLimits?: { perAction?: Readonly<Record<string, number>> | false; accountTotal?: number };
  /** Allowed clock difference of legacy requests (default 2 h, the legacy pages' figure). */
  legacyWindowMs?: number;
}

export interface TencentSimulator {
  /** Base URL for both `endpoints.vpc` and `endpoints.eip` of an account. */
  url: string;
  state: TencentSimState;
  faults: TencentFaults;
  stats: TencentSimStats;
  close(): Promise<void>;
}

/** Realistic enough for the sandbox: a bind is visibly BINDING for a moment. */
const DEFAULT_DELAYS: TencentSimDelays = { bindMs: 1_000, unbindMs: 1_000, createMs: 1_500 };

/** 1 MB: API 3.0's own limit for v1-signed POSTs (reference §1); eipbot's bodies are tiny. */
const MAX_BODY = 1 << 20;

/**
 * One HTTP server on loopback that plays Tencent Cloud for eipbot: API 3.0 (`POST /`
 * with `X-TC-Action`, TC3-HMAC-SHA256) and the legacy API 2.0 (`/v2/index.php`, GET
 * query or POST form, signature v1), over one shared state. Every answer a client can
 * meet from the real service is here: signature refusals, per-action throttling,
 * id validation, wrong-status refusals, transient statuses with tasks — and injected
 * faults, with the calls per action counted.
 */
export async function startTencentSimulator(options: TencentSimulatorOptions = {}): Promise<TencentSimulator> {
  const seed =
    typeof options.seed === 'string' ? await loadTencentSeed(options.seed) : parseTencentSeed(options.seed ?? defaultTencentSeed);
  const clock = options.clock ?? systemClock;
  const state = new TencentSimState(seed, clock, { ...DEFAULT_DELAYS, ...options.delays });
  const faults = new TencentFaults();
  const stats = new TencentSimStats();
  const credentials = new Map(seed.credentials.map((pair) => [pair.secretId, pair.secretKey]));
  const perAction = options.rateLimits?.perAction === false ? {} : (options.rateLimits?.perAction ?? TENCENT_ACTION_LIMITS);
  const throttle = new TencentThrottle(perAction, options.rateLimits?.accountTotal);
  const nonces = new NonceBook();
  const legacyWindowMs = options.legacyWindowMs ?? LEGACY_WINDOW_MS;

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(`simulator error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (body === undefined) {
      response.writeHead(413).end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://simulator');
    if (url.pathname === '/' && request.method === 'POST') return serveV3(request, response, body, url);
    if (url.pathname === LEGACY_PATH && (request.method === 'GET' || request.method === 'POST')) return serveLegacy(request, response, body, url);
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  }

  function serveV3(request: IncomingMessage, response: ServerResponse, body: Buffer, url: URL): void {
    const requestId = randomUUID();
    const answer = (fields: Record<string, unknown>) => json(response, { Response: { ...fields, RequestId: requestId } });
    const refuse = (code: string, message: string) => answer({ Error: { Code: code, Message: message } });
    const verdict = verifyTc3({ method: 'POST', query: url.search.slice(1), headers: request.headers, body }, credentials, clock.now());
    if (!verdict.ok) {
      stats.recordAuthFailure();
      return refuse(verdict.code, verdict.message);
    }
    const version = request.headers['x-tc-version'];
    if (version !== VPC_API_VERSION) return refuse('NoSuchVersion', `The API version \`${String(version)}\` is not supported.`);
    const action = String(request.headers['x-tc-action'] ?? '');
    if (!V3_ACTIONS.has(action)) return refuse('InvalidAction', `The action \`${action}\` is not supported.`);
    if (!request.headers['x-tc-region']) return refuse('MissingParameter', 'The request is missing a required parameter `Region`.');
    let parsed: unknown;
    try {
      parsed = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return refuse('InvalidParameter', 'The request body is not valid JSON.');
    }
    stats.recordCall(action, isRecord(parsed) ? parsed : {});
    const limited = throttle.admit(verdict.secretId, action, clock.now());
    if (limited) {
      stats.recordThrottled(action);
      return refuse('RequestLimitExceeded', limited);
    }
    const fault = faults.take(action);
    if (fault && transport(fault, false, request, response)) return;
    if (fault?.type === 'error') return refuse(fault.code, fault.message ?? `Injected ${fault.code}.`);
    if (fault?.type === 'wrong-status') return refuse('InvalidAddressIdStatus.NotPermit', 'The EIP status does not permit this operation.');
    let fields: Record<string, unknown> | undefined;
    let failure: TencentSimError | undefined;
    try {
      fields = handleV3Action(state, action as V3Action, parsed, fateOf(fault, V3_WRITES.has(action)));
    } catch (error) {
      failure = asSimError(error);
    }
    if (fault && transport(fault, true, request, response)) return;
    if (failure) return refuse(failure.code, failure.message);
    answer(fields ?? {});
  }

  function serveLegacy(request: IncomingMessage, response: ServerResponse, body: Buffer, url: URL): void {
    const params = Object.fromEntries(
      request.method === 'POST' ? new URLSearchParams(body.toString('utf8')) : url.searchParams,
    ) as Record<string, string>;
    const refuse = (failure: { code: number; codeDesc: string; message: string }) => json(response, failure);
    const verdict = verifyLegacy(
      { method: request.method ?? 'GET', host: request.headers.host ?? '', path: url.pathname, params },
      credentials,
      nonces,
      clock.now(),
      legacyWindowMs,
    );
    if (!verdict.ok) {
      stats.recordAuthFailure();
      return refuse(verdict);
    }
    const action = params.Action!;
    if (!LEGACY_ACTIONS.has(action)) return refuse({ code: 4000, codeDesc: 'InvalidAction', message: `${action} 接口不存在。` });
    const { Signature: _signature, ...received } = params;
    stats.recordCall(action, received);
    const limited = throttle.admit(verdict.secretId, action, clock.now());
    if (limited) {
      stats.recordThrottled(action);
      return refuse({ code: 4400, codeDesc: 'RequestLimitExceeded', message: limited });
    }
    const fault = faults.take(action);
    if (fault && transport(fault, false, request, response)) return;
    if (fault?.type === 'error') return refuse(legacyFailure(new TencentSimError(fault.code, fault.message ?? `Injected ${fault.code}.`)));
    if (fault?.type === 'wrong-status') {
      return refuse(legacyFailure(new TencentSimError('InvalidAddressIdStatus.NotPermit', 'EIP 当前状态不允许此操作。')));
    }
    let fields: Record<string, unknown> | undefined;
    let failure: TencentSimError | undefined;
    try {
      fields = handleLegacyAction(state, action, params, fateOf(fault, LEGACY_WRITES.has(action)));
    } catch (error) {
      failure = asSimError(error);
    }
    if (fault && transport(fault, true, request, response)) return;
    if (failure) return refuse(legacyFailure(failure));
    json(response, { code: 0, message: '', codeDesc: 'Success', ...fields });
  }

  /** Carries out a transport fault at its moment (before or after the action); true when it did. */
  function transport(fault: TencentFault, applied: boolean, request: IncomingMessage, response: ServerResponse): boolean {
    if (fault.type !== 'http-500' && fault.type !== 'reset' && fault.type !== 'hang') return false;
    if ((fault.afterApply === true) !== applied) return false;
    if (fault.type === 'http-500') {
      response.writeHead(500, { 'Content-Type': 'text/html' }).end('<html><body>500 Internal Server Error</body></html>');
    } else if (fault.type === 'reset') {
      request.socket.resetAndDestroy();
    }
    // hang: no answer; close() ends the connection.
    return true;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    state,
    faults,
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive clients and hanging faults hold connections open; end them all.
        server.closeAllConnections();
      }),
  };
}

function fateOf(fault: TencentFault | undefined, isWrite: boolean): TaskFate {
  if (!isWrite) return 'normal';
  if (fault?.type === 'stuck-task') return 'stuck';
  if (fault?.type === 'failed-task') return 'failed';
  return 'normal';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A refusal by the rules; anything else is a simulator defect and must surface as one (HTTP 500 "simulator error"). */
function asSimError(error: unknown): TencentSimError {
  if (error instanceof TencentSimError) return error;
  throw error;
}

function json(response: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
