import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';

/** `npm run sandbox` is `tsx src/sandbox/main.ts`: run the same file in a child process. */
const MAIN = join(import.meta.dirname, '..', '..', 'src', 'sandbox', 'main.ts');

let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

function runSandbox(args: string[], env: Record<string, string> = {}) {
  const process_ = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'error', PORT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = process_;
  let stdout = '';
  let stderr = '';
  process_.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  process_.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => process_.on('exit', (code) => resolve(code)));
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.includes(text)) resolve();
      };
      process_.stdout?.on('data', check);
      exited.then(() => reject(new Error(`the sandbox exited before printing "${text}"; stderr: ${stderr}`)));
      check();
    });
  return { process: process_, exited, printed, output: () => ({ stdout, stderr }) };
}

describe('npm run sandbox as a command', () => {
  it('serves the console on the port given with --port, prints where it is, and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const run = runSandbox(['--port', String(port)]);
    await run.printed('Ctrl-C stops everything.');

    expect(run.output().stdout).toContain(`Console  http://127.0.0.1:${port}/`);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);

    run.process.kill('SIGINT');
    expect(await run.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it('takes the console port from PORT when --port is not given', async () => {
    const port = await freePort();
    const run = runSandbox([], { PORT: String(port) });
    await run.printed('Ctrl-C stops everything.');
    expect(run.output().stdout).toContain(`Console  http://127.0.0.1:${port}/`);
    run.process.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('refuses a bad port with the reason and the usage, exit code 2, and shows the usage on --help', async () => {
    const bad = runSandbox(['--port', 'eighty']);
    expect(await bad.exited).toBe(2);
    expect(bad.output().stderr).toContain('sandbox: --port must be a port number from 1 to 65535, not "eighty"');
    expect(bad.output().stderr).toContain('Usage: npm run sandbox');

    const help = runSandbox(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.output().stdout).toContain('Usage: npm run sandbox [-- --port <n>]');
  });

  it('says which port is taken and how to pick another, instead of a stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const address = taken.address();
    const port = address !== null && typeof address !== 'string' ? address.port : 0;
    try {
      const run = runSandbox(['--port', String(port)]);
      expect(await run.exited).toBe(1);
      expect(run.output().stderr).toBe(
        `sandbox: port ${port} is already in use; start it on another: npm run sandbox -- --port ${port + 1}\n`,
      );
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
