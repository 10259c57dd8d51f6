// Class membership as the record scope asks it (server/accounts/record-scope.ts): whether a user
// is or was a learner in a class a given trainer runs. Leaving the class, or the class ending,
// keeps the trainer's read access to what the learner did while in it.
import type { Kysely } from 'kysely';
import type { TaughtBy } from '../accounts/record-scope.ts';
import type { DatabaseSchema } from '../db/schema.ts';

export function taughtBy(db: Kysely<DatabaseSchema>): TaughtBy {
  return async (trainerId, userId) => {
    const row = await db
      .selectFrom('class_members')
      .innerJoin('classes', 'classes.id', 'class_members.class_id')
      .select('class_members.user_id')
      .where('classes.trainer_id', '=', trainerId)
      .where('class_members.user_id', '=', userId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  };
}
