import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Readiness } from './readiness.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface BotHttpServerOptions {
  port: number;
  /** Every interface by default (a container's port mapping needs it); tests use 127.0.0.1. */
  host?: string;
  readiness: Readiness;
  metrics: Metrics;
  logger: Logger;
  /** HTTP mode: Bolt's listener for `POST /slack/events` (slash commands and interactivity). */
  slackEvents?: RequestListener;
}

export interface BotHttpServer {
  /** `http://<host>:<port>` as bound. */
  url: string;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}

/**
 * The bot's one HTTP port (SPEC §7), in both Slack modes: `GET /healthz`, `/readyz` and
 * `/metrics`, and in HTTP mode `POST /slack/events`.
 */
export async function startBotHttpServer(options: BotHttpServerOptions): Promise<BotHttpServer> {
  const { logger } = options;

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://bot').pathname;
    const method = request.method ?? 'GET';
    if (path === SLACK_EVENTS_PATH && options.slackEvents !== undefined) {
      if (method !== 'POST') return sendJson(response, 405, { error: 'POST only' });
      options.slackEvents(request, response);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') return sendJson(response, 404, { error: 'not found' });
    switch (path) {
      case '/healthz':
        return sendJson(response, 200, { status: 'ok' });
      case '/readyz': {
        const report = await options.readiness.check();
        return sendJson(response, report.ready ? 200 : 503, report.checks);
      }
      case '/metrics': {
        const { contentType, body } = await options.metrics.render();
        response.writeHead(200, { 'content-type': contentType });
        response.end(body);
        return;
      }
      default:
        return sendJson(response, 404, { error: 'not found' });
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      logger.error({ err: error, path: request.url }, 'the HTTP server could not answer a request');
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'the HTTP server failed'));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Keep-alive sockets would hold close() open; requests in flight are already answered (acks come first).
        server.closeIdleConnections();
      }),
  };
}
