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
import type { LedgerEntry, LedgerProof, LedgerRotation, SignedLedgerHead } from '../../src/contracts/report-types.ts';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { onCommit, writeTransaction } from '../db/write-transaction.ts';
import { ClientError } from '../http/api-errors.ts';
import { canonicalJson } from '../xapi/canonical-json.ts';
import { ZERO_HASH, entryHash, entryLeaf, keyChain, signCheckpoint, signedByChain } from './chain.ts';
import type { ChainKey, LedgerKind } from './chain.ts';
import { loadLedgerKey } from './ledger-key.ts';
import type { LedgerKey, LoadLedgerKeyOptions } from './ledger-key.ts';
import { TreeBuilder, inclusionProof } from './merkle.ts';
import type { LedgerCheckpointsTable, LedgerEntriesTable, LedgerRotationsTable } from './tables.ts';
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
  /**
   * SHIXUN_LEDGER_FULL_CHECK_EVERY: every how many appends (in this process) the append re-reads
   * the whole log instead of extending the checked frontier. Default 1000; 1 checks the whole log
   * at every append.
   */
  readonly fullCheckEvery?: number | undefined;
}

/** Appends between two full checks of the log, unless the options say otherwise. */
export const FULL_CHECK_EVERY = 1000;

/** SHIXUN_LEDGER_FULL_CHECK_EVERY: a whole number of appends of at least 1, or unset for the default. */
export function fullCheckEveryFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const every = Number(value);
  if (!Number.isSafeInteger(every) || every < 1)
    throw new Error(
      `SHIXUN_LEDGER_FULL_CHECK_EVERY=${value} is not a whole number of appends of at least 1: leave it unset for ${FULL_CHECK_EVERY}, or set 1 to check the whole log at every append.`,
    );
  return every;
}

/** The tree of entries 1..seq as this process checked it against a signed checkpoint. */
interface CheckedTree {
  readonly seq: number;
  readonly hash: string;
  readonly builder: TreeBuilder;
}

/** ledger_head.frontier: the frontier's hashes as a JSON list of hex, largest subtree first. */
export function frontierText(builder: TreeBuilder): string {
  return JSON.stringify(builder.frontier().map((hash) => hash.toString('hex')));
}

/** The tree of `size` entries from ledger_head.frontier; undefined when the text is not one. */
export function frontierBuilder(text: string | null, size: number): TreeBuilder | undefined {
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || !value.every((hash) => typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash))) return undefined;
  return TreeBuilder.fromFrontier(
    size,
    (value as string[]).map((hash) => Buffer.from(hash, 'hex')),
  );
}

interface HeadRow {
  readonly seq: number;
  readonly hash: string;
  readonly frontier: string | null;
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
  /** The learner's department and rank when the result was made; undefined in entries that do not record them. */
  readonly assignment?: { readonly department: string | null; readonly rank: string | null };
}

