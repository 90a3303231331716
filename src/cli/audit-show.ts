import type { AuditRecord } from '../audit/audit-log.js';
import { openConfiguredAuditLog } from '../audit/configured-audit-log.js';
import { ConfigError, formatProblem } from '../errors.js';
import { normalizeRequestId } from '../requests/request-id.js';
import type { CliCommand } from './commands.js';

const USAGE = 'eipbot audit show <request-id>';

/**
 * `eipbot audit show R-7K2F9Q` (SPEC §5): one request's trail, one line per record:
 * time (UTC), position in the chain, event, actor, and the record's data as key=value.
 * Exit 1 when the chain holds no record of that request, 2 for usage or config errors.
 */
export const auditShowCommand: CliCommand = {
  group: 'audit',
  verb: 'show',
  usage: USAGE,
  summary: "print one change request's audit trail",
  async run(args, io) {
    const requestId = args.length === 1 ? normalizeRequestId(args[0] as string) : undefined;
    if (requestId === undefined) {
      io.stderr(
        args.length === 1
          ? `"${args[0]}" is not a request id: it is R- followed by 6 letters and digits, like R-7K2F9Q.`
          : `eipbot audit show needs exactly one request id${args.length === 0 ? '' : `, but was given "${args.join(' ')}"`}.`,
      );
      io.stderr(`usage: ${USAGE}`);
      return 2;
    }
    let opened;
    try {
      opened = await openConfiguredAuditLog(io);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) io.stderr(formatProblem(problem));
      return 2;
    }
    try {
      const trail = await opened.audit.trail(requestId);
      if (trail.length === 0) {
        io.stdout(`No audit records of ${requestId} in ${opened.where}.`);
        return 1;
      }
      for (const record of trail) io.stdout(trailLine(record));
      return 0;
    } finally {
      await opened.close();
    }
  },
};

function trailLine(record: AuditRecord): string {
  const fields = record.data === undefined ? [] : flatten(record.data, '');
  return [new Date(record.at).toISOString(), `#${record.seq}`, record.type.padEnd(13), record.actor, fields.join(' ')].join('  ').trimEnd();
}

/** `target.nicId=port-1 ok=true summary="Unbound 1.2.3.4."`: nested fields by dotted key, text quoted when it has spaces. */
function flatten(data: Record<string, unknown>, prefix: string): string[] {
  return Object.entries(data).flatMap(([key, value]) => {
    const name = `${prefix}${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return flatten(value as Record<string, unknown>, `${name}.`);
    const text = typeof value === 'string' ? (/^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)) : JSON.stringify(value);
    return [`${name}=${text}`];
  });
}
