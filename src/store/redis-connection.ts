import KeyvRedis, { createClient, Keyv, type RedisClientType } from '@keyv/redis';
import { StoreError } from '../errors.js';
import { withDeadline } from './deadline.js';
import { messageOf } from './error-message.js';
import type { RedisScript } from './redis-script.js';
import type { StoreLocation } from './store-url.js';
import type { StoreRuntime } from './store-runtime.js';

type RedisLocation = Extract<StoreLocation, { kind: 'redis' }>;

/** Between reconnect attempts after a connection that worked is lost. */
const RECONNECT_DELAY_MS = { base: 50, cap: 2_000 };

/**
 * The one Redis connection of a store, owned by @keyv/redis (plain get/delete go through
 * the adapter), with what a replica needs on top:
 * - the first connection fails fast with a StoreError naming host:port, instead of
 *   node-redis's default of retrying forever;
 * - after a connection that worked is lost, node-redis reconnects in the background, and
 *   `disableOfflineQueue` makes commands fail at once meanwhile rather than wait in a
 *   queue: a click must get an answer, not hang;
 * - the password goes to the client as an option, never in a URL the adapter could expose
 *   (`KeyvRedis.opts.url`), and no message here contains it.
 */
export class RedisConnection {
  /** `host:port`, for messages. */
  readonly address: string;
  /** keyv over the same adapter: its serializer defines the stored format (see StoredEntryCodec). */
  readonly keyv: Keyv;
  readonly #client: RedisClientType;
  readonly #adapter: KeyvRedis<string>;
  readonly #responseTimeoutMs: number;
  #closing: Promise<void> | undefined;

  private constructor(address: string, client: RedisClientType, adapter: KeyvRedis<string>, keyv: Keyv, responseTimeoutMs: number) {
    this.address = address;
    this.#client = client;
    this.#adapter = adapter;
    this.keyv = keyv;
    this.#responseTimeoutMs = responseTimeoutMs;
  }

  static async open(location: RedisLocation, runtime: StoreRuntime): Promise<RedisConnection> {
    const address = `${location.host.includes(':') ? `[${location.host}]` : location.host}:${location.port}`;
    let everReady = false;
    const reconnectStrategy = (retries: number): number | false =>
      everReady ? Math.min(RECONNECT_DELAY_MS.cap, RECONNECT_DELAY_MS.base * 2 ** retries) : false;
    const socket = { host: location.host, port: location.port, connectTimeout: runtime.responseTimeoutMs, reconnectStrategy };
    const client = createClient({
      socket: location.tls ? { ...socket, tls: true as const } : socket,
      username: location.username,
      password: location.password?.reveal(),
      database: location.database,
      disableOfflineQueue: true,
    });
    let down = false;
    client.on('ready', () => {
      everReady = true;
      if (down) runtime.logger?.info({ store: address }, 'reconnected to the Redis store');
      down = false;
    });
    client.on('error', (error: unknown) => {
      if (!everReady || down) return;
      down = true;
      runtime.logger?.warn({ store: address, err: messageOf(error) }, 'lost the connection to the Redis store; reconnecting');
    });
    const adapter = new KeyvRedis<string>(client, { throwOnErrors: true, throwOnConnectError: true });
    // namespace undefined: we build full keys ourselves; keyv would otherwise tell the adapter to use `keyv`.
    const keyv = new Keyv(adapter, { namespace: undefined, useKeyPrefix: false, throwOnErrors: true });
    try {
      // `connectTimeout` bounds only the TCP connect; the handshake after it (AUTH, SELECT)
      // waits for replies with no bound, so a port that accepts but never answers would hang.
      await withDeadline(client.connect(), runtime.responseTimeoutMs);
    } catch (error) {
      if (client.isOpen) client.destroy();
      throw new StoreError(
        `Cannot connect to the Redis store at ${address}: ${messageOf(error)}. Check that Redis is running there and that the store URL's password and database are right.`,
        { cause: error },
      );
    }
    return new RedisConnection(address, client, adapter, keyv, runtime.responseTimeoutMs);
  }

  get(key: string): Promise<string | undefined> {
    return this.#call(() => this.#adapter.get<string>(key));
  }

  delete(key: string): Promise<boolean> {
    return this.#call(() => this.#adapter.delete(key));
  }

  run(script: RedisScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    return this.#call(() => script.run((command) => this.#client.sendCommand(command), keys, args));
  }

  send(command: string[]): Promise<unknown> {
    return this.#call(() => this.#client.sendCommand(command));
  }

  /** Waits for replies still due, up to the response timeout; a server that stopped answering is then cut off. */
  close(): Promise<void> {
    this.#closing ??= withDeadline(this.#adapter.disconnect(), this.#responseTimeoutMs).catch(() => {
      if (this.#client.isOpen) this.#client.destroy();
    });
    return this.#closing;
  }

  async #call<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#closing) throw new StoreError(`The Redis store at ${this.address} is closed.`);
    try {
      // node-redis times out only commands not yet sent; a sent command waits for its reply
      // forever, so a server that hangs (not closes) would hold every caller without this.
      return await withDeadline(operation(), this.#responseTimeoutMs);
    } catch (error) {
      throw new StoreError(
        `The Redis store at ${this.address} did not confirm the operation (${messageOf(error)}). Check that Redis is running and reachable, then try again.`,
        { cause: error },
      );
    }
  }
}
