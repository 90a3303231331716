// The sandbox console page: plays a Slack client over the console server's API.
// Message bodies arrive as HTML the server drew from the bot's Block Kit JSON (and
// escaped there); everything else on the page is set with textContent, never as HTML.

import { cloudPanel } from './cloud-panel.js';
import { el } from './dom.js';
import { localizeDates } from './slack-dates.js';

const $ = (id) => document.getElementById(id);

const state = {
  directory: null,
  user: null,
  channel: null,
  thread: null,
  messages: new Map(),
  ephemerals: new Map(),
  notes: [],
  calls: [],
  dismissed: new Set(),
  seen: new Map(),
  history: [],
  cloud: null,
};

// ---- small helpers ---------------------------------------------------------------

function tsSeconds(ts) {
  return Number(ts);
}

function clockTime(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
}

function userName(id) {
  const user = state.directory?.users.find((candidate) => candidate.id === id);
  return user ? user.realName || user.name : id;
}

function initials(name) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0].toUpperCase())
    .join('');
}

function hue(id) {
  let total = 0;
  for (const character of id) total = (total * 31 + character.charCodeAt(0)) % 8;
  return total;
}

function avatar(id, isBot) {
  const node = el('div', `avatar avatar-${isBot ? 'bot' : hue(id)}`, isBot ? '⚡' : initials(userName(id)));
  node.setAttribute('aria-hidden', 'true');
  return node;
}

async function postJson(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
  return answer;
}

// ---- what a person sees ------------------------------------------------------------

/** Top-level items of a channel, or one thread, for the current person, oldest first. */
function visibleItems(channel, threadTs) {
  const inPlace = (item) => (threadTs === undefined ? item.threadTs === undefined : item.threadTs === threadTs);
  const items = [];
  for (const message of state.messages.values()) {
    if (message.channel === channel && !message.deleted && inPlace(message)) items.push({ kind: 'message', key: `m/${message.channel}/${message.ts}`, at: tsSeconds(message.ts), message });
  }
  if (threadTs !== undefined) {
    const parent = state.messages.get(`${channel}/${threadTs}`);
    if (parent && !parent.deleted) items.push({ kind: 'message', key: `m/${parent.channel}/${parent.ts}`, at: tsSeconds(parent.ts), message: parent, parent: true });
  }
  for (const message of state.ephemerals.values()) {
    const key = `e/${message.channel}/${message.ts}/${message.user}`;
    if (message.channel === channel && message.user === state.user && !message.deleted && !state.dismissed.has(key) && inPlace(message)) {
      items.push({ kind: 'ephemeral', key, at: tsSeconds(message.ts), message });
    }
  }
  for (const note of state.notes) {
    const key = `n/${note.id}`;
    if (note.channel === channel && note.user === state.user && !state.dismissed.has(key) && inPlace(note)) items.push({ kind: 'note', key, at: note.at / 1000, note });
  }
  return items.sort((a, b) => (a.parent ? -1 : b.parent ? 1 : a.at - b.at));
}

function replies(message) {
  return [...state.messages.values()].filter((reply) => reply.channel === message.channel && reply.threadTs === message.ts && !reply.deleted);
}

function signature(item) {
  if (item.kind === 'note') return `note/${item.note.id}`;
  const message = item.message;
  const count = item.kind === 'message' && !item.parent ? replies(message).length : 0;
  return `${message.editedTs || ''}/${message.replacements || 0}/${count}/${message.html}`;
}

function messageTools(item) {
  const tools = el('div', 'msg-tools');
  if (item.kind === 'message' && item.message.threadTs === undefined && !item.parent) {
    const reply = el('button', 'tool', '💬');
    reply.type = 'button';
    reply.title = 'Reply in thread';
    reply.setAttribute('aria-label', 'Reply in thread');
    reply.addEventListener('click', () => openThread(item.message.channel, item.message.ts));
    tools.append(reply);
  }
  if (item.kind !== 'note') {
    const json = el('button', 'tool', '{ }');
    json.type = 'button';
    json.title = 'Show the JSON the bot sent';
    json.setAttribute('aria-label', 'Show the JSON the bot sent');
    json.addEventListener('click', () => showJson('Message JSON', { text: item.message.text, blocks: item.message.blocks }));
    tools.append(json);
  }
  return tools;
}

