import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import type { Secret } from '../../config/secret.js';
import { findBlockKitViolations } from './block-kit-limits.js';
import { ResponseUrls, responsePayloadSchema, type ResponseUrlGrant } from './response-urls.js';
import { SlackMethodError, SlackWorkspace, type FakeChannel, type FakeUser, type FakeUserGroup, type WorkspaceEvent } from './slack-workspace.js';
import { WEB_API_METHODS, type MethodContext } from './web-api-methods.js';

/**
 * A local Slack: the Web API on loopback in the wire format @slack/web-api v8 speaks
 * (`POST /api/<method>`, form-encoded, `blocks` as a JSON string, Bearer token;
 * reference/slack.md §5.3, §7.5), plus `response_url` endpoints (`POST /response/<id>`,
 * JSON). It keeps the conversation, records every call in order, can be told to fail
 * a method (429 with Retry-After, `{ok:false}`, an HTTP status), refuses Block Kit that
 * breaks Slack's limits, and streams what happens to subscribers (the sandbox console).
 */

export type SlackFakeFailure =
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'error'; error: string }
  | { kind: 'http-status'; status: number };

export interface RecordedCall {
  /** 1, 2, 3… in the order the fake received the calls. */
  seq: number;
  /** `chat.postMessage`, …, or `response_url` for a POST to a response URL. */
  method: string;
  /** The arguments as Slack reads them: form fields, `blocks` decoded, never the token. */
  args: Record<string, unknown>;
  /** When the call arrived, by the fake's clock (ms). */
  at: number;
  /** `ok`, the error code answered (`invalid_auth`, `invalid_blocks`…), or `rate_limited` / `http_<status>`. */
  outcome: string;
  /** For `response_url` calls: which URL (the id in `/response/<id>`). */
  responseUrlId?: string;
}

export type SlackFakeEvent = WorkspaceEvent | { type: 'call'; call: RecordedCall };

export interface SlackWebApiFakeOptions {
  /** The only token the fake accepts (`xoxb-…`). */
  botToken: Secret;
  clock?: Clock;
  team?: { id: string; domain: string; name: string };
  bot?: { userId: string; botId: string; name: string };
  channels?: FakeChannel[];
  users?: FakeUser[];
  userGroups?: FakeUserGroup[];
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
}