/** The department and rank a result entry records, where it records them (entries since migration 0027). */
function assignmentOfPayload(payload: LedgerPayload): { assignment?: { department: string | null; rank: string | null } } {
  if (!Object.hasOwn(payload, 'department') && !Object.hasOwn(payload, 'rank')) return {};
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { assignment: { department: text(payload.department), rank: text(payload.rank) } };
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
  /** As in RecordedResult. */
  readonly assignment?: { readonly department: string | null; readonly rank: string | null };
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

export function rotationOfRow(row: Selectable<LedgerRotationsTable>): LedgerRotation {
  return {
    origin: row.origin,
    seq: Number(row.seq),
    root: row.root,
    hash: row.hash,
    signedAt: row.signed_at,
    oldKeyId: row.old_key_id,
    oldPublicKey: row.old_public_key,
    newKeyId: row.new_key_id,
    newPublicKey: row.new_public_key,
    oldSignature: row.old_signature,
    newSignature: row.new_signature,
    note: row.note,
  };
}

/** The database's key rotations, oldest first. */
export async function storedRotations(db: Kysely<DatabaseSchema>): Promise<LedgerRotation[]> {
  const rows = await db.selectFrom('ledger_rotations').selectAll().orderBy('seq').orderBy('signed_at').execute();
  return rows.map(rotationOfRow);
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
  readonly #inTransaction = new WeakMap<object, CheckedTree>();
  /**
   * The tree this process last checked against a signed checkpoint (at start, then after each
   * committed append): an append extends it by the entries other instances appended since, so a
   * log rolled back or forked under this process is caught without reading it all.
   */
  #checked: CheckedTree | undefined;
  readonly #fullCheckEvery: number;
  #appendsSinceFullCheck = 0;
  /**
   * The keys whose checkpoints count: this server's, and those it replaced by rotations (each up
   * to its rotation's size), read at start.
   */
  #keys: ReadonlyMap<string, ChainKey> = new Map();
  /** The rotations that link them, oldest first: the log must have each one's root at its size. */
  #rotations: readonly LedgerRotation[] = [];

  private constructor(database: Database, key: LedgerKey, options: LedgerOptions, witnessFile: string) {
    this.#database = database;
    this.#key = key;
    this.#now = options.now ?? (() => new Date());
    this.#origin = options.origin !== undefined && options.origin !== '' ? options.origin : 'shixun-ledger';
    this.#witnessFile = witnessFile;
    this.#alarm = options.alarm ?? ((message) => console.error(message));
    const every = options.fullCheckEvery;
    this.#fullCheckEvery = every !== undefined && Number.isSafeInteger(every) && every >= 1 ? every : FULL_CHECK_EVERY;
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
    const rotations = await storedRotations(db);
    const retired = rotations.find((rotation) => rotation.oldKeyId === key.keyId);
    if (head.key_id !== key.keyId && retired !== undefined)
      throw new Error(
        `This server's ledger key ${key.file} (${key.keyId}) was retired by the key rotation of ${retired.signedAt} at ${retired.seq} entries: the log is now signed with the key ${retired.newKeyId}. ` +
          'Give every instance the new key (SHIXUN_LEDGER_KEY_FILE, or DATA_DIR/ledger/ledger-key.pem), as "Key rotation" in docs/ledger.md says.',
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
    const chain = keyChain(key.publicKey, rotations);
    const unlinked = 'problem' in chain ? undefined : rotations.find((rotation) => !chain.used.includes(rotation));
    if ('problem' in chain || chain.current !== key.keyId || unlinked !== undefined)
      throw ledger.#integrityFailure(
        `${'problem' in chain ? chain.problem : unlinked !== undefined ? `the key rotation at size ${unlinked.seq} (${unlinked.oldKeyId.slice(0, 12)}… to ${unlinked.newKeyId.slice(0, 12)}…) does not lead to this server's key` : `this server's key was rotated away`}: ledger_rotations was written around the server. The server refuses to start.`,
      );
    ledger.#keys = chain.keys;
    ledger.#rotations = chain.used;
    try {
      ledger.#lastSigned = await latestWitnessed(witnessFile, chain.keys);
    } catch (error) {
      if (!(error instanceof WitnessFileError)) throw error;
      throw ledger.#integrityFailure(`${error.message} The server refuses to start.`);
    }
    await ledger.#firstCheckpoint();
    // The full check: every entry read and hashed against the checkpoints and the stored frontier.
    const checked = await writeTransaction(database, async (trx) => {
      const locked = await ledger.#lockHead(trx);
      const check = await ledger.#checkWithin(trx, locked);
      if (!check.ok) return check;
      // A database from before migration 0014 gets its frontier from the log just checked.
      if (locked.frontier === null)
        await trx
          .updateTable('ledger_head')
          .set({ frontier: frontierText(check.builder) })
          .where('id', '=', 1)
          .execute();
      return { ...check, hash: locked.hash };
    });
    if (!checked.ok)
      throw ledger.#integrityFailure(`${checked.problem} The server refuses to start (docs/ledger.md, "When the check fails").`);
    ledger.#checked = { seq: checked.checkpoint.seq, hash: checked.hash, builder: checked.builder };
    // The witness may lag by the checkpoints signed just before a crash: they verified above.
    if (ledger.#lastSigned === undefined || ledger.#lastSigned.seq < checked.checkpoint.seq) ledger.#witness(checked.checkpoint);
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
      await trx
        .updateTable('ledger_head')
        .set({ frontier: frontierText(tree.builder) })
        .where('id', '=', 1)
        .execute();
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

  #lockHead(trx: Kysely<DatabaseSchema>): Promise<HeadRow> {
    const query = trx.selectFrom('ledger_head').select(['seq', 'hash', 'frontier']).where('id', '=', 1);
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
   * Reads entries 1..size (or, given `from`, the entries after it) a page at a time, checking seq
   * order and the hash chain, into a Merkle tree; compares its root with `witness` when the tree
   * reaches that size. Never throws for a bad log: says what is wrong.
   */
  async #readLog(
    db: Kysely<DatabaseSchema>,
    size: number,
    witness: SignedLedgerHead | undefined,
    from?: CheckedTree,
    collect?: (entry: LedgerEntry, leaf: Buffer) => void,
  ): Promise<{ builder: TreeBuilder; hash: string; problem: string | undefined }> {
    const builder = from === undefined ? new TreeBuilder() : from.builder.clone();
    let previous = from === undefined ? ZERO_HASH : from.hash;
    const atWitness = (): string | undefined => {
      if (witness !== undefined && builder.size === witness.seq && builder.root().toString('hex') !== witness.root)
        return `the stored log's first ${witness.seq} entries do not have the root of the checkpoint of size ${witness.seq} signed at ${witness.signedAt}: an entry up to seq ${witness.seq} was changed, removed or rewritten.`;
      const rotation = this.#rotations.find((r) => r.seq === builder.size);
      if (rotation !== undefined && (builder.root().toString('hex') !== rotation.root || previous !== rotation.hash))
        return `the stored log's first ${rotation.seq} entries do not have the root of the key rotation signed at ${rotation.signedAt}: an entry up to seq ${rotation.seq} was changed, removed or rewritten.`;
      return undefined;
    };
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
        const leaf = entryLeaf(entry);
        builder.push(leaf);
        collect?.(entry, leaf);
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
    head: HeadRow,
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
    const lastRotation = this.#rotations[this.#rotations.length - 1];
    if (lastRotation !== undefined && lastRotation.seq > size)
      return fail(
        `the stored log holds ${size} entries, but the key rotation of ${lastRotation.signedAt} was signed at ${lastRotation.seq}: entries were removed from the end.`,
      );
    if (stored === undefined) return fail('the database holds no ledger checkpoint: the checkpoints were deleted.');
    if (!signedByChain(this.#keys, stored))
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
    if (head.frontier !== null && head.frontier !== frontierText(tree.builder)) return fail(this.#frontierProblem(size));
    return { ok: true, builder: tree.builder, checkpoint: stored };
  }

  #frontierProblem(size: number): string {
    return `the Merkle frontier stored in ledger_head is not that of the log's latest checkpoint (size ${size}): it was changed in the database.`;
  }

  /**
   * The check before an append, without reading the whole log: the latest stored checkpoint must
   * be of the head's size, signed by this key, with the head's chain hash; the last entry must
   * hash to the head; the stored frontier must fold to the checkpoint's root; and the log must
   * extend the tree this process last checked (only the entries appended since, by other
   * instances, are read and hashed). Returns the tree to extend: the stored frontier.
   */
  async #checkIncremental(
    db: Kysely<DatabaseSchema>,
    head: HeadRow,
    mine: CheckedTree,
  ): Promise<{ ok: true; builder: TreeBuilder } | { ok: false; problem: string }> {
    const size = Number(head.seq);
    const fail = (problem: string) => ({ ok: false as const, problem });
    const witness = this.#lastSigned;
    if (witness !== undefined && witness.seq > size)
      return fail(
        `the stored log holds ${size} entries, but this server signed a checkpoint of ${witness.seq} entries at ${witness.signedAt} (witness file ${this.#witnessFile}): entries were removed from the end.`,
      );
    if (mine.seq > size)
      return fail(
        `the stored log holds ${size} entries, but this server checked it at ${mine.seq} entries: entries were removed from the end.`,
      );
    const row = await db.selectFrom('ledger_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (row === undefined) return fail('the database holds no ledger checkpoint: the checkpoints were deleted.');
    const stored = checkpointOfRow(row);
    if (!signedByChain(this.#keys, stored))
      return fail(
        `the latest stored checkpoint (size ${stored.seq}) is not signed by this server's key: it was written around the server.`,
      );
    if (stored.seq !== size)
      return fail(
        `the ledger head says ${size} entries but the latest stored checkpoint is of ${stored.seq}: ${stored.seq > size ? 'entries were removed' : 'entries were added without a checkpoint'}.`,
      );
    if (head.hash !== stored.hash)
      return fail(
        `the ledger head's hash is not the chain hash of its latest checkpoint (size ${size}): the log was rewritten in the database.`,
      );
    if (size > 0) {
      const last = await db.selectFrom('ledger_entries').selectAll().where('seq', '=', size).executeTakeFirst();
      if (last === undefined) return fail(`entry ${size} is missing from the stored log.`);
      const entry = entryOfRow(last);
      if (entryHash(entry) !== entry.hash || entry.hash !== head.hash)
        return fail(`entry ${size}'s hash chain is broken: it was changed in the database.`);
    }
    const builder = frontierBuilder(head.frontier, size);
    if (builder === undefined || builder.root().toString('hex') !== stored.root) return fail(this.#frontierProblem(size));
    // What this process checked before must be a prefix: re-read only what was appended since.
    const since =
      mine.seq === size
        ? { builder: mine.builder, hash: mine.hash, problem: undefined }
        : await this.#readLog(db, size, witness, mine);
    if (since.problem !== undefined) return fail(since.problem);
    if (since.hash !== head.hash || since.builder.root().toString('hex') !== stored.root)
      return fail(
        `the stored log does not extend the ${mine.seq} entries this server checked before: an entry up to seq ${mine.seq} was changed, removed or rewritten.`,
      );
    return { ok: true, builder };
  }

  /** Checks the stored log now, read-only (reports and the start-up check). Reads the whole log. */
  async check(): Promise<LedgerCheck> {
    const db = this.#database.db;
    const head = await db.selectFrom('ledger_head').select(['seq', 'hash', 'frontier']).where('id', '=', 1).executeTakeFirst();
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

  /** The check an append runs: incremental, or the whole log every fullCheckEvery appends. */
  async #checkForAppend(
    trx: Kysely<DatabaseSchema>,
    head: HeadRow,
  ): Promise<{ ok: true; builder: TreeBuilder; full: boolean } | { ok: false; problem: string }> {
    const mine = this.#checked;
    if (mine !== undefined && this.#appendsSinceFullCheck + 1 < this.#fullCheckEvery) {
      const checked = await this.#checkIncremental(trx, head, mine);
      return checked.ok ? { ...checked, full: false } : checked;
    }
    const checked = await this.#checkWithin(trx, head);
    return checked.ok ? { ok: true, builder: checked.builder, full: true } : checked;
  }

  /**
   * Appends an entry inside the caller's write transaction (server/db/write-transaction.ts):
   * it commits or rolls back with the caller's own rows. The head row is locked until then.
   * First checks the stored log against the last checkpoints (LedgerIntegrityError when it does
   * not extend them): incrementally, from the stored frontier, once per transaction, and the
   * whole log every fullCheckEvery appends. Then signs and stores the checkpoint of the new size
   * and the new frontier.
   */
  async appendWithin(trx: Kysely<DatabaseSchema>, kind: LedgerKind, payload: LedgerPayload): Promise<LedgerEntry> {
    const head = await this.#lockHead(trx);
    const earlier = this.#inTransaction.get(trx);
    const checked =
      earlier !== undefined && earlier.seq === Number(head.seq) && earlier.hash === head.hash
        ? { ok: true as const, builder: earlier.builder, full: false }
        : await this.#checkForAppend(trx, head);
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
    const builder = checked.builder.clone();
    builder.push(entryLeaf(entry));
    await trx
      .updateTable('ledger_head')
      .set({ seq: content.seq, hash, frontier: frontierText(builder) })
      .where('id', '=', 1)
      .execute();
    await this.#sign(trx, content.seq, builder, hash);
    const after: CheckedTree = { seq: content.seq, hash, builder };
    this.#inTransaction.set(trx, after);
    onCommit(trx, () => {
      if (this.#checked === undefined || after.seq > this.#checked.seq) this.#checked = after;
      this.#appendsSinceFullCheck = checked.full ? 0 : this.#appendsSinceFullCheck + 1;
    });
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
            ...assignmentOfPayload(payload),
          });
        } else if (kind === 'adjustment' && seen !== undefined) {
          out.set(attemptId, { ...seen, seq, scaled: Number(payload.scaled), passed: payload.passed === true });
        }
      }
    }
    return out;
  }

  /** Entry `seq` as stored, with the attempt it is about; undefined when the log holds none. */
  async entryAt(seq: number): Promise<{ entry: LedgerEntry; attemptId: string | null } | undefined> {
    const row = await this.#database.db.selectFrom('ledger_entries').selectAll().where('seq', '=', seq).executeTakeFirst();
    return row === undefined ? undefined : { entry: entryOfRow(row), attemptId: row.attempt_id };
  }

  /**
   * The RFC 9162 inclusion proof of entry `seq` in the tree of the latest checkpoint (never signs):
   * undefined when the checkpoint does not cover `seq`. Reads the whole log up to the checkpoint,
   * checking its chain and root on the way; LedgerIntegrityError when they do not match (no proof
   * is given for a changed log).
   */
  async inclusionProof(seq: number): Promise<LedgerProof | undefined> {
    const checkpoint = await this.latestCheckpoint();
    if (!Number.isSafeInteger(seq) || seq < 1 || seq > checkpoint.seq) return undefined;
    const leaves: Buffer[] = [];
    let entry: LedgerEntry | undefined;
    const tree = await this.#readLog(this.#database.db, checkpoint.seq, undefined, undefined, (read, leaf) => {
      leaves.push(leaf);
      if (read.seq === seq) entry = read;
    });
    const problem =
      tree.problem ??
      (tree.builder.root().toString('hex') !== checkpoint.root || tree.hash !== checkpoint.hash
        ? `the stored log's root does not match its latest checkpoint (size ${checkpoint.seq}): an entry was changed in the database.`
        : undefined);
    if (problem !== undefined || entry === undefined) {
      const why = problem ?? `entry ${seq} is missing from the stored log.`;
      this.#integrityFailure(`${why} No inclusion proof was given.`);
      throw new LedgerIntegrityError(
        `No inclusion proof can be given now: the ledger failed its integrity check (${why}) An administrator must look at the server log (docs/ledger.md, "When the check fails").`,
      );
    }
    return {
      format: 'shixun-ledger-proof',
      formatVersion: 1,
      entry,
      leafIndex: seq - 1,
      leafHash: (leaves[seq - 1] as Buffer).toString('hex'),
      proof: inclusionProof(seq - 1, leaves).map((hash) => hash.toString('hex')),
      checkpoint,
      ...(this.#rotations.length > 0 ? { rotations: this.#rotations } : {}),
    };
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
          ...assignmentOfPayload(payload),
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