function drawItem(item) {
  if (item.kind === 'note') return drawNote(item);
  const message = item.message;
  const isBot = message.botId !== undefined || item.kind === 'ephemeral';
  const author = isBot ? state.directory.bot.userId : message.user;
  const node = el('article', `msg ${item.kind === 'ephemeral' ? 'ephemeral' : ''} ${item.parent ? 'thread-parent' : ''}`);
  node.dataset.channel = message.channel;
  node.dataset.ts = message.ts;
  node.dataset.ephemeral = String(item.kind === 'ephemeral');
  node.append(avatar(author, isBot));
  const main = el('div', 'msg-main');
  const meta = el('div', 'msg-meta');
  meta.append(el('span', 'author', isBot ? state.directory.bot.name : userName(author)));
  if (isBot) meta.append(el('span', 'app-badge', 'APP'));
  const time = el('time', 'msg-time', clockTime(tsSeconds(message.ts)));
  time.dateTime = new Date(tsSeconds(message.ts) * 1000).toISOString();
  meta.append(time);
  if (message.editedTs) meta.append(el('span', 'edited', '(edited)'));
  main.append(meta);
  const body = el('div', 'msg-body');
  body.innerHTML = message.html;
  localizeDates(body);
  main.append(body);
  if (item.kind === 'message' && message.threadTs === undefined && !item.parent) {
    const thread = replies(message);
    if (thread.length > 0) {
      const summary = el('button', 'thread-summary');
      summary.type = 'button';
      summary.append(el('span', 'reply-count', `${thread.length} ${thread.length === 1 ? 'reply' : 'replies'}`));
      summary.append(el('span', 'reply-last', `Last reply ${clockTime(tsSeconds(thread[thread.length - 1].ts))}`));
      summary.addEventListener('click', () => openThread(message.channel, message.ts));
      main.append(summary);
    }
  }
  if (item.kind === 'ephemeral') {
    const foot = el('div', 'ephemeral-foot');
    foot.append(el('span', 'only-you', '👁 Only visible to you'));
    const dismiss = el('button', 'link-button', 'Dismiss message');
    dismiss.type = 'button';
    dismiss.addEventListener('click', () => {
      state.dismissed.add(item.key);
      render();
    });
    foot.append(dismiss);
    main.append(foot);
  }
  node.append(main, messageTools(item));
  return node;
}

function drawNote(item) {
  const note = item.note;
  const node = el('article', `msg note note-${note.kind}`);
  if (note.kind === 'command') {
    const main = el('div', 'msg-main');
    const line = el('div', 'note-line');
    line.append(el('span', 'note-label', 'You ran '), el('code', 'note-typed', note.text));
    main.append(line);
    node.append(main);
    return node;
  }
  const slackbot = el('div', 'avatar avatar-slackbot', '✱');
  slackbot.setAttribute('aria-hidden', 'true');
  node.append(slackbot);
  const main = el('div', 'msg-main');
  const meta = el('div', 'msg-meta');
  meta.append(el('span', 'author', 'Slackbot'), el('time', 'msg-time', clockTime(note.at / 1000)));
  main.append(meta, el('div', 'msg-body', note.text));
  if (note.detail) main.append(el('div', 'note-detail', `Sandbox: ${note.detail}`));
  const foot = el('div', 'ephemeral-foot');
  foot.append(el('span', 'only-you', '👁 Only visible to you'));
  main.append(foot);
  node.append(main);
  return node;
}

/** Keeps the DOM nodes of unchanged messages (an open confirmation dialog survives other updates). */
function reconcile(container, items) {
  const keep = new Map();
  for (const node of container.children) if (node.dataset.key) keep.set(node.dataset.key, node);
  const wanted = [];
  for (const item of items) {
    const current = keep.get(item.key);
    const sig = signature(item);
    if (current && current.dataset.sig === sig) {
      wanted.push(current);
      continue;
    }
    const node = drawItem(item);
    node.dataset.key = item.key;
    node.dataset.sig = sig;
    if (current) current.replaceWith(node);
    wanted.push(node);
  }
  for (const [key, node] of keep) if (!items.some((item) => item.key === key)) node.remove();
  wanted.forEach((node, index) => {
    if (container.children[index] !== node) container.insertBefore(node, container.children[index] ?? null);
  });
}

function nearBottom(container) {
  return container.scrollHeight - container.scrollTop - container.clientHeight < 80;
}

function renderTimeline(container, items, empty) {
  const stick = nearBottom(container);
  reconcile(container, items);
  container.classList.toggle('is-empty', items.length === 0);
  container.dataset.empty = empty;
  if (stick) container.scrollTop = container.scrollHeight;
}

function renderChannels() {
  const list = $('channels');
  list.replaceChildren();
  for (const channel of state.directory.channels) {
    const item = el('li');
    const button = el('button', 'sidebar-item');
    button.type = 'button';
    button.dataset.channel = channel.id;
    button.setAttribute('aria-pressed', String(channel.id === state.channel));
    button.append(el('span', 'hash', channel.isPrivate ? '🔒' : '#'), el('span', 'label', channel.name));
    const unread = [...state.messages.values()].filter((message) => message.channel === channel.id && message.threadTs === undefined && !message.deleted).length - (state.seen.get(channel.id) ?? 0);
    if (channel.id !== state.channel && unread > 0) button.append(el('span', 'badge', String(unread)));
    button.addEventListener('click', () => selectChannel(channel.id));
    item.append(button);
    list.append(item);
  }
}

