import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Field names whose values are credentials wherever they appear. */
const SECRET_FIELDS = [
  'password',
  'secretKey',
  'secret_key',
  'SecretKey',
  'sk',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'accessKey',
  'secretId',
  'SecretId',
  'Signature',
  'signature',
  'X-Subject-Token',
];

/** Header names (lower- and original-case) that carry credentials or signatures. */
const SECRET_HEADERS = [
  'authorization',
  'Authorization',
  'x-auth-token',
  'X-Auth-Token',
  'x-subject-token',
  'X-Subject-Token',
  'x-slack-signature',
  'X-Slack-Signature',
  'x-tc-token',
  'X-TC-Token',
  'x-security-token',
  'X-Security-Token',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const field of SECRET_FIELDS) {
    paths.push(field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`);
  }
  for (const header of SECRET_HEADERS) {
    for (const holder of ['headers', '*.headers', '*.*.headers']) {
      paths.push(`${holder}["${header}"]`);
    }
  }
  return paths;
}

export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  if (value === undefined || value === '') return 'info';
  const lower = value.toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(lower) ? (lower as LogLevel) : undefined;
}

export interface LoggerOptions {
  level?: LogLevel;
  name?: string;
  /** Where JSON lines go; stdout by default. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/** JSON logs with every known secret field and header redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'eipbot',
      level: options.level ?? 'info',
      redact: { paths: redactPaths(), censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
