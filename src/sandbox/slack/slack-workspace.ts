import type { Clock } from '../../clock.js';

/**
 * The conversation model behind the Slack Web API fake: channels, users, user groups,
 * messages with their threads and edits, and ephemeral messages per user. Everything
 * handed out is a copy, so a test or the console cannot change what the bot "posted".
 */

export interface FakeChannel {
  id: string;
  name: string;
  isPrivate: boolean;
}

export interface FakeUser {
  id: string;
  /** The handle (`alice`). */
  name: string;
  realName: string;
  isBot: boolean;
}

export interface FakeUserGroup {
  id: string;
  handle: string;
  users: string[];
}

export interface FakeMessage {
  channel: string;
  ts: string;
  /** On a reply: the ts of the thread's parent message. */
  threadTs?: string;
  /** Who posted it: the bot user or a person. */
  user: string;
  /** Set when the bot posted it. */
  botId?: string;
  text: string;
  blocks?: unknown[];
  /** ts of the latest edit. */
  editedTs?: string;
  deleted: boolean;
}

/** An ephemeral message: seen by one user only, never editable with chat.update. */
export interface FakeEphemeral {
  channel: string;
  /** The one user who sees it. */
  user: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: unknown[];
  /** How many times a response_url replaced it. */
  replacements: number;
  deleted: boolean;
}

export type WorkspaceEvent =
  | { type: 'message'; change: 'posted' | 'updated' | 'deleted'; message: FakeMessage }
  | { type: 'ephemeral'; change: 'posted' | 'replaced' | 'deleted'; message: FakeEphemeral };

/** A Slack Web API error code (`channel_not_found`), answered as `{ ok: false, error }`. */
export class SlackMethodError extends Error {
  constructor(readonly error: string, readonly httpStatus = 200) {
    super(error);
    this.name = 'SlackMethodError';
  }
}

export interface MessageContent {
  text: string;
  blocks?: unknown[];
}

const copy = <T>(value: T): T => structuredClone(value);

export class SlackWorkspace {
  readonly #clock: Clock;
  readonly #channels = new Map<string, FakeChannel>();
  readonly #users = new Map<string, FakeUser>();
  readonly #groups = new Map<string, FakeUserGroup>();
  readonly #messages: FakeMessage[] = [];
  readonly #ephemerals: FakeEphemeral[] = [];
  readonly #listeners = new Set<(event: WorkspaceEvent) => void>();
  #lastTsMicros = 0;

  constructor(
    clock: Clock,
    readonly bot: { userId: string; botId: string },
  ) {
    this.#clock = clock;
  }

  addChannel(channel: FakeChannel): void {
    this.#channels.set(channel.id, { ...channel });
  }

  addUser(user: FakeUser): void {
    this.#users.set(user.id, { ...user });
  }

  addUserGroup(group: FakeUserGroup): void {
    this.#groups.set(group.id, { ...group, users: [...group.users] });
  }

