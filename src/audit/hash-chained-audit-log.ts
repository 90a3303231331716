import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';
import type { AppendLog } from '../store/store.js';
import { AuditError } from './audit-error.js';
import type { AuditEvent, AuditLog, AuditRecord, VerifyResult } from './audit-log.js';
import { auditEventSchema, auditRecordSchema } from './audit-record-schema.js';
import type { JsonValue } from './canonical-json.js';
import { GENESIS_HASH, recordHash } from './record-hash.js';
import { secretFreeData } from './secret-free-data.js';

export interface HashChainedAuditLogOptions {
  clock?: Clock;
  random?: () => number;
  /** Appends tried before giving up when other writers keep winning the tail. */
  maxAttempts?: number;
}

/** Entries read per round trip when walking the whole chain. */
const PAGE = 1000;

interface Tail {
  length: number;
  hash: string;
}

/**
 * The audit chain (SPEC §5) over any positional append-only log: the store's SQLite
 * table or Redis list, or a JSONL file. Each record carries `seq`, the previous
 * record's hash and its own `hash = sha256(prevHash + canonicalJson(record without
 * hash))`. An append claims position `seq` with `appendAt`, which succeeds only if the
 * log has exactly `seq` entries; when another replica got there first, the tail is
 * re-read and the record rebuilt on top of it, so concurrent writers never fork the
 * chain.
 */
export class HashChainedAuditLog implements AuditLog {
  readonly #log: AppendLog;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #maxAttempts: number;
  /** The tail as this process last wrote or read it; a stale one only costs a conflict and a re-read. */
  #tail: Tail | undefined;
  /** In-process appends go one at a time: they would only conflict with each other. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(log: AppendLog, options: HashChainedAuditLogOptions = {}) {
    this.#log = log;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#maxAttempts = options.maxAttempts ?? 100;
  }

  append(event: AuditEvent): Promise<AuditRecord> {
    const content = normalizedEvent(event);
    const appended = this.#queue.then(() => this.#append(content));
    this.#queue = appended.catch(() => undefined);
    return appended;
  }

  async #append(content: { [key: string]: JsonValue }): Promise<AuditRecord> {
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt += 1) {
      const tail = this.#tail ?? (await this.#readTail());
      const unsigned = { ...content, seq: tail.length, prevHash: tail.hash };
      const record = { ...unsigned, hash: recordHash(unsigned) } as unknown as AuditRecord;
      if (await this.#log.appendAt(tail.length, JSON.stringify(record))) {
        this.#tail = { length: tail.length + 1, hash: record.hash };
        return record;
      }
      this.#tail = undefined;
      // Another writer took this position; after a few collisions, step aside briefly so
      // two busy replicas do not keep colliding in lockstep.
      if (attempt >= 3) await this.#clock.sleep(Math.round(this.#random() * Math.min(50, attempt * 5)));
    }
    throw new AuditError(
      `The audit record could not be appended after ${this.#maxAttempts} attempts: other writers kept taking the tail of the chain. Check how many eipbot replicas share the audit log.`,
    );
  }

  async #readTail(): Promise<Tail> {
    // Length and last entry are two reads; a log that shrank in between (a JSONL tail cut
    // short by a crash, truncated by the next appender) is read again.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const length = await this.#log.length();
      if (length === 0) return { length, hash: GENESIS_HASH };
      const [last] = await this.#log.read(length - 1, length);
      if (last === undefined) continue;
      const parsed = parseRecord(last);
      // A last record that cannot be read is chained to by the hash of its raw text:
      // appends go on (the audit trail must not stop), and `verify` names the bad record.
      return { length, hash: parsed.ok ? parsed.record.hash : createHash('sha256').update(last).digest('hex') };
    }
    throw new AuditError('The audit log reports more records than it returns, so its tail cannot be found; run eipbot audit verify.');
  }

  async verify(): Promise<VerifyResult> {
    const records = await this.#log.length();
    let expectedPrev = GENESIS_HASH;
    for (let from = 0; from < records; from += PAGE) {
      const entries = await this.#log.read(from, Math.min(records, from + PAGE));
      for (const [offset, entry] of entries.entries()) {
        const position = from + offset;
        const parsed = parseRecord(entry);
        if (!parsed.ok) return { ok: false, records, position, reason: parsed.reason };
        const { record, raw } = parsed;
        const subject = { requestId: record.requestId, type: record.type };
        const { hash, ...unsigned } = raw;
        if (recordHash(unsigned as { prevHash: string } & { [key: string]: JsonValue }) !== hash) {
          return { ok: false, records, position, reason: 'hash does not match its content — edited?', record: subject };
        }
        if (record.prevHash !== expectedPrev) {
          return {
            ok: false,
            records,
            position,
            reason: 'prevHash does not match the hash of the record before it — a record was deleted, reordered or inserted?',
            record: subject,
          };
        }
        if (record.seq !== position) {
          return { ok: false, records, position, reason: `it says it is record ${record.seq} — records were renumbered?`, record: subject };
        }
        expectedPrev = record.hash;
      }
    }
    return { ok: true, records };
  }

  async trail(requestId: string): Promise<AuditRecord[]> {
    const length = await this.#log.length();
    const trail: AuditRecord[] = [];
    for (let from = 0; from < length; from += PAGE) {
      for (const entry of await this.#log.read(from, Math.min(length, from + PAGE))) {
        const parsed = parseRecord(entry);
        if (parsed.ok && parsed.record.requestId === requestId) trail.push(parsed.record);
      }
    }
    return trail;
  }
}

/**
 * The event exactly as it will read back from storage (a JSON round trip drops
 * undefined fields and turns `Secret`s into their masked form), validated, with any
 * credential-named field redacted: what is hashed is what is stored.
 */
function normalizedEvent(event: AuditEvent): { [key: string]: JsonValue } {
  const { requestId, type, actor, at, data } = event;
  const plain: unknown = JSON.parse(JSON.stringify({ requestId, type, actor, at, ...(data === undefined ? {} : { data }) }));
  const parsed = auditEventSchema.safeParse(plain);
  if (!parsed.success) {
    throw new AuditError(`An audit event for ${requestId} was malformed and not recorded; this is a bug in eipbot.`, {
      detail: `invalid audit event: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    });
  }
  return secretFreeData(plain as JsonValue) as { [key: string]: JsonValue };
}

type ParsedRecord = { ok: true; record: AuditRecord; raw: { [key: string]: JsonValue } } | { ok: false; reason: string };

function parseRecord(entry: string): ParsedRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(entry);
  } catch {
    return { ok: false, reason: 'the line is not valid JSON — corrupted or cut short?' };
  }
  const parsed = auditRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`));
    return { ok: false, reason: `the line is not an audit record (${problems.join('; ')}) — corrupted?` };
  }
  return { ok: true, record: parsed.data as AuditRecord, raw: raw as { [key: string]: JsonValue } };
}
