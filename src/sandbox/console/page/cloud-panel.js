// The Cloud panel: the simulated accounts with their EIPs and servers as the simulators
// hold them now, so a person sees an approved change land. A click on an address or a
// server hands a command to the composer.

import { el } from './dom.js';

/** Statuses move on their own (PENDING_UPDATE → DOWN): follow them while the panel is shown. */
const REFRESH_MS = 1500;

function draw(root, inventory, use) {
  const open = new Set([...root.querySelectorAll('details[open]')].map((node) => node.dataset.account));
  root.replaceChildren();
  for (const account of inventory.accounts) {
    const section = el('section', 'account');
    const title = el('h3', 'account-title');
    title.append(el('span', 'account-name', account.name), el('span', 'account-kind', `${account.provider} ${account.api} · ${account.region}`));
    section.append(title);
    const table = el('table', 'eips');
    const head = el('tr');
    for (const label of ['EIP', 'Status', 'Bound to']) head.append(el('th', '', label));
    table.append(head);
    for (const eip of account.eips) {
      const row = el('tr');
      row.dataset.eip = eip.id;
      const cell = el('td');
      const address = el('button', 'link-button address', eip.address);
      address.type = 'button';
      address.title = `${eip.id} — click to use it in the composer`;
      address.addEventListener('click', () => use(eip.address, `/eip show ${eip.address} --account ${account.name}`));
      cell.append(address, el('div', 'eip-id', eip.id));
      const status = el('td');
      status.append(el('span', `status status-${eip.status.toLowerCase()}`, eip.status));
      row.append(cell, status, el('td', 'bound-to', eip.boundTo || '—'));
      table.append(row);
    }
    section.append(table);
    const servers = el('details', 'servers');
    servers.dataset.account = account.name;
    servers.open = open.has(account.name);
    servers.append(el('summary', '', `${account.servers.length} servers`));
    for (const server of account.servers) {
      const item = el('div', 'server');
      const id = el('button', 'link-button server-id', server.name);
      id.type = 'button';
      id.title = `${server.id} — click to use it in the composer`;
      id.addEventListener('click', () => use(server.id, `/eip list --server ${server.id} --account ${account.name}`));
      item.append(id, el('div', 'eip-id', server.id));
      for (const nic of server.nics) item.append(el('div', 'nic', nic));
      servers.append(item);
    }
    section.append(servers);
    root.append(section);
  }
}

/**
 * `use(id, command)`: what a click hands the composer (an id to add, or a command to
 * start with). `refresh()` redraws now; while `shown`, it keeps redrawing.
 */
export function cloudPanel(root, { available, use }) {
  let timer;
  let soon;
  const panel = {
    shown: false,
    async refresh() {
      clearTimeout(timer);
      if (!available) {
        root.replaceChildren(el('p', 'pane-empty', 'No simulated cloud is attached to this console.'));
        return;
      }
      try {
        const response = await fetch('/api/cloud');
        if (response.ok) draw(root, await response.json(), use);
      } finally {
        if (panel.shown) timer = setTimeout(() => panel.refresh(), REFRESH_MS);
      }
    },
    /** After a Slack event: the change it reports has likely reached the simulator too. */
    refreshSoon() {
      if (!panel.shown) return;
      clearTimeout(soon);
      soon = setTimeout(() => panel.refresh(), 150);
    },
  };
  return panel;
}
