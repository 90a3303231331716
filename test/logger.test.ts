import { describe, expect, it } from 'vitest';
import { createLogger, parseLogLevel, type Logger, type LogLevel } from '../src/logger.js';

/** The JSON lines a logger writes, parsed. */
function capture(level: LogLevel = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

function loggedText(write: (logger: Logger) => void): string {
  const { logger, lines } = capture();
  write(logger);
  expect(lines.length).toBeGreaterThan(0);
  return lines.join('');
}

const SIGNED = 'SDK-HMAC-SHA256 Access=HPUAEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=5f0c4a1e9d0b7c3a';

describe('logging', () => {
  it('writes one JSON object per line with a textual level, the name and a timestamp', () => {
    const { logger, records } = capture();
    logger.info({ requestId: 'R-7K2F9Q' }, 'request approved');
    expect(records()).toEqual([
      expect.objectContaining({ level: 'info', name: 'eipbot', requestId: 'R-7K2F9Q', msg: 'request approved', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
    ]);
  });

  it('leaves out messages below the configured level', () => {
    const { logger, records } = capture('warn');
    logger.info('routine');
    logger.warn('unusual');
    expect(records().map((record) => record.msg)).toEqual(['unusual']);
  });

  it('reads LOG_LEVEL in any case, defaults to info and refuses unknown levels', () => {
    expect([parseLogLevel(undefined), parseLogLevel(''), parseLogLevel('WARN'), parseLogLevel('debug'), parseLogLevel('trace')]).toEqual([
      'info',
      'info',
      'warn',
      'debug',
      undefined,
    ]);
  });

  it.each([
    ['authorization', SIGNED],
    ['Authorization', SIGNED],
    ['x-auth-token', 'MIIeXAYJKoZIhvcNAQcCoIIeTTCCHkkCAQExDTALBglghkgBZQMEAgEw'],
    ['X-Auth-Token', 'MIIeXAYJKoZIhvcNAQcCoIIeTTCCHkkCAQExDTALBglghkgBZQMEAgEw'],
    ['x-subject-token', 'MIIfBgYJKoZIhvcNAQcCoIIe9zCCHvMCAQExDTALBglghkgBZQMEAgEw'],
    ['X-Subject-Token', 'MIIfBgYJKoZIhvcNAQcCoIIe9zCCHvMCAQExDTALBglghkgBZQMEAgEw'],
    ['x-slack-signature', 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'],
    ['X-Slack-Signature', 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'],
  ])('redacts the %s header of a request, a response or an error', (header, value) => {
    const logged = loggedText((logger) => {
      logger.info({ headers: { [header]: value, 'content-type': 'application/json' } }, 'raw headers');
      logger.info({ request: { method: 'POST', url: '/v3/auth/tokens', headers: { [header]: value } } }, 'request');
      logger.warn({ response: { status: 401, headers: { [header]: value } } }, 'response');
      logger.error({ err: Object.assign(new Error('Request failed with status code 401'), { config: { headers: { [header]: value } } }) }, 'http error');
    });
    expect(logged).not.toContain(value);
    expect(logged).toContain('[redacted]');
    expect(logged).toContain('application/json');
  });

  it.each([['password'], ['token'], ['secretKey'], ['signingSecret'], ['accessKey'], ['secretId']])(
    'redacts a %s field at the top of the log object and up to three levels down',
    (field) => {
      const value = `value-of-${field}-4b2e`;
      const logged = loggedText((logger) => {
        logger.info({ [field]: value }, 'top');
        logger.info({ auth: { [field]: value } }, 'one down');
        logger.info({ account: { auth: { [field]: value } } }, 'two down');
        logger.info({ config: { account: { auth: { [field]: value } } } }, 'three down');
      });
      expect(logged).not.toContain(value);
      expect(logged.match(/\[redacted\]/g)).toHaveLength(4);
    },
  );

  it('keeps the fields next to a redacted one', () => {
    const { logger, records } = capture();
    logger.info({ auth: { type: 'token', user: 'eipbot', password: 'otc-Pa55w0rd' } }, 'token request');
    expect(records()[0]?.auth).toEqual({ type: 'token', user: 'eipbot', password: '[redacted]' });
  });
});
