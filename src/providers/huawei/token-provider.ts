import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Secret } from '../../config/secret.js';
import type { Logger } from '../../logger.js';
import { DELETE, KEEP, type KvStore } from '../../store/store.js';
import { ProviderError } from '../provider-error.js';
import type { CallContext, HuaweiHttpClient } from './http-client.js';
import { huaweiProviderError } from './huawei-error.js';
import { HuaweiOperation } from './huawei-operations.js';

export interface HuaweiToken {
  token: string;
  /** Epoch milliseconds, from `token.expires_at`. */
  expiresAt: number;
  projectId: string;
}

export interface HuaweiTokenProviderOptions {
  accountName: string;
  /** The IAM endpoint: part of the cache key, so two clouds never share a token. */
  iamEndpoint: string;
  domain: string;
  user: string;
  password: Secret;
  /** Project scope, by name (`auth.project` or the region) or by id. */
  scope: { name: string } | { id: string };
  /** An unauthenticated client for the IAM endpoint. */
  iam: HuaweiHttpClient;
  /** The shared token namespace: replicas on one Redis share one token. */
  store: KvStore;
  clock: Clock;
  logger?: Logger;
  /** Renew when less than this is left (default 1 h of the 24 h validity). */
  refreshAheadMs?: number;
  /** Never send a token with less than this left (default 2 min). */
  minValidityMs?: number;
  /** Lifetime of the cross-process refresh lock (default 15 s): a crashed holder frees it by then. */
  lockTtlMs?: number;
  /** How often a process that lost the lock looks for the winner's token (default 50 ms). */
  lockPollMs?: number;
}

/** `POST /v3/auth/tokens` answer (reference §2.1); the token itself is in `X-Subject-Token`. */
const tokenResponseSchema = z.object({
  token: z.object({
    expires_at: z.string(),
    project: z.object({ id: z.string() }).optional(),
  }),
});

const storedTokenSchema = z.object({ token: z.string(), expiresAt: z.number(), projectId: z.string() });

/**
 * IAM tokens are valid 24 h and must be reused, not fetched per request (seed 000/001:
 * "Token有效期为24小时…可以先将Token缓存"). They live in the store so replicas share them;
 * a refresh is single-flight within a process (one promise) and across processes (a
 * short-TTL lock taken with compare-and-set; the others wait for the winner's token).
 */
export class HuaweiTokenProvider {
  readonly #options: HuaweiTokenProviderOptions;
  readonly #key: string;
  readonly #lockKey: string;
  readonly #refreshAheadMs: number;
  readonly #minValidityMs: number;
  readonly #lockTtlMs: number;
  readonly #lockPollMs: number;
  #memory: HuaweiToken | undefined;
  /** The last token a server rejected: never handed out again, even as a fallback. */
  #rejected: string | undefined;
  #inflight: Promise<HuaweiToken> | undefined;

  constructor(options: HuaweiTokenProviderOptions) {
    this.#options = options;
    const scope = 'id' in options.scope ? `id=${options.scope.id}` : `name=${options.scope.name}`;
    // Hashed: IAM user names can hold spaces and the key should not spell out who we are.
    const identity = createHash('sha256')
      .update([options.iamEndpoint, options.domain, options.user, scope].join('\n'))
      .digest('hex')
      .slice(0, 32);
    this.#key = `huawei-token:${identity}`;
    this.#lockKey = `${this.#key}:refresh-lock`;
    this.#refreshAheadMs = options.refreshAheadMs ?? 60 * 60_000;
    this.#minValidityMs = options.minValidityMs ?? 2 * 60_000;
    this.#lockTtlMs = options.lockTtlMs ?? 15_000;
    this.#lockPollMs = options.lockPollMs ?? 50;
  }

  /** A token valid for a while yet: from memory, else the store, else a single-flight refresh. */
  get(call: CallContext = {}): Promise<HuaweiToken> {
    const memory = this.#memory;
    if (memory && this.#fresh(memory)) return Promise.resolve(memory);
    if (!this.#inflight) {
      this.#inflight = this.#obtain(call).finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  /**
   * Drops `token` after a 401, only if it is still the cached one: when many calls fail
   * with the same token, the first drops it and the rest find its successor.
   */
  async invalidate(token: string): Promise<void> {
    this.#rejected = token;
    if (this.#memory?.token === token) this.#memory = undefined;
    await this.#options.store.update<unknown>(this.#key, (current) => {
      const parsed = storedTokenSchema.safeParse(current);
      return parsed.success && parsed.data.token === token ? DELETE : KEEP;
    });
  }

  #fresh(token: HuaweiToken): boolean {
    return token.token !== this.#rejected && token.expiresAt - this.#refreshAheadMs > this.#options.clock.now();
  }

  #usable(token: HuaweiToken | undefined): token is HuaweiToken {
    return token !== undefined && token.token !== this.#rejected && token.expiresAt - this.#minValidityMs > this.#options.clock.now();
  }

