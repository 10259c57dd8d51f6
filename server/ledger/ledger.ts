// The tamper-evident ledger: official results and their corrections appended to a SHA-256 hash
// chain and an RFC 9162 Merkle tree inside the writer's own transaction. Each append signs a
// checkpoint of the new tree (Ed25519), stores it in the same transaction and, once committed,
// appends it to the witness file outside the database. Nothing is signed on request: before
// signing, the stored log is checked against the last checkpoint this server signed, and an
// append is refused when the log no longer extends it. Appends lock the one head row, so writers
// in one process or many never fork the log.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import type { LedgerEntry, SignedLedgerHead } from '../../src/contracts/report-types.ts';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { onCommit, writeTransaction } from '../db/write-transaction.ts';
import { ClientError } from '../http/api-errors.ts';
import { canonicalJson } from '../xapi/canonical-json.ts';
import { ZERO_HASH, checkpointSignatureValid, entryHash, entryLeaf, signCheckpoint } from './chain.ts';
import type { LedgerKind } from './chain.ts';
import { loadLedgerKey } from './ledger-key.ts';
import type { LedgerKey, LoadLedgerKeyOptions } from './ledger-key.ts';
import { TreeBuilder } from './merkle.ts';
import type { LedgerCheckpointsTable, LedgerEntriesTable } from './tables.ts';
import { WITNESS_FILE_NAME, WitnessFileError, appendWitness, latestWitnessed } from './witness.ts';

export interface LedgerOptions extends LoadLedgerKeyOptions {
  /** Clock for recordedAt and signedAt. Default: the system clock. */
  readonly now?: () => Date;
  /**
   * SHIXUN_LEDGER_WITNESS_FILE: where every signed checkpoint is appended. Default
   * keyDir/ledger-witness-<database id>.jsonl (defaultWitnessName).
   */
  readonly witnessFile?: string | undefined;
  /** SHIXUN_LEDGER_ORIGIN: the log's name in its checkpoints. Default `shixun-ledger`. */
  readonly origin?: string | undefined;
  /** Where integrity failures are reported (loudly). Default console.error. */
  readonly alarm?: (message: string) => void;
}

/**
 * The stored log does not extend the last checkpoint this server signed, or its stored checkpoints
 * do not match it: someone changed the database around the server. The start is refused; a write
 * that would append is answered 503 with this message.
 */
export class LedgerIntegrityError extends ClientError {
  constructor(message: string) {
    super(503, message);
    this.name = 'LedgerIntegrityError';
  }
}

/** The stored log checked against the checkpoints: intact (and its latest checkpoint), or the first problem. */
export type LedgerCheck =
  | { readonly ok: true; readonly checkpoint: SignedLedgerHead }
  | { readonly ok: false; readonly problem: string; readonly checkpoint: SignedLedgerHead | undefined };

const PAGE = 2000;

/**
 * Where this database lives (the SQLite file, or PostgreSQL's address, database and schema): names
 * the default witness file, so one key folder can serve several databases without their
 * checkpoints meeting, while a database swapped in at the same place meets its predecessor's.
 */
async function databaseIdentity(database: Database): Promise<string> {
  if (database.dialect === 'sqlite') {
    const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(database.db);
    return `sqlite:${rows.find((row) => row.name === 'main')?.file ?? ''}`;
  }
  const { rows } = await sql<{
    address: string | null;
    port: number | null;
    name: string;
    schema: string;
  }>`select host(inet_server_addr()) as address, inet_server_port() as port, current_database() as name, current_schema() as schema`.execute(
    database.db,
  );
  const row = rows[0];
  return `postgres:${row?.address ?? 'socket'}:${row?.port ?? ''}/${row?.name ?? ''}/${row?.schema ?? ''}`;
}

/** `ledger-witness-<12 hex of the database's identity>.jsonl` (docs/ledger.md, "The witness file"). */
export function defaultWitnessName(identity: string): string {
  return WITNESS_FILE_NAME.replace('.jsonl', `-${createHash('sha256').update(identity).digest('hex').slice(0, 12)}.jsonl`);
}

/** An attempt's official result as the ledger recorded it (Ledger.recordedResults). */
export interface RecordedResult {
  /** The seq of the entry that set scaled and passed (the result, or its latest adjustment). */
  readonly seq: number;
  readonly userId: string | null;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly finishedAt: string;
  readonly scaled: number;
  readonly passed: boolean;
}

