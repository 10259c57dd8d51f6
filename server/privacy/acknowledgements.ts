// Acknowledgements of the privacy notice: one row per person and notice version, written once
// (a second "I have read this" for the same version keeps the first time).
import type { Kysely } from 'kysely';
import type { Acknowledgement, NoticeLocale } from '../../src/contracts/privacy-types.ts';
import type { DatabaseSchema } from '../db/schema.ts';

export class AcknowledgementStore {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  /** The person's acknowledgement of `version`, if any. */
  async find(userId: string, version: string): Promise<Acknowledgement | undefined> {
    const row = await this.#db
      .selectFrom('privacy_acknowledgements')
      .selectAll()
      .where('user_id', '=', userId)
      .where('notice_version', '=', version)
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : { noticeVersion: row.notice_version, locale: row.locale, acknowledgedAt: row.acknowledged_at };
  }

  /** Records it unless already there (concurrent clicks on two devices store one row); returns the stored one. */
  async acknowledge(userId: string, version: string, locale: NoticeLocale, now: Date): Promise<Acknowledgement> {
    await this.#db
      .insertInto('privacy_acknowledgements')
      .values({ user_id: userId, notice_version: version, locale, acknowledged_at: now.toISOString() })
      .onConflict((conflict) => conflict.columns(['user_id', 'notice_version']).doNothing())
      .execute();
    const stored = await this.find(userId, version);
    if (stored === undefined) throw new Error(`The acknowledgement of notice ${version} was not stored.`);
    return stored;
  }

  /** Every version the person acknowledged, oldest first. */
  async list(userId: string): Promise<Acknowledgement[]> {
    const rows = await this.#db
      .selectFrom('privacy_acknowledgements')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('acknowledged_at')
      .orderBy('notice_version')
      .execute();
    return rows.map((row) => ({ noticeVersion: row.notice_version, locale: row.locale, acknowledgedAt: row.acknowledged_at }));
  }
}