function renderPeople() {
  const list = $('people');
  list.replaceChildren();
  for (const person of state.directory.people) {
    const item = el('li');
    const button = el('button', 'sidebar-item person');
    button.type = 'button';
    button.dataset.user = person.id;
    button.setAttribute('aria-pressed', String(person.id === state.user));
    const text = el('span', 'person-text');
    text.append(el('span', 'label', person.realName || person.name), el('span', 'role', person.role));
    button.append(avatar(person.id, false), text);
    button.addEventListener('click', () => selectUser(person.id));
    item.append(button);
    list.append(item);
  }
}

function renderHeader() {
  const channel = state.directory.channels.find((candidate) => candidate.id === state.channel);
  $('channel-title').textContent = `${channel.isPrivate ? '🔒 ' : '# '}${channel.name}`;
  $('channel-note').textContent = channel.note || '';
  const person = state.directory.people.find((candidate) => candidate.id === state.user);
  $('acting-as').textContent = `${person.realName || person.name} (${person.role})`;
  $('composer').placeholder = `Message #${channel.name} — try /eip help`;
}

function renderThread() {
  const open = state.thread !== null && state.messages.has(`${state.thread.channel}/${state.thread.ts}`);
  $('thread-form').hidden = !open;
  $('thread-empty').hidden = open;
  $('thread-messages').hidden = !open;
  if (!open) return;
  const channel = state.directory.channels.find((candidate) => candidate.id === state.thread.channel);
  $('thread-title').textContent = `Thread in #${channel ? channel.name : state.thread.channel}`;
  renderTimeline($('thread-messages'), visibleItems(state.thread.channel, state.thread.ts), '');
}

function renderCalls() {
  const list = $('calls');
  const drawn = list.children.length;
  for (const call of state.calls.slice(drawn)) {
    const item = el('li', `call outcome-${call.outcome === 'ok' ? 'ok' : 'error'}`);
    const button = el('button', 'call-button');
    button.type = 'button';
    button.append(el('span', 'call-seq', `#${call.seq}`), el('span', 'call-method', call.method), el('span', 'call-outcome', call.outcome));
    const where = call.args && typeof call.args.channel === 'string' ? call.args.channel : '';
    if (where) button.append(el('span', 'call-where', where));
    button.addEventListener('click', () => showJson(`${call.method} · #${call.seq}`, call.args));
    item.append(button);
    list.append(item);
  }
}

function render() {
  if (!state.directory) return;
  state.seen.set(state.channel, [...state.messages.values()].filter((message) => message.channel === state.channel && message.threadTs === undefined && !message.deleted).length);
  renderChannels();
  renderPeople();
  renderHeader();
  renderTimeline($('messages'), visibleItems(state.channel), 'No messages yet. Type /eip help below, or pick a command to try.');
  renderThread();
  renderCalls();
}

// ---- choosing where and who ------------------------------------------------------

function selectChannel(id) {
  state.channel = id;
  $('messages').replaceChildren();
  render();
  $('messages').scrollTop = $('messages').scrollHeight;
  $('composer').focus();
}

function selectUser(id) {
  state.user = id;
  $('messages').replaceChildren();
  $('thread-messages').replaceChildren();
  render();
  $('messages').scrollTop = $('messages').scrollHeight;
}

function selectTab(tab) {
  for (const button of document.querySelectorAll('.pane-tabs [data-tab]')) button.setAttribute('aria-selected', String(button.dataset.tab === tab));
  $('pane-thread').hidden = tab !== 'thread';
  $('pane-cloud').hidden = tab !== 'cloud';
  $('pane-api').hidden = tab !== 'api';
  state.cloud.shown = tab === 'cloud';
  if (state.cloud.shown) state.cloud.refresh();
}

function openThread(channel, ts) {
  state.thread = { channel, ts };
  $('thread-messages').replaceChildren();
  selectTab('thread');
  render();
  $('thread-composer').focus();
}

function showJson(title, value) {
  $('json-title').textContent = title;
  $('json-body').textContent = JSON.stringify(value, null, 2);
  $('json-dialog').showModal();
}

// ---- typing and clicking ---------------------------------------------------------

async function send(textarea, threadTs) {
  const text = textarea.value.trim();
  if (text === '') return;
  $('composer-error').textContent = '';
  if (text.startsWith('/')) state.history.push(text);
  textarea.value = '';
  autosize(textarea);
  try {
    await postJson('/api/compose', { user: state.user, channel: threadTs ? state.thread.channel : state.channel, text, ...(threadTs ? { threadTs } : {}) });
  } catch (error) {
    textarea.value = text;
    $('composer-error').textContent = `Not sent: ${error.message}`;
  }
}