/** Bolt's own default body limit (reference/slack.md §7.2); Slack's payloads are far smaller. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface CallWaiter {
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
}

export class SlackWebApiFake {
  readonly workspace: SlackWorkspace;
  readonly team: { id: string; domain: string; name: string };
  readonly bot: { userId: string; botId: string; name: string };
  readonly #botToken: Secret;
  readonly #clock: Clock;
  readonly #responseUrls: ResponseUrls;
  readonly #calls: RecordedCall[] = [];
  readonly #failures = new Map<string, SlackFakeFailure[]>();
  readonly #listeners = new Set<(event: SlackFakeEvent) => void>();
  readonly #waiters = new Set<CallWaiter>();
  #server: Server | undefined;
  #url = '';

  private constructor(options: SlackWebApiFakeOptions) {
    this.#botToken = options.botToken;
    this.#clock = options.clock ?? systemClock;
    this.team = options.team ?? { id: 'T0EIPBOT1', domain: 'eipbot-sandbox', name: 'eipbot sandbox' };
    this.bot = options.bot ?? { userId: 'U0EIPBOT1', botId: 'B0EIPBOT1', name: 'eipbot' };
    this.workspace = new SlackWorkspace(this.#clock, this.bot);
    this.workspace.addUser({ id: this.bot.userId, name: this.bot.name, realName: this.bot.name, isBot: true });
    for (const channel of options.channels ?? []) this.workspace.addChannel(channel);
    for (const user of options.users ?? []) this.workspace.addUser(user);
    for (const group of options.userGroups ?? []) this.workspace.addUserGroup(group);
    this.#responseUrls = new ResponseUrls(this.workspace, this.#clock);
    this.workspace.subscribe((event) => this.#emit(event));
  }

  static async start(options: SlackWebApiFakeOptions): Promise<SlackWebApiFake> {
    const fake = new SlackWebApiFake(options);
    const server = createServer((request, response) => {
      fake.#handle(request, response).catch(() => {
        if (!response.headersSent) sendJson(response, 500, { ok: false, error: 'fatal_error' });
        else response.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    fake.#server = server;
    fake.#url = `http://${host}:${address.port}`;
    return fake;
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return this.#url;
  }

  /** What to give `WebClient`/Bolt as `slackApiUrl` (and `SLACK_API_URL`). */
  get apiUrl(): string {
    return `${this.#url}/api/`;
  }

  /** A response_url for a slash command (no `source`) or a click on a message (`source`). */
  createResponseUrl(grant: ResponseUrlGrant): string {
    return `${this.#url}/response/${this.#responseUrls.grant(grant)}`;
  }

  /** The next `times` calls to `method` (or `response_url`) fail this way, then it answers normally again. */
  failNext(method: string, failure: SlackFakeFailure, times = 1): void {
    const queue = this.#failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.#failures.set(method, queue);
  }

  /** Every call received so far, in order; only one method's when given. */
  calls(method?: string): RecordedCall[] {
    return structuredClone(method === undefined ? this.#calls : this.#calls.filter((call) => call.method === method));
  }

  /** Resolves with the first call, past or future, that matches; rejects after `timeoutMs` of real time. */
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 10_000): Promise<RecordedCall> {
    const found = this.#calls.find(predicate);
    if (found !== undefined) return Promise.resolve(structuredClone(found));
    return new Promise((resolve, reject) => {
      const waiter: CallWaiter = {
        predicate,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.#calls.map((call) => call.method).join(', ');
        reject(new Error(`the Slack fake received no matching call within ${timeoutMs} ms; calls so far: ${seen}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** Every message posted, updated, deleted (channel and ephemeral) and every call, as it happens. */
  subscribe(listener: (event: SlackFakeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  #emit(event: SlackFakeEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #record(call: Omit<RecordedCall, 'seq' | 'at'>): void {
    const recorded: RecordedCall = { seq: this.#calls.length + 1, at: this.#clock.now(), ...call };
    this.#calls.push(recorded);
    this.#emit({ type: 'call', call: structuredClone(recorded) });
    for (const waiter of this.#waiters) {
      if (waiter.predicate(recorded)) {
        this.#waiters.delete(waiter);
        waiter.resolve(structuredClone(recorded));
      }
    }
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    const responseUrl = /^\/response\/([A-Za-z0-9]+)$/.exec(path);
    if (request.method !== 'POST' || (api === null && responseUrl === null)) {
      sendJson(response, 404, { ok: false, error: 'unknown_method' });
      return;
    }
    let body: string;
    try {
      body = await readBody(request);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      sendJson(response, 413, { ok: false, error: 'request_too_large' });
      return;
    }
    if (api !== null) this.#callMethod(api[1] as string, request, body, response);
    else this.#respondToUrl(responseUrl?.[1] as string, body, response);
  }

  /** Answers an injected failure if one is queued for `method`; true when it did. */
  #injectedFailure(method: string, response: ServerResponse, recordAs: Omit<RecordedCall, 'seq' | 'at' | 'outcome'>): boolean {
    const failure = this.#failures.get(method)?.shift();
    if (failure === undefined) return false;
    switch (failure.kind) {
      case 'rate-limited':
        this.#record({ ...recordAs, outcome: 'rate_limited' });
        sendJson(response, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfterSeconds) });
        return true;
      case 'error':
        this.#record({ ...recordAs, outcome: failure.error });
        sendJson(response, 200, { ok: false, error: failure.error });
        return true;
      case 'http-status':
        this.#record({ ...recordAs, outcome: `http_${failure.status}` });
        sendJson(response, failure.status, { ok: false, error: `http_${failure.status}` });
        return true;
    }
  }

  #callMethod(method: string, request: IncomingMessage, body: string, response: ServerResponse): void {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    let fields: Record<string, unknown>;
    if (contentType === 'application/json') {
      try {
        const parsed: unknown = JSON.parse(body);
        fields = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
      } catch {
        this.#record({ method, args: {}, outcome: 'invalid_json' });
        sendJson(response, 200, { ok: false, error: 'invalid_json' });
        return;
      }
    } else {
      fields = Object.fromEntries(new URLSearchParams(body));
    }
    const { token: formToken, ...args } = fields;
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof formToken === 'string' ? formToken : undefined);

    const answer = (outcome: string, status: number, payload: Record<string, unknown>) => {
      this.#record({ method, args, outcome });
      sendJson(response, status, payload);
    };
    if (token === undefined) return answer('not_authed', 200, { ok: false, error: 'not_authed' });
    if (!sameSecret(token, this.#botToken.reveal())) return answer('invalid_auth', 200, { ok: false, error: 'invalid_auth' });
    if (this.#injectedFailure(method, response, { method, args })) return;

    const handler = WEB_API_METHODS[method];
    if (handler === undefined) return answer('unknown_method', 200, { ok: false, error: 'unknown_method' });
    if (typeof args.blocks === 'string') {
      try {
        args.blocks = JSON.parse(args.blocks) as unknown;
      } catch {
        return answer('invalid_blocks_format', 200, { ok: false, error: 'invalid_blocks_format' });
      }
    }
    if (args.blocks !== undefined) {
      const problems = findBlockKitViolations(args.blocks);
      if (problems.length > 0) {
        return answer('invalid_blocks', 200, {
          ok: false,
          error: 'invalid_blocks',
          errors: problems,
          response_metadata: { messages: problems.map((problem) => `[ERROR] ${problem}`) },
        });
      }
    }
    const context: MethodContext = { workspace: this.workspace, team: this.team, bot: this.bot };
    try {
      answer('ok', 200, { ok: true, ...handler(args, context) });
    } catch (error) {
      if (!(error instanceof SlackMethodError)) throw error;
      answer(error.error, 200, { ok: false, error: error.error });
    }
  }

  /** Bolt's respond() throws RespondError on any non-2xx (reference/slack.md §7.1), as with Slack. */
  #respondToUrl(id: string, body: string, response: ServerResponse): void {
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      payload = undefined;
    }
    const args = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
    const recordAs = { method: 'response_url', args, responseUrlId: id };
    const answer = (outcome: string, status: number, reply: Record<string, unknown>) => {
      this.#record({ ...recordAs, outcome });
      sendJson(response, status, reply);
    };
    if (this.#injectedFailure('response_url', response, recordAs)) return;
    const parsed = responsePayloadSchema.safeParse(payload);
    if (!parsed.success) return answer('invalid_payload', 400, { ok: false, error: 'invalid_payload' });
    if (parsed.data.blocks !== undefined) {
      const problems = findBlockKitViolations(parsed.data.blocks);
      if (problems.length > 0) return answer('invalid_blocks', 400, { ok: false, error: 'invalid_blocks', errors: problems });
    }
    try {
      this.#responseUrls.respond(id, parsed.data);
      answer('ok', 200, { ok: true });
    } catch (error) {
      if (!(error instanceof SlackMethodError)) throw error;
      // A response URL has no `ok: false` channel: every refusal is an HTTP error.
      answer(error.error, error.httpStatus === 200 ? 404 : error.httpStatus, { ok: false, error: error.error });
    }
  }
}
