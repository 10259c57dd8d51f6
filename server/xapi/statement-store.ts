// Statements in the database: all-or-nothing batch writes with idempotent retries and voiding
// (concurrent writes share commits, group-commit.ts), single fetches, and filtered, paged
// queries (including statements that target matches).
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import type { ReceivedAttachment } from './attachments.ts';
import { enqueueForForwarding } from './forward-queue.ts';
import { GroupCommitter } from './group-commit.ts';
import type { GroupCommitOptions, Outcome } from './group-commit.ts';
import { conflictError, idsToLookUp, planGroupWrite } from './group-commit-plan.ts';
import type { KnownStatement, StoreRequest } from './group-commit-plan.ts';
import { sameStatement } from './statement-compare.ts';
import type { PreparedStatement } from './statement-prepare.ts';
import type { QueryPosition, StatementFilter, StatementQuery } from './statement-query.ts';
import type { Actor, Agent, StoredStatement } from './types.ts';

/** Rows per INSERT: well under the bound-parameter limits of SQLite (32,766) and PostgreSQL (65,535). */
const CHUNK = 100;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

export interface QueryPage {
  readonly statements: StoredStatement[];
  /** Where the last statement returned stands, when more match. */
  readonly continueAfter?: QueryPosition;
}

type MatchScope = ExpressionBuilder<DatabaseSchema & { m: DatabaseSchema['xapi_statements'] }, 'm'>;

function relations(related: boolean): Array<'direct' | 'related'> {
  return related ? ['direct', 'related'] : ['direct'];
}

/** The non-time filters, applied to the statement `m` itself. */
function matches(filter: StatementFilter) {
  return (eb: MatchScope) => {
    const conditions = [];
    if (filter.verb !== undefined) conditions.push(eb('m.verb_id', '=', filter.verb));
    if (filter.registration !== undefined) conditions.push(eb('m.registration', '=', filter.registration));
    if (filter.agent !== undefined) {
      const agents = eb
        .selectFrom('xapi_statement_agents as a')
        .select('a.statement_id')
        .whereRef('a.statement_id', '=', 'm.id')
        .where('a.agent_key', '=', filter.agent)
        .where('a.relation', 'in', relations(filter.relatedAgents));
      conditions.push(eb.exists(agents));
    }
    if (filter.activity !== undefined) {
      const activities = eb
        .selectFrom('xapi_statement_activities as x')
        .select('x.statement_id')
        .whereRef('x.statement_id', '=', 'm.id')
        .where('x.activity_id', '=', filter.activity)
        .where('x.relation', 'in', relations(filter.relatedActivities));
      conditions.push(eb.exists(activities));
    }
    return eb.and(conditions);
  };
}

export interface StatementStoreOptions {
  /** Put every newly stored statement in the forward queue, in the transaction that stores it. */
  readonly forward?: boolean;
  /** Called once `store` has committed statements: wakes the forwarder. */
  readonly afterStore?: () => void;
  readonly groupCommit?: GroupCommitOptions;
  /**
   * The authority of official statements (the grader's). They are never voided: an official
   * result is corrected through a grading adjustment, which writes statements of its own.
   */
  readonly officialAuthority?: Agent;
}

/** Whether two authorities are the same account agent (home page and name). */
export function sameAccount(a: Actor | undefined, b: Actor | undefined): boolean {
  return (
    a?.objectType !== 'Group' &&
    b?.objectType !== 'Group' &&
    a?.account !== undefined &&
    b?.account !== undefined &&
    a.account.homePage === b.account.homePage &&
    a.account.name === b.account.name
  );
}

export class StatementStore {
  readonly #database: Database;
  readonly #writes: GroupCommitter<StoreRequest, void>;
  readonly #forward: boolean;
  readonly #afterStore: (() => void) | undefined;
  readonly #officialAuthority: Agent | undefined;

  constructor(database: Database, options: StatementStoreOptions = {}) {
    this.#database = database;
    this.#writes = new GroupCommitter(database, (trx, requests) => this.#storeRequests(trx, requests), options.groupCommit);
    this.#forward = options.forward ?? false;
    this.#afterStore = options.afterStore;
    this.#officialAuthority = options.officialAuthority;
  }

  /** Whether `statement` is an official one, stored with the grader as authority. */
  isOfficial(statement: Pick<StoredStatement, 'authority'>): boolean {
    return sameAccount(statement.authority, this.#officialAuthority);
  }

  get #db(): Kysely<DatabaseSchema> {
    return this.#database.db;
  }

  /**
   * Stores every statement or none. A statement id already stored with the same content is
   * accepted unchanged; with different content the whole batch fails with 409. Resolves once
   * the statements are committed — on SQLite in a transaction shared with concurrent calls
   * (group commit), where a failing call still fails alone.
   */
  async store(statements: readonly PreparedStatement[], attachments: readonly ReceivedAttachment[]): Promise<void> {
    await this.#writes.submit({ statements, attachments }, statements.length);
    this.#afterStore?.();
  }

