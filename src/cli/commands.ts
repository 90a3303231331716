import { auditShowCommand } from './audit-show.js';
import { auditVerifyCommand } from './audit-verify.js';
import { configCheckCommand } from './config-check.js';

/** What a CLI command may touch: its output streams, the environment and the working directory. */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CliCommand {
  group: string;
  verb: string;
  usage: string;
  summary: string;
  /** Returns the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Every `eipbot` subcommand; each lives in its own file. */
export const cliCommands: readonly CliCommand[] = [auditVerifyCommand, auditShowCommand, configCheckCommand];
