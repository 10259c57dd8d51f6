// The State, Activity Profile and Agent Profile documents in the database. Each write reads the
// current document and decides (preconditions, merge) in the same write transaction, so two
// concurrent writers with one ETag cannot both win.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import type { DocumentScope } from './document-params.ts';

export interface StoredDocument {
  readonly contentType: string;
  readonly content: Buffer;
  /** Hex SHA-1 of the content. */
  readonly etag: string;
  readonly updated: string;
}

/** What a write decides once it sees the current document (undefined: none), inside the transaction. */
export type DocumentDecision =
  | { readonly write: { readonly contentType: string; readonly content: Buffer } }
  | { readonly delete: true }
  | { readonly nothing: true };

export const sha1Hex = (content: Buffer): string => createHash('sha1').update(content).digest('hex');

type Trx = Kysely<DatabaseSchema>;

export class DocumentStore {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  #where(trx: Trx, scope: DocumentScope) {
    return trx
      .selectFrom('xapi_documents')
      .where('kind', '=', scope.kind)
      .where('activity_id', '=', scope.activityId)
      .where('agent_key', '=', scope.agentKey)
      .where('registration', '=', scope.registration);
  }

  async #read(trx: Trx, scope: DocumentScope, documentId: string, lock: boolean): Promise<StoredDocument | undefined> {
    let query = this.#where(trx, scope)
      .select(['content_type', 'content', 'etag', 'updated'])
      .where('document_id', '=', documentId);
    // SQLite's write transaction already holds the database lock; PostgreSQL locks the row.
    if (lock && this.#database.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row === undefined
      ? undefined
      : { contentType: row.content_type, content: Buffer.from(row.content), etag: row.etag, updated: row.updated };
  }

  get(scope: DocumentScope, documentId: string): Promise<StoredDocument | undefined> {
    return this.#read(this.#database.db, scope, documentId, false);
  }

  /**
   * The ids of the documents at `scope`, optionally only those written after `since`. Like DELETE
   * of all state, a listing without a registration covers every registration.
   */
  async ids(scope: DocumentScope, since: string | undefined): Promise<string[]> {
    let query = this.#database.db
      .selectFrom('xapi_documents')
      .select('document_id')
      .distinct()
      .where('kind', '=', scope.kind)
      .where('activity_id', '=', scope.activityId)
      .where('agent_key', '=', scope.agentKey);
    if (scope.registration !== '') query = query.where('registration', '=', scope.registration);
    if (since !== undefined) query = query.where('updated', '>', since);
    const rows = await query.orderBy('document_id').execute();
    return rows.map((row) => row.document_id);
  }

  /**
   * Reads the document, lets `decide` choose (it may throw to refuse) and applies the choice,
   * all in one transaction. A concurrent first write of the same document is retried once, so it
   * meets the document the other request created.
   */
  async write(
    scope: DocumentScope,
    documentId: string,
    decide: (current: StoredDocument | undefined) => DocumentDecision,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const done = await writeTransaction(this.#database, async (trx) => {
        const current = await this.#read(trx, scope, documentId, true);
        const decision = decide(current);
        if ('nothing' in decision) return true;
        const key = {
          kind: scope.kind,
          activity_id: scope.activityId,
          agent_key: scope.agentKey,
          registration: scope.registration,
        };
        if ('delete' in decision) {
          await trx
            .deleteFrom('xapi_documents')
            .where('kind', '=', key.kind)
            .where('activity_id', '=', key.activity_id)
            .where('agent_key', '=', key.agent_key)
            .where('registration', '=', key.registration)
            .where('document_id', '=', documentId)
            .execute();
          return true;
        }
        const values = {
          content_type: decision.write.contentType,
          content: decision.write.content,
          etag: sha1Hex(decision.write.content),
          updated: new Date().toISOString(),
        };
        if (current !== undefined) {
          await trx
            .updateTable('xapi_documents')
            .set(values)
            .where('kind', '=', key.kind)
            .where('activity_id', '=', key.activity_id)
            .where('agent_key', '=', key.agent_key)
            .where('registration', '=', key.registration)
            .where('document_id', '=', documentId)
            .execute();
          return true;
        }
        const inserted = await trx
          .insertInto('xapi_documents')
          .values({ ...key, document_id: documentId, ...values })
          .onConflict((conflict) => conflict.doNothing())
          .executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
      });
      if (done || attempt >= 2) return;
    }
  }

  /** Deletes every document at `scope` (all state of an activity and agent, of one registration when given). */
  async deleteAll(scope: DocumentScope): Promise<void> {
    let query = this.#database.db
      .deleteFrom('xapi_documents')
      .where('kind', '=', scope.kind)
      .where('activity_id', '=', scope.activityId)
      .where('agent_key', '=', scope.agentKey);
    if (scope.registration !== '') query = query.where('registration', '=', scope.registration);
    await query.execute();
  }
}
