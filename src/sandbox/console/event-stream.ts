import type { ServerResponse } from 'node:http';
import type { ConsoleEvent, ConsoleSnapshot } from './console-view.js';

/**
 * Server-Sent Events to every open console page: one `snapshot` when a page connects,
 * then each change as it happens. SSE rather than a WebSocket because the stream only
 * flows to the page (clicks go back as plain POSTs) and browsers reconnect on their own.
 */
export class ConsoleEventStream {
  readonly #pages = new Set<ServerResponse>();

  open(response: ServerResponse, snapshot: ConsoleSnapshot): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    this.#pages.add(response);
    response.on('close', () => this.#pages.delete(response));
    response.write(frame('snapshot', snapshot));
  }

  publish(event: ConsoleEvent): void {
    const text = frame(event.type, event);
    for (const page of this.#pages) page.write(text);
  }

  closeAll(): void {
    for (const page of this.#pages) page.end();
    this.#pages.clear();
  }
}

/** JSON never contains a raw newline, so each event is one `data:` line. */
function frame(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}