function autosize(textarea) {
  textarea.style.height = 'auto';
  textarea.style.height = `${Math.min(textarea.scrollHeight, 200)}px`;
}

function wireComposer(form, textarea, threadTs) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(textarea, threadTs());
  });
  textarea.addEventListener('input', () => autosize(textarea));
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send(textarea, threadTs());
    } else if (event.key === 'ArrowUp' && textarea.value === '' && state.history.length > 0) {
      event.preventDefault();
      textarea.value = state.history[state.history.length - 1];
      autosize(textarea);
    }
  });
}

async function click(button) {
  const message = button.closest('article.msg');
  if (!message || button.disabled) return;
  const body = { user: state.user, channel: message.dataset.channel, ts: message.dataset.ts, ephemeral: message.dataset.ephemeral === 'true', button: button.dataset.button };
  if (button.dataset.url) window.open(button.dataset.url, '_blank', 'noopener,noreferrer');
  button.disabled = true;
  button.classList.add('is-busy');
  try {
    await postJson('/api/click', body);
  } catch (error) {
    $('composer-error').textContent = `Click not sent: ${error.message}`;
  } finally {
    button.disabled = false;
    button.classList.remove('is-busy');
  }
}

document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-button]');
  if (!button) return;
  const dialog = button.parentElement.querySelector('dialog.bk-confirm');
  if (!dialog) {
    click(button);
    return;
  }
  dialog.returnValue = '';
  dialog.showModal();
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'confirm') click(button);
  }, { once: true });
});

// ---- the live stream -------------------------------------------------------------

function applySnapshot(snapshot) {
  state.messages = new Map(snapshot.messages.map((message) => [`${message.channel}/${message.ts}`, message]));
  state.ephemerals = new Map(snapshot.ephemerals.map((message) => [`${message.channel}/${message.ts}/${message.user}`, message]));
  state.notes = snapshot.notes;
  state.calls = snapshot.calls;
  $('calls').replaceChildren();
  $('messages').replaceChildren();
  $('thread-messages').replaceChildren();
}

function connect() {
  const events = new EventSource('/api/events');
  const connection = $('connection');
  events.addEventListener('open', () => {
    connection.dataset.state = 'live';
    connection.textContent = 'Live';
  });
  events.addEventListener('error', () => {
    connection.dataset.state = 'down';
    connection.textContent = 'Disconnected from the sandbox — retrying…';
  });
  const on = (type, apply) =>
    events.addEventListener(type, (event) => {
      apply(JSON.parse(event.data));
      render();
      if (type !== 'call') state.cloud.refreshSoon();
    });
  on('snapshot', applySnapshot);
  on('message', ({ message }) => state.messages.set(`${message.channel}/${message.ts}`, message));
  on('ephemeral', ({ message }) => state.ephemerals.set(`${message.channel}/${message.ts}/${message.user}`, message));
  on('note', ({ note }) => state.notes.push(note));
  on('call', ({ call }) => state.calls.push(call));
}

function renderSuggestions() {
  const box = $('suggestions');
  box.replaceChildren();
  for (const suggestion of state.directory.suggestions) {
    const chip = el('button', 'chip', suggestion.label);
    chip.type = 'button';
    chip.title = suggestion.command;
    chip.addEventListener('click', () => {
      const textarea = $('composer');
      textarea.value = suggestion.command;
      autosize(textarea);
      textarea.focus();
    });
    box.append(chip);
  }
}

/** Into an empty composer goes a command to look at the thing; otherwise its id is added where one is typing. */
function useInComposer(text, lookAt) {
  const textarea = $('composer');
  const value = textarea.value;
  textarea.value = value === '' ? lookAt : `${value}${/\s$/.test(value) ? '' : ' '}${text}`;
  autosize(textarea);
  textarea.focus();
}

async function start() {
  const response = await fetch('/api/workspace');
  state.directory = await response.json();
  $('workspace-name').textContent = state.directory.team.name;
  state.cloud = cloudPanel($('cloud'), { available: state.directory.hasInventory, use: useInComposer });
  state.user = state.directory.people[0]?.id;
  state.channel = state.directory.channels[0]?.id;
  for (const button of document.querySelectorAll('.pane-tabs [data-tab]')) button.addEventListener('click', () => selectTab(button.dataset.tab));
  wireComposer($('composer-form'), $('composer'), () => undefined);
  wireComposer($('thread-form'), $('thread-composer'), () => state.thread?.ts);
  renderSuggestions();
  render();
  selectTab('cloud');
  connect();
}

start();
