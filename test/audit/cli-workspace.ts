import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent, AuditLog } from '../../src/audit/audit-log.js';
import { openAuditLog } from '../../src/audit/open-audit-log.js';
import type { CliIo } from '../../src/cli/commands.js';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/store/open-store.js';

/** A working directory with an eipbot.yml, as an operator would run `eipbot audit …` beside the bot. */
export interface CliWorkspace {
  dir: string;
  env: NodeJS.ProcessEnv;
  writeConfig(yaml: string): Promise<void>;
  /** Appends events to the chain the config names, the way the bot does. */
  record(events: readonly AuditEvent[], where: { store?: string; file?: string }): Promise<void>;
  run(...argv: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }>;
  dispose(): Promise<void>;
}

/** The smallest complete config besides the audit and store settings each test adds. */
export const HUAWEI_ACCOUNT = `policy:
  approvers: [U0APPROVER1]
accounts:
  hw-prod:
    provider: huawei
    region: cn-north-4
    projectId: 0123456789abcdef0123456789abcdef
    auth: { type: aksk, accessKey: "\${HW_AK}", secretKey: "\${HW_SK}" }
`;

export async function createCliWorkspace(): Promise<CliWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'eipbot-cli-'));
  const env: NodeJS.ProcessEnv = { HW_AK: 'HPUAEXAMPLEACCESSKEY', HW_SK: 'example-secret-key' };
  return {
    dir,
    env,
    writeConfig: (yaml) => writeFile(join(dir, 'eipbot.yml'), yaml),
    async record(events, where) {
      const store = where.store === undefined ? undefined : await openStore(where.store, { cwd: dir });
      try {
        const audit: AuditLog = openAuditLog({ ...(store === undefined ? {} : { store }), ...(where.file === undefined ? {} : { file: join(dir, where.file) }) });
        for (const event of events) await audit.append(event);
      } finally {
        await store?.close();
      }
    },
    async run(...argv) {
      const stdout: string[] = [];
      const stderr: string[] = [];
      const io: CliIo = { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), env, cwd: dir };
      const code = await runCli(argv, io);
      return { code, stdout, stderr };
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
