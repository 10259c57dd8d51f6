// The xAPI tables (server/xapi/tables.ts): statements with their agent and activity indexes and
// attachments (0001), client credentials (0002), the forwarding queue (0005) and the State and
// Profile documents (0020). Released: never edit, add a new migration.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/dialect.ts';

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

export function xapiStatementsMigration(dialect: Dialect): Migration {
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
      await db.schema
        .createIndex('xapi_statements_live_stored')
        .on('xapi_statements')
        .columns(['voided', 'stored', 'seq'])
        .execute();
      await db.schema.createIndex('xapi_statements_verb').on('xapi_statements').columns(['verb_id', 'seq']).execute();
      await db.schema
        .createIndex('xapi_statements_registration')
        .on('xapi_statements')
        .columns(['registration', 'seq'])
        .execute();
      await db.schema.createIndex('xapi_statements_target').on('xapi_statements').column('target_id').execute();

      await createIndexTable(db.schema, 'xapi_statement_agents', 'agent_key');
      await db.schema
        .createIndex('xapi_statement_agents_key')
        .on('xapi_statement_agents')
        .columns(['agent_key', 'relation'])
        .execute();
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

export const xapiCredentialsMigration: Migration = {
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

/** Statements waiting to be sent on to an external LRS (XAPI_FORWARD_URL), see server/xapi/forward-queue.ts. */
export const xapiForwardQueueMigration: Migration = {
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
 * The documents of the State, Activity Profile and Agent Profile resources (server/xapi/document-store.ts).
 * Parts of the address a resource does not use are '' so the primary key covers every kind.
 */
export function xapiDocumentsMigration(dialect: Dialect): Migration {
  const types = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('xapi_documents')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('agent_key', 'text', (c) => c.notNull())
        .addColumn('registration', 'text', (c) => c.notNull())
        .addColumn('document_id', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('content', types.blob, (c) => c.notNull())
        .addColumn('etag', 'text', (c) => c.notNull())
        .addColumn('updated', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('xapi_documents_pk', ['kind', 'activity_id', 'agent_key', 'registration', 'document_id'])
        .execute();
      // The ids listings with `since` read one kind's documents of one activity and agent by time.
      await db.schema
        .createIndex('xapi_documents_updated')
        .on('xapi_documents')
        .columns(['kind', 'activity_id', 'agent_key', 'updated'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('xapi_documents').execute();
    },
  };
}
