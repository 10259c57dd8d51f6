// Numbered schema migrations, kept in code (no migration folder to ship) and applied in order at
// start by Kysely's Migrator. Never edit a released migration: add the next number instead.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { classesMigration } from '../classes/migration.ts';
import { ledgerMigration } from '../ledger/migration.ts';
import { privacyMigration } from '../privacy/migration.ts';
import { reportsMigration } from '../reports/migration.ts';
import type { Dialect } from './database.ts';

type Schema = Kysely<unknown>['schema'];

/** Types that differ between the two dialects; everything else is portable SQL. */
function columnTypes(dialect: Dialect) {
  return dialect === 'postgres'
    ? ({ serialKey: 'bigserial', blob: 'bytea' } as const)
    : ({ serialKey: 'integer', blob: 'blob' } as const);
}

function createIndexTable(schema: Schema, table: string, column: string) {
  return schema
    .createTable(table)
    .addColumn('statement_id', 'text', (c) => c.notNull().references('xapi_statements.id').onDelete('cascade'))
    .addColumn(column, 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, ['statement_id', column, 'relation'])
    .execute();
}

function xapiStatements(dialect: Dialect): Migration {
  const types = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('xapi_statements')
        // Breaks ties between statements of one `stored` millisecond; AUTOINCREMENT never reuses a number.
        .addColumn('seq', types.serialKey, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('statement', 'text', (c) => c.notNull())
        .addColumn('stored', 'text', (c) => c.notNull())
        .addColumn('verb_id', 'text', (c) => c.notNull())
        .addColumn('registration', 'text')
        .addColumn('target_id', 'text')
        .addColumn('is_voiding', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('voided', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('client_timestamp', 'text')
        .execute();
      // Queries return live statements in `stored` order (seq breaks ties), newest first by default.
      await db.schema.createIndex('xapi_statements_live_stored').on('xapi_statements').columns(['voided', 'stored', 'seq']).execute();
      await db.schema.createIndex('xapi_statements_verb').on('xapi_statements').columns(['verb_id', 'seq']).execute();
      await db.schema.createIndex('xapi_statements_registration').on('xapi_statements').columns(['registration', 'seq']).execute();
      await db.schema.createIndex('xapi_statements_target').on('xapi_statements').column('target_id').execute();

      await createIndexTable(db.schema, 'xapi_statement_agents', 'agent_key');
      await db.schema.createIndex('xapi_statement_agents_key').on('xapi_statement_agents').columns(['agent_key', 'relation']).execute();
      await createIndexTable(db.schema, 'xapi_statement_activities', 'activity_id');
      await db.schema
        .createIndex('xapi_statement_activities_id')
        .on('xapi_statement_activities')
        .columns(['activity_id', 'relation'])
        .execute();

      await db.schema
        .createTable('xapi_attachments')
        .addColumn('sha2', 'text', (c) => c.primaryKey())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('length', 'integer', (c) => c.notNull())
        .addColumn('content', types.blob, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['xapi_attachments', 'xapi_statement_activities', 'xapi_statement_agents', 'xapi_statements']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

const xapiCredentials: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('xapi_credentials')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull().defaultTo(sql.lit('')))
      .addColumn('created', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('xapi_credentials').execute();
  },
};

/** Users, their sessions, device-code sign-ins and the rate-limit log (server/accounts/). */
const accounts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('employee_id', 'text', (c) => c.unique())
      .addColumn('department', 'text')
      .addColumn('rank', 'text')
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('users_role').on('users').column('role').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('expires', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    await db.schema.createIndex('sessions_expires').on('sessions').column('expires').execute();

    await db.schema
      .createTable('device_codes')
      .addColumn('device_code', 'text', (c) => c.primaryKey())
      .addColumn('user_code', 'text', (c) => c.notNull().unique())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('expires', 'text', (c) => c.notNull())
      .addColumn('approved_by', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('approved_at', 'text')
      .addColumn('consumed_at', 'text')
      .addColumn('last_poll', 'text')
      .execute();
    await db.schema.createIndex('device_codes_expires').on('device_codes').column('expires').execute();

    await db.schema
      .createTable('rate_limit_events')
      .addColumn('bucket', 'text', (c) => c.notNull())
      .addColumn('occurred', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('rate_limit_events_bucket').on('rate_limit_events').columns(['bucket', 'occurred']).execute();
    await db.schema.createIndex('rate_limit_events_occurred').on('rate_limit_events').column('occurred').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['rate_limit_events', 'device_codes', 'sessions', 'users']) {
      await db.schema.dropTable(table).execute();
    }
  },
};

/** Assessment attempts graded by the server: the learner's action log and the official result (server/grading/). */
function attempts(dialect: Dialect): Migration {
  // Scores are fractional (partial credit); PostgreSQL's `real` would round them to 6 digits.
  const number = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('attempts')
        .addColumn('attempt_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('course_id', 'text', (c) => c.notNull())
        .addColumn('course_version', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('log', 'text', (c) => c.notNull())
        .addColumn('received', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('statement_seed', 'text', (c) => c.notNull())
        .addColumn('score', number)
        .addColumn('max', number)
        .addColumn('scaled', number)
        .addColumn('passed', 'integer')
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('started', 'text', (c) => c.notNull())
        .addColumn('updated', 'text', (c) => c.notNull())
        .addColumn('finished', 'text')
        .execute();
      await db.schema.createIndex('attempts_user').on('attempts').columns(['user_id', 'started']).execute();
      await db.schema.createIndex('attempts_username').on('attempts').columns(['username', 'started']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('attempts').execute();
    },
  };
}

/** Statements waiting to be sent on to an external LRS (XAPI_FORWARD_URL), see server/xapi/forward-queue.ts. */
const xapiForwardQueue: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('xapi_forward_queue')
      .addColumn('statement_id', 'text', (c) => c.primaryKey().references('xapi_statements.id').onDelete('cascade'))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('lease_until', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('dead', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('enqueued', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('xapi_forward_queue_due').on('xapi_forward_queue').columns(['dead', 'next_attempt_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('xapi_forward_queue').execute();
  },
};

/**
 * `attempt_results`: each finished attempt's official result without the large `log` and `result`
 * text (reports read it; server/grading/attempt-rows.ts writes it as an attempt finishes).
 * Backfilled from the finished attempts already held, in one statement on either dialect.
 */
function attemptResults(dialect: Dialect): Migration {
  const number = dialect === 'postgres' ? 'double precision' : 'real';
  const dimensions = dialect === 'postgres' ? sql`coalesce((result::json -> 'dimensions')::text, '[]')` : sql`coalesce(json_extract(result, '$.dimensions'), '[]')`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('attempt_results')
        .addColumn('attempt_id', 'text', (c) => c.primaryKey().references('attempts.attempt_id'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('course_id', 'text', (c) => c.notNull())
        .addColumn('course_version', 'text', (c) => c.notNull())
        .addColumn('score', number, (c) => c.notNull())
        .addColumn('max', number, (c) => c.notNull())
        .addColumn('scaled', number, (c) => c.notNull())
        .addColumn('passed', 'integer', (c) => c.notNull())
        .addColumn('finished', 'text', (c) => c.notNull())
        .addColumn('dimensions', 'text', (c) => c.notNull())
        .execute();
      // Reports read one period's results: a range of finish times.
      await db.schema.createIndex('attempt_results_finished').on('attempt_results').column('finished').execute();
      await sql`insert into attempt_results (attempt_id, user_id, username, course_id, course_version, score, "max", scaled, passed, finished, dimensions)
        select attempt_id, user_id, username, course_id, course_version, score, "max", scaled, passed, finished, ${dimensions}
        from attempts
        where status = 'finished' and finished is not null and score is not null and "max" is not null and scaled is not null and passed is not null`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('attempt_results').execute();
    },
  };
}

/** Every migration, by a name whose number fixes its order. */
export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-xapi-statements': xapiStatements(dialect),
    '0002-xapi-credentials': xapiCredentials,
    '0003-accounts': accounts,
    '0004-attempts': attempts(dialect),
    '0005-xapi-forward-queue': xapiForwardQueue,
    '0006-ledger': ledgerMigration(dialect),
    '0007-reports': reportsMigration(dialect),
    '0008-classes': classesMigration(dialect),
    '0009-privacy': privacyMigration(dialect),
    '0010-attempt-results': attemptResults(dialect),
  };
}

export class InCodeMigrationProvider implements MigrationProvider {
  readonly #dialect: Dialect;
  constructor(dialect: Dialect) {
    this.#dialect = dialect;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrationsFor(this.#dialect);
  }
}
