// The sign-in settings an admin changes in the console: whether learners may still sign in with a
// local password once single sign-on is in place. Admins (and trainers) always may, so a broken
// provider never locks the people out who could fix it.
import type { Kysely } from 'kysely';
import type { SignInSettings } from '../../src/contracts/identity-types.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import type { SessionUser } from '../accounts/session-user.ts';

const LEARNER_PASSWORDS = 'learner-passwords';

export const DEFAULT_SIGN_IN_SETTINGS: SignInSettings = { learnerPasswords: true };

export class SignInSettingsStore {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async get(): Promise<SignInSettings> {
    const row = await this.#db
      .selectFrom('sign_in_settings')
      .select('value')
      .where('key', '=', LEARNER_PASSWORDS)
      .executeTakeFirst();
    return { learnerPasswords: row === undefined ? DEFAULT_SIGN_IN_SETTINGS.learnerPasswords : row.value !== 'false' };
  }

  async put(settings: SignInSettings, by: string, at: Date): Promise<void> {
    const value = String(settings.learnerPasswords);
    await this.#db
      .insertInto('sign_in_settings')
      .values({ key: LEARNER_PASSWORDS, value, updated: at.toISOString(), updated_by: by })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated: at.toISOString(), updated_by: by }))
      .execute();
  }

  /** Why `user` may not use a local password now, or undefined when they may. */
  async refusal(user: SessionUser): Promise<string | undefined> {
    if (user.role !== 'learner' || (await this.get()).learnerPasswords) return undefined;
    return 'Learners sign in through single sign-on on this server: use the sign-in button of your organisation’s identity service.';
  }
}
