import { openConfiguredAuditLog } from '../audit/configured-audit-log.js';
import { ConfigError, formatProblem } from '../errors.js';
import type { CliCommand } from './commands.js';

const USAGE = 'eipbot audit verify';

/**
 * `eipbot audit verify` (SPEC §5): walks the whole chain. Exit 0 with `OK: N records`;
 * 1 naming the first record that does not verify and why; 2 for usage or config errors.
 */
export const auditVerifyCommand: CliCommand = {
  group: 'audit',
  verb: 'verify',
  usage: USAGE,
  summary: 'check the audit chain; names the first record that was edited, deleted or moved',
  async run(args, io) {
    if (args.length > 0) {
      io.stderr(`eipbot audit verify takes no arguments, but was given "${args.join(' ')}".`);
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
      const result = await opened.audit.verify();
      if (result.ok) {
        io.stdout(`OK: ${result.records} records`);
        return 0;
      }
      const subject = result.record === undefined ? '' : ` (${result.record.requestId} ${result.record.type})`;
      io.stdout(`record ${result.position}${subject}: ${result.reason}`);
      io.stdout(
        result.position === 0
          ? `Nothing in ${opened.where} verifies: the chain is broken at its first record (${result.records} records in all).`
          : `Records 0–${result.position - 1} of ${result.records} in ${opened.where} verify; from record ${result.position} on the chain cannot be trusted.`,
      );
      return 1;
    } finally {
      await opened.close();
    }
  },
};
