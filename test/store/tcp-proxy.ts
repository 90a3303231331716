import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of the real Redis, so a test can take Redis away
 * (`cut`), make it stop answering (`freeze`), and bring it back, without touching the
 * server other tests use.
 */
export class TcpProxy {
  readonly port: number;
  readonly #targetPort: number;
  readonly #sockets = new Set<Socket>();
  #server: Server;
  #frozen = false;

  private constructor(server: Server, port: number, targetPort: number) {
    this.#server = server;
    this.port = port;
    this.#targetPort = targetPort;
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined;
    const server = createServer((client) => proxy?.accept(client));
    const port = await listen(server, 0);
    proxy = new TcpProxy(server, port, targetPort);
    return proxy;
  }

  /** Closes every connection and refuses new ones, as a stopped server would. */
  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await closed;
  }

  /** Accepts connections again on the same port. */
  async restore(): Promise<void> {
    this.#server = createServer((client) => this.accept(client));
    await listen(this.#server, this.port);
  }

  /** Keeps connections open but passes nothing on, as a hung server would. */
  freeze(): void {
    this.#frozen = true;
    for (const socket of this.#sockets) socket.pause();
  }

  async close(): Promise<void> {
    if (this.#server.listening) await this.cut();
    for (const socket of this.#sockets) socket.destroy();
  }

  private accept(client: Socket): void {
    const upstream = createConnection({ host: '127.0.0.1', port: this.#targetPort });
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        this.#sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
      if (this.#frozen) socket.pause();
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
