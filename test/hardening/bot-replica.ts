import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(ROOT, 'src', 'main.ts');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/**
 * A real eipbot process, `tsx src/main.ts`, in HTTP mode on a port of its own, with an
 * eipbot.yml written to `dir` and the environment given: exactly what a deployment runs.
 * Ready once `/healthz` answers; stopped with SIGTERM as a container runtime does.
 */
export class BotReplica {
  #output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        this.#output += chunk.toString('utf8');
      });
    }
  }

  static async start(options: { dir: string; name: string; config: Record<string, unknown>; env: Record<string, string> }): Promise<BotReplica> {
    const file = join(options.dir, `${options.name}.yml`);
    await writeFile(file, stringify(options.config));
    const port = await freePort();
    const child = spawn(TSX, [MAIN], {
      cwd: options.dir,
      env: { PATH: process.env.PATH ?? '', EIPBOT_CONFIG: file, PORT: String(port), LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const replica = new BotReplica(child, `http://127.0.0.1:${port}`);
    for (const deadline = Date.now() + 30_000; ; ) {
      if (child.exitCode !== null) throw new Error(`eipbot ${options.name} exited with ${child.exitCode} while starting: ${replica.#output}`);
      const healthy = await fetch(`${replica.url}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return replica;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`eipbot ${options.name} did not answer /healthz within 30 s: ${replica.#output}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  get eventsUrl(): string {
    return `${this.url}/slack/events`;
  }

  /** What the process printed: its start-up problems and its warning and error log lines. */
  get output(): string {
    return this.#output;
  }

  /** SIGTERM, then its exit code; SIGKILL after 20 s. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((done) => this.child.once('exit', (code) => done(code)));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    this.child.kill('SIGTERM');
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
