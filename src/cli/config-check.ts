import { readConfigFile, type LoadedConfig } from '../config/read-config-file.js';
import { renderConfig } from '../config/render-config.js';
import { ConfigError, formatProblem } from '../errors.js';
import type { CliCommand, CliIo } from './commands.js';

const USAGE = 'eipbot config check [file] [--print]';

/**
 * `eipbot config check [file]`: validates eipbot.yml with the bot's own loader and
 * environment (`${VAR}` references, `EIPBOT_CONFIG`, `EIPBOT_STORE`). Exit 0 with
 * `OK: N accounts (…)`; 1 with every problem, one per line; 2 for a usage error.
 * `--print` writes the effective configuration as YAML to stdout (credentials as their
 * `${VAR}` references or redacted) and the OK line to stderr, so the YAML can be saved.
 */
export const configCheckCommand: CliCommand = {
  group: 'config',
  verb: 'check',
  usage: USAGE,
  summary: 'validate eipbot.yml (default: $EIPBOT_CONFIG, then ./eipbot.yml); --print shows the effective config',
  async run(args, io) {
    const flags = args.filter((arg) => arg.startsWith('-'));
    const files = args.filter((arg) => !arg.startsWith('-'));
    if (flags.some((flag) => flag === '--help' || flag === '-h')) {
      io.stdout(`usage: ${USAGE}`);
      return 0;
    }
    const unknown = flags.find((flag) => flag !== '--print');
    if (unknown !== undefined) return usageError(io, `eipbot config check: unknown option "${unknown}"`);
    if (files.length > 1) return usageError(io, `eipbot config check takes one file, but was given ${files.length}: ${files.join(' ')}`);

    let loaded: LoadedConfig;
    try {
      loaded = readConfigFile({ path: files[0], env: io.env, cwd: io.cwd });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) io.stdout(formatProblem(problem));
      return 1;
    }
    if (flags.includes('--print')) {
      io.stdout(renderConfig(loaded).trimEnd());
      io.stderr(summary(loaded));
    } else {
      io.stdout(summary(loaded));
    }
    return 0;
  },
};

function usageError(io: CliIo, message: string): number {
  io.stderr(message);
  io.stderr(`usage: ${USAGE}`);
  return 2;
}

/** `OK: 2 accounts (hw-prod: huawei v3 cn-north-4, tc-prod: tencent v3 ap-guangzhou)`. */
function summary({ config }: LoadedConfig): string {
  const accounts = Object.entries(config.accounts).map(([name, account]) => `${name}: ${account.provider} ${account.api} ${account.region}`);
  return `OK: ${accounts.length} account${accounts.length === 1 ? '' : 's'} (${accounts.join(', ')})`;
}
