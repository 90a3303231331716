import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../clock.js';
import { authenticate, type SimPrincipal } from './simulator-auth.js';
import { defaultHuaweiSeed } from './default-seed.js';
import { SimError, renderSimError, type SimErrorFormat } from './simulator-error.js';
import { HuaweiSimFaults, type SimFaultRule } from './simulator-faults.js';
import { huaweiRoutes, type Route, type RouteResult } from './simulator-routes.js';
import { loadHuaweiSimulatorSeed, parseHuaweiSimulatorSeed, type HuaweiSimulatorSeedInput } from './simulator-seed.js';
import { HuaweiSimState, type SimDelays } from './simulator-state.js';
import { HuaweiSimStats } from './simulator-stats.js';

export interface HuaweiSimulatorOptions {
  /** The starting state, in code or as a JSON/YAML file path; default `defaultHuaweiSeed`. */
  seed?: HuaweiSimulatorSeedInput | string;
  /** Drives status transitions, token expiry and the `X-Sdk-Date` window. */
  clock?: Clock;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** How long binds, unbinds and creates stay transient; tests use a few milliseconds. */
  delays?: Partial<SimDelays>;
  /** Requests per second per account before a 429 `APIG.0308`; default unlimited. */
  rateLimitPerSecond?: number;
  /** Behave like OTC: the EIP list ignores every filter but marker/limit. */
  ignoreEipListFilters?: boolean;
  /** IAM token lifetime (default 24 h, as on Huawei). */
  tokenTtlMs?: number;
}

export interface HuaweiSimulator {
  /** Base URL for every endpoint of an account: `vpc`, `ecs` and `iam` all point here. */
  url: string;
  state: HuaweiSimState;
  faults: HuaweiSimFaults;
  stats: HuaweiSimStats;
  close(): Promise<void>;
}

/** Long enough that a client's keep-alive socket is never closed under it mid-test. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const DEFAULT_DELAYS: SimDelays = { bindMs: 1_500, unbindMs: 1_000, createMs: 2_000 };

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of huaweiRoutes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1).map((part) => decodeURIComponent(part)) };
  }
  return undefined;
}

/** Faults injected as plain HTTP errors get the body the real service would send for that status. */
function faultError(status: number, code: string | undefined, message: string | undefined, limit: number | undefined): SimError {
  if (status === 429) {
    return new SimError(
      429,
      code ?? 'APIG.0308',
      message ?? `The throttling threshold has been reached: policy user over ratelimit,limit:${limit ?? 60},time:1 minute`,
      'gateway',
    );
  }
  return new SimError(status, code ?? 'VPC.0514', message ?? 'Neutron Error.');
}

/**
 * A local Huawei Cloud on one loopback HTTP server: IAM (`POST /v3/auth/tokens`), VPC
 * (EIP v1 and v3, ports) and ECS (NICs, NIC virtual IPs). It verifies AK/SK signatures
 * and tokens, checks the path's project against the credential's, answers in the real
 * error formats with an `X-Request-Id`, moves EIP statuses through transient values,
 * throttles per account, and fails on demand.
 */
export async function startHuaweiSimulator(options: HuaweiSimulatorOptions = {}): Promise<HuaweiSimulator> {
  const seed =
    typeof options.seed === 'string'
      ? await loadHuaweiSimulatorSeed(options.seed)
      : parseHuaweiSimulatorSeed(options.seed ?? defaultHuaweiSeed);
  const clock = options.clock ?? systemClock;
  const state = new HuaweiSimState(seed, {
    clock,
    delays: { ...DEFAULT_DELAYS, ...options.delays },
    tokenTtlMs: options.tokenTtlMs ?? 24 * 3_600_000,
  });
  const faults = new HuaweiSimFaults(state, options.rateLimitPerSecond);
  const stats = new HuaweiSimStats();
  const windows = new Map<string, number[]>();
  const hanging = new Set<ServerResponse>();

  function throttle(principal: SimPrincipal): void {
    const limit = faults.rateLimitPerSecond;
    if (limit === undefined) return;
    const now = clock.now();
    const recent = (windows.get(principal.key) ?? []).filter((at) => now - at < 1_000);
    if (recent.length >= limit) {
      windows.set(principal.key, recent);
      throw faultError(429, undefined, `The throttling threshold has been reached: policy user over ratelimit,limit:${limit},time:1 second`, limit);
    }
    recent.push(now);
    windows.set(principal.key, recent);
  }

  function send(response: ServerResponse, requestId: string, result: RouteResult): number {
    const payload = JSON.stringify(result.body);
    response.writeHead(result.status, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Content-Length': Buffer.byteLength(payload),
      'X-Request-Id': requestId,
      ...result.headers,
    });
    response.end(payload);
    return result.status;
  }

  function sendError(response: ServerResponse, requestId: string, error: SimError, format: SimErrorFormat): number {
    return send(response, requestId, { status: error.httpStatus, body: renderSimError(error, format, requestId) });
  }

  /** Delivers an injected fault instead of the answer; returns what happened for the stats. */
  function deliverFault(
    fault: SimFaultRule,
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
    format: SimErrorFormat,
  ): number | 'reset' | 'hang' {
    if (fault.response === 'reset') {
      request.socket.resetAndDestroy();
      return 'reset';
    }
    if (fault.response === 'hang') {
      hanging.add(response);
      response.on('close', () => hanging.delete(response));
      return 'hang';
    }
    const { status, code, message } = fault.response;
    return sendError(response, requestId, faultError(status, code, message, faults.rateLimitPerSecond), format);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomBytes(16).toString('hex');
    const method = request.method ?? 'GET';
    const rawUrl = request.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
    const body = await readBody(request);
    const matched = matchRoute(method, path);
    if (!matched) {
      const outcome = sendError(
        response,
        requestId,
        new SimError(404, 'APIG.0101', 'The API does not exist or has not been published in the environment.'),
        'gateway',
      );
      stats.record({ operation: `${method} ${path}`, method, path, outcome, requestId });
      return;
    }
    const { route, params } = matched;
    let outcome: number | 'reset' | 'hang';
    try {
      if (route.authenticated) {
        const principal = authenticate({ method, path, rawQuery, headers: request.headers, body }, state);
        throttle(principal);
        if (params[0] !== principal.projectId) throw new SimError(400, 'VPC.0007', 'urlTenantId is not equal tokenTenantId');
      }
      const fault = faults.take(route.operation);
      const context = {
        params,
        query: new URLSearchParams(rawQuery),
        body,
        state,
        requestId,
        ignoreEipListFilters: options.ignoreEipListFilters ?? false,
      };
      if (fault && !fault.afterApplying) {
        outcome = deliverFault(fault, request, response, requestId, route.format);
      } else {
        const result = route.handle(context);
        outcome = fault ? deliverFault(fault, request, response, requestId, route.format) : send(response, requestId, result);
      }
    } catch (error) {
      if (!(error instanceof SimError)) throw error;
      outcome = sendError(response, requestId, error, route.format);
    }
    stats.record({ operation: route.operation, method, path, outcome, requestId });
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const requestId = randomBytes(16).toString('hex');
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) {
        sendError(response, requestId, new SimError(500, 'SIM.0500', `simulator failure: ${message}`), 'gateway');
      }
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    state,
    faults,
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const response of hanging) response.socket?.destroy();
        hanging.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
