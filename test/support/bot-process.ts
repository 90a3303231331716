import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { z } from 'zod';
import { freePort } from './free-port.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The TypeScript loader, by absolute URL: the bot runs in its own working directory. */
const TSX_LOADER = import.meta.resolve('tsx');
const START_TIMEOUT_MS = 60_000;

export interface BotProcessOptions {
  /** Working directory; eipbot.yml is written here. */
  dir: string;
  /** The eipbot.yml content; `${VAR}` references are filled from `env`. */
  config: Record<string, unknown>;
  /** SLACK_* and the variables the config refers to. */
  env: Record<string, string>;
  /** Run `<entry>` (compiled main.js) with plain node instead of `src/main.ts` through tsx. */
  compiledMain?: string;
  /** Modules loaded before main (`--import`), e.g. the memory probe. */
  preload?: string[];
  nodeArgs?: string[];
  /** Default `warn`, as an operator tuning out per-request lines would run it. */
  logLevel?: string;
  /**
   * Keep stdout and stderr for `output` (a test reads the warnings). Otherwise stdout is
   * dropped and stderr passed through, so a long benchmark neither piles up its log lines
   * nor hides its problems.
   */
  keepOutput?: boolean;
}

const memorySchema = z.object({ rss: z.number(), heapUsed: z.number(), heapTotal: z.number(), external: z.number() });
export type MemorySample = z.output<typeof memorySchema>;

/**
 * A real eipbot process: `src/main.ts` (or its compiled `main.js`) with a real
 * eipbot.yml and environment, in HTTP mode on a port of its own: exactly what a
 * deployment runs. Ready once `/healthz` answers; stopped with SIGTERM, as a container
 * runtime stops it.
 */
export class BotProcess {
  #output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly exited: Promise<number | null>,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        this.#output += chunk.toString('utf8');
      });
    }
  }

  static async start(options: BotProcessOptions): Promise<BotProcess> {
    const file = join(options.dir, 'eipbot.yml');
    await writeFile(file, stringify(options.config));
    const port = await freePort();
    const entry = options.compiledMain ?? join(ROOT, 'src', 'main.ts');
    const args = [
      ...(options.compiledMain === undefined ? ['--import', TSX_LOADER] : []),
      ...(options.preload ?? []).flatMap((module) => ['--import', module]),
      ...(options.nodeArgs ?? []),
      entry,
    ];
    const child = spawn(process.execPath, args, {
      cwd: options.dir,
      env: {
        PATH: process.env.PATH ?? '',
        EIPBOT_CONFIG: file,
        PORT: String(port),
        LOG_LEVEL: options.logLevel ?? 'warn',
        ...options.env,
      },
      stdio: options.keepOutput === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const bot = new BotProcess(child, `http://127.0.0.1:${port}`, exited);
    for (const deadline = Date.now() + START_TIMEOUT_MS; ; ) {
      if (child.exitCode !== null) throw new Error(`eipbot exited with code ${child.exitCode} while starting${bot.#printed()}`);
      const healthy = await fetch(`${bot.url}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return bot;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`eipbot did not answer /healthz within ${START_TIMEOUT_MS / 1000} s${bot.#printed()}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  get eventsUrl(): string {
    return `${this.url}/slack/events`;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** With `keepOutput`: what the process printed, its start-up problems and its log lines. */
  get output(): string {
    return this.#output;
  }

  /** Memory as the process sees it, after a full garbage collection when `gc` (needs the memory probe and --expose-gc). */
  memory(gc: boolean): Promise<MemorySample> {
    return new Promise((resolve, reject) => {
      const onMessage = (raw: unknown) => {
        this.child.off('message', onMessage);
        const parsed = memorySchema.safeParse(raw);
        if (parsed.success) resolve(parsed.data);
        else reject(new Error('the memory probe answered something else'));
      };
      this.child.on('message', onMessage);
      this.child.send({ memory: true, gc });
    });
  }

  /** SIGTERM, then the exit code; SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 20_000): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    this.child.kill('SIGTERM');
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  #printed(): string {
    return this.#output === '' ? '' : `: ${this.#output}`;
  }
}