/** A joint-exercise result as the ledger recorded it (Ledger.recordedExerciseResults). */
export interface RecordedExerciseResult {
  readonly seq: number;
  readonly userId: string | null;
  readonly sessionId: string;
  readonly exerciseId: string;
  readonly courseId: string;
  readonly roleId: string;
  readonly roleScore: number;
  readonly teamScore: number;
  readonly finishedAt: string;
}

export function checkpointOfRow(row: Selectable<LedgerCheckpointsTable>): SignedLedgerHead {
  return {
    origin: row.origin,
    seq: Number(row.seq),
    root: row.root,
    hash: row.hash,
    signedAt: row.signed_at,
    signature: row.signature,
    keyId: row.key_id,
    note: row.note,
  };
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
  readonly #origin: string;
  readonly #witnessFile: string;
  readonly #alarm: (message: string) => void;
  /** The latest checkpoint this server signed or found in its witness file. */
  #lastSigned: SignedLedgerHead | undefined;
  /** Witness writes, one after another, so the file's lines keep their order. */
  #witnessQueue: Promise<void> = Promise.resolve();
  /**
   * The tree after this transaction's own last append: a second append in one transaction (the
   * demo seeder's batches) extends it instead of reading the log again; the head stays locked
   * by the transaction in between.
   */
  readonly #inTransaction = new WeakMap<object, { readonly seq: number; readonly hash: string; readonly builder: TreeBuilder }>();

  private constructor(database: Database, key: LedgerKey, options: LedgerOptions, witnessFile: string) {
    this.#database = database;
    this.#key = key;
    this.#now = options.now ?? (() => new Date());
    this.#origin = options.origin !== undefined && options.origin !== '' ? options.origin : 'shixun-ledger';
    this.#witnessFile = witnessFile;
    this.#alarm = options.alarm ?? ((message) => console.error(message));
  }

  /**
   * Loads (or makes) the signing key and checks it against the key the database's log was
   * signed with, recording it on first use. Refuses another key: checkpoints it signed would not
   * verify against the published key. Then checks the stored log against the latest checkpoint in
   * the witness file and in the database, and refuses to start (LedgerIntegrityError) when the
   * log does not extend them.
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
    // Kept so checkpoints signed with this key stay checkable after a deliberate rotation.
    await db
      .insertInto('ledger_keys')
      .values({ key_id: key.keyId, public_key: key.publicKeyPem, first_used: now().toISOString() })
      .onConflict((c) => c.column('key_id').doNothing())
      .execute();

    const witnessFile =
      options.witnessFile !== undefined && options.witnessFile !== ''
        ? options.witnessFile
        : path.join(options.keyDir, defaultWitnessName(await databaseIdentity(database)));
    const ledger = new Ledger(database, key, options, witnessFile);
    try {
      ledger.#lastSigned = await latestWitnessed(witnessFile, key.publicKey, key.keyId);
    } catch (error) {
      if (!(error instanceof WitnessFileError)) throw error;
      throw ledger.#integrityFailure(`${error.message} The server refuses to start.`);
    }
    await ledger.#firstCheckpoint();
    const check = await ledger.check();
    if (!check.ok)
      throw ledger.#integrityFailure(`${check.problem} The server refuses to start (docs/ledger.md, "When the check fails").`);
    // The witness may lag by the checkpoints signed just before a crash: they verified above.
    if (ledger.#lastSigned === undefined || ledger.#lastSigned.seq < check.checkpoint.seq) ledger.#witness(check.checkpoint);
    await ledger.#witnessQueue;
    return ledger;
  }

  /**
   * A log with no stored checkpoint (a fresh database, or one from before checkpoints existed)
   * gets its first one, signed over the log as it stands: the one time the server signs what it
   * finds. Refused when the witness file already holds a checkpoint: then the database's
   * checkpoints were deleted.
   */
  async #firstCheckpoint(): Promise<void> {
    const any = await this.#database.db.selectFrom('ledger_checkpoints').select('seq').limit(1).executeTakeFirst();
    if (any !== undefined) return;
    if (this.#lastSigned !== undefined) {
      throw this.#integrityFailure(
        `The database holds no ledger checkpoint, but the witness file ${this.#witnessFile} holds one of ${this.#lastSigned.seq} entries: the checkpoints were deleted from the database, or this is another database. The server refuses to start. If you started over with a new database on purpose, move the witness file away (keep it as a record of the old log).`,
      );
    }
    await writeTransaction(this.#database, async (trx) => {
      const head = await this.#lockHead(trx);
      const again = await trx.selectFrom('ledger_checkpoints').select('seq').limit(1).executeTakeFirst();
      if (again !== undefined) return;
      const tree = await this.#readLog(trx, Number(head.seq), undefined);
      if (tree.problem !== undefined) throw this.#integrityFailure(`${tree.problem} The server refuses to start.`);
      if (Number(head.seq) > 0)
        this.#alarm(
          `Ledger: the log's ${Number(head.seq)} entries had no checkpoint yet; signing the first one over the log as stored (docs/ledger.md, "Upgrading").`,
        );
      await this.#sign(trx, Number(head.seq), tree.builder, head.hash);
    });
  }

  get keyId(): string {
    return this.#key.keyId;
  }

  get publicKeyPem(): string {
    return this.#key.publicKeyPem;
  }

  get witnessFile(): string {
    return this.#witnessFile;
  }

  /** Whether the key was given, made at this start or reused (for the start-up message). */
  get keySource(): LedgerKey['source'] {
    return this.#key.source;
  }

  #integrityFailure(problem: string): LedgerIntegrityError {
    const message = `LEDGER INTEGRITY FAILURE: ${problem}`;
    this.#alarm(message);
    return new LedgerIntegrityError(message);
  }

  #lockHead(trx: Kysely<DatabaseSchema>): Promise<{ seq: number; hash: string }> {
    const query = trx.selectFrom('ledger_head').select(['seq', 'hash']).where('id', '=', 1);
    // SQLite's BEGIN IMMEDIATE already holds the write lock; PostgreSQL locks the row.
    return (this.#database.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst().then((head) => {
      if (head === undefined)
        throw new Error(
          'The ledger head row is missing from ledger_head: the database was changed by hand. Restore it from a backup.',
        );
      return head;
    });
  }

  /**
   * Reads entries 1..size a page at a time, checking seq order and the hash chain, into a Merkle
   * tree; compares its root with `witness` when the tree reaches that size. Never throws for a
   * bad log: says what is wrong.
   */
  async #readLog(
    db: Kysely<DatabaseSchema>,
    size: number,
    witness: SignedLedgerHead | undefined,
  ): Promise<{ builder: TreeBuilder; hash: string; problem: string | undefined }> {
    const builder = new TreeBuilder();
    let previous = ZERO_HASH;
    const atWitness = (): string | undefined =>
      witness !== undefined && builder.size === witness.seq && builder.root().toString('hex') !== witness.root
        ? `the stored log's first ${witness.seq} entries do not have the root of the checkpoint of size ${witness.seq} signed at ${witness.signedAt}: an entry up to seq ${witness.seq} was changed, removed or rewritten.`
        : undefined;
    let problem = atWitness();
    if (problem !== undefined) return { builder, hash: previous, problem };
    while (builder.size < size) {
      const rows = await db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('seq', '>', builder.size)
        .where('seq', '<=', size)
        .orderBy('seq')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        const entry = entryOfRow(row);
        const expected = builder.size + 1;
        if (entry.seq !== expected)
          return { builder, hash: previous, problem: `entry ${expected} is missing from the stored log.` };
        if (entryHash(entry) !== entry.hash || entry.prev !== previous)
          return {
            builder,
            hash: previous,
            problem: `entry ${expected}'s hash chain is broken: it was changed in the database.`,
          };
        builder.push(entryLeaf(entry));
        previous = entry.hash;
        problem = atWitness();
        if (problem !== undefined) return { builder, hash: previous, problem };
      }
    }
    if (builder.size < size)
      return { builder, hash: previous, problem: `entries ${builder.size + 1}–${size} are missing from the stored log.` };
    return { builder, hash: previous, problem: undefined };
  }

  /**
   * The stored log against the checkpoints: the latest stored checkpoint must be of the head's
   * size, signed by this key, and the log's root; the log must extend the last checkpoint this
   * server signed (its witness). Reads the whole log: run at start, before each append and for reports.
   */
  async #checkWithin(
    db: Kysely<DatabaseSchema>,
    head: { seq: number; hash: string },
  ): Promise<
    | { ok: true; builder: TreeBuilder; checkpoint: SignedLedgerHead }
    | { ok: false; problem: string; checkpoint: SignedLedgerHead | undefined }
  > {
    const size = Number(head.seq);
    const witness = this.#lastSigned;
    const row = await db.selectFrom('ledger_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const stored = row === undefined ? undefined : checkpointOfRow(row);
    const fail = (problem: string) => ({ ok: false as const, problem, checkpoint: witness ?? stored });
    if (witness !== undefined && witness.seq > size)
      return fail(
        `the stored log holds ${size} entries, but this server signed a checkpoint of ${witness.seq} entries at ${witness.signedAt} (witness file ${this.#witnessFile}): entries were removed from the end.`,
      );
    if (stored === undefined) return fail('the database holds no ledger checkpoint: the checkpoints were deleted.');
    if (stored.keyId !== this.#key.keyId || !checkpointSignatureValid(this.#key.publicKey, stored))
      return fail(
        `the latest stored checkpoint (size ${stored.seq}) is not signed by this server's key: it was written around the server.`,
      );
    if (stored.seq !== size)
      return fail(
        `the ledger head says ${size} entries but the latest stored checkpoint is of ${stored.seq}: ${stored.seq > size ? 'entries were removed' : 'entries were added without a checkpoint'}.`,
      );
    const tree = await this.#readLog(db, size, witness);
    if (tree.problem !== undefined) return fail(tree.problem);
    if (tree.builder.root().toString('hex') !== stored.root || tree.hash !== stored.hash || head.hash !== stored.hash)
      return fail(
        `the stored log's root does not match its latest checkpoint (size ${size}): an entry was changed in the database.`,
      );
    return { ok: true, builder: tree.builder, checkpoint: stored };
  }

  /** Checks the stored log now, read-only (reports and the start-up check). Reads the whole log. */
  async check(): Promise<LedgerCheck> {
    const db = this.#database.db;
    const head = await db.selectFrom('ledger_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    if (head === undefined) return { ok: false, problem: 'the ledger head row is missing.', checkpoint: this.#lastSigned };
    const result = await this.#checkWithin(db, head);
    return result.ok
      ? { ok: true, checkpoint: result.checkpoint }
      : { ok: false, problem: result.problem, checkpoint: result.checkpoint };
  }

  async #sign(trx: Kysely<DatabaseSchema>, seq: number, builder: TreeBuilder, hash: string): Promise<SignedLedgerHead> {
    const checkpoint = signCheckpoint(this.#key.privateKey, this.#key.keyId, {
      origin: this.#origin,
      seq,
      root: builder.root().toString('hex'),
      hash,
      signedAt: this.#now().toISOString(),
    });
    await trx
      .insertInto('ledger_checkpoints')
      .values({
        seq,
        origin: checkpoint.origin,
        root: checkpoint.root,
        hash: checkpoint.hash,
        signed_at: checkpoint.signedAt,
        key_id: checkpoint.keyId,
        signature: checkpoint.signature,
        note: checkpoint.note,
      })
      .execute();
    onCommit(trx, () => this.#witness(checkpoint));
    return checkpoint;
  }

  /** Appends a committed checkpoint to the witness file; a failure is reported loudly, never thrown. */
  #witness(checkpoint: SignedLedgerHead): void {
    if (this.#lastSigned === undefined || checkpoint.seq > this.#lastSigned.seq) this.#lastSigned = checkpoint;
    this.#witnessQueue = this.#witnessQueue.then(() =>
      appendWitness(this.#witnessFile, checkpoint).catch((error: unknown) => {
        this.#alarm(
          `LEDGER WITNESS: the checkpoint of size ${checkpoint.seq} could not be appended to ${this.#witnessFile} (${error instanceof Error ? error.message : String(error)}): fix the path or its permissions.`,
        );
      }),
    );
  }

  /** Resolves once every checkpoint signed so far is in the witness file (tests, shutdown). */
  async witnessed(): Promise<void> {
    await this.#witnessQueue;
  }

  /**
   * Appends an entry inside the caller's write transaction (server/db/write-transaction.ts):
   * it commits or rolls back with the caller's own rows. The head row is locked until then.
   * First checks the stored log against the last checkpoints (LedgerIntegrityError when it does
   * not extend them), reading the whole log once per transaction, then signs and stores the
   * checkpoint of the new size.
   */
  async appendWithin(trx: Kysely<DatabaseSchema>, kind: LedgerKind, payload: LedgerPayload): Promise<LedgerEntry> {
    const head = await this.#lockHead(trx);
    const earlier = this.#inTransaction.get(trx);
    const checked =
      earlier !== undefined && earlier.seq === Number(head.seq) && earlier.hash === head.hash
        ? { ok: true as const, builder: earlier.builder }
        : await this.#checkWithin(trx, head);
    if (!checked.ok) {
      this.#integrityFailure(`${checked.problem} The append (and the write it belongs to) was refused.`);
      throw new LedgerIntegrityError(
        `Results cannot be recorded now: the ledger failed its integrity check (${checked.problem}) An administrator must look at the server log (docs/ledger.md, "When the check fails").`,
      );
    }
    const stored = canonicalJson(payload);
    const content = {
      seq: Number(head.seq) + 1,
      kind,
      recordedAt: this.#now().toISOString(),
      payload: JSON.parse(stored) as LedgerPayload,
      prev: head.hash,
    };
    const hash = entryHash(content);
    const entry: LedgerEntry = { ...content, hash };
    const attemptId =
      typeof payload.attemptId === 'string' ? payload.attemptId : typeof payload.resultId === 'string' ? payload.resultId : null;
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
    const builder = checked.builder.clone();
    builder.push(entryLeaf(entry));
    await this.#sign(trx, content.seq, builder, hash);
    this.#inTransaction.set(trx, { seq: content.seq, hash, builder });
    return entry;
  }

  /**
   * The checkpoint reports and exports carry: the latest stored one, or the last this server
   * signed when the database's is older (entries were removed). Never signs.
   */
  readonly latestCheckpoint = async (): Promise<SignedLedgerHead> => {
    const row = await this.#database.db
      .selectFrom('ledger_checkpoints')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const stored = row === undefined ? undefined : checkpointOfRow(row);
    const mine = this.#lastSigned;
    if (stored !== undefined && (mine === undefined || stored.seq >= mine.seq)) return stored;
    if (mine !== undefined) return mine;
    throw new LedgerIntegrityError('The database holds no ledger checkpoint: restart the server to have the log checked.');
  };

  /**
   * What the ledger recorded as each attempt's official result: its `result` entry with the latest
   * `adjustment` applied. Attempts without a `result` entry are absent. For the reports, which mark
   * rows the ledger does not back.
   */
  async recordedResults(attemptIds: readonly string[]): Promise<ReadonlyMap<string, RecordedResult>> {
    const out = new Map<string, RecordedResult>();
    for (let start = 0; start < attemptIds.length; start += 500) {
      const rows = await this.#database.db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('attempt_id', 'in', attemptIds.slice(start, start + 500))
        .orderBy('seq')
        .execute();
      for (const row of rows) {
        const { kind, payload, seq } = entryOfRow(row);
        const attemptId = String(payload.attemptId);
        const seen = out.get(attemptId);
        if (kind === 'result' && seen === undefined) {
          out.set(attemptId, {
            seq,
            userId: typeof payload.userId === 'string' ? payload.userId : null,
            courseId: String(payload.courseId),
            courseVersion: String(payload.courseVersion),
            finishedAt: String(payload.finishedAt),
            scaled: Number(payload.scaled),
            passed: payload.passed === true,
          });
        } else if (kind === 'adjustment' && seen !== undefined) {
          out.set(attemptId, { ...seen, seq, scaled: Number(payload.scaled), passed: payload.passed === true });
        }
      }
    }
    return out;
  }

  /**
   * What the ledger recorded of each joint-exercise result: its `exercise-result` entry. Results
   * without one are absent. For the reports, which mark rows the ledger does not back.
   */
  async recordedExerciseResults(resultIds: readonly string[]): Promise<ReadonlyMap<string, RecordedExerciseResult>> {
    const out = new Map<string, RecordedExerciseResult>();
    for (let start = 0; start < resultIds.length; start += 500) {
      const rows = await this.#database.db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('attempt_id', 'in', resultIds.slice(start, start + 500))
        .where('kind', '=', 'exercise-result')
        .orderBy('seq')
        .execute();
      for (const row of rows) {
        const { payload, seq } = entryOfRow(row);
        const resultId = String(payload.resultId);
        if (out.has(resultId)) continue;
        out.set(resultId, {
          seq,
          userId: typeof payload.userId === 'string' ? payload.userId : null,
          sessionId: String(payload.sessionId),
          exerciseId: String(payload.exerciseId),
          courseId: String(payload.courseId),
          roleId: String(payload.roleId),
          roleScore: Number(payload.roleScore),
          teamScore: Number(payload.teamScore),
          finishedAt: String(payload.finishedAt),
        });
      }
    }
    return out;
  }

  /** The entries about one attempt (its grading, then each adjustment), oldest first. */
  async entriesForAttempt(db: Kysely<DatabaseSchema>, attemptId: string): Promise<LedgerEntry[]> {
    const rows = await db.selectFrom('ledger_entries').selectAll().where('attempt_id', '=', attemptId).orderBy('seq').execute();
    return rows.map(entryOfRow);
  }
}
