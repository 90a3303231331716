import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import type { Secret } from '../../config/secret.js';
import { NotFoundError, UsageError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { SlackRequestSigner } from '../slack/signed-request.js';
import { SlackMethodError } from '../slack/slack-workspace.js';
import type { SlackFakeEvent, SlackWebApiFake } from '../slack/web-api-fake.js';
import type { CloudInventory } from './cloud-inventory.js';
import { ConsoleSlackClient } from './console-slack-client.js';
import { viewEphemeral, viewMessage, type ConsoleEvent, type ConsoleSnapshot } from './console-view.js';
import { ConsoleEventStream } from './event-stream.js';
import type { SlackNames } from './mrkdwn-html.js';
import { clickRequestSchema, composeRequestSchema } from './page-requests.js';
import { SlackDelivery, SLACK_ACK_TIMEOUT_MS } from './slack-delivery.js';
import { workspaceNames } from './workspace-names.js';

/**
 * The sandbox console: a web page that plays Slack for eipbot. It serves the page, a
 * JSON description of the workspace, an event stream of everything the bot posts,
 * updates and deletes on the Slack fake, and two endpoints through which the page types
 * (`/api/compose`) and clicks (`/api/click`) — turned into signed requests to the bot's
 * `/slack/events` by ConsoleSlackClient.
 *
 * It listens on loopback only, answers only to its own Host (a page on another site
 * cannot reach it through DNS rebinding), and accepts only JSON POSTs from its own
 * origin (another site's form cannot click Approve).
 */

export interface ConsolePerson {
  id: string;
  /** What this person is in the sandbox's policy: `requester`, `approver`… */
  role: string;
}

export interface ConsoleChannel {
  id: string;
  /** Why the channel is there: `incident channel: self-approval allowed`. */
  note?: string;
}

export interface ConsoleSuggestion {
  label: string;
  command: string;
}

export interface ConsoleOptions {
  slack: SlackWebApiFake;
  /** The bot's `POST /slack/events` URL. */
  botEventsUrl: string;
  signingSecret: Secret;
  /** The people one can act as, in the order the page lists them. */
  people: ConsolePerson[];
  channels: ConsoleChannel[];
  /** Ready-to-run commands shown above the composer. */
  suggestions?: ConsoleSuggestion[];
  /** The simulated clouds' state, for the page's Cloud panel. */
  inventory?: () => CloudInventory;
  /** The app id Slack sends as `api_app_id`. */
  apiAppId?: string;
  clock?: Clock;
  logger?: Logger;
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /** How long the bot has to acknowledge (Slack: 3000 ms). */
  ackTimeoutMs?: number;
}

export interface ConsoleServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  client: ConsoleSlackClient;
  close(): Promise<void>;
}

