import { createHash } from 'node:crypto';

/** The one call a script needs from a connection: send a raw command, get the raw reply. */
export type SendCommand = (args: string[]) => Promise<unknown>;

/**
 * A Lua script run with EVALSHA (one round trip, the script body is not resent), falling
 * back to EVAL when the server does not have it cached yet (after a restart or
 * SCRIPT FLUSH), which also loads it for the next call (redis.io/docs/latest/commands/evalsha).
 * A script runs atomically: no other command runs on the server while it does.
 */
export class RedisScript {
  readonly #source: string;
  readonly #sha1: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha1 = createHash('sha1').update(source).digest('hex');
  }

  async run(send: SendCommand, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await send(['EVALSHA', this.#sha1, ...tail]);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return send(['EVAL', this.#source, ...tail]);
    }
  }
}
