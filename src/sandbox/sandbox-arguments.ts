import type { EnvVars } from '../config/interpolate-env.js';
import { parseLogLevel, type LogLevel } from '../logger.js';

export const SANDBOX_USAGE = `Usage: npm run sandbox [-- --port <n>]

Starts eipbot with simulated Slack, Huawei Cloud and Tencent Cloud, and a web console
at http://127.0.0.1:3000/ that plays Slack. No account of any kind is needed.

  --port <n>   the console's port (default: PORT, else 3000)
  LOG_LEVEL    the bot's log level on stdout: debug, info, warn (default), error`;

export type SandboxArguments =
  | { kind: 'run'; port: number; logLevel: LogLevel }
  | { kind: 'help' }
  | { kind: 'invalid'; problem: string };

const DEFAULT_PORT = 3000;

function parsePort(text: string, source: string): number | string {
  const port = Number(text);
  return /^\d+$/.test(text) && port >= 1 && port <= 65_535 ? port : `${source} must be a port number from 1 to 65535, not "${text}"`;
}

/** `--port` wins over `PORT`, which wins over 3000. */
export function parseSandboxArguments(argv: readonly string[], env: EnvVars): SandboxArguments {
  let portText: string | undefined;
  let source = 'PORT';
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--help' || argument === '-h') return { kind: 'help' };
    if (argument === '--port') {
      portText = argv[index + 1];
      if (portText === undefined) return { kind: 'invalid', problem: '--port needs a number, e.g. --port 3001' };
      source = '--port';
      index += 1;
    } else if (argument.startsWith('--port=')) {
      portText = argument.slice('--port='.length);
      source = '--port';
    } else {
      return { kind: 'invalid', problem: `unknown argument "${argument}"` };
    }
  }
  if (portText === undefined && env.PORT !== undefined && env.PORT.trim() !== '') portText = env.PORT.trim();
  const port = portText === undefined ? DEFAULT_PORT : parsePort(portText, source);
  if (typeof port === 'string') return { kind: 'invalid', problem: port };
  const logLevel = parseLogLevel(env.LOG_LEVEL === undefined || env.LOG_LEVEL === '' ? 'warn' : env.LOG_LEVEL);
  if (logLevel === undefined) return { kind: 'invalid', problem: `LOG_LEVEL must be debug, info, warn or error, not "${env.LOG_LEVEL}"` };
  return { kind: 'run', port, logLevel };
}
