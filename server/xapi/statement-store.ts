// Statements in the database: all-or-nothing batch writes with idempotent retries and voiding,
// single fetches, and filtered, paged queries (including statements that target matches).
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import type { ReceivedAttachment } from './attachments.ts';
import { badRequest, XapiError } from './errors.ts';
import { sameStatement } from './statement-compare.ts';
import type { PreparedStatement } from './statement-prepare.ts';
import type { QueryPosition, StatementFilter, StatementQuery } from './statement-query.ts';
import type { StoredStatement } from './types.ts';

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

export class StatementStore {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  get #db(): Kysely<DatabaseSchema> {
    return this.#database.db;
  }

  /**
   * Stores every statement or none. A statement id already stored with the same content is
   * accepted unchanged; with different content the whole batch fails with 409. The unique id
   * plus ON CONFLICT DO NOTHING makes concurrent retries of one id store it exactly once.
   */
  async store(statements: readonly PreparedStatement[], attachments: readonly ReceivedAttachment[]): Promise<void> {
    await writeTransaction(this.#database, async (trx) => {
      const inserted = new Set<string>();
      for (const chunk of chunks(statements)) {
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
        const result = await trx.insertInto('xapi_statements').values(rows).onConflict((conflict) => conflict.column('id').doNothing()).returning('id').execute();
        for (const row of result) inserted.add(row.id);
      }
      await this.#checkExisting(trx, statements.filter((item) => !inserted.has(item.id)));
      const fresh = statements.filter((item) => inserted.has(item.id));
      await this.#index(trx, fresh);
      await this.#applyVoiding(trx, fresh);
      for (const chunk of chunks(attachments, 20)) {
        const rows = chunk.map((part) => ({ sha2: part.sha2, content_type: part.contentType, length: part.content.length, content: part.content }));
        await trx.insertInto('xapi_attachments').values(rows).onConflict((conflict) => conflict.column('sha2').doNothing()).execute();
      }
    });
  }

  async #checkExisting(trx: Kysely<DatabaseSchema>, retried: readonly PreparedStatement[]): Promise<void> {
    for (const chunk of chunks(retried)) {
      const rows = await trx.selectFrom('xapi_statements').select(['id', 'fingerprint', 'client_timestamp']).where('id', 'in', chunk.map((item) => item.id)).execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const item of chunk) {
        const row = byId.get(item.id);
        if (row === undefined || !sameStatement(item, { fingerprint: row.fingerprint, clientTimestamp: row.client_timestamp })) {
          throw new XapiError(409, `A different statement with id ${item.id} is already stored; statements are immutable, so send new content with a new id.`);
        }
      }
    }
  }

  async #index(trx: Kysely<DatabaseSchema>, fresh: readonly PreparedStatement[]): Promise<void> {
    const agents = fresh.flatMap((item) => [...item.agents].map(([key, relation]) => ({ statement_id: item.id, agent_key: key, relation })));
    const activities = fresh.flatMap((item) => [...item.activities].map(([id, relation]) => ({ statement_id: item.id, activity_id: id, relation })));
    for (const chunk of chunks(agents, 300)) await trx.insertInto('xapi_statement_agents').values(chunk).execute();
    for (const chunk of chunks(activities, 300)) await trx.insertInto('xapi_statement_activities').values(chunk).execute();
  }

  /** A statement is voided iff it is not itself voiding and a voiding statement targets it, whichever came first. */
  async #applyVoiding(trx: Kysely<DatabaseSchema>, fresh: readonly PreparedStatement[]): Promise<void> {
    const targets = [...new Set(fresh.flatMap((item) => (item.isVoiding && item.targetId !== null ? [item.targetId] : [])))];
    for (const chunk of chunks(targets)) {
      const voiding = await trx.selectFrom('xapi_statements').select('id').where('id', 'in', chunk).where('is_voiding', '=', 1).executeTakeFirst();
      if (voiding !== undefined) throw badRequest(`Statement ${voiding.id} is itself a voiding statement and cannot be voided.`);
      await trx.updateTable('xapi_statements').set({ voided: 1 }).where('id', 'in', chunk).execute();
    }
    const plain = fresh.filter((item) => !item.isVoiding).map((item) => item.id);
    for (const chunk of chunks(plain)) {
      await trx
        .updateTable('xapi_statements')
        .set({ voided: 1 })
        .where('id', 'in', chunk)
        .where((eb) => eb.exists(eb.selectFrom('xapi_statements as v').select('v.seq').where('v.is_voiding', '=', 1).whereRef('v.target_id', '=', 'xapi_statements.id')))
        .execute();
    }
  }

  /** One statement by id: a live one, or (voided = true) one that has been voided. */
  async find(id: string, voided: boolean): Promise<StoredStatement | undefined> {
    const row = await this.#db.selectFrom('xapi_statements').select('statement').where('id', '=', id).where('voided', '=', voided ? 1 : 0).executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.statement) as StoredStatement);
  }

  /**
   * A page of live statements. The agent, verb, activity and registration filters also match a
   * statement whose StatementRef object targets (recursively) a matching statement, as xAPI's
   * "Filter Conditions for StatementRefs" requires; since, until and limit apply to the result.
   */
  async query(query: StatementQuery): Promise<QueryPage> {
    const { filter } = query;
    const filtered = filter.agent !== undefined || filter.verb !== undefined || filter.activity !== undefined || filter.registration !== undefined;
    const base = filtered
      ? this.#db
          .withRecursive('matched(id)', (db) =>
            db
              .selectFrom('xapi_statements as m')
              .select('m.id')
              .where(matches(filter))
              .union((qb) => qb.selectFrom('xapi_statements as t').innerJoin('matched', 'matched.id', 't.target_id').select('t.id')),
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
      select = select.where((eb) => eb.or([eb('s.stored', beyond, after.stored), eb.and([eb('s.stored', '=', after.stored), eb('s.seq', beyond, after.seq)])]));
    }
    const direction = query.ascending ? 'asc' : 'desc';
    const rows = await select.orderBy('s.stored', direction).orderBy('s.seq', direction).limit(query.limit + 1).execute();
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
      const rows = await this.#db.selectFrom('xapi_attachments').select(['sha2', 'content_type', 'content']).where('sha2', 'in', chunk).execute();
      for (const row of rows) found.push({ sha2: row.sha2, contentType: row.content_type, content: Buffer.from(row.content) });
    }
    return found;
  }
}
