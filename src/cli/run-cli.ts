import { asCodedError } from '../errors.js';
import { cliCommands, type CliIo } from './commands.js';

/**
 * `eipbot <command>`: operator commands that run beside the bot with the same config
 * and environment. Exit codes: 0 success, 1 the check failed, 2 usage or config error.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [group, verb, ...rest] = argv;
  if (group === undefined || ['help', '--help', '-h'].includes(group)) {
    (group === undefined ? io.stderr : io.stdout)(usage());
    return group === undefined ? 2 : 0;
  }
  const match = cliCommands.find((command) => command.group === group && command.verb === verb);
  if (match === undefined) {
    io.stderr(`eipbot: unknown command "${[group, verb].filter(Boolean).join(' ')}"`);
    io.stderr(usage());
    return 2;
  }
  try {
    return await match.run(rest, io);
  } catch (error) {
    io.stderr(asCodedError(error).userMessage);
    return 2;
  }
}

export function usage(): string {
  return ['usage: eipbot <command>', '', ...cliCommands.map((command) => `  ${command.usage.padEnd(36)} ${command.summary}`)].join('\n');
}
