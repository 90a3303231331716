import { createHash, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Slack's Socket Mode for tests (docs.slack.dev/apis/events-api/using-socket-mode): an
 * HTTP front that answers `apps.connections.open` with a WebSocket URL and passes every
 * other Web API call on to the Slack fake, and a minimal RFC 6455 server on that URL
 * that says `hello`, sends envelopes and collects the app's acks.
 */

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : Buffer.concat([Buffer.from([0x80 | opcode, 126]), Buffer.from([length >> 8, length & 0xff])]);
  return Buffer.concat([header, payload]);
}

/** Client frames are masked (RFC 6455 §5.3); returns the complete frames and what is left over. */
function readFrames(buffer: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let offset = 0;
  while (buffer.length - offset >= 2) {
    const opcode = (buffer[offset] as number) & 0x0f;
    let length = (buffer[offset + 1] as number) & 0x7f;
    let cursor = offset + 2;
    if (length === 126) {
      if (buffer.length < cursor + 2) break;
      length = buffer.readUInt16BE(cursor);
      cursor += 2;
    } else if (length === 127) {
      if (buffer.length < cursor + 8) break;
      length = Number(buffer.readBigUInt64BE(cursor));
      cursor += 8;
    }
    if (buffer.length < cursor + 4 + length) break;
    const mask = buffer.subarray(cursor, cursor + 4);
    const payload = Buffer.from(buffer.subarray(cursor + 4, cursor + 4 + length));
    for (let index = 0; index < payload.length; index += 1) payload[index] = (payload[index] as number) ^ (mask[index % 4] as number);
    frames.push({ opcode, payload });
    offset = cursor + 4 + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

export class SocketModeSlack {
  readonly acks: SocketAck[] = [];
  readonly #sockets = new Set<Duplex>();
  readonly #ackWaiters = new Map<string, (ack: SocketAck) => void>();
  #connected: (() => void) | undefined;
  readonly connected: Promise<void>;
  connectionOpens = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    this.connected = new Promise((resolve) => {
      this.#connected = resolve;
    });
  }

  /** `webApiUrl`: the Slack fake's `/api/` URL, where every other method goes. */
  static async start(webApiUrl: string): Promise<SocketModeSlack> {
    const target = new URL(webApiUrl);
    let slack: SocketModeSlack | undefined;
    const server = createServer((request, response) => {
      if (slack === undefined) return;
      slack.#http(request, response, target);
    });
    server.on('upgrade', (request, socket) => {
      if (slack !== undefined) slack.#upgrade(request, socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    slack = new SocketModeSlack(server, `http://127.0.0.1:${port}`);
    return slack;
  }

  /** What to give the bot as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Sends an envelope over the socket and resolves with the app's ack. */
  send(type: string, payload: Record<string, unknown>): Promise<SocketAck> {
    const envelopeId = randomUUID();
    const acked = new Promise<SocketAck>((resolve) => this.#ackWaiters.set(envelopeId, resolve));
    const message = Buffer.from(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
    for (const socket of this.#sockets) socket.write(frame(0x1, message));
    return acked;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  #http(request: IncomingMessage, response: ServerResponse, target: URL): void {
    if (request.url === '/api/apps.connections.open') {
      this.connectionOpens += 1;
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, url: `${this.url.replace('http', 'ws')}/link/?ticket=${randomUUID()}` }));
      return;
    }
    const path = `${target.pathname.replace(/\/$/, '')}${(request.url ?? '').replace(/^\/api/, '')}`;
    const forward = httpRequest({ host: target.hostname, port: target.port, method: request.method, path, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    request.pipe(forward);
  }

  #upgrade(request: IncomingMessage, socket: Duplex): void {
    const key = request.headers['sec-websocket-key'];
    const accept = createHash('sha1').update(`${String(key)}${WEBSOCKET_GUID}`).digest('base64');
    socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => this.#sockets.delete(socket));
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const { opcode, payload } of frames) {
        if (opcode === 0x9) socket.write(frame(0xa, payload));
        else if (opcode === 0x8) socket.end(frame(0x8, payload));
        else if (opcode === 0x1) this.#message(payload.toString('utf8'));
      }
    });
    socket.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0EIPBOT1' } }))));
    this.#connected?.();
  }

  #message(text: string): void {
    const ack = JSON.parse(text) as SocketAck;
    this.acks.push(ack);
    this.#ackWaiters.get(ack.envelope_id)?.(ack);
    this.#ackWaiters.delete(ack.envelope_id);
  }
}
