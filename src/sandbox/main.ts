import { isCodedError } from '../errors.js';
import { createLogger } from '../logger.js';
import { parseSandboxArguments, SANDBOX_USAGE } from './sandbox-arguments.js';
import { startSandbox } from './start-sandbox.js';

/** `npm run sandbox`: everything in one process, the console at http://127.0.0.1:3000/, Ctrl-C to stop. */

const parsed = parseSandboxArguments(process.argv.slice(2), process.env);
if (parsed.kind === 'help') {
  process.stdout.write(`${SANDBOX_USAGE}\n`);
  process.exit(0);
}
if (parsed.kind === 'invalid') {
  process.stderr.write(`sandbox: ${parsed.problem}\n\n${SANDBOX_USAGE}\n`);
  process.exit(2);
}

try {
  const sandbox = await startSandbox({ port: parsed.port, logger: createLogger({ level: parsed.logLevel, name: 'eipbot-sandbox' }) });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A second Ctrl-C while executions in flight finish means "now".
    if (stopping) process.exit(130);
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the sandbox (Ctrl-C again to quit at once)…\n`);
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox: stopped with errors: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // Printed once Ctrl-C is handled, so that "Ctrl-C stops everything" is true from the first line.
  process.stdout.write(sandbox.banner);
} catch (error) {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    process.stderr.write(`sandbox: port ${parsed.port} is already in use; start it on another: npm run sandbox -- --port ${parsed.port + 1}\n`);
  } else {
    process.stderr.write(`sandbox: could not start: ${isCodedError(error) ? error.userMessage : error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
}