  async #readStore(): Promise<HuaweiToken | undefined> {
    const parsed = storedTokenSchema.safeParse(await this.#options.store.get<unknown>(this.#key));
    return parsed.success ? parsed.data : undefined;
  }

  async #obtain(call: CallContext): Promise<HuaweiToken> {
    const stored = await this.#readStore();
    if (stored && this.#fresh(stored)) return this.#remember(stored);
    const fallback = this.#usable(stored) ? stored : this.#usable(this.#memory) ? this.#memory : undefined;
    const { clock } = this.#options;
    const deadline = clock.now() + this.#lockTtlMs + this.#lockPollMs * 4;
    for (;;) {
      const owner = randomUUID();
      const locked = await this.#options.store.compareAndSet(this.#lockKey, undefined, owner, { ttlMs: this.#lockTtlMs });
      if (locked !== undefined) {
        try {
          return await this.#refreshHoldingLock(call, fallback);
        } finally {
          await this.#options.store.update<string>(this.#lockKey, (current) => (current === owner ? DELETE : KEEP));
        }
      }
      // Another process is refreshing. While the old token is still good, use it rather than wait.
      if (fallback) return fallback;
      await clock.sleep(this.#lockPollMs, call.signal);
      const theirs = await this.#readStore();
      if (theirs && this.#usable(theirs)) return this.#remember(theirs);
      if (clock.now() > deadline) {
        throw new ProviderError(
          { kind: 'unavailable', provider: 'huawei', operation: HuaweiOperation.issueToken },
          `${this.#options.accountName}: another eipbot replica is renewing the Huawei IAM token and has not finished. Request again in a minute.`,
        );
      }
    }
  }

  async #refreshHoldingLock(call: CallContext, fallback: HuaweiToken | undefined): Promise<HuaweiToken> {
    // The lock winner may come just after another process stored a new token and released the lock.
    const latest = await this.#readStore();
    if (latest && this.#fresh(latest)) return this.#remember(latest);
    let issued: HuaweiToken;
    try {
      issued = await this.#issue(call);
    } catch (error) {
      if (!fallback) throw error;
      this.#options.logger?.warn({ err: error, account: this.#options.accountName }, 'IAM token renewal failed; using the current token');
      return fallback;
    }
    const ttlMs = issued.expiresAt - this.#options.clock.now();
    if (ttlMs > 0) await this.#options.store.set(this.#key, issued, { ttlMs });
    return this.#remember(issued);
  }

  #remember(token: HuaweiToken): HuaweiToken {
    this.#memory = token;
    return token;
  }

  async #issue(call: CallContext): Promise<HuaweiToken> {
    const options = this.#options;
    const response = await options.iam.send(
      {
        operation: HuaweiOperation.issueToken,
        service: 'iam',
        method: 'POST',
        path: () => '/v3/auth/tokens',
        // The catalog is several KB we never read.
        query: { nocatalog: 'true' },
        body: {
          auth: {
            identity: {
              methods: ['password'],
              password: {
                user: { name: options.user, password: options.password.reveal(), domain: { name: options.domain } },
              },
            },
            scope: { project: options.scope },
          },
        },
        schema: tokenResponseSchema,
        // A second token does not revoke the first (reference §2.1), so asking again is harmless.
        idempotent: true,
        expect: [201],
        authenticated: false,
      },
      call,
    );
    const token = response.header('x-subject-token');
    const expiresAt = Date.parse(response.data.token.expires_at);
    const projectId = response.data.token.project?.id ?? ('id' in options.scope ? options.scope.id : undefined);
    if (!token || Number.isNaN(expiresAt) || projectId === undefined) {
      throw huaweiProviderError(options.accountName, {
        operation: HuaweiOperation.issueToken,
        httpStatus: response.httpStatus,
        requestId: response.requestId,
        malformed: true,
        message: 'token response lacks X-Subject-Token, expires_at or the project id',
      });
    }
    return { token, expiresAt, projectId };
  }
}