const PAGE_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
  '/console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
  '/cloud-panel.js': { file: 'cloud-panel.js', type: 'text/javascript; charset=utf-8' },
  '/dom.js': { file: 'dom.js', type: 'text/javascript; charset=utf-8' },
  '/slack-dates.js': { file: 'slack-dates.js', type: 'text/javascript; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/** The page loads nothing from anywhere else and runs no inline script: drawn text can never become code. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const MAX_BODY_BYTES = 64 * 1024;

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpRefusal(415, 'send application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpRefusal(413, 'the request is too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpRefusal(400, 'the body is not JSON');
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

async function loadPage(): Promise<Map<string, { body: Buffer; type: string }>> {
  const page = new Map<string, { body: Buffer; type: string }>();
  for (const [path, { file, type }] of Object.entries(PAGE_FILES)) {
    page.set(path, { body: await readFile(new URL(`./page/${file}`, import.meta.url)), type });
  }
  return page;
}

function toConsoleEvent(event: SlackFakeEvent, names: SlackNames): ConsoleEvent {
  switch (event.type) {
    case 'message':
      return { type: 'message', change: event.change, message: viewMessage(event.message, names) };
    case 'ephemeral':
      return { type: 'ephemeral', change: event.change, message: viewEphemeral(event.message, names) };
    case 'call':
      return event;
  }
}

export async function startConsole(options: ConsoleOptions): Promise<ConsoleServer> {
  const { slack } = options;
  const clock = options.clock ?? systemClock;
  const page = await loadPage();
  const names = workspaceNames(slack.workspace);
  const stream = new ConsoleEventStream();
  const signer = new SlackRequestSigner({
    signingSecret: options.signingSecret,
    clock,
    team: { id: slack.team.id, domain: slack.team.domain },
    ...(options.apiAppId === undefined ? {} : { apiAppId: options.apiAppId }),
  });
  const client = new ConsoleSlackClient({
    slack,
    signer,
    delivery: new SlackDelivery(options.botEventsUrl, options.ackTimeoutMs ?? SLACK_ACK_TIMEOUT_MS),
    clock,
    onNote: (note) => stream.publish({ type: 'note', note }),
  });
  const unsubscribe = slack.subscribe((event) => stream.publish(toConsoleEvent(event, names)));

  function snapshot(): ConsoleSnapshot {
    const { workspace } = slack;
    const messages = workspace.channels().flatMap((channel) =>
      workspace.messages(channel.id).flatMap((message) => [message, ...workspace.thread(channel.id, message.ts)]),
    );
    return {
      messages: messages.map((message) => viewMessage(message, names)),
      ephemerals: workspace.ephemerals().map((message) => viewEphemeral(message, names)),
      notes: client.notes(),
      calls: slack.calls(),
    };
  }

  function directory() {
    const users = slack.workspace.users();
    const channels = slack.workspace.channels();
    return {
      team: slack.team,
      bot: slack.bot,
      users,
      people: options.people.map((person) => {
        const user = users.find((candidate) => candidate.id === person.id);
        if (user === undefined) throw new NotFoundError(`The console lists ${person.id}, whom the workspace does not have.`);
        return { ...user, role: person.role };
      }),
      channels: options.channels.map((listed) => {
        const channel = channels.find((candidate) => candidate.id === listed.id);
        if (channel === undefined) throw new NotFoundError(`The console lists channel ${listed.id}, which the workspace does not have.`);
        return { ...channel, ...(listed.note === undefined ? {} : { note: listed.note }) };
      }),
      suggestions: options.suggestions ?? [],
      hasInventory: options.inventory !== undefined,
    };
  }
  // Fail at start, not on the first page load, when the people or channels are not in the workspace.
  directory();

  let allowedHosts = new Set<string>();

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    if (!allowedHosts.has(host)) throw new HttpRefusal(403, `the console answers only to ${[...allowedHosts].join(', ')}`);
    const path = new URL(request.url ?? '/', 'http://console').pathname;
    if (request.method === 'GET') {
      const file = page.get(path);
      if (file !== undefined) {
        response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': file.type });
        response.end(file.body);
        return;
      }
      if (path === '/api/workspace') return sendJson(response, 200, directory());
      if (path === '/api/events') return stream.open(response, snapshot());
      if (path === '/api/cloud' && options.inventory !== undefined) return sendJson(response, 200, options.inventory());
      throw new HttpRefusal(404, 'no such page');
    }
    if (request.method !== 'POST') throw new HttpRefusal(405, 'use GET or POST');
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) {
      throw new HttpRefusal(403, 'clicks and commands are accepted from the console page only');
    }
    if (path === '/api/compose') return sendJson(response, 200, await client.compose(composeRequestSchema.parse(await readJson(request))));
    if (path === '/api/click') return sendJson(response, 200, await client.click(clickRequestSchema.parse(await readJson(request))));
    throw new HttpRefusal(404, 'no such endpoint');
  }

  const server: Server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.end();
        return;
      }
      if (error instanceof HttpRefusal) return sendJson(response, error.status, { error: error.message });
      if (error instanceof z.ZodError) {
        return sendJson(response, 400, { error: error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
      }
      if (error instanceof UsageError) return sendJson(response, 400, { error: error.userMessage });
      if (error instanceof NotFoundError) return sendJson(response, 404, { error: error.userMessage });
      if (error instanceof SlackMethodError) return sendJson(response, 400, { error: error.error });
      options.logger?.error({ err: error }, 'the sandbox console failed to answer a request');
      sendJson(response, 500, { error: 'the console failed; see the sandbox log' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  allowedHosts = new Set([`${host}:${address.port}`, `localhost:${address.port}`]);

  return {
    url: `http://${host}:${address.port}/`,
    client,
    close: async () => {
      unsubscribe();
      stream.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
