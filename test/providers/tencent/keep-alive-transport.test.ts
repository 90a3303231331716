import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KeepAliveTransport, NO_ANSWER, TransportFailure } from '../../../src/providers/tencent/keep-alive-transport.js';

interface Received {
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
  socket: unknown;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A loopback server that records what it got and answers with `answer`. */
async function serve(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), socket: request.socket });
      answer(request, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received };
}

async function failureOf(promise: Promise<unknown>): Promise<TransportFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransportFailure) return error;
    throw error;
  }
  throw new Error('expected a transport failure');
}

describe('the Tencent pipeline HTTP transport', () => {
  it('sends the signed body byte for byte with its length and hands back any status with its text', async () => {
    const { url, received } = await serve((_request, response) => response.writeHead(500, { 'Content-Type': 'text/html' }).end('<html>500</html>'));
    const body = '{"AddressName":"未命名-web","Limit":100}';
    const answer = await new KeepAliveTransport(2_000).send({ url, method: 'POST', headers: { 'Content-Type': 'application/json', 'X-TC-Action': 'DescribeAddresses' }, body });
    expect(answer).toEqual({ status: 500, body: '<html>500</html>' });
    expect(received[0]?.body).toBe(body);
    expect(received[0]?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(received[0]?.headers['x-tc-action']).toBe('DescribeAddresses');
  });

  it('keeps one connection open for calls made one after the other', async () => {
    const { url, received } = await serve((_request, response) => response.end('{}'));
    const transport = new KeepAliveTransport(2_000);
    for (let call = 0; call < 3; call += 1) await transport.send({ url, method: 'POST', headers: {}, body: '{}' });
    expect(received).toHaveLength(3);
    expect(new Set(received.map((request) => request.socket)).size).toBe(1);
  });

  it('gives up on a server that never answers after its timeout, saying no answer came', async () => {
    const { url } = await serve(() => undefined);
    const failure = await failureOf(new KeepAliveTransport(50).send({ url, method: 'POST', headers: {}, body: '{}' }));
    expect(failure.code).toBe(NO_ANSWER);
    expect(failure.message).toBe('no answer within 50 ms');
  });

  it('reports a reset connection and a refused one by their codes', async () => {
    const { url } = await serve((request) => request.socket.resetAndDestroy());
    expect((await failureOf(new KeepAliveTransport(2_000).send({ url, method: 'POST', headers: {}, body: '{}' }))).code).toBe('ECONNRESET');
    const closed = await serve(() => undefined);
    const server = servers.pop();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    expect((await failureOf(new KeepAliveTransport(2_000).send({ url: closed.url, method: 'GET', headers: {} }))).code).toBe('ECONNREFUSED');
  });

  it('stops waiting when the caller aborts', async () => {
    const { url } = await serve(() => undefined);
    const abort = new AbortController();
    const sent = new KeepAliveTransport(5_000).send({ url, method: 'POST', headers: {}, body: '{}' }, abort.signal);
    abort.abort(new Error('stopping'));
    const failure = await failureOf(sent);
    expect(failure.code).toBe('ABORT_ERR');
  });
});