  /** The same write inside a transaction the caller holds, e.g. grading's, so statements commit with its own rows. */
  async storeWithin(
    trx: Kysely<DatabaseSchema>,
    statements: readonly PreparedStatement[],
    attachments: readonly ReceivedAttachment[] = [],
  ): Promise<void> {
    const [outcome] = await this.#storeRequests(trx, [{ statements, attachments }]);
    if (outcome?.ok === false) throw outcome.error;
  }

  /**
   * Writes the requests that pass their checks (group-commit-plan.ts) with a few multi-row
   * statements for all of them. The unique id plus ON CONFLICT DO NOTHING keeps concurrent
   * retries of one id on PostgreSQL to one row: an id another transaction committed after the
   * look-up is compared with what it stored instead.
   */
  async #storeRequests(trx: Kysely<DatabaseSchema>, requests: readonly StoreRequest[]): Promise<Array<Outcome<void>>> {
    const plan = planGroupWrite(requests, await this.#lookUp(trx, idsToLookUp(requests)));
    const inserted = await this.#insert(trx, plan.fresh);
    const raced = plan.fresh.filter((item) => !inserted.has(item.id));
    if (raced.length > 0) {
      // SQLite's write lock rules this out; PostgreSQL gives each request its own transaction.
      if (requests.length > 1) throw new Error('Statements were stored by another writer during a shared transaction.');
      await this.#checkExisting(trx, raced);
    }
    const written = plan.fresh.filter((item) => inserted.has(item.id));
    await this.#index(trx, written);
    await this.#applyVoiding(trx, written);
    if (this.#forward)
      await enqueueForForwarding(
        trx,
        written.map((item) => item.id),
      );
    for (const chunk of chunks(plan.attachments, 20)) {
      const rows = chunk.map((part) => ({
        sha2: part.sha2,
        content_type: part.contentType,
        length: part.content.length,
        content: part.content,
      }));
      await trx
        .insertInto('xapi_attachments')
        .values(rows)
        .onConflict((conflict) => conflict.column('sha2').doNothing())
        .execute();
    }
    return plan.errors.map((error) => (error === undefined ? { ok: true, value: undefined } : { ok: false, error }));
  }

  async #lookUp(trx: Kysely<DatabaseSchema>, ids: readonly string[]): Promise<Map<string, KnownStatement>> {
    const found = new Map<string, KnownStatement>();
    for (const chunk of chunks(ids)) {
      const rows = await trx
        .selectFrom('xapi_statements')
        .select(['id', 'fingerprint', 'client_timestamp', 'is_voiding'])
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows)
        found.set(row.id, {
          fingerprint: row.fingerprint,
          clientTimestamp: row.client_timestamp,
          isVoiding: row.is_voiding === 1,
        });
    }
    return found;
  }

  /** Inserts in order, so seq follows the order of the requests; returns the ids it inserted. */
  async #insert(trx: Kysely<DatabaseSchema>, fresh: readonly PreparedStatement[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (const chunk of chunks(fresh)) {
      const rows = chunk.map((item) => ({
        id: item.id,
        statement: JSON.stringify(item.statement),
        stored: item.statement.stored,
        verb_id: item.verbId,
        registration: item.registration,
        target_id: item.targetId,
        is_voiding: item.isVoiding ? 1 : 0,
        voided: 0,
        fingerprint: item.fingerprint,
        client_timestamp: item.clientTimestamp,
      }));
      const result = await trx
        .insertInto('xapi_statements')
        .values(rows)
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id')
        .execute();
      for (const row of result) inserted.add(row.id);
    }
    return inserted;
  }

  async #checkExisting(trx: Kysely<DatabaseSchema>, retried: readonly PreparedStatement[]): Promise<void> {
    const stored = await this.#lookUp(
      trx,
      retried.map((item) => item.id),
    );
    for (const item of retried) {
      const row = stored.get(item.id);
      if (row === undefined || !sameStatement(item, row)) throw conflictError(item.id);
    }
  }

  async #index(trx: Kysely<DatabaseSchema>, fresh: readonly PreparedStatement[]): Promise<void> {
    const agents = fresh.flatMap((item) =>
      [...item.agents].map(([key, relation]) => ({ statement_id: item.id, agent_key: key, relation })),
    );
    const activities = fresh.flatMap((item) =>
      [...item.activities].map(([id, relation]) => ({ statement_id: item.id, activity_id: id, relation })),
    );
    for (const chunk of chunks(agents, 300)) await trx.insertInto('xapi_statement_agents').values(chunk).execute();
    for (const chunk of chunks(activities, 300)) await trx.insertInto('xapi_statement_activities').values(chunk).execute();
  }

  /**
   * A statement is voided iff it is not itself voiding, not official, and a voiding statement
   * targets it, whichever came first. (Voiding a voiding statement was refused by the plan.)
   */
  async #applyVoiding(trx: Kysely<DatabaseSchema>, fresh: readonly PreparedStatement[]): Promise<void> {
    const targets = [...new Set(fresh.flatMap((item) => (item.isVoiding && item.targetId !== null ? [item.targetId] : [])))];
    for (const chunk of chunks(targets)) {
      const rows = await trx
        .selectFrom('xapi_statements')
        .select(['id', 'statement'])
        .where('id', 'in', chunk)
        .where('is_voiding', '=', 0)
        .execute();
      // Official statements stay live whoever names them (the routes refuse such requests first).
      const voidable = rows.filter((row) => !this.isOfficial(JSON.parse(row.statement) as StoredStatement)).map((row) => row.id);
      if (voidable.length === 0) continue;
      await trx.updateTable('xapi_statements').set({ voided: 1 }).where('id', 'in', voidable).execute();
    }
    const plain = fresh.filter((item) => !item.isVoiding && !this.isOfficial(item.statement)).map((item) => item.id);
    for (const chunk of chunks(plain)) {
      await trx
        .updateTable('xapi_statements')
        .set({ voided: 1 })
        .where('id', 'in', chunk)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('xapi_statements as v')
              .select('v.seq')
              .where('v.is_voiding', '=', 1)
              .whereRef('v.target_id', '=', 'xapi_statements.id'),
          ),
        )
        .execute();
    }
  }

  /** Stored statements by id, live or voided: what voiding requests are checked against. */
  async findAll(ids: readonly string[]): Promise<Map<string, StoredStatement>> {
    const found = new Map<string, StoredStatement>();
    for (const chunk of chunks([...new Set(ids)])) {
      const rows = await this.#db.selectFrom('xapi_statements').select(['id', 'statement']).where('id', 'in', chunk).execute();
      for (const row of rows) found.set(row.id, JSON.parse(row.statement) as StoredStatement);
    }
    return found;
  }

  /** One statement by id: a live one, or (voided = true) one that has been voided. */
  async find(id: string, voided: boolean): Promise<StoredStatement | undefined> {
    const row = await this.#db
      .selectFrom('xapi_statements')
      .select('statement')
      .where('id', '=', id)
      .where('voided', '=', voided ? 1 : 0)
      .executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.statement) as StoredStatement);
  }

  /**
   * A page of live statements. The agent, verb, activity and registration filters also match a
   * statement whose StatementRef object targets (recursively) a matching statement, as xAPI's
   * "Filter Conditions for StatementRefs" requires; since, until and limit apply to the result.
   */
  async query(query: StatementQuery): Promise<QueryPage> {
    const { filter } = query;
    const filtered =
      filter.agent !== undefined ||
      filter.verb !== undefined ||
      filter.activity !== undefined ||
      filter.registration !== undefined;
    const base = filtered
      ? this.#db
          .withRecursive('matched(id)', (db) =>
            db
              .selectFrom('xapi_statements as m')
              .select('m.id')
              .where(matches(filter))
              .union((qb) =>
                qb.selectFrom('xapi_statements as t').innerJoin('matched', 'matched.id', 't.target_id').select('t.id'),
              ),
          )
          .selectFrom('xapi_statements as s')
          .where('s.id', 'in', (eb) => eb.selectFrom('matched').select('matched.id'))
      : this.#db.selectFrom('xapi_statements as s');
    let select = base.select(['s.seq', 's.stored', 's.statement']).where('s.voided', '=', 0);
    if (filter.since !== undefined) select = select.where('s.stored', '>', filter.since);
    if (filter.until !== undefined) select = select.where('s.stored', '<=', filter.until);
    const after = query.after;
    if (after !== undefined) {
      const beyond = query.ascending ? '>' : '<';
      select = select.where((eb) =>
        eb.or([
          eb('s.stored', beyond, after.stored),
          eb.and([eb('s.stored', '=', after.stored), eb('s.seq', beyond, after.seq)]),
        ]),
      );
    }
    const direction = query.ascending ? 'asc' : 'desc';
    const rows = await select
      .orderBy('s.stored', direction)
      .orderBy('s.seq', direction)
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      statements: page.map((row) => JSON.parse(row.statement) as StoredStatement),
      ...(rows.length > query.limit && last !== undefined ? { continueAfter: { stored: last.stored, seq: last.seq } } : {}),
    };
  }

  async attachmentContents(sha2s: readonly string[]): Promise<ReceivedAttachment[]> {
    const unique = [...new Set(sha2s.map((sha2) => sha2.toLowerCase()))];
    const found: ReceivedAttachment[] = [];
    for (const chunk of chunks(unique)) {
      const rows = await this.#db
        .selectFrom('xapi_attachments')
        .select(['sha2', 'content_type', 'content'])
        .where('sha2', 'in', chunk)
        .execute();
      for (const row of rows) found.push({ sha2: row.sha2, contentType: row.content_type, content: Buffer.from(row.content) });
    }
    return found;
  }
}
