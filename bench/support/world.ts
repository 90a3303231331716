import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RpcChild } from './rpc.js';

export const worldOptionsSchema = z.object({
  botToken: z.string(),
  huaweiDelays: z.object({ bindMs: z.number(), unbindMs: z.number(), createMs: z.number() }),
  /** A Tencent simulator (default seed) too, without per-action limits when `unlimited`. */
  tencent: z.object({ unlimited: z.boolean() }).optional(),
});
export type WorldOptions = z.input<typeof worldOptionsSchema>;

export const responseUrlRequest = z.object({ count: z.number().int().positive(), channel: z.string(), user: z.string() });
export const sinceRequest = z.object({ seq: z.number().int().nonnegative(), method: z.string().optional() });

/** A card's fallback text: `R-7K2F9Q: unbind 203.0.113.10 on hw-prod (pending)`. */
export const cardTextPattern = /^(?:🚨 INCIDENT )?(R-[0-9A-Z]{6}): .* \((?:pending|approved|executing|succeeded|failed|rejected|cancelled|expired)\)$/;
/** A final result's text: `R-7K2F9Q succeeded: unbind 203.0.113.10`. */
export const finalResultPattern = /^(?:🚨 INCIDENT )?(R-[0-9A-Z]{6}) (succeeded|failed)\b/;

const cardSchema = z.object({
  requestId: z.string(),
  channel: z.string(),
  ts: z.string(),
  text: z.string(),
  blocks: z.array(z.unknown()),
  user: z.string().optional(),
  botId: z.string().optional(),
});
export type WorldCard = z.output<typeof cardSchema>;

const readySchema = z.object({
  huaweiUrl: z.string(),
  tencentUrl: z.string().optional(),
  slackApiUrl: z.string(),
  team: z.object({ id: z.string(), domain: z.string() }),
});
const huaweiCallsSchema = z.object({
  total: z.number(),
  tokenRequests: z.number(),
  byOperation: z.record(z.string(), z.number()),
});

const script = fileURLToPath(new URL('../processes/world.ts', import.meta.url));

/** The world process (bench/processes/world.ts) as the bench sees it. */
export class World {
  private constructor(
    private readonly child: RpcChild,
    readonly urls: z.output<typeof readySchema>,
  ) {}

  static async start(options: WorldOptions): Promise<World> {
    const { child, ready } = await RpcChild.start(script, readySchema, { env: { BENCH_WORLD: JSON.stringify(options) } });
    return new World(child, ready);
  }

  responseUrls(count: number, channel: string, user: string): Promise<string[]> {
    return this.child.call('responseUrls', z.array(z.string()), { count, channel, user });
  }

  /** The latest Slack call's sequence number. */
  seq(): Promise<number> {
    return this.child.call('seq', z.number());
  }

  count(method: string, seq: number): Promise<number> {
    return this.child.call('count', z.number(), { method, seq });
  }

  cards(seq: number): Promise<WorldCard[]> {
    return this.child.call('cards', z.array(cardSchema), { seq });
  }

  /** `[requestId, 'succeeded' | 'failed']` for each final result posted after `seq`. */
  finished(seq: number): Promise<[string, string][]> {
    return this.child.call('finished', z.array(z.tuple([z.string(), z.string()])), { seq });
  }

  huaweiCalls(): Promise<z.output<typeof huaweiCallsSchema>> {
    return this.child.call('huaweiCalls', huaweiCallsSchema);
  }

  /** Calls the Tencent simulator received, per action, and those refused for their signature. */
  tencentCalls(): Promise<{ byAction: Record<string, number>; authFailures: number }> {
    return this.child.call('tencentCalls', z.object({ byAction: z.record(z.string(), z.number()), authFailures: z.number() }));
  }

  /** Polls `read` until `done` holds; fails after `timeoutMs`. */
  async until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`the world did not reach the expected state within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): Promise<void> {
    return this.child.close();
  }
}
