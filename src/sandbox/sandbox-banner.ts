import type { InventoryAccount } from './console/cloud-inventory.js';
import type { ConsoleSuggestion } from './console/console-server.js';

export interface SandboxBannerInput {
  consoleUrl: string;
  botEventsUrl: string;
  configFile: string;
  accounts: { inventory: InventoryAccount; auth: string; url: string }[];
  suggestions: ConsoleSuggestion[];
}

/** The labels of the suggestions printed as ready-to-paste commands. */
const PRINTED = ['unbind', 'isolate', 'Tencent v3'];

/** Rows as aligned columns, two spaces apart, indented by two. */
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`);
}

/** What `npm run sandbox` prints once everything listens: where to go, what exists, what to type. */
export function sandboxBanner(input: SandboxBannerInput): string {
  const accounts = input.accounts.map(({ inventory }) => inventory);
  return [
    '',
    'eipbot sandbox is running: Slack and both clouds are simulated on this machine.',
    '',
    ...table([
      ['Console', `${input.consoleUrl}   <- open this in a browser`],
      ['Bot', `${input.botEventsUrl}   (HTTP mode; the console signs every request)`],
      ['Config', input.configFile],
    ]),
    '',
    'Accounts, each served by a local simulator:',
    ...table(input.accounts.map(({ inventory, auth, url }) => [inventory.name, `${inventory.provider} ${inventory.api}`, auth, inventory.region, url])),
    '',
    'EIPs to try (--account names the account; the default is the first):',
    ...table(
      accounts.flatMap((account) =>
        account.eips.map((eip) => [account.name, eip.address, eip.id, eip.boundTo === undefined ? 'unbound' : `bound to ${eip.boundTo}`]),
      ),
    ),
    '',
    'Servers:',
    ...table(accounts.flatMap((account) => account.servers.map((server) => [account.name, server.name === server.id ? '' : server.name, server.id]))),
    '',
    'Ready to paste, as Rita Requester in #ops (then act as Alice Approver and click Approve):',
    ...input.suggestions.filter((suggestion) => PRINTED.includes(suggestion.label)).map((suggestion) => `  ${suggestion.command}`),
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
