// The tamper-evident ledger: official results and their corrections appended to a SHA-256 hash
// chain inside the writer's own transaction, and the chain's head signed with the server's Ed25519
// key. Appends lock the one head row, so writers in one process or many never fork the chain.
import type { Kysely, Selectable } from 'kysely';
import type { LedgerEntry, SignedLedgerHead } from '../../src/reports/report-types.ts';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { canonicalJson } from '../xapi/canonical-json.ts';
import { entryHash, signHead } from './chain.ts';
import type { LedgerKind } from './chain.ts';
import { loadLedgerKey } from './ledger-key.ts';
import type { LedgerKey, LoadLedgerKeyOptions } from './ledger-key.ts';
import type { LedgerEntriesTable } from './tables.ts';

export interface LedgerOptions extends LoadLedgerKeyOptions {
  /** Clock for recordedAt and signedAt. Default: the system clock. */
  readonly now?: () => Date;
}

export type LedgerPayload = Readonly<Record<string, unknown>>;

/** A stored row as the API and exports show it. A payload that no longer parses is shown as text (and fails verification). */
export function entryOfRow(row: Selectable<LedgerEntriesTable>): LedgerEntry {
  let payload: LedgerPayload;
  try {
    payload = JSON.parse(row.payload) as LedgerPayload;
  } catch {
    payload = { unreadable: row.payload };
  }
  return { seq: Number(row.seq), kind: row.kind, recordedAt: row.recorded_at, payload, prev: row.prev, hash: row.hash };
}

function missingTables(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /no such table|does not exist/i.test(message);
}

export class Ledger {
  readonly #database: Database;
  readonly #key: LedgerKey;
  readonly #now: () => Date;

  private constructor(database: Database, key: LedgerKey, now: () => Date) {
    this.#database = database;
    this.#key = key;
    this.#now = now;
  }

  /**
   * Loads (or makes) the signing key and checks it against the key the database's chain was
   * signed with, recording it on first use. Refuses another key: heads it signed would not verify
   * against the published key, and two instances with two keys would sign one chain two ways.
   */
  static async open(database: Database, options: LedgerOptions): Promise<Ledger> {
    const key = await loadLedgerKey(options);
    const now = options.now ?? (() => new Date());
    const { db } = database;
    try {
      await db.updateTable('ledger_head').set({ key_id: key.keyId }).where('id', '=', 1).where('key_id', 'is', null).execute();
    } catch (error) {
      if (!missingTables(error)) throw error;
      throw new Error(
        'The ledger tables are missing although the migrations ran: this database was made by an earlier draft of migration 0006-ledger. Delete the development database (DATA_DIR/shixun.sqlite, or drop the PostgreSQL schema) and start again.',
        { cause: error },
      );
    }
    const head = await db.selectFrom('ledger_head').select(['key_id', 'seq']).where('id', '=', 1).executeTakeFirst();
    if (head === undefined)
      throw new Error(
        'The ledger head row is missing from ledger_head: the database was changed by hand. Restore it from a backup.',
      );
    if (head.key_id !== key.keyId) {
      throw new Error(
        `This database's ledger (${Number(head.seq)} entries) is signed with the key ${head.key_id ?? '?'}, but this server's ledger key ${key.file} is another one (${key.keyId}). ` +
          'Every server on one database must sign with the same key: copy ledger-key.pem from the instance that started first and set SHIXUN_LEDGER_KEY_FILE to it ' +
          '(or restore DATA_DIR/ledger/ledger-key.pem from a backup). To replace the key on purpose, see "Key rotation" in docs/ledger.md.',
      );
    }
    // Kept so heads signed with this key stay checkable after a deliberate rotation.
    await db
      .insertInto('ledger_keys')
      .values({ key_id: key.keyId, public_key: key.publicKeyPem, first_used: now().toISOString() })
      .onConflict((c) => c.column('key_id').doNothing())
      .execute();
    return new Ledger(database, key, now);
  }

  get keyId(): string {
    return this.#key.keyId;
  }

  get publicKeyPem(): string {
    return this.#key.publicKeyPem;
  }

  /** Whether the key was given, made at this start or reused (for the start-up message). */
  get keySource(): LedgerKey['source'] {
    return this.#key.source;
  }

  /**
   * Appends an entry inside the caller's write transaction (server/db/write-transaction.ts):
   * it commits or rolls back with the caller's own rows. The head row is locked until then.
   */
  async appendWithin(trx: Kysely<DatabaseSchema>, kind: LedgerKind, payload: LedgerPayload): Promise<LedgerEntry> {
    const query = trx.selectFrom('ledger_head').select(['seq', 'hash']).where('id', '=', 1);
    // SQLite's BEGIN IMMEDIATE already holds the write lock; PostgreSQL locks the row.
    const head = await (this.#database.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    if (head === undefined)
      throw new Error(
        'The ledger head row is missing from ledger_head: the database was changed by hand. Restore it from a backup.',
      );
    const stored = canonicalJson(payload);
    const content = {
      seq: Number(head.seq) + 1,
      kind,
      recordedAt: this.#now().toISOString(),
      payload: JSON.parse(stored) as LedgerPayload,
      prev: head.hash,
    };
    const hash = entryHash(content);
    const attemptId = typeof payload.attemptId === 'string' ? payload.attemptId : null;
    await trx
      .insertInto('ledger_entries')
      .values({
        seq: content.seq,
        kind,
        recorded_at: content.recordedAt,
        payload: stored,
        prev: content.prev,
        hash,
        attempt_id: attemptId,
      })
      .execute();
    await trx.updateTable('ledger_head').set({ seq: content.seq, hash }).where('id', '=', 1).execute();
    return { ...content, hash };
  }

  /** The head now, signed. A property, so it can be handed to another plugin on its own. */
  readonly signedHead = async (): Promise<SignedLedgerHead> => {
    const head = await this.#database.db
      .selectFrom('ledger_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const unsigned = { seq: Number(head.seq), hash: head.hash, signedAt: this.#now().toISOString() };
    return { ...unsigned, signature: signHead(this.#key.privateKey, unsigned), keyId: this.#key.keyId };
  };

  /** The entries about one attempt (its grading, then each adjustment), oldest first. */
  async entriesForAttempt(db: Kysely<DatabaseSchema>, attemptId: string): Promise<LedgerEntry[]> {
    const rows = await db.selectFrom('ledger_entries').selectAll().where('attempt_id', '=', attemptId).orderBy('seq').execute();
    return rows.map(entryOfRow);
  }
}
