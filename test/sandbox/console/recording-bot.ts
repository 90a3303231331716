import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as it arrived (what a signature covers). */
  body: string;
}

export type BotAnswer = { status: number; contentType?: string; body?: string } | 'never';

/**
 * Stands where the bot's `/slack/events` would be: records each request byte for byte
 * and answers as told — a status and body, or never (to let Slack's deadline pass).
 */
export class RecordingBot {
  readonly requests: RecordedRequest[] = [];
  answer: BotAnswer = { status: 200 };
  #server: Server | undefined;
  #url = '';

  static async start(): Promise<RecordingBot> {
    const bot = new RecordingBot();
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        bot.requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = bot.answer;
        if (answer === 'never') return;
        response.writeHead(answer.status, answer.contentType === undefined ? {} : { 'content-type': answer.contentType });
        response.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    bot.#server = server;
    bot.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    return bot;
  }

  get eventsUrl(): string {
    return this.#url;
  }

  /** The one request received so far; fails the test when there is not exactly one. */
  only(): RecordedRequest {
    if (this.requests.length !== 1) throw new Error(`expected one request to the bot, got ${this.requests.length}`);
    return this.requests[0] as RecordedRequest;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