  /** By id, or by name (`#inc-42` or `inc-42`) as chat.postMessage allows. */
  channel(idOrName: string): FakeChannel {
    const byId = this.#channels.get(idOrName);
    if (byId !== undefined) return { ...byId };
    const name = idOrName.replace(/^#/, '');
    for (const channel of this.#channels.values()) if (channel.name === name) return { ...channel };
    throw new SlackMethodError('channel_not_found');
  }

  channels(): FakeChannel[] {
    return [...this.#channels.values()].map(copy);
  }

  user(id: string): FakeUser {
    const user = this.#users.get(id);
    if (user === undefined) throw new SlackMethodError('user_not_found');
    return { ...user };
  }

  users(): FakeUser[] {
    return [...this.#users.values()].map(copy);
  }

  userGroup(id: string): FakeUserGroup {
    const group = this.#groups.get(id);
    if (group === undefined) throw new SlackMethodError('no_such_subteam');
    return copy(group);
  }

  subscribe(listener: (event: WorkspaceEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Slack's message ids: epoch seconds with a six-digit suffix, unique and increasing. */
  #nextTs(): string {
    const micros = Math.max(this.#clock.now() * 1000, this.#lastTsMicros + 1);
    this.#lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  #emit(event: WorkspaceEvent): void {
    for (const listener of this.#listeners) listener(copy(event));
  }

  #find(channel: string, ts: string): FakeMessage | undefined {
    return this.#messages.find((message) => message.channel === channel && message.ts === ts && !message.deleted);
  }

  /** Posts as the bot (`as` defaults to it) or as a person; replies need a live top-level parent. */
  post(channelId: string, content: MessageContent, options: { threadTs?: string; as?: string } = {}): FakeMessage {
    const channel = this.channel(channelId);
    if (options.threadTs !== undefined) {
      const parent = this.#find(channel.id, options.threadTs);
      // Slack refuses a reply whose parent is itself a reply (invalid_thread_ts).
      if (parent === undefined || parent.threadTs !== undefined) throw new SlackMethodError('invalid_thread_ts');
    }
    const author = options.as ?? this.bot.userId;
    const message: FakeMessage = {
      channel: channel.id,
      ts: this.#nextTs(),
      ...(options.threadTs === undefined ? {} : { threadTs: options.threadTs }),
      user: author,
      ...(author === this.bot.userId ? { botId: this.bot.botId } : {}),
      text: content.text,
      ...(content.blocks === undefined ? {} : { blocks: copy(content.blocks) }),
      deleted: false,
    };
    this.#messages.push(message);
    this.#emit({ type: 'message', change: 'posted', message });
    return copy(message);
  }

  /**
   * chat.update semantics (reference/slack.md §4.1): only the bot's own messages;
   * `text` without `blocks` removes the blocks, neither keeps them.
   */
  update(channelId: string, ts: string, change: { text?: string; blocks?: unknown[] }): FakeMessage {
    const channel = this.channel(channelId);
    const message = this.#find(channel.id, ts);
    if (message === undefined) throw new SlackMethodError('message_not_found');
    if (message.user !== this.bot.userId) throw new SlackMethodError('cant_update_message');
    if (change.text !== undefined) message.text = change.text;
    if (change.blocks !== undefined) message.blocks = copy(change.blocks);
    else if (change.text !== undefined) delete message.blocks;
    message.editedTs = this.#nextTs();
    this.#emit({ type: 'message', change: 'updated', message });
    return copy(message);
  }

  delete(channelId: string, ts: string): FakeMessage {
    const message = this.#find(this.channel(channelId).id, ts);
    if (message === undefined) throw new SlackMethodError('message_not_found');
    message.deleted = true;
    this.#emit({ type: 'message', change: 'deleted', message });
    return copy(message);
  }

  postEphemeral(channelId: string, userId: string, content: MessageContent, threadTs?: string): FakeEphemeral {
    const channel = this.channel(channelId);
    if (!this.#users.has(userId)) throw new SlackMethodError('user_not_in_channel');
    const message: FakeEphemeral = {
      channel: channel.id,
      user: userId,
      ts: this.#nextTs(),
      ...(threadTs === undefined ? {} : { threadTs }),
      text: content.text,
      ...(content.blocks === undefined ? {} : { blocks: copy(content.blocks) }),
      replacements: 0,
      deleted: false,
    };
    this.#ephemerals.push(message);
    this.#emit({ type: 'ephemeral', change: 'posted', message });
    return copy(message);
  }

  #findEphemeral(channel: string, ts: string): FakeEphemeral {
    const message = this.#ephemerals.find((item) => item.channel === channel && item.ts === ts && !item.deleted);
    if (message === undefined) throw new SlackMethodError('message_not_found', 404);
    return message;
  }

  replaceEphemeral(channel: string, ts: string, content: MessageContent): FakeEphemeral {
    const message = this.#findEphemeral(channel, ts);
    message.text = content.text;
    if (content.blocks === undefined) delete message.blocks;
    else message.blocks = copy(content.blocks);
    message.replacements += 1;
    this.#emit({ type: 'ephemeral', change: 'replaced', message });
    return copy(message);
  }

  deleteEphemeral(channel: string, ts: string): FakeEphemeral {
    const message = this.#findEphemeral(channel, ts);
    message.deleted = true;
    this.#emit({ type: 'ephemeral', change: 'deleted', message });
    return copy(message);
  }

  /** The message with this ts, deleted or not. */
  message(channel: string, ts: string): FakeMessage | undefined {
    const message = this.#messages.find((item) => item.channel === channel && item.ts === ts);
    return message === undefined ? undefined : copy(message);
  }

  /** Top-level messages of a channel, oldest first, without deleted ones. */
  messages(channel: string): FakeMessage[] {
    return this.#messages.filter((item) => item.channel === channel && item.threadTs === undefined && !item.deleted).map(copy);
  }

  /** The replies in a thread, oldest first. */
  thread(channel: string, threadTs: string): FakeMessage[] {
    return this.#messages.filter((item) => item.channel === channel && item.threadTs === threadTs && !item.deleted).map(copy);
  }

  /** Ephemeral messages, oldest first, optionally only one user's or one channel's. */
  ephemerals(filter: { user?: string; channel?: string } = {}): FakeEphemeral[] {
    return this.#ephemerals
      .filter((item) => !item.deleted)
      .filter((item) => filter.user === undefined || item.user === filter.user)
      .filter((item) => filter.channel === undefined || item.channel === filter.channel)
      .map(copy);
  }
}
